package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
	"github.com/kbcdev/kbc/internal/treetest"
)

func TestUIStrings(t *testing.T) {
	const dir = "testdata/ui-strings"
	rule := lint.NewUIStrings(func(string) i18n.Layers {
		return i18n.Layers{{FS: os.DirFS(dir + "/locales"), Dir: dir + "/locales"}}
	})
	kb, _, err := content.Load(dir + "/content")
	if err != nil {
		t.Fatal(err)
	}
	linttest.Check(t, dir, lint.Run(kb, []*lint.Rule{rule}))
}

// A knowledge base's own messages are phrases with the placeholders the
// site fills in, which kbc's catalogs show: nothing else runs.
func TestUIStringsPlaceholders(t *testing.T) {
	const dir = "testdata/ui-placeholders"
	rule := lint.NewUIStrings(func(string) i18n.Layers {
		return i18n.Layers{{FS: os.DirFS(dir + "/base"), Dir: dir + "/base"}, {FS: os.DirFS(dir + "/own"), Dir: dir + "/own"}}
	})
	kb, _, err := content.Load(dir + "/content")
	if err != nil {
		t.Fatal(err)
	}
	linttest.Check(t, dir, lint.Run(kb, []*lint.Rule{rule}))
}

func TestBundledUIStringsAreComplete(t *testing.T) {
	kb := &content.KB{Config: &content.Config{SourceLocale: "en", Locales: []string{"en", "fr", "hu", "ja"}}}
	for _, d := range lint.Run(kb, []*lint.Rule{lint.UIStrings}) {
		t.Errorf("%s", d)
	}
}

// A date format is plural only where a language needs a form for the
// first of the month, as French does: kbc's own are plain elsewhere, and
// a knowledge base may write its own as a plain string in any locale.
func TestDateFormatNeedsNoForms(t *testing.T) {
	dir := t.TempDir()
	treetest.Write(t, dir, map[string]string{
		"content/kb.yaml": "source_locale: en\nlocales: [en, fr, hu, ja]\n",
		"locales/fr.yaml": "dateFormat: \"{{.Day}}/{{.MonthNumber}}/{{.Year}}\"\n",
		"locales/hu.yaml": "dateFormat:\n  one: \"{{.Year}}. {{.Month}} {{.Day}}.\"\n  other: \"{{.Year}}. {{.Month}} {{.Day}}.\"\n",
	})
	for _, d := range linttest.Findings(t, filepath.Join(dir, "content")) {
		if d.Rule == "ui-strings" {
			t.Errorf("unexpected finding %v", d)
		}
	}
	// Written with forms, it has every form its locale needs, or the
	// page would show [dateFormat] on the days no form is written for.
	treetest.Write(t, dir, map[string]string{"locales/fr.yaml": "dateFormat:\n  one: \"{{.Day}}er {{.Month}} {{.Year}}\"\n"})
	var found bool
	for _, d := range linttest.Findings(t, filepath.Join(dir, "content")) {
		found = found || d.Rule == "ui-strings" && strings.Contains(d.Message, "plural message dateFormat lacks the CLDR forms many, other that fr needs")
	}
	if !found {
		t.Error("a French dateFormat with the form one alone: no finding of the forms it lacks")
	}
}

// A catalog of the knowledge base's own that go-i18n would not read, and
// the build would fail on, is a finding at its first problem.
func TestUnreadableCatalogIsAFindingAtItsPlace(t *testing.T) {
	for _, tc := range []struct {
		name, catalog string
		line, column  int
		message       string
	}{
		{"duplicate message", "home: Accueil\nhome: Encore\n", 2, 1, "message home is defined twice; the first is at line 1"},
		{"duplicate form", "stepCount:\n  one: une\n  one: deux\n  other: x\n", 3, 3, "message stepCount has one twice; the first is at line 2"},
		{"number for a form", "stepCount:\n  one: \"{{.Count}} étape\"\n  other: 5\n", 3, 10, `message stepCount's other, 5, is not a text: quote it, as "5"`},
		{"boolean for a text", "home: true\n", 1, 7, "message home, true, is not a text"},
		{"list for a text", "home: [a, b]\n", 1, 7, "message home is neither a text nor a map of plural forms"},
		{"number for an id", "5: cinq\n", 1, 1, `a message id is a text: quote it, as "5"`},
		{"unknown key", "stepCount:\n  banana: y\n", 2, 3, `message stepCount has unknown key "banana"`},
		{"not a mapping", "- a\n- b\n", 1, 1, "a message file is a mapping from message id to text"},
		{"unclosed list", "home: [a\n", 1, 7, "a value that starts with [ is read as a YAML list"},
		{"invalid UTF-8", "home: caf\xe9\n", 1, 10, "invalid UTF-8 byte 0xe9"},
		{"NUL", "home: a\x00b\n", 1, 8, "control character U+0000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			treetest.Write(t, dir, map[string]string{
				"content/kb.yaml": "source_locale: en\nlocales: [en, fr]\n",
				"locales/fr.yaml": tc.catalog,
			})
			var got []string
			for _, d := range linttest.Findings(t, filepath.Join(dir, "content")) {
				if d.Rule != "ui-strings" {
					continue
				}
				got = append(got, d.String())
				if filepath.Base(d.Pos.File) == "fr.yaml" && d.Pos.Line == tc.line && d.Pos.Column == tc.column && strings.Contains(d.Message, tc.message) {
					return
				}
			}
			t.Errorf("want fr.yaml:%d:%d: %s; ui-strings findings:\n%s", tc.line, tc.column, tc.message, strings.Join(got, "\n"))
		})
	}
}

// A catalog of a locale kbc carries none for starts as a copy of the
// English one (kbc init): what is left of it is a warning at each
// message, and a text with no letter, the same in every language, none.
func TestEnglishLeftInACatalogOfTheKnowledgeBase(t *testing.T) {
	dir := t.TempDir()
	treetest.Write(t, dir, map[string]string{
		"content/kb.yaml": "source_locale: en\nlocales: [en, fr, de]\n",
		"locales/de.yaml": "home: Startseite\nskipToContent: Skip to content\nstep: Step {{.N}}\nstepRef: Schritt {{.N}}\n",
		// kbc's own French, changed by the knowledge base: its choice.
		"locales/fr.yaml": "home: Home\n",
	})
	var got []string
	for _, d := range linttest.Findings(t, filepath.Join(dir, "content")) {
		if d.Check == "english" {
			got = append(got, fmt.Sprintf("%s:%d:%d %s", filepath.Base(d.Pos.File), d.Pos.Line, d.Pos.Column, d.Severity))
		}
	}
	want := []string{"de.yaml:2:16 warning", "de.yaml:3:7 warning"}
	if !slices.Equal(got, want) {
		t.Errorf("english findings = %q, want %q", got, want)
	}
}
