package lint_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestRefContext(t *testing.T) {
	linttest.Run(t, "testdata/ref-context", lint.RefContext)
}
