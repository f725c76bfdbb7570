package theme

import (
	"slices"
	"strings"
	"testing"
	"text/template/parse"
)

// Every template kbc's files define is a Definition whose text, parsed as
// a theme file, defines that template alone, as kbc's does.
func TestDefinitionsAreKbcsTemplates(t *testing.T) {
	defs, err := Definitions()
	if err != nil {
		t.Fatal(err)
	}
	base, err := defaultTemplates()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range defs {
		names = append(names, d.Name)
		if !strings.HasPrefix(d.Text, `{{define "`+d.Name+`"`) || !strings.HasSuffix(d.Text, "end}}") {
			t.Errorf("%s in %s: %q…%q", d.Name, d.File, d.Text[:min(30, len(d.Text))], d.Text[max(0, len(d.Text)-10):])
		}
		root := write(t, map[string]string{"theme/templates/" + d.Name + ".html": d.Text})
		th, diags := Load(root)
		if th == nil || len(diags) > 0 {
			t.Errorf("%s as a theme file: %v", d.Name, diags)
			continue
		}
		own, err := parse.Parse(d.Name, d.Text, "{{", "}}", builtins)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := own[d.Name].Root.String(), base.Lookup(d.Name).Tree.Root.String(); got != want {
			t.Errorf("%s as a theme file defines\n%s\nkbc's is\n%s", d.Name, got, want)
		}
	}
	for _, tmpl := range base.Templates() {
		if name := tmpl.Name(); name != "site" && !strings.HasPrefix(name, "site/") && !slices.Contains(names, name) {
			t.Errorf("kbc's %q is not among the definitions %v", name, names)
		}
	}
}
