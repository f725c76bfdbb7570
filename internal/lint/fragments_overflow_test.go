package lint_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/treetest"
)

// Fragments that each include the next one twice bring a procedure more
// steps than it may show: lint says so at the procedure's include, in
// time that does not grow with the depth.
func TestFragmentsIncludedOverAndOverAreReported(t *testing.T) {
	const depth = 30
	files := map[string]string{
		"kb.yaml": "source_locale: en\nlocales: [en]\n",
		"kb1/article.yaml": "id: KB1\ntitle: Deep\nsummary: Deep.\nprocedures:\n  - id: p\n    title: P\n    steps:\n" +
			"      - {id: start, text: Start.}\n      - include: f0\n",
	}
	for i := range depth + 1 {
		src := fmt.Sprintf("id: f%d\nsteps:\n  - {id: s%d, text: S.}\n", i, i)
		if i < depth {
			src += fmt.Sprintf("  - include: f%d\n  - include: f%d\n", i+1, i+1)
		}
		files[fmt.Sprintf("_fragments/f%d/fragment.yaml", i)] = src
	}
	dir := t.TempDir()
	treetest.Write(t, dir, files)
	kb, _, err := content.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, d := range lint.Run(kb, []*lint.Rule{lint.Fragments}) {
		if strings.Contains(d.Message, "bring it more than") {
			found = append(found, d.String())
		}
	}
	if len(found) != 1 || !strings.Contains(found[0], "article.yaml:9:") {
		t.Errorf("findings %q; want one at the procedure's include, line 9", found)
	}
}
