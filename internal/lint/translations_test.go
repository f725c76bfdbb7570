package lint_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestTranslations(t *testing.T) {
	linttest.Run(t, "testdata/translations/bad", lint.Translations)
	linttest.Run(t, "testdata/translations/good", lint.Translations)
}
