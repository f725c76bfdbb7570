// Package lsp is kbc's language server: kbc lsp speaks the Language Server
// Protocol over stdin and stdout, so that an editor shows lint findings as
// the writer types, completes the ids of {{step:}}, {{fig:}}, {{fn:}} and
// {{kb:}} references and the platform names, goes from a reference to its
// target, and shows what a reference reads as on the site.
//
// The knowledge base is loaded from disk, with the text of the files open
// in the editor in place of what is saved of them, and linted whole after
// a change: references cross articles. Changes that arrive while it is
// linted are linted together once it is done, so that a writer typing
// fast waits for one analysis, not one per keystroke.
//
// JSON-RPC 2.0 is github.com/sourcegraph/jsonrpc2's, over the protocol's
// framing (stream.go); the protocol's messages are the few types of
// protocol.go.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
)

// Server is the state of one editor session.
type Server struct {
	mu        sync.Mutex
	root      string            // the content folder, absolute; "" until known
	docs      map[string]string // the text of each open file, by absolute path
	published map[string]bool   // files whose findings the editor shows
	kb        *content.KB       // as of the last analysis
	version   string
	// stale holds a token while a change awaits analysis: its size of
	// one is what gathers the changes that come meanwhile.
	stale chan struct{}
	// changes counts the changes of the open files, and kbChanges those
	// s.kb was analyzed with: both under mu. sendMu orders the sending of
	// findings, and sent is the count of changes of the last findings
	// sent, so that an older analysis's never follow a newer one's.
	changes, kbChanges int
	sendMu             sync.Mutex
	sent               int
	// committed is the count of changes of the last analysis whose
	// findings commit made the server's (under mu): they are sent, or
	// are to be, before any later one's.
	committed    int
	anyCommitted bool
	// state is where the session is in its life (under mu): requests are
	// answered only between initialize and shutdown.
	state sessionState
}

// sessionState is where a session is in the protocol's life cycle.
type sessionState int

const (
	uninitialized sessionState = iota
	running
	shutDown // shutdown was received; exit ends the session well
	exited
	exitedEarly // exit came without shutdown
)

// ErrExitWithoutShutdown is Serve's error when the editor sent exit
// without shutdown first, for which the protocol asks exit status 1.
var ErrExitWithoutShutdown = errors.New("the editor sent exit without shutdown")

// codeServerNotInitialized is the protocol's error for a request sent
// before initialize.
const codeServerNotInitialized = -32002

// Serve answers the editor on rw until it exits or closes the stream. It
// returns an error when the editor's stream could not be read on (see
// stream). version is kbc's, for the editor's logs.
func Serve(ctx context.Context, rw io.ReadWriteCloser, version string) error {
	s := &Server{docs: map[string]string{}, published: map[string]bool{}, version: version, stale: make(chan struct{}, 1)}
	st := newStream(rw)
	conn := jsonrpc2.NewConn(ctx, st, jsonrpc2.HandlerWithError(s.handle).SuppressErrClosed())
	published := make(chan struct{})
	go func() {
		defer close(published)
		s.publishChanges(ctx, conn)
	}()
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	<-published
	if err := st.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == exitedEarly {
		return ErrExitWithoutShutdown
	}
	return nil
}

// publishChanges publishes the findings after each change, or after each
// run of changes that came while the last were analyzed, until the
// connection closes.
func (s *Server) publishChanges(ctx context.Context, conn *jsonrpc2.Conn) {
	for {
		select {
		case <-s.stale:
			s.publish(ctx, conn)
		case <-conn.DisconnectNotify():
			return
		case <-ctx.Done():
			return
		}
	}
}

// changed notes that the files changed since the last analysis. mu is
// held.
func (s *Server) changed() {
	s.changes++
	select {
	case s.stale <- struct{}{}:
	default: // an analysis is due already, which will see this change
	}
}

