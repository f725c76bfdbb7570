package content_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/treetest"
)

// TestLoadReusingNodesEqualsParsingEachFileAlone loads a knowledge base,
// whose files are parsed one after another in arenas that reuse the nodes
// of the files before (contentfile.Arena), and parses each file again on
// its own: the article, linked as Load links it, and every translation
// must be the same. A model
// value that kept a node would see it overwritten by a later file.
func TestLoadReusingNodesEqualsParsingEachFileAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(dir, corpus.Options{Articles: 40, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	kb, diags, err := content.Load(dir)
	if err != nil || diags.HasErrors() {
		t.Fatalf("load: %v %v", err, diags)
	}
	files := treetest.Read(t, dir)
	source := func(path string) []byte {
		rel, _ := filepath.Rel(dir, path)
		return files[filepath.ToSlash(rel)]
	}
	for _, a := range kb.Articles {
		path := filepath.Join(a.Dir, content.SourceFile)
		alone, _ := content.ParseArticle(path, source(path), kb.Config)
		if alone == nil {
			t.Fatalf("%s does not parse alone", path)
		}
		kb.WithArticles(alone) // linked to the fragments, as Load links every article
		loaded := *a
		loaded.Dir, loaded.Translations, alone.Translations = "", nil, nil
		if !reflect.DeepEqual(&loaded, alone) {
			t.Errorf("%s: the article loaded differs from the file parsed alone", path)
		}
		if len(a.Translations) == 0 {
			t.Fatalf("%s has no translation; the test needs them", a.ID)
		}
		for lang, tr := range a.Translations {
			path := filepath.Join(a.Dir, lang+".yaml")
			alone, _ := content.ParseTranslation(path, lang, source(path))
			if !reflect.DeepEqual(tr, alone) {
				t.Errorf("%s: the translation loaded differs from the file parsed alone", path)
			}
		}
	}
}
