package theme

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

func TestFieldTheDataLacksIsAFinding(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/page.html": "{{define \"page\"}}<p>\n{{range .Crumbs}}{{.}}{{end}} {{.Site.Nmae}}</p>{{template \"head\" .}}{{end}}\n",
	})
	diags := load(t, root).CheckData(frame{})
	if len(diags) != 1 {
		t.Fatalf("CheckData: %v, want one finding", diags)
	}
	d := diags[0]
	want := filepath.Join(root, content.ThemeDir, TemplatesDir, "page.html")
	if d.Pos.File != want || d.Pos.Line != 2 || d.Pos.Column != 38 {
		t.Errorf("at %v, want %s:2:38", d.Pos, want)
	}
	for _, part := range []string{`{{.Site.Nmae}} in template "page"`, "(theme.site) has no field or method Nmae", "it has Favicon, FaviconType, Footer, Header, Logo, Name, ShowIDs, Stylesheets", `did you mean "Name"?`} {
		if !strings.Contains(d.Message, part) {
			t.Errorf("message %q lacks %q", d.Message, part)
		}
	}
}

func TestCallWithTheWrongArgumentsIsAFinding(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/page.html": `{{define "page"}}{{.UI.T 3}}{{template "head" .}}{{end}}`,
	})
	diags := load(t, root).CheckData(frame{})
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "wrong type: expected string") {
		t.Fatalf("CheckData: %v, want the argument's type reported", diags)
	}
}

func TestRangeOverANumberIsNotAFinding(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/page.html": `{{define "page"}}{{range 3}}{{.}}{{end}}{{.Title}}{{template "head" .}}{{end}}`,
	})
	diags := load(t, root).CheckData(frame{})
	if len(diags) != 1 || diags[0].Severity != diag.Info || !strings.Contains(diags[0].Message, "what comes after it is not checked") {
		t.Errorf("CheckData: %v, want an info finding that the check stops there", diags)
	}
}

// The column counts characters, as kbc's columns do, not bytes.
func TestFieldTheDataLacksIsAtItsCharacterColumn(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/page.html": "{{define \"page\"}}<p>Éé日本語 {{.Site.Nmae}}</p>{{template \"head\" .}}{{end}}\n",
	})
	diags := load(t, root).CheckData(frame{})
	if len(diags) != 1 || diags[0].Pos.Line != 1 || diags[0].Pos.Column != 34 {
		t.Errorf("CheckData: %v, want one finding at 1:34", diags)
	}
}
