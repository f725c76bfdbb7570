package content

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/kbcdev/kbc/internal/diag"
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

// A stand-in's digest, and the strings it holds beside it, must not keep
// the text of the files they were read from: their copies share no
// memory with it, and the digest copied from is left as it was.
func TestDetachedSharesNoMemoryWithTheFiles(t *testing.T) {
	text := "KB1 kb1/article.yaml en published KB2 setup Set up fr Configurer 0123abcd hu Beállítás step-1 step-2 KB9"
	at := func(s string) string {
		i := strings.Index(text, s)
		return text[i : i+len(s)]
	}
	file := at("kb1/article.yaml")
	d := &Digest{ID: at("KB1"), Dir: file[:3], File: file, Lang: at("en"), Pos: diag.Position{File: file, Line: 1, Column: 1},
		Status: at("published"), ReplacedBy: at("KB2"), SectionID: at("setup"), Title: at("Set up"),
		Titles:  map[string]DigestTitle{at("fr"): {Text: at("Configurer"), Source: at("0123abcd")}, at("hu"): {Text: at("Beállítás")}},
		Anchors: []string{at("step-1"), at("step-2")}}
	inText := func(s string) bool {
		p, start := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(text)))
		return s != "" && p >= start && p < start+uintptr(len(text))
	}
	also := []string{at("KB9")}
	c := d.detached(also)
	if !c.Equal(d) || also[0] != "KB9" {
		t.Fatalf("detached gave %+v and %q, want %+v and KB9", c, also, d)
	}
	strs := []string{c.ID, c.Dir, c.File, c.Lang, c.Pos.File, c.Status, c.ReplacedBy, c.SectionID, c.Title, also[0]}
	for l, tt := range c.Titles {
		strs = append(strs, l, tt.Text, tt.Source)
	}
	strs = append(strs, c.Anchors...)
	for _, s := range strs {
		if inText(s) {
			t.Errorf("%q is still in the file's text", s)
		}
	}
	if !inText(d.Anchors[0]) || !inText(d.Title) {
		t.Errorf("the digest copied from changed: %+v", d)
	}
}
