package lint_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestArticleStatus(t *testing.T) {
	linttest.Run(t, "testdata/status/bad", lint.XRef)
	linttest.Run(t, "testdata/status/good", lint.XRef)
}

func TestXRef(t *testing.T) {
	got := linttest.Run(t, "testdata/xref/bad", lint.XRef)
	linttest.Run(t, "testdata/xref/good", lint.XRef)

	// A missing target locale concerns the readers of that locale, even
	// when the reference sits in the source text. (KB1 is not published in
	// ja, and the fixture's wants leave no room for a ja finding.)
	checkLocales(t, got, map[string]string{
		"article KB3 has no fr text": "fr",
		"unknown article KB5":        "fr",
		`unknown footnote "nope"`:    "fr",
		"unknown article KB29":       "",
		"see_also lists KB2 twice":   "",
	})
}
