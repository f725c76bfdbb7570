package lint_test

import (
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
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

// A fragment's translations into a required locale are checked as those
// of the articles that include it: errors once a published article
// includes it, info while only drafts do.
func TestFragmentTranslationsFollowTheArticlesIncludingIt(t *testing.T) {
	root := t.TempDir()
	treetest.Write(t, root, map[string]string{
		"kb.yaml":                        "source_locale: en\nlocales: [en, fr]\nrequired_locales: [en, fr]\n",
		"_fragments/check/fragment.yaml": "id: check\nsteps:\n  - {id: check, text: Check the light.}\n",
		"kb1/article.yaml":               "id: KB1\nstatus: draft\ntitle: One\nprocedures:\n  - id: p\n    title: P\n    steps:\n      - include: check\n",
	})
	fragment := filepath.Join(root, "_fragments", "check", "fragment.yaml")
	severities := func() map[diag.Severity]int {
		n := map[diag.Severity]int{}
		for _, d := range linttest.Findings(t, root) {
			if d.Pos.File == fragment && d.Rule == lint.Translations.Name {
				n[d.Severity]++
			}
		}
		return n
	}
	if n := severities(); n[diag.Info] == 0 || n[diag.Error] > 0 {
		t.Errorf("included by a draft only: %v findings of the fragment's translations by severity, want info only", n)
	}
	treetest.Write(t, root, map[string]string{
		"kb2/article.yaml": "id: KB2\ntitle: Two\nprocedures:\n  - id: p\n    title: P\n    steps:\n      - include: check\n",
		"kb2/fr.yaml":      "lang: fr\ntitle: {text: Deux, source: " + content.Fingerprint("Two") + "}\n",
	})
	if n := severities(); n[diag.Error] == 0 {
		t.Errorf("included by a published article: %v findings of the fragment's translations by severity, want an error", n)
	}
}