// handle answers one request or notification. Requests are handled one at
// a time, in order, so that a completion sees every change sent before it.
func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if refused := s.outOfTurn(req); refused != nil {
		return nil, refused
	}
	if s.state != running && req.Method != "initialize" && req.Method != "exit" {
		return nil, nil // a notification out of turn
	}
	switch req.Method {
	case "initialize":
		var p initializeParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		s.setRoot(p)
		s.state = running
		return initializeResult{
			Capabilities: serverCapabilities{
				TextDocumentSync:   textDocumentSyncOptions{OpenClose: true, Change: syncFull, Save: saveOptions{IncludeText: true}},
				CompletionProvider: completionOptions{TriggerCharacters: []string{":", "[", " ", "#", "|"}},
				DefinitionProvider: true,
				HoverProvider:      true,
			},
			ServerInfo: serverInfo{Name: "kbc", Version: s.version},
		}, nil
	case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
		return nil, nil
	case "shutdown":
		s.state = shutDown
		return nil, nil
	case "exit":
		if s.state == shutDown {
			s.state = exited
		} else {
			s.state = exitedEarly
		}
		conn.Close()
		return nil, nil
	case "textDocument/didOpen":
		var p didOpenParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		s.open(uriPath(p.TextDocument.URI), p.TextDocument.Text)
	case "textDocument/didChange":
		var p didChangeParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		path := uriPath(p.TextDocument.URI)
		if _, open := s.docs[path]; !open {
			return nil, nil // a change late after didClose: the file is as saved
		}
		for _, c := range p.ContentChanges {
			if c.Range == nil { // full sync, as the server asked
				s.docs[path] = c.Text
			}
		}
	case "textDocument/didSave":
		var p didSaveParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		// A file saved but not open is analyzed as saved: what changed
		// is on disk.
		if _, open := s.docs[uriPath(p.TextDocument.URI)]; open && p.Text != nil {
			s.docs[uriPath(p.TextDocument.URI)] = *p.Text
		}
	case "textDocument/didClose":
		var p didCloseParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		delete(s.docs, uriPath(p.TextDocument.URI))
	case "textDocument/completion":
		s.catchUp(ctx, conn)
		var p textDocumentPositionParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return completionList{Items: s.complete(uriPath(p.TextDocument.URI), p.Position)}, nil
	case "textDocument/definition":
		s.catchUp(ctx, conn)
		var p textDocumentPositionParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		if loc, ok := s.definition(uriPath(p.TextDocument.URI), p.Position); ok {
			return []location{loc}, nil
		}
		return []location{}, nil
	case "textDocument/hover":
		s.catchUp(ctx, conn)
		var p textDocumentPositionParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		if h, ok := s.hover(uriPath(p.TextDocument.URI), p.Position); ok {
			return h, nil
		}
		return nil, nil
	default:
		if req.Notif {
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "kbc lsp does not offer " + req.Method}
	}
	if strings.HasPrefix(req.Method, "textDocument/did") {
		s.changed()
	}
	return nil, nil
}

func unmarshal(req *jsonrpc2.Request, v any) error {
	if req.Params == nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "no params"}
	}
	if err := json.Unmarshal(*req.Params, v); err != nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
	}
	return nil
}

// outOfTurn returns the error that answers a request the session's state
// does not allow: any but initialize before it, initialize again, any
// after shutdown. Notifications get none, and are dropped then: the
// caller handles only exit out of turn.
func (s *Server) outOfTurn(req *jsonrpc2.Request) *jsonrpc2.Error {
	if req.Notif {
		return nil
	}
	switch {
	case s.state == uninitialized && req.Method != "initialize":
		return &jsonrpc2.Error{Code: codeServerNotInitialized, Message: "kbc lsp answers " + req.Method + " only after initialize"}
	case s.state == running && req.Method == "initialize":
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "initialize may be sent only once"}
	case s.state >= shutDown:
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "kbc lsp was shut down: it answers nothing but exit"}
	}
	return nil
}

// setRoot finds the knowledge base from the workspace the editor opened.
func (s *Server) setRoot(p initializeParams) {
	uris := []string{p.RootURI}
	for _, f := range p.WorkspaceFolders {
		uris = append(uris, f.URI)
	}
	for _, u := range uris {
		if u == "" {
			continue
		}
		if root, err := content.FindRoot(uriPath(u)); err == nil {
			s.root, _ = filepath.Abs(root)
			return
		}
	}
}

