package lint_test

import (
	"os"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
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
