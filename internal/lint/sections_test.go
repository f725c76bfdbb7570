package lint_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestSections(t *testing.T) {
	linttest.Run(t, "testdata/sections/bad", lint.Sections)
	linttest.Run(t, "testdata/sections/good", lint.Sections)
	// Without categories an article needs no section, and naming one is
	// a mistake.
	linttest.Run(t, "testdata/sections/flat", lint.Sections)
}
