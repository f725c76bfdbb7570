package lint_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestStepGraph(t *testing.T) {
	linttest.Run(t, "testdata/step-graph/bad", lint.StepGraph)
	linttest.Run(t, "testdata/step-graph/good", lint.StepGraph)
}
