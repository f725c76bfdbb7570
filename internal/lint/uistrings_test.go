package lint_test

import (
	"os"
	"path/filepath"
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
