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
		s.state = map[bool]sessionState{true: exited, false: exitedEarly}[s.state == shutDown]
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

// withOpenFiles returns kb and its loader's findings with the articles and
// translations whose files are open read from the editor's text instead.
// kb.yaml is read as saved.
func (v view) withOpenFiles(kb *content.KB, loaded diag.List) (*content.KB, diag.List) {
	var sources, fragments, translations []string
	fragmentsDir := filepath.Join(v.root, content.FragmentsDir)
	for path, text := range v.docs {
		saved, err := os.ReadFile(path)
		if err == nil && string(saved) == text {
			continue
		}
		inFragments := filepath.Dir(filepath.Dir(path)) == fragmentsDir
		switch {
		case !strings.HasPrefix(path, v.root+string(filepath.Separator)) || filepath.Dir(filepath.Dir(path)) != v.root && !inFragments:
		case !inFragments && filepath.Base(path) == content.SourceFile:
			sources = append(sources, path)
		case inFragments && filepath.Base(path) == content.FragmentFile:
			fragments = append(fragments, path)
		case strings.HasSuffix(path, ".yaml") && kb.Config.HasLocale(strings.TrimSuffix(filepath.Base(path), ".yaml")):
			translations = append(translations, path)
		}
	}
	replace := func(path string, diags diag.List) {
		kept := loaded[:0:0]
		for _, d := range loaded {
			if d.Pos.File != path {
				kept = append(kept, d)
			}
		}
		loaded = append(kept, diags...)
	}
	// Fragments first: an open article that includes an open fragment
	// is linked to the fragment as the editor holds it.
	for _, path := range fragments {
		f, diags := content.ParseFragment(path, []byte(v.docs[path]), kb.Config)
		replace(path, diags)
		if f == nil || f.ID == "" {
			continue
		}
		a := &f.Article
		a.Dir = filepath.Dir(path)
		if old := articleIn(kb, a.Dir); old != nil {
			a.Translations = old.Translations
		}
		kb = kb.WithArticles(a)
		// The articles that include it hold the fragment they were
		// loaded with, whose texts lint checks through them: read
		// again, they are linked to the fragment as typed.
		for _, in := range kb.Articles {
			if p := filepath.Join(in.Dir, content.SourceFile); slices.Contains(in.IncludedFragments(), f.ID) && !slices.Contains(sources, p) {
				sources = append(sources, p)
			}
		}
	}
	for _, path := range sources {
		a, diags := content.ParseArticle(path, []byte(v.text(path)), kb.Config)
		replace(path, diags)
		if a == nil || a.ID == "" {
			continue
		}
		a.Dir = filepath.Dir(path)
		if old := articleIn(kb, a.Dir); old != nil {
			a.Translations = old.Translations
		}
		kb = kb.WithArticles(a)
	}
	for _, path := range translations {
		lang := strings.TrimSuffix(filepath.Base(path), ".yaml")
		tr, diags := content.ParseTranslation(path, lang, []byte(v.docs[path]))
		replace(path, diags)
		a := articleIn(kb, filepath.Dir(path))
		if tr == nil || a == nil || lang == a.Lang {
			continue
		}
		kb = kb.WithArticles(a.WithTranslation(tr))
	}
	return kb, loaded
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
	s.mu.Unlock()
	if ok {
		s.send(ctx, conn, v.changes, byFile)
	}
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
	if n < s.sent {
		return
	}
	s.sent = n
	for path, diags := range byFile {
		conn.Notify(ctx, "textDocument/publishDiagnostics", publishDiagnosticsParams{URI: pathURI(path), Diagnostics: diags})
	}
}

// commit makes the analysis of v the server's and returns what to
// publish for each file; false if a later view's analysis was committed
// already, whose findings stand. mu is held.
func (s *Server) commit(v view, kb *content.KB, diags diag.List) (map[string][]diagnostic, bool) {
	if v.changes < s.kbChanges {
		return nil, false
	}
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
