package lint_test

import (
	"fmt"
	"path/filepath"
	"slices"
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

// A fragment's step that an including article's graph never reaches is
// reported once, in the fragment's file, naming that article and its
// procedure, with the steps unreachable only through it.
func TestUnreachableStepOfAFragmentNamesTheArticle(t *testing.T) {
	dir := t.TempDir()
	treetest.Write(t, dir, map[string]string{
		"content/kb.yaml":                       "source_locale: en\nlocales: [en]\n",
		"content/_fragments/wake/fragment.yaml": "id: wake\nsteps:\n  - {id: wake, text: Wake the phone.}\n  - {id: look, text: Look at it.}\n",
		"content/kb1/article.yaml": "id: KB1\ntitle: One\nsummary: One.\nprocedures:\n  - id: p\n    title: P\n    steps:\n" +
			"      - id: a\n        text: Start.\n        choices:\n          - {when: Yes., text: Go on., next: b}\n          - {when: No., text: Stop., end: true}\n" +
			"      - include: wake\n      - {id: b, text: End.}\n",
	})
	var got []string
	for _, d := range linttest.Findings(t, filepath.Join(dir, "content")) {
		if d.Rule == lint.StepGraph.Name {
			got = append(got, fmt.Sprintf("%s:%d: %s", filepath.Base(filepath.Dir(d.Pos.File)), d.Pos.Line, d.Message))
		}
	}
	want := []string{`wake:3: step "wake" is unreachable in procedure "p" of KB1: no step or choice leads to it, nor to "look" after it`}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
