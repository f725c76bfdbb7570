package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// client is an editor as the tests play it: it talks to a Server over a
// pipe and keeps the diagnostics the server publishes, by URI.
type client struct {
	t    *testing.T
	conn *jsonrpc2.Conn
	// published holds the diagnostics the server published that no
	// waitDiagnostics has taken yet, in order; more says there are more.
	// The handler never blocks: the server waits for each notification to
	// be read, and a test that changes a file many times without waiting
	// must not stop it.
	mu        sync.Mutex
	published []publishDiagnosticsParams
	more      chan struct{}
	root      string // the testdata folder, absolute
}

func startClient(t *testing.T) *client {
	t.Helper()
	root, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	serverEnd, clientEnd := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, serverEnd, "test") }()
	c := &client{t: t, more: make(chan struct{}, 1), root: root}
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(clientEnd, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if req.Method == "textDocument/publishDiagnostics" {
				var p publishDiagnosticsParams
				if err := json.Unmarshal(*req.Params, &p); err != nil {
					t.Errorf("publishDiagnostics: %v", err)
				}
				c.mu.Lock()
				c.published = append(c.published, p)
				c.mu.Unlock()
				select {
				case c.more <- struct{}{}:
				default:
				}
			}
			return nil, nil
		}))
	t.Cleanup(func() {
		c.conn.Close()
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("the server did not stop")
		}
	})
	var res initializeResult
	c.call("initialize", map[string]any{"rootUri": pathURI(root), "capabilities": map[string]any{}}, &res)
	if !res.Capabilities.DefinitionProvider || !res.Capabilities.HoverProvider || res.Capabilities.TextDocumentSync.Change != syncFull {
		t.Fatalf("initialize: capabilities %+v", res.Capabilities)
	}
	c.notify("initialized", map[string]any{})
	return c
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// uri returns the URI of a file of the test knowledge base.
func (c *client) uri(rel string) string { return pathURI(filepath.Join(c.root, "content", rel)) }

// saved returns the text of a file of the test knowledge base.
func (c *client) saved(rel string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.root, "content", rel))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

func (c *client) open(rel, text string) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": c.uri(rel), "languageId": "yaml", "version": 1, "text": text}})
}

func (c *client) change(rel, text string) {
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": c.uri(rel), "version": 2},
		"contentChanges": []map[string]any{{"text": text}}})
}

// waitDiagnostics returns the next diagnostics published for rel.
func (c *client) waitDiagnostics(rel string) []diagnostic {
	c.t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		if p, ok := c.next(); ok {
			if p.URI == c.uri(rel) {
				return p.Diagnostics
			}
			continue
		}
		select {
		case <-c.more:
		case <-timeout:
			c.t.Fatalf("no diagnostics published for %s", rel)
		}
	}
}

// next takes the first diagnostics published and not yet taken.
func (c *client) next() (publishDiagnosticsParams, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.published) == 0 {
		return publishDiagnosticsParams{}, false
	}
	p := c.published[0]
	c.published = c.published[1:]
	return p, true
}

// at returns the position just after the first occurrence of marker in
// text, less back characters (all ASCII here).
func at(t *testing.T, text, marker string, back int) position {
	t.Helper()
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatalf("%q not in the text", marker)
	}
	before := text[:i+len(marker)]
	line := strings.Count(before, "\n")
	return position{line, utf16Len(before[strings.LastIndex(before, "\n")+1:]) - back}
}

