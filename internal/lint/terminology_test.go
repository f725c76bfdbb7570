package lint_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestTerminology(t *testing.T) {
	linttest.Run(t, "testdata/terminology", lint.Terminology)
}
