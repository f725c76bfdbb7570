package lint_test

import (
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/lint/linttest"
	"github.com/kbcdev/kbc/internal/treetest"
)

// A kb.yaml that cannot be parsed is the one finding: without the
// locales, platforms and terms it declares, every article, translation
// and term would be reported for it.
func TestUnparsedConfigIsTheOneFinding(t *testing.T) {
	root := t.TempDir()
	treetest.Write(t, root, map[string]string{
		"kb.yaml":          "source_locale: en\nlocales: [en, fr\n",
		"terms.yaml":       "concepts:\n  app:\n    en: the app\n    fr: l'appli\n",
		"kb1/article.yaml": "id: KB1\ntitle: One\nsummary: The first.\nplatforms: [android]\n",
		"kb1/fr.yaml":      "lang: fr\ntitle: {text: Un, source: 00000000}\n",
	})
	diags := linttest.Findings(t, root)
	if len(diags) != 1 || diags[0].Pos.File != filepath.Join(root, "kb.yaml") || diags[0].Pos.Line != 2 {
		t.Errorf("got %v, want kb.yaml's syntax error alone", diags)
	}
}