// The editor sees findings when it opens a file, sees them change as the
// writer types, and sees them cleared when the text is fixed, before any
// save.
func TestDiagnosticsOnOpenAndChange(t *testing.T) {
	c := startClient(t)
	broken := strings.Replace(c.saved("kb2/article.yaml"), "{{kb:KB1}}", "{{kb:KB9}}", 1)
	c.open("kb2/article.yaml", broken)
	diags := c.waitDiagnostics("kb2/article.yaml")
	i := slices.IndexFunc(diags, func(d diagnostic) bool { return d.Severity == severityError })
	if i < 0 {
		t.Fatalf("no error for {{kb:KB9}}: %+v", diags)
	}
	d := diags[i]
	want := at(t, broken, "as ", 0)
	if d.Code != "xref" || !strings.Contains(d.Message, "KB9") || d.Range.Start != want {
		t.Errorf("got %+v, want an xref error on KB9 at %+v", d, want)
	}

	c.change("kb2/article.yaml", strings.Replace(broken, "KB9", "KB1", 1))
	for _, d := range c.waitDiagnostics("kb2/article.yaml") {
		if d.Severity == severityError {
			t.Errorf("error left after the fix: %+v", d)
		}
	}

	// Saving sends the text again; the findings are those of that text.
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb2/article.yaml")}, "text": broken})
	if !slices.ContainsFunc(c.waitDiagnostics("kb2/article.yaml"), func(d diagnostic) bool { return strings.Contains(d.Message, "KB9") }) {
		t.Error("no finding on KB9 after a save of the text that has it")
	}

	// A misspelled key is reported at its line in the editor's text.
	c.change("kb2/article.yaml", strings.Replace(broken, "summary:", "sumary:", 1))
	diags = c.waitDiagnostics("kb2/article.yaml")
	if !slices.ContainsFunc(diags, func(d diagnostic) bool {
		return d.Code == "schema" && strings.Contains(d.Message, `did you mean "summary"`) && d.Range.Start == position{2, 0} && d.Range.End == position{2, 7}
	}) {
		t.Errorf("no schema finding on sumary at 2:0-2:7: %+v", diags)
	}
}

// labels returns the labels of a completion list's items.
func labels(list completionList) []string {
	var got []string
	for _, it := range list.Items {
		got = append(got, it.Label)
	}
	return got
}

// Completion offers the ids a reference being typed may name: the
// article's steps, figures and footnotes, every article's KB id, and the
// platforms of a platforms list.
func TestCompletion(t *testing.T) {
	c := startClient(t)
	text := c.saved("kb1/article.yaml")
	c.open("kb1/article.yaml", text)
	c.waitDiagnostics("kb1/article.yaml")
	for _, tc := range []struct {
		typed string
		want  []string
	}{
		{"{{step:", []string{"wake", "unlock-screen", "open-settings", "allow", "check"}},
		{"{{step:check|", []string{"to", "from", "in", "object", "of"}},
		{"{{step:check|o", []string{"object", "of"}},
		{"{{var:", []string{"support-url", "min-version"}},
		{"{{step:op", []string{"open-settings"}},
		{"{{ fig: ", []string{"settings"}},
		{"{{fn:", []string{"why"}},
		{"{{kb:", []string{"KB1", "KB2", "KB69"}}, // KB69 is external
		{"{{kb:KB2", []string{"KB2"}},
	} {
		edited := strings.Replace(text, "Tap **Allow**.", "Tap **Allow** "+tc.typed, 1)
		c.change("kb1/article.yaml", edited)
		pos := at(t, edited, tc.typed, 0)
		var list completionList
		c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": pos}, &list)
		var got []string
		for _, it := range list.Items {
			got = append(got, it.Label)
			if it.TextEdit == nil || it.TextEdit.Range.End != pos || it.TextEdit.NewText != it.Label {
				t.Errorf("%s: item %+v does not replace what is typed of the id", tc.typed, it)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("after %q: got %q, want %q", tc.typed, got, tc.want)
		}
	}

	// In a translation, an article is described by its title there.
	fr := c.saved("kb1/fr.yaml")
	frEdited := strings.Replace(fr, "revenez à {{step:check}}.", "revenez à {{step:check}}. {{kb:KB1", 1)
	c.open("kb1/fr.yaml", frEdited)
	var inFrench completionList
	c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/fr.yaml")}, "position": at(t, frEdited, "{{kb:KB1", 0)}, &inFrench)
	if len(inFrench.Items) != 1 || inFrench.Items[0].Detail != "Activer les notifications" {
		t.Errorf("{{kb: in fr.yaml: got %+v, want KB1 with its French title", inFrench.Items)
	}

	edited := strings.Replace(text, "- include: unlock", "- include: un", 1)
	c.change("kb1/article.yaml", edited)
	var included completionList
	c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, edited, "include: un", 0)}, &included)
	if len(included.Items) != 1 || included.Items[0].Label != "unlock" || included.Items[0].Detail != "Wake the phone." {
		t.Errorf("include: got %+v, want the fragment unlock", included.Items)
	}
	// Among steps, a fragment of troubleshooting entries only is no use;
	// in a troubleshooting list, it is the one to offer.
	edited = strings.Replace(text, "- include: unlock", "- include: ", 1)
	c.change("kb1/article.yaml", edited)
	c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, edited, "include: ", 0)}, &included)
	if got := labels(included); !slices.Equal(got, []string{"unlock"}) {
		t.Errorf("include: among steps: got %q, want [unlock]", got)
	}
	edited = text + "troubleshooting:\n- include: "
	c.change("kb1/article.yaml", edited)
	c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, edited, "troubleshooting:\n- include: ", 0)}, &included)
	if got := labels(included); !slices.Equal(got, []string{"no-signal"}) || included.Items[0].Detail != "The phone shows no signal." {
		t.Errorf("include: in troubleshooting: got %+v, want no-signal described by its symptom", included.Items)
	}

	edited = strings.Replace(text, "platforms: [ios]", "platforms: [ios, and", 1)
	c.change("kb1/article.yaml", edited)
	var list completionList
	c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, edited, "[ios, and", 0)}, &list)
	if len(list.Items) != 1 || list.Items[0].Label != "android" || list.Items[0].Detail != "Android" {
		t.Errorf("platforms: got %+v, want android", list.Items)
	}
}

