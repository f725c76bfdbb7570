package lint_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
	"github.com/kbcdev/kbc/internal/treetest"
)

func TestArticleStatus(t *testing.T) {
	linttest.Run(t, "testdata/status/bad", lint.XRef)
	linttest.Run(t, "testdata/status/good", lint.XRef)
}

func TestXRef(t *testing.T) {
	got := linttest.Run(t, "testdata/xref/bad", lint.XRef)
	linttest.Run(t, "testdata/xref/good", lint.XRef)

	// A missing target locale concerns the readers of that locale, even
	// when the reference sits in the source text. (KB1 is not published in
	// ja, and the fixture's wants leave no room for a ja finding.)
	checkLocales(t, got, map[string]string{
		"article KB3 has no fr text": "fr",
		"unknown article KB5":        "fr",
		`unknown footnote "nope"`:    "fr",
		"unknown article KB29":       "",
		"see_also lists KB2 twice":   "",
	})
}

// A reference to an article whose folder fails to load is no unknown
// article: the folder's own findings are the cause, and the reference is
// checked once they are fixed.
func TestReferenceToAnArticleThatFailsToLoad(t *testing.T) {
	root := t.TempDir()
	treetest.Write(t, root, map[string]string{
		"kb.yaml": "source_locale: en\nlocales: [en]\n",
		"kb1/article.yaml": "id: KB1\ntitle: One\nsummary: Refers to two.\n" +
			"see_also: [KB2]\nsections:\n  - id: more\n    title: More\n    body: See {{kb:KB2}} and {{kb:KB2#reset}}.\n",
		"kb2/article.yaml": "id: KB2\ntitle: Two\nsummary: Broken.\nprocedures:\n  - id: reset\n    steps:\n      - id: a\n        text: A.\n      - id: b\n      text: B.\n",
	})
	shown, _ := linttest.Findings(t, root).WithoutInfo()
	linttest.OnlyIn(t, shown, filepath.Join(root, "kb2", "article.yaml"))
}

// A reference to a retired article that names no replacement says so,
// beside the schema's error at the article, rather than "replaced by"
// and nothing.
func TestReferenceToARetiredArticleWithoutReplacement(t *testing.T) {
	root := t.TempDir()
	treetest.Write(t, root, map[string]string{
		"kb.yaml":          "source_locale: en\nlocales: [en]\n",
		"kb1/article.yaml": "id: KB1\ntitle: One\nsummary: See {{kb:KB2}}.\n",
		"kb2/article.yaml": "id: KB2\nstatus: retired\ntitle: Two\n",
	})
	var found bool
	for _, d := range linttest.Findings(t, root) {
		if strings.Contains(d.Message, "replaced by") {
			t.Errorf("finding %v, want none saying what replaces KB2", d)
		}
		found = found || d.Pos.File == filepath.Join(root, "kb1", "article.yaml") && d.Message == "KB2 is retired, and names no article to replace it"
	}
	if !found {
		t.Error("no finding at KB1 saying that KB2 names no replacement")
	}
}
