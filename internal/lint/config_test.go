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
	for _, config := range []string{
		"source_locale: en\nlocales: [en, fr\n", // does not parse
		"- source_locale: en\n",                 // not a mapping
		"source_locale: en\nlocales: en fr\n",   // no list of locales
	} {
		root := t.TempDir()
		treetest.Write(t, root, map[string]string{
			"kb.yaml":          config,
			"terms.yaml":       "concepts:\n  app:\n    en: the app\n    fr: l'appli\n",
			"kb1/article.yaml": "id: KB1\ntitle: One\nsummary: The first.\nplatforms: [android]\n",
			"kb1/fr.yaml":      "lang: fr\ntitle: {text: Un, source: 00000000}\n",
		})
		t.Run(config, func(t *testing.T) {
			linttest.OnlyIn(t, linttest.Findings(t, root), filepath.Join(root, "kb.yaml"))
		})
	}
}

// A fragment whose file fails to load is reported for its own faults, not
// also as an unknown fragment where it is included, nor the procedure that
// includes it as one without steps.
func TestFragmentThatFailsToLoad(t *testing.T) {
	root := t.TempDir()
	treetest.Write(t, root, map[string]string{
		"kb.yaml": "source_locale: en\nlocales: [en]\n",
		"kb1/article.yaml": "id: KB1\ntitle: One\nsummary: The first.\nprocedures:\n  - id: install\n    title: Install\n" +
			"    steps:\n      - include: install-app\n",
		"_fragments/install-app/fragment.yaml": "id: install-app\nsteps:\n  - id: a\n    text: A.\n  - id: b\n  text: B.\n",
	})
	shown, _ := linttest.Findings(t, root).WithoutInfo()
	linttest.OnlyIn(t, shown, filepath.Join(root, "_fragments", "install-app", "fragment.yaml"))
}
