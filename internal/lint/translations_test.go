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
	})
	for _, fr := range []string{"lang: fr\ntitle: Un: le premier\n  summary: x\n", "- lang: fr\n"} {
		treetest.Write(t, root, map[string]string{"kb1/fr.yaml": fr})
		t.Run(fr, func(t *testing.T) {
			linttest.OnlyIn(t, linttest.Findings(t, root), filepath.Join(root, "kb1", "fr.yaml"))
		})
	}
}
