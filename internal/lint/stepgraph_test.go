package lint_test

import (
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
	"github.com/kbcdev/kbc/internal/treetest"
)

func TestStepGraph(t *testing.T) {
	linttest.Run(t, "testdata/step-graph/bad", lint.StepGraph)
	linttest.Run(t, "testdata/step-graph/good", lint.StepGraph)
}

// A choice that both ends the procedure and leads to a step is the one
// finding: the step it names is not also reported unreachable.
func TestChoiceThatEndsAndLeadsOn(t *testing.T) {
	root := t.TempDir()
	treetest.Write(t, root, map[string]string{
		"kb.yaml": "source_locale: en\nlocales: [en]\n",
		"kb1/article.yaml": "id: KB1\ntitle: One\nsummary: The first.\nprocedures:\n  - id: p\n    title: P\n    steps:\n" +
			"      - id: enter\n        text: Enter the code.\n        choices:\n" +
			"          - when: It is accepted.\n            text: Go on.\n            next: done\n            end: true\n" +
			"          - when: It is refused.\n            text: Stop.\n            end: true\n" +
			"      - id: done\n        text: Done.\n",
	})
	diags := linttest.Findings(t, root)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "cannot both end the procedure and lead to step") {
		t.Errorf("got %v, want the contradiction alone", diags)
	}
}
