package lint_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestMarkup(t *testing.T) {
	got := linttest.Run(t, "testdata/markup/bad", lint.Markup)
	linttest.Run(t, "testdata/markup/good", lint.Markup)

	checkLocales(t, got, map[string]string{
		`instead of "<i>"`: "fr",
		`instead of "<b>"`: "",
	})
}