// Go to definition leads from a reference to its target: a step of the
// same article, or another article's file.
func TestDefinition(t *testing.T) {
	c := startClient(t)
	kb2 := c.saved("kb2/article.yaml")
	c.open("kb2/article.yaml", kb2)
	c.waitDiagnostics("kb2/article.yaml")
	var locs []location
	c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb2/article.yaml")}, "position": at(t, kb2, "{{kb:K", 0)}, &locs)
	want := location{URI: c.uri("kb1/article.yaml"), Range: lspRange{position{0, 4}, position{0, 7}}}
	if len(locs) != 1 || locs[0] != want {
		t.Errorf("{{kb:KB1}}: got %+v, want %+v", locs, want)
	}

	kb1 := c.saved("kb1/article.yaml")
	c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, kb1, "include: unlo", 0)}, &locs)
	if want := (location{URI: c.uri("_fragments/unlock/fragment.yaml"), Range: lspRange{position{0, 4}, position{0, 10}}}); len(locs) != 1 || locs[0] != want {
		t.Errorf("include: unlock: got %+v, want %+v", locs, want)
	}
	withVar := strings.Replace(kb1, "Tap **Allow**.", "Tap **Allow** or see {{var:support-url}}.", 1)
	c.open("kb1/article.yaml", kb1)
	c.change("kb1/article.yaml", withVar)
	c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, withVar, "{{var:supp", 0)}, &locs)
	if want := (location{URI: c.uri("kb.yaml"), Range: lspRange{position{6, 2}, position{6, 14}}}); len(locs) != 1 || locs[0] != want {
		t.Errorf("{{var:support-url}}: got %+v, want %+v", locs, want)
	}
	c.change("kb1/article.yaml", kb1)

	c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, kb1, "repeat {{step:open", 0)}, &locs)
	// The location selects the step's id.
	step := position{strings.Count(kb1[:strings.Index(kb1, "- id: open-settings")], "\n"), len("      - id: ")}
	if len(locs) != 1 || locs[0].URI != c.uri("kb1/article.yaml") || locs[0].Range != (lspRange{step, position{step.Line, step.Character + len("open-settings")}}) {
		t.Errorf("{{step:open-settings}}: got %+v, want the step at %+v", locs, step)
	}

	c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, kb1, "next: open", 0)}, &locs)
	if len(locs) != 1 || locs[0].Range.Start != step {
		t.Errorf("next: open-settings: got %+v, want the step at %+v", locs, step)
	}

	// A reference to a part of an article leads to that part.
	toPart := strings.Replace(kb2, "{{kb:KB1}}", "{{kb:KB1#check}}", 1)
	c.change("kb2/article.yaml", toPart)
	c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb2/article.yaml")}, "position": at(t, toPart, "{{kb:K", 0)}, &locs)
	check := position{strings.Count(kb1[:strings.Index(kb1, "- id: check")], "\n"), len("      - id: ")}
	if len(locs) != 1 || locs[0].URI != c.uri("kb1/article.yaml") || locs[0].Range.Start != check {
		t.Errorf("{{kb:KB1#check}}: got %+v, want the step at %+v", locs, check)
	}
	c.change("kb2/article.yaml", kb2)

	c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, kb1, "Open **Sett", 0)}, &locs)
	if len(locs) != 0 {
		t.Errorf("outside a reference: got %+v, want none", locs)
	}
}