// open records an open file, and finds the knowledge base from it when
// the workspace did not say.
func (s *Server) open(path, text string) {
	s.docs[path] = text
	if s.root == "" {
		if root, err := content.FindRoot(filepath.Dir(path)); err == nil {
			s.root, _ = filepath.Abs(root)
		}
	}
}

// uriPath returns the file path of a file: URI.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return uri
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/")
	}
	return filepath.Clean(filepath.FromSlash(p))
}

// pathURI returns the file: URI of an absolute path.
func pathURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// A view is the knowledge base as the editor held it at one change: an
// analysis reads it while the editor goes on changing the files.
type view struct {
	root    string
	docs    map[string]string
	changes int // the server's count of changes when it was taken
}

// view returns the knowledge base as the editor holds it now. mu is held.
func (s *Server) view() view {
	return view{root: s.root, docs: maps.Clone(s.docs), changes: s.changes}
}

// text returns a file's text as the editor holds it now. mu is held.
func (s *Server) text(path string) string {
	return view{root: s.root, docs: s.docs}.text(path)
}

// analyze analyzes the knowledge base as the editor holds it now, for a
// request that finds no analysis yet. mu is held.
func (s *Server) analyze() diag.List {
	v := view{root: s.root, docs: s.docs, changes: s.changes}
	kb, diags := v.analyze()
	s.kb, s.kbChanges = kb, v.changes
	return diags
}

