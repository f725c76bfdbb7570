package lint_test

import (
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/treetest"
)

// Fragments that each include the next one twice bring a procedure more
// steps than it may show: lint says so at the procedure's include, in
// time that does not grow with the depth.
func TestFragmentsIncludedOverAndOverAreReported(t *testing.T) {
	files := corpus.DoubleIncludes(30)
	dir := t.TempDir()
	treetest.Write(t, dir, files)
	kb, _, err := content.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, d := range lint.Run(kb, []*lint.Rule{lint.Fragments}) {
		if strings.Contains(d.Message, "is cut short here") {
			found = append(found, d.String())
		}
	}
	if len(found) != 1 || !strings.Contains(found[0], "article.yaml:9:") {
		t.Errorf("findings %q; want one at the procedure's include, line 9", found)
	}
}
