package lint_test

import (
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
	"github.com/kbcdev/kbc/internal/treetest"
)

func TestFragments(t *testing.T) {
	linttest.Run(t, "testdata/fragments/bad", lint.Fragments)
	linttest.Run(t, "testdata/fragments/good", lint.Fragments, lint.StepGraph, lint.Figures)
}

// While the article that includes a fragment fails to load, the fragment
// is not reported as included by none: the article's findings come first.
func TestFragmentOfAnArticleThatFailsToLoadIsNotUnused(t *testing.T) {
	root := t.TempDir()
	treetest.Write(t, root, map[string]string{
		"kb.yaml":                        "source_locale: en\nlocales: [en]\n",
		"_fragments/check/fragment.yaml": "id: check\nsteps:\n  - {id: check, text: Check the light.}\n",
		"kb1/article.yaml":               "id: KB1\ntitle: Set up: the widget\nprocedures:\n  - id: p\n    title: P\n    steps:\n      - include: check\n",
	})
	linttest.OnlyIn(t, linttest.Findings(t, root), filepath.Join(root, "kb1", "article.yaml"))
}