// text returns a file's text: the editor's if it is open, else what is
// saved.
func (v view) text(path string) string {
	if t, ok := v.docs[path]; ok {
		return t
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

// analyze loads and lints the knowledge base with the open files' text.
func (v view) analyze() (*content.KB, diag.List) {
	if v.root == "" {
		return nil, nil
	}
	kb, loaded, err := content.Load(v.root)
	if err != nil {
		return nil, diag.List{{Pos: diag.Position{File: filepath.Join(v.root, content.ConfigFile)}, Rule: "kbc", Severity: diag.Error, Message: err.Error()}}
	}
	kb, loaded = v.withOpenFiles(kb, loaded)
	return kb, append(loaded, lint.Run(kb, lint.All())...)
}

// withOpenFiles returns kb and its loader's findings with the articles,
// fragments and translations whose files are open read from the editor's
// text instead. kb.yaml is read as saved.
func (v view) withOpenFiles(kb *content.KB, loaded diag.List) (*content.KB, diag.List) {
	o := overlay{view: v, kb: kb, loaded: loaded, fragments: map[string][]string{}}
	o.classify()
	// Fragments first: an article that includes one is read again to be
	// linked to the fragment as the editor holds it.
	for _, dir := range slices.Sorted(maps.Keys(o.fragments)) {
		o.fragment(dir)
	}
	for _, path := range o.sources {
		o.article(path)
	}
	for _, path := range o.translations {
		o.translation(path)
	}
	return o.kb, o.loaded
}

// An overlay puts the open files' text in place of what is saved of them.
type overlay struct {
	view
	kb     *content.KB
	loaded diag.List
	// The changed open files: article source files, translations of
	// articles, and by fragment folder its changed files.
	sources, translations []string
	fragments             map[string][]string
}

// classify sorts the open files that differ from what is saved into
// sources, translations and fragments' files.
func (o *overlay) classify() {
	fragmentsDir := filepath.Join(o.root, content.FragmentsDir)
	for path, text := range o.docs {
		saved, err := os.ReadFile(path)
		if err == nil && string(saved) == text {
			continue
		}
		dir := filepath.Dir(path)
		inFragments := filepath.Dir(dir) == fragmentsDir
		isTranslation := strings.HasSuffix(path, ".yaml") && o.kb.Config.HasLocale(strings.TrimSuffix(filepath.Base(path), ".yaml"))
		switch {
		case !strings.HasPrefix(path, o.root+string(filepath.Separator)):
		case inFragments && (filepath.Base(path) == content.FragmentFile || isTranslation):
			o.fragments[dir] = append(o.fragments[dir], path)
		case filepath.Dir(dir) != o.root:
		case filepath.Base(path) == content.SourceFile:
			o.sources = append(o.sources, path)
		case isTranslation:
			o.translations = append(o.translations, path)
		}
	}
}

// replace puts the findings of the file at path as read from the editor
// in place of the loader's.
func (o *overlay) replace(path string, diags diag.List) {
	kept := o.loaded[:0:0]
	for _, d := range o.loaded {
		if d.Pos.File != path {
			kept = append(kept, d)
		}
	}
	o.loaded = append(kept, diags...)
}

// fragment reads the fragment of folder dir again, with its changed
// files as the editor holds them: a fragment read whole, whose texts are
// its own, as a copy of the loaded one with a translation set would not
// be. The articles that include it are read again too, to be linked to
// it, as lint checks a fragment's texts through them.
func (o *overlay) fragment(dir string) {
	path := filepath.Join(dir, content.FragmentFile)
	f, diags := content.ParseFragment(path, []byte(o.text(path)), o.kb.Config)
	o.replace(path, diags)
	if f == nil || f.ID == "" {
		return
	}
	f.Dir = dir
	if old := articleIn(o.kb, dir); old != nil {
		maps.Copy(f.Translations, old.Translations)
	}
	for _, p := range o.fragments[dir] {
		lang := strings.TrimSuffix(filepath.Base(p), ".yaml")
		if filepath.Base(p) == content.FragmentFile {
			continue
		}
		tr, diags := content.ParseTranslation(p, lang, []byte(o.docs[p]))
		o.replace(p, diags)
		if tr != nil && lang != f.Lang {
			f.Translations[lang] = tr
		}
	}
	o.kb = o.kb.WithFragment(f)
	for _, in := range o.kb.Articles {
		if p := filepath.Join(in.Dir, content.SourceFile); slices.Contains(in.IncludedFragments(), f.ID) && !slices.Contains(o.sources, p) {
			o.sources = append(o.sources, p)
		}
	}
}

// article reads the article whose source file is at path as the editor
// holds it, or as saved when it is read again for a fragment it includes.
func (o *overlay) article(path string) {
	a, diags := content.ParseArticle(path, []byte(o.text(path)), o.kb.Config)
	o.replace(path, diags)
	if a == nil || a.ID == "" {
		return
	}
	a.Dir = filepath.Dir(path)
	if old := articleIn(o.kb, a.Dir); old != nil {
		a.Translations = old.Translations
	}
	o.kb = o.kb.WithArticles(a)
}

// translation reads the translation of an article at path as the editor
// holds it.
func (o *overlay) translation(path string) {
	lang := strings.TrimSuffix(filepath.Base(path), ".yaml")
	tr, diags := content.ParseTranslation(path, lang, []byte(o.docs[path]))
	o.replace(path, diags)
	a := articleIn(o.kb, filepath.Dir(path))
	if tr == nil || a == nil || lang == a.Lang {
		return
	}
	o.kb = o.kb.WithArticles(a.WithTranslation(tr))
}

// articleIn returns the article whose folder is dir, or nil.
func articleIn(kb *content.KB, dir string) *content.Article {
	for _, a := range kb.Articles {
		if a.Dir == dir {
			return a
		}
	}
	for _, f := range kb.Fragments {
		if f.Dir == dir {
			return &f.Article
		}
	}
	return nil
}

// publish sends the findings of every file that has some, and an empty
// list for every file that had some before.
// The analysis runs without mu held, so that the changes that come
// meanwhile are recorded, and analyzed together next.
func (s *Server) publish(ctx context.Context, conn *jsonrpc2.Conn) {
	s.mu.Lock()
	v := s.view()
	s.mu.Unlock()
	kb, diags := v.analyze()
	s.mu.Lock()
	byFile, ok := s.commit(v, kb, diags)
	if !ok {
		s.mu.Unlock()
		return
	}
	// Sent before any later analysis can be committed and sent: commit
	// counted its files as published, so that a later one clears them
	// only if these findings reach the editor.
	s.sendMu.Lock()
	s.mu.Unlock()
	defer s.sendMu.Unlock()
	s.sendLocked(ctx, conn, v.changes, byFile)
}

// catchUp analyzes the changes no analysis has seen yet, if any, and
// publishes their findings, so that a request sees every change sent
// before it. mu is held.
func (s *Server) catchUp(ctx context.Context, conn *jsonrpc2.Conn) {
	if s.kbChanges == s.changes {
		return
	}
	select {
	case <-s.stale: // analyzed here, not again
	default:
	}
	v := s.view()
	kb, diags := v.analyze()
	if byFile, ok := s.commit(v, kb, diags); ok {
		s.send(ctx, conn, v.changes, byFile)
	}
}

// send publishes the findings of the analysis of the files as of n
// changes, unless a later analysis's were sent already.
func (s *Server) send(ctx context.Context, conn *jsonrpc2.Conn, n int, byFile map[string][]diagnostic) {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.sendLocked(ctx, conn, n, byFile)
}

// sendLocked is send with sendMu held.
func (s *Server) sendLocked(ctx context.Context, conn *jsonrpc2.Conn, n int, byFile map[string][]diagnostic) {
	if n <= s.sent {
		return // a later analysis's findings, or these, were sent
	}
	s.sent = n
	for path, diags := range byFile {
		conn.Notify(ctx, "textDocument/publishDiagnostics", publishDiagnosticsParams{URI: pathURI(path), Diagnostics: diags})
	}
}

// commit makes the analysis of v the server's and returns what to
// publish for each file; false if the analysis of a later view, or of
// the same one, was committed already, whose findings stand: only the
// first analysis of a count of changes is sent (see sendLocked), so what
// the server counts as published must be that one's. mu is held.
func (s *Server) commit(v view, kb *content.KB, diags diag.List) (map[string][]diagnostic, bool) {
	if v.changes < s.kbChanges || s.anyCommitted && v.changes <= s.committed {
		return nil, false
	}
	s.committed, s.anyCommitted = v.changes, true
	if kb != nil { // else kb.yaml could not be read: keep what was known
		s.kb = kb
	}
	s.kbChanges = v.changes
	byFile := map[string][]diagnostic{}
	for _, d := range diags {
		if d.Pos.File == "" {
			continue
		}
		path, err := filepath.Abs(d.Pos.File)
		if err != nil {
			continue
		}
		byFile[path] = append(byFile[path], v.toLSP(path, d))
	}
	for path := range s.published {
		if _, ok := byFile[path]; !ok {
			byFile[path] = []diagnostic{}
		}
	}
	s.published = map[string]bool{}
	for path, diags := range byFile {
		if len(diags) > 0 {
			s.published[path] = true
		}
	}
	return byFile, true
}

// toLSP converts a finding in the file at path.
func (v view) toLSP(path string, d diag.Diagnostic) diagnostic {
	lines := splitLines(v.text(path))
	start := position{}
	if d.Pos.Line > 0 {
		start.Line = d.Pos.Line - 1
		if d.Pos.Column > 0 && start.Line < len(lines) {
			start.Character = utf16Column(lines[start.Line], d.Pos.Column)
		}
	}
	end := start
	if start.Line < len(lines) {
		end.Character = utf16Len(lines[start.Line])
		if d.Pos.Column > 0 {
			end.Character = start.Character + tokenLength(lines[start.Line], d.Pos.Column)
		}
	}
	sev := map[diag.Severity]int{diag.Error: severityError, diag.Warning: severityWarning, diag.Info: severityHint}[d.Severity]
	msg := d.Message
	if d.Locale != "" {
		msg = "[" + d.Locale + "] " + msg
	}
	return diagnostic{Range: lspRange{start, end}, Severity: sev, Code: d.Rule, Source: "kbc", Message: msg}
}
