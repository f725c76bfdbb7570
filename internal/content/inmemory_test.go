package content_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/treetest"
)

// A fragment read again in place of the one in its folder replaces it,
// under the id it has now: an editor's unsaved rename of its id leaves
// no fragment under the old one.
func TestWithFragmentReplacesTheFragmentOfItsFolder(t *testing.T) {
	dir := t.TempDir()
	treetest.Write(t, dir, map[string]string{
		"kb.yaml":                        "source_locale: en\nlocales: [en]\n",
		"_fragments/reset/fragment.yaml": "id: reset\nsteps:\n  - id: hold\n    text: Hold the button.\n",
		"_fragments/other/fragment.yaml": "id: other\nsteps:\n  - id: wait\n    text: Wait.\n",
		"kb1/article.yaml":               "id: KB1\ntitle: Reset\nsummary: Reset it.\n",
	})
	kb, _, err := content.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "_fragments", "reset", content.FragmentFile)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := content.ParseFragment(path, []byte(strings.Replace(string(src), "id: reset", "id: reset2", 1)), kb.Config)
	if f == nil {
		t.Fatalf("ParseFragment: %v", diags)
	}
	f.Dir = filepath.Dir(path) // as Load sets it
	got := kb.WithFragment(f)
	if got.Fragment("reset") != nil || got.Fragment("reset2") != f || got.Fragment("other") == nil {
		t.Errorf("fragments by id after a rename: reset %v, reset2 %v, other %v", got.Fragment("reset") != nil, got.Fragment("reset2") == f, got.Fragment("other") != nil)
	}
	if len(got.Fragments) != len(kb.Fragments) {
		t.Errorf("%d fragments after a rename, want %d", len(got.Fragments), len(kb.Fragments))
	}
	if kb.Fragment("reset") == nil {
		t.Error("the knowledge base WithFragment was called on lost its fragment")
	}
}