// Hover shows what a reference reads as on the page of the file's
// locale: a step's number in the reference's context, on each branch
// joined as the page joins them when they differ, a figure's label, an
// article's title.
func TestHover(t *testing.T) {
	c := startClient(t)
	kb1 := c.saved("kb1/article.yaml")

	c.open("kb1/article.yaml", kb1)
	c.waitDiagnostics("kb1/article.yaml")
	fr := c.saved("kb1/fr.yaml")
	for _, tc := range []struct {
		file, text, marker, want string
	}{
		{"kb1/article.yaml", kb1, "back to {{step:ch", "step 4 (Android) or step 5 (iOS)"},
		{"kb1/article.yaml", kb1, "repeat {{step:op", "step 3"},
		{"kb1/article.yaml", kb1, "{{fig:sett", "Figure 1"},
		{"kb1/article.yaml", kb1, "{{fn:w", "1"},
		{"kb1/fr.yaml", fr, "revenez à {{step:ch", "l’étape 4 (Android) ou l’étape 5 (iOS)"},
	} {
		var h hover
		c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": c.uri(tc.file)}, "position": at(t, tc.text, tc.marker, 0)}, &h)
		if h.Contents.Value != tc.want {
			t.Errorf("%s at %q: got %q, want %q", tc.file, tc.marker, h.Contents.Value, tc.want)
		}
	}
	// A reference in a grammatical context reads as the page words it,
	// after an edit too: the article read from the editor's text shows
	// the steps of the fragment it includes, as the one loaded does.
	withContext := strings.Replace(kb1, "repeat {{step:open-settings}}", "start again {{step:open-settings|from}}", 1)
	c.change("kb1/article.yaml", withContext)
	var h hover
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, withContext, "again {{step:op", 0)}, &h)
	if h.Contents.Value != "from step 3" {
		t.Errorf("{{step:open-settings|from}}: got %q, want %q", h.Contents.Value, "from step 3")
	}
	c.change("kb1/article.yaml", kb1)
	kb2 := c.saved("kb2/article.yaml")
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb2/article.yaml")}, "position": at(t, kb2, "{{kb:K", 0)}, &h)
	if h.Contents.Value != "Turn on notifications" {
		t.Errorf("{{kb:KB1}}: got %q", h.Contents.Value)
	}

	// A figure a reader of each branch meets in another order reads as
	// each branch's page numbers it; a variable reads as its value.
	branched := strings.NewReplacer(
		"  settings: {src: figures/settings.svg, alt: The settings screen}\n",
		"  settings: {src: figures/settings.svg, alt: The settings screen}\n  x: {src: figures/settings.svg, alt: X}\n  y: {src: figures/settings.svg, alt: Y}\n",
		"text: Tap **Allow**.", "text: Tap **Allow** {{fig:x}}.",
		"repeat {{step:open-settings}}.", "repeat {{step:open-settings}}. See {{fig:y}} and {{var:min-version}}.",
	).Replace(kb1)
	c.change("kb1/article.yaml", branched)
	for marker, want := range map[string]string{
		"{{fig:y": "Figure 2 (Android) or Figure 3 (iOS)",
		"{{fig:s": "Figure 1",
		"{{var:m": "8.1",
	} {
		var h hover
		c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb1/article.yaml")}, "position": at(t, branched, marker, 0)}, &h)
		if h.Contents.Value != want {
			t.Errorf("%s: got %q, want %q", marker, h.Contents.Value, want)
		}
	}
}

// A carriage return alone ends a line, as kbc's findings count lines, and
// a byte-order mark is no character of the first line, as editors show
// it: a finding after either underlines what it is about.
func TestDiagnosticsAfterALoneCarriageReturnAndAByteOrderMark(t *testing.T) {
	c := startClient(t)
	saved := c.saved("kb2/article.yaml")
	for _, tc := range []struct{ name, text string }{
		{"lone CR", strings.Replace(saved, "summary:", "# an old Mac line\rsummary:", 1)},
		// The reference on the first line, after the mark.
		{"BOM", "\uFEFFsummary: First turn them on, as {{kb:KB1}} shows.\n" + strings.Replace(saved, "summary: First turn them on, as {{kb:KB1}} shows.\n", "", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			broken := strings.Replace(tc.text, "{{kb:KB1}}", "{{kb:KB9}}", 1)
			c.open("kb2/article.yaml", broken)
			diags := c.waitDiagnostics("kb2/article.yaml")
			i := slices.IndexFunc(diags, func(d diagnostic) bool { return d.Code == "xref" })
			if i < 0 {
				t.Fatalf("no xref finding for {{kb:KB9}}: %+v", diags)
			}
			lines := splitLines(broken)
			r := diags[i].Range
			got := lines[r.Start.Line][byteOffset(lines[r.Start.Line], r.Start.Character):byteOffset(lines[r.Start.Line], r.End.Character)]
			if got != "{{kb:KB9}}" {
				t.Errorf("the xref finding underlines %q, want {{kb:KB9}}", got)
			}
			c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": c.uri("kb2/article.yaml")}})
			c.waitDiagnostics("kb2/article.yaml")
		})
	}
}

func TestSplitLines(t *testing.T) {
	got := splitLines("\uFEFFa\r\nb\rc\n\nd")
	if want := []string{"a", "b", "c", "", "d"}; !slices.Equal(got, want) {
		t.Errorf("splitLines = %q, want %q", got, want)
	}
}

// A fragment is checked as the writer types, as an article is: its own
// findings, at their place in the editor's text.
func TestDiagnosticsOfAFragmentAsTyped(t *testing.T) {
	c := startClient(t)
	const rel = "_fragments/no-signal/fragment.yaml"
	edited := strings.Replace(c.saved(rel), "Turn flight mode off.", "Turn flight mode off, as {{kb:KB9}} shows.", 1) + "bogus: 1\n"
	c.open(rel, edited)
	var codes []string
	for _, d := range c.waitDiagnostics(rel) {
		codes = append(codes, d.Code)
		if d.Code == "xref" && d.Range.Start != at(t, edited, "as ", 0) {
			t.Errorf("xref finding at %+v, want at {{kb:KB9}}", d.Range.Start)
		}
	}
	if !slices.Contains(codes, "xref") || !slices.Contains(codes, "schema") {
		t.Errorf("findings of the fragment as typed: %q, want xref and schema", codes)
	}

	// Its translation, as saved, still translates the fragment as typed:
	// no finding, as kbc lint finds none in it.
	c.change(rel, "# a comment\n"+c.saved(rel))
	var last []diagnostic
	cleared := false
	for _, p := range c.publishedBefore(rel) {
		switch {
		case strings.HasSuffix(p.URI, "/_fragments/no-signal/fr.yaml"):
			last = p.Diagnostics
		case p.URI == c.uri(rel):
			cleared = len(p.Diagnostics) == 0
		}
	}
	if !cleared {
		t.Errorf("the fragment's findings were not cleared once the change was analyzed")
	}
	if len(last) > 0 {
		t.Errorf("findings in the fragment's saved translation: %+v", last)
	}
	// Its translation as typed is checked against the fragment.
	const frRel = "_fragments/no-signal/fr.yaml"
	fr := strings.Replace(c.saved(frRel), "Désactivez le mode avion.", "Désactivez le mode avion, voir {{kb:KB1}}.", 1)
	c.open(frRel, fr)
	var msgs []string
	for _, d := range c.waitDiagnostics(frRel) {
		msgs = append(msgs, d.Message)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "reference") {
		t.Errorf("findings of the fragment's translation as typed: %q, want the one of the reference it adds", msgs)
	}
}

// publishedBefore returns the findings published before the answer to a
// request about rel, which sees every change sent before it: those of
// the analyses of every change.
func (c *client) publishedBefore(rel string) []publishDiagnosticsParams {
	c.t.Helper()
	var h hover
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": c.uri(rel)}, "position": position{}}, &h)
	var out []publishDiagnosticsParams
	for {
		p, ok := c.next()
		if !ok {
			return out
		}
		out = append(out, p)
	}
}

// A writer typing fast sends a change per keystroke: the changes that
// come while the knowledge base is linted are linted together, and the
// findings published are those of the last text.
func TestChangesInARunAreAnalyzedTogether(t *testing.T) {
	c := startClient(t)
	const rel = "kb2/article.yaml"
	saved := c.saved(rel)
	c.open(rel, saved)
	c.waitDiagnostics(rel)
	const changes = 100
	for i := range changes {
		c.change(rel, strings.Replace(saved, "{{kb:KB1}}", fmt.Sprintf("{{kb:KB%d}}", 100+i), 1))
	}
	// A request sees every change sent before it: the last adds a step,
	// which a reference names as step 1 only once the change is analyzed.
	withStep := strings.Replace(saved, "{{kb:KB1}}", fmt.Sprintf("{{kb:KB%d}}", 100+changes-1), 1) +
		"procedures:\n  - id: fix\n    title: Fix it\n    steps:\n      - id: late\n        text: See {{step:late}}.\n"
	c.change(rel, withStep)
	var h *hover
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": c.uri(rel)}, "position": at(t, withStep, "{{step:la", 0)}, &h)
	if h == nil || !strings.Contains(h.Contents.Value, "1") {
		t.Errorf("hover on the step added by the last change: %+v, want it numbered", h)
	}
	published, last := 0, []diagnostic(nil)
	for {
		c.mu.Lock()
		left := len(c.published)
		c.mu.Unlock()
		if left == 0 && last != nil && slices.ContainsFunc(last, func(d diagnostic) bool { return strings.Contains(d.Message, fmt.Sprintf("KB%d", 100+changes-1)) }) {
			break
		}
		// Taken one by one: those of other files are left aside.
		p, ok := c.next()
		if !ok {
			select {
			case <-c.more:
			case <-time.After(30 * time.Second):
				t.Fatalf("after %d findings published, the last never held KB%d: %+v", published, 100+changes-1, last)
			}
			continue
		}
		if p.URI != c.uri(rel) {
			continue
		}
		last = p.Diagnostics
		published++
	}
	if published > changes/2 {
		t.Errorf("%d changes were published %d times, want them gathered", changes, published)
	}
}

// An article declared under external: in kb.yaml is completed, shown and
// found as the knowledge base's own are; the anchors of an article are
// completed after its id and #.
func TestExternalArticlesAndAnchors(t *testing.T) {
	c := startClient(t)
	const rel = "kb2/article.yaml"
	typed := strings.Replace(c.saved(rel), "{{kb:KB1}}", "{{kb:KB6", 1)
	c.open(rel, typed)
	c.waitDiagnostics(rel)
	var list completionList
	c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": c.uri(rel)}, "position": at(t, typed, "{{kb:KB6", 0)}, &list)
	if i := slices.IndexFunc(list.Items, func(it completionItem) bool { return it.Label == "KB69" }); i < 0 || list.Items[i].Detail != "How long a temporary password lasts" {
		t.Errorf("completion after {{kb:KB6: %+v, want KB69 with its title", list.Items)
	}

	linked := strings.Replace(c.saved(rel), "{{kb:KB1}}", "{{kb:KB69}}", 1)
	c.change(rel, linked)
	var h *hover
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": c.uri(rel)}, "position": at(t, linked, "{{kb:KB", 0)}, &h)
	if h == nil || !strings.Contains(h.Contents.Value, "How long a temporary password lasts") {
		t.Errorf("hover on {{kb:KB69}}: %+v, want its title", h)
	}
	var locs []location
	c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": c.uri(rel)}, "position": at(t, linked, "{{kb:KB", 0)}, &locs)
	if len(locs) != 1 || locs[0].URI != c.uri("kb.yaml") {
		t.Errorf("definition of {{kb:KB69}}: %+v, want its entry in kb.yaml", locs)
	}

	anchored := strings.Replace(c.saved(rel), "{{kb:KB1}}", "{{kb:KB1#ch", 1)
	c.change(rel, anchored)
	c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": c.uri(rel)}, "position": at(t, anchored, "{{kb:KB1#ch", 0)}, &list)
	if got := labels(list); !slices.Equal(got, []string{"check"}) {
		t.Errorf("completion after {{kb:KB1#ch: %q, want check", got)
	}
}
