package content

import (
	"fmt"
	"testing"

	"github.com/kbcdev/kbc/internal/treetest"
)

// A knowledge base of more article folders than leanWholeFolders keeps
// no article whole, whatever room LeanWholeBytes leaves.
func TestLoadLeanKeepsNothingWholeInALargeKnowledgeBase(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{"kb.yaml": "source_locale: en\nlocales: [en, fr]\n"}
	for i := 1; i <= 3; i++ {
		files[fmt.Sprintf("kb%d/article.yaml", i)] = fmt.Sprintf("id: KB%d\ntitle: Article %d\nsummary: On its own.\n", i, i)
	}
	treetest.Write(t, root, files)
	was := leanWholeFolders
	t.Cleanup(func() { leanWholeFolders = was })
	for _, c := range []struct{ folders, setAside int }{{3, 0}, {2, 3}} {
		leanWholeFolders = c.folders
		kb, diags, err := LoadLean(root)
		if err != nil || diags.HasErrors() {
			t.Fatal(err, diags)
		}
		if n := len(kb.SetAside()); n != c.setAside {
			t.Errorf("with 3 article folders and whole ones allowed up to %d, %d set aside, want %d", c.folders, n, c.setAside)
		}
	}
}
