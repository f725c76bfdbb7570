// Package lsp is kbc's language server: kbc lsp speaks the Language Server
// Protocol over stdin and stdout, so that an editor shows lint findings as
// the writer types, completes the ids of {{step:}}, {{fig:}}, {{fn:}} and
// {{kb:}} references and the platform names, goes from a reference to its
// target, and shows what a reference reads as on the site.
//
// The knowledge base is loaded from disk, with the text of the files open
// in the editor in place of what is saved of them, and linted whole after
// every change: references cross articles.
//
// JSON-RPC 2.0 is github.com/sourcegraph/jsonrpc2's, over the protocol's
// framing (stream.go); the protocol's messages are the few types of
// protocol.go.
package lsp

import (
	"context"
	"encoding/json"
	"io"
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
}

// Serve answers the editor on rw until it exits or closes the stream. It
// returns an error when the editor's stream could not be read on (see
// stream). version is kbc's, for the editor's logs.
func Serve(ctx context.Context, rw io.ReadWriteCloser, version string) error {
	s := &Server{docs: map[string]string{}, published: map[string]bool{}, version: version}
	st := newStream(rw)
	conn := jsonrpc2.NewConn(ctx, st, jsonrpc2.HandlerWithError(s.handle).SuppressErrClosed())
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	return st.Err()
}

// handle answers one request or notification. Requests are handled one at
// a time, in order, so that a completion sees every change sent before it.
func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch req.Method {
	case "initialize":
		var p initializeParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		s.setRoot(p)
		return initializeResult{
			Capabilities: serverCapabilities{
				TextDocumentSync:   textDocumentSyncOptions{OpenClose: true, Change: syncFull, Save: saveOptions{IncludeText: true}},
				CompletionProvider: completionOptions{TriggerCharacters: []string{":", "[", " "}},
				DefinitionProvider: true,
				HoverProvider:      true,
			},
			ServerInfo: serverInfo{Name: "kbc", Version: s.version},
		}, nil
	case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
		return nil, nil
	case "shutdown":
		return nil, nil
	case "exit":
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
		if p.Text != nil {
			s.docs[uriPath(p.TextDocument.URI)] = *p.Text
		}
	case "textDocument/didClose":
		var p didCloseParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		delete(s.docs, uriPath(p.TextDocument.URI))
	case "textDocument/completion":
		var p textDocumentPositionParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return completionList{Items: s.complete(uriPath(p.TextDocument.URI), p.Position)}, nil
	case "textDocument/definition":
		var p textDocumentPositionParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		if loc, ok := s.definition(uriPath(p.TextDocument.URI), p.Position); ok {
			return []location{loc}, nil
		}
		return []location{}, nil
	case "textDocument/hover":
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
		s.publish(ctx, conn)
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

// text returns a file's text: the editor's if it is open, else what is
// saved.
func (s *Server) text(path string) string {
	if t, ok := s.docs[path]; ok {
		return t
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

// analyze loads and lints the knowledge base with the open files' text.
func (s *Server) analyze() diag.List {
	if s.root == "" {
		return nil
	}
	kb, loaded, err := content.Load(s.root)
	if err != nil {
		return diag.List{{Pos: diag.Position{File: filepath.Join(s.root, content.ConfigFile)}, Rule: "kbc", Severity: diag.Error, Message: err.Error()}}
	}
	kb, loaded = s.withOpenFiles(kb, loaded)
	s.kb = kb
	return append(loaded, lint.Run(kb, lint.All())...)
}

// withOpenFiles returns kb and its loader's findings with the articles and
// translations whose files are open read from the editor's text instead.
// kb.yaml is read as saved.
func (s *Server) withOpenFiles(kb *content.KB, loaded diag.List) (*content.KB, diag.List) {
	var sources, fragments, translations []string
	fragmentsDir := filepath.Join(s.root, content.FragmentsDir)
	for path, text := range s.docs {
		saved, err := os.ReadFile(path)
		if err == nil && string(saved) == text {
			continue
		}
		inFragments := filepath.Dir(filepath.Dir(path)) == fragmentsDir
		switch {
		case !strings.HasPrefix(path, s.root+string(filepath.Separator)) || filepath.Dir(filepath.Dir(path)) != s.root && !inFragments:
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
		f, diags := content.ParseFragment(path, []byte(s.docs[path]), kb.Config)
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
		a, diags := content.ParseArticle(path, []byte(s.text(path)), kb.Config)
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
		tr, diags := content.ParseTranslation(path, lang, []byte(s.docs[path]))
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
func (s *Server) publish(ctx context.Context, conn *jsonrpc2.Conn) {
	byFile := map[string][]diagnostic{}
	for _, d := range s.analyze() {
		if d.Pos.File == "" {
			continue
		}
		path, err := filepath.Abs(d.Pos.File)
		if err != nil {
			continue
		}
		byFile[path] = append(byFile[path], s.toLSP(path, d))
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
		conn.Notify(ctx, "textDocument/publishDiagnostics", publishDiagnosticsParams{URI: pathURI(path), Diagnostics: diags})
	}
}

// toLSP converts a finding in the file at path.
func (s *Server) toLSP(path string, d diag.Diagnostic) diagnostic {
	lines := splitLines(s.text(path))
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
