package lint_test

import (
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
	"github.com/kbcdev/kbc/internal/treetest"
)

func TestTranslations(t *testing.T) {
	linttest.Run(t, "testdata/translations/bad", lint.Translations)
	linttest.Run(t, "testdata/translations/good", lint.Translations)
}

// A translation file that fails to load is reported for its own faults,
// not also as a missing translation.
func TestTranslationThatFailsToLoad(t *testing.T) {
	root := t.TempDir()
	treetest.Write(t, root, map[string]string{
		"kb.yaml":          "source_locale: en\nlocales: [en, fr]\n",
		"kb1/article.yaml": "id: KB1\ntitle: One\nsummary: The first.\n",
		"kb1/fr.yaml":      "lang: fr\ntitle: Un: le premier\n  summary: x\n",
	})
	diags := linttest.Findings(t, root)
	if !diags.HasErrors() {
		t.Fatal("the broken file has no finding")
	}
	for _, d := range diags {
		if d.Pos.File != filepath.Join(root, "kb1", "fr.yaml") {
			t.Errorf("finding outside the broken file: %s", d)
		}
	}
}
