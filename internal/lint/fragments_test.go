package lint_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestFragments(t *testing.T) {
	linttest.Run(t, "testdata/fragments/bad", lint.Fragments)
	linttest.Run(t, "testdata/fragments/good", lint.Fragments, lint.StepGraph, lint.Figures)
}
