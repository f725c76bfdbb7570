package lint_test

import (
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
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
		diags := linttest.Findings(t, root)
		if len(diags) == 0 {
			t.Errorf("%q: no finding", config)
		}
		for _, d := range diags {
			if d.Pos.File != filepath.Join(root, "kb.yaml") {
				t.Errorf("%q: finding outside kb.yaml: %s", config, d)
			}
		}
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
	diags := linttest.Findings(t, root)
	if !diags.HasErrors() {
		t.Fatal("the broken fragment has no finding")
	}
	for _, d := range diags {
		if d.Severity != diag.Info && d.Pos.File != filepath.Join(root, "_fragments", "install-app", "fragment.yaml") {
			t.Errorf("finding outside the broken fragment: %s", d)
		}
	}
}
