package site

import (
	"bytes"
	"html/template"
	"testing"
)

// escapeSamples hold what html/template escapes or encodes somewhere.
var escapeSamples = []string{
	"", "plain", `a"b'c&d<e>f+g`, "nul\x00byte", "x\xffy\xc3", "é ő 認証 \u2028 \ufdd0 \ufffe",
	"javascript:alert(1)", "JAVASCRIPT:x", "http://a.b/c?d=e&f=g#h", "HTTPS://x", "mailto:a@b.c", "ftp://x",
	"../kb1/index.html#step-1", "/path:with/colon", "a b/c%20d%2x%zz%", "#fnref-a", "fig-a_b.c~d",
	"!#$&*+,/:;=?@[]", "()'\"<>{}|\\^`", "data:text/html,<b>", "//evil.example", " http://x",
}

// templateOutput runs html/template on one value in the context of tmpl.
func templateOutput(t *testing.T, tmpl string, v any) string {
	t.Helper()
	var b bytes.Buffer
	if err := template.Must(template.New("").Parse(tmpl)).Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestWriterEscapesAsTheTemplateDid(t *testing.T) {
	for _, s := range escapeSamples {
		for _, c := range []struct {
			name  string
			tmpl  string
			write func(w *htmlWriter)
		}{
			{"text", `{{.}}`, func(w *htmlWriter) { w.text(s) }},
			{"attribute", `<a id="{{.}}">`, func(w *htmlWriter) { w.raw(`<a id="`); w.text(s); w.raw(`">`) }},
			{"url", `<a href="{{.}}">`, func(w *htmlWriter) { w.raw(`<a href="`); w.url(s); w.raw(`">`) }},
			{"fragment", `<a href="#{{.}}">`, func(w *htmlWriter) { w.raw(`<a href="#`); w.fragment(s); w.raw(`">`) }},
		} {
			want := templateOutput(t, c.tmpl, s)
			w := new(htmlWriter)
			c.write(w)
			if got := w.buf.String(); got != want {
				t.Errorf("%s %q: got %q, want %q", c.name, s, got, want)
			}
		}
	}
}
