package i18n_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/locales"
)

func TestPlaceholders(t *testing.T) {
	for _, c := range []struct {
		text   string
		fields []string
		err    string
	}{
		{"Step {{.N}}", []string{"N"}, ""},
		{"{{.Count}} articles in {{.Language}}, {{.Count}} shown", []string{"Count", "Language"}, ""},
		{"No placeholder", nil, ""},
		{"{{/* a note */}}Figure {{.N}}", []string{"N"}, ""},
		{"Figure {{.N", nil, "not a well-formed message template"},
		{"Step {{range 100000000000}}{{end}}{{.N}}", nil, "is not a placeholder"},
		{`{{template "x"}}`, nil, "is not a placeholder"},
		{`{{printf "%d" .N}}`, nil, `function "printf" not defined`},
		{`{{.N | printf "%d"}}`, nil, `function "printf" not defined`},
		{`{{len .N}}`, nil, `function "len" not defined`},
		{`{{$x := .N}}`, nil, "is not a placeholder"},
		{`{{.A.B}}`, nil, "is not a placeholder"},
		{`{{define "x"}}y{{end}}`, nil, "defines no templates"},
	} {
		fields, err := i18n.Placeholders(c.text)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.text, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want one saying %q", c.text, err, c.err)
		case !slices.Equal(fields, c.fields):
			t.Errorf("%q: fields %q, want %q", c.text, fields, c.fields)
		}
	}
}

// Every message kbc carries is text and placeholders only.
func TestBundledMessagesAreTextAndPlaceholders(t *testing.T) {
	for _, l := range []string{"en", "fr", "hu", "ja"} {
		defs, err := i18n.ReadMessageFile(locales.FS, l+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range defs {
			for form, f := range d.Forms {
				if _, err := i18n.Placeholders(f.Text); err != nil {
					t.Errorf("%s %s (%s): %v", l, d.ID, form, err)
				}
			}
		}
	}
}

// The bundled catalogs use {{.Article}} only in numbered messages, the
// ones Numbered fills it in for.
func TestArticleIsOnlyInNumberedMessages(t *testing.T) {
	for _, l := range []string{"en", "fr", "hu", "ja"} {
		defs, err := i18n.ReadMessageFile(locales.FS, l+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range defs {
			for _, f := range d.Forms {
				fields, _ := i18n.Placeholders(f.Text)
				if slices.Contains(fields, "Article") && !slices.Contains(i18n.NumberedMessages, d.ID) {
					t.Errorf("%s %s uses {{.Article}}, which only numbered messages are given", l, d.ID)
				}
			}
		}
	}
}

// A message that sets its own delimiters has its placeholders between
// them, and braces are then text.
func TestPlaceholdersWithinTheMessagesDelimiters(t *testing.T) {
	fields, err := i18n.PlaceholdersWithin("Step <<.N>> of {{the}} guide", "<<", ">>")
	if err != nil || !slices.Equal(fields, []string{"N"}) {
		t.Errorf("PlaceholdersWithin = %q, %v; want N", fields, err)
	}
	if _, err := i18n.PlaceholdersWithin("<<range 9>><<end>>", "<<", ">>"); err == nil || !strings.Contains(err.Error(), "such as <<.N>>") {
		t.Errorf("a range between the message's delimiters: %v", err)
	}
}
