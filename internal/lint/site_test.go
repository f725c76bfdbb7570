package lint_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestSite(t *testing.T) {
	linttest.Run(t, "testdata/site/bad", lint.Site)
	linttest.Run(t, "testdata/site/good", lint.Site)
}
