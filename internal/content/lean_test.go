package content_test

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/treetest"
)

// leanKB is a knowledge base of an article that includes a fragment's
// steps, one that refers to it in its French text, and one on its own.
var leanKB = map[string]string{
	"kb.yaml":                          "source_locale: en\nlocales: [en, fr]\n",
	"_fragments/sign-in/fragment.yaml": "id: sign-in\nsteps:\n  - {id: sign-in, text: Sign in.}\n",
	"kb1/article.yaml": "id: KB1\ntitle: Set up\nsummary: Set up the app.\n" +
		"procedures:\n  - id: setup\n    title: Set up\n    steps:\n      - include: sign-in\n      - {id: done, text: Tap Done.}\n",
	"kb2/article.yaml": "id: KB2\ntitle: Notifications\nsummary: Turn them on.\n" +
		"procedures:\n  - id: turn-on\n    title: Turn on\n    steps:\n      - {id: open, text: Open Settings.}\n",
	"kb2/fr.yaml": "lang: fr\ntitle: {text: \"Notifications, voir {{kb:KB3}}\", source: \"00000000\"}\n",
	"kb3/article.yaml": "id: KB3\ntitle: Alone\nsummary: On its own.\n" +
		"sections:\n  - {id: about, title: About, text: Nothing to do.}\n",
}

// TestLoadLeanSetsAsideAllButIncluders checks what a lean load holds: the
// article that includes a fragment whole, the others as stand-ins that
// know their digest and what they refer to, and the same articles whole
// again through WithFolders.
func TestLoadLeanSetsAsideAllButIncluders(t *testing.T) {
	setAsideEvery(t)
	root := t.TempDir()
	treetest.Write(t, root, leanKB)
	whole, diags, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	lean, leanDiags, err := content.LoadLean(root)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(leanDiags, diags, func(a, b diag.Diagnostic) bool { return a.String() == b.String() }) {
		t.Errorf("lean load findings %v, want %v", leanDiags, diags)
	}
	var aside []string
	for _, a := range lean.SetAside() {
		aside = append(aside, a.ID)
		if !a.IsDigest() || len(a.Procedures) > 0 {
			t.Errorf("%s is set aside but holds more than its digest", a.ID)
		}
		if w := whole.Article(a.ID); !a.Digest().Equal(w.Digest()) || !slices.Equal(a.Refers(), w.Refers()) {
			t.Errorf("%s: stand-in digest %+v refers %v, want %+v, %v", a.ID, a.Digest(), a.Refers(), w.Digest(), w.Refers())
		}
	}
	if want := []string{"KB2", "KB3"}; !slices.Equal(aside, want) {
		t.Fatalf("set aside %v, want %v", aside, want)
	}
	if got := lean.Article("KB2").Refers(); !slices.Equal(got, []string{"KB3"}) {
		t.Errorf("KB2's stand-in refers to %v, want [KB3], from its French title", got)
	}
	if a := lean.Article("KB1"); a.IsDigest() || len(a.Procedures[0].Shown()) != 2 {
		t.Errorf("the includer is not whole and linked: %+v", a)
	}

	back, got := lean.WithFolders([]string{filepath.Join(root, "kb2"), filepath.Join(root, "kb3")})
	if len(got) != 2 || len(back.SetAside()) != 0 || len(lean.SetAside()) != 2 {
		t.Fatalf("WithFolders brought back %d articles, leaving %d set aside (%d in the lean load)", len(got), len(back.SetAside()), len(lean.SetAside()))
	}
	for _, a := range got {
		w := whole.Article(a.ID)
		if a.IsDigest() || back.Article(a.ID) != a || len(a.Procedures) != len(w.Procedures) || len(a.Sections) != len(w.Sections) ||
			a.Translations["fr"] == nil != (w.Translations["fr"] == nil) {
			t.Errorf("%s is not back whole: %+v", a.ID, a)
		}
	}
}

// A stand-in gives its title in every locale as the article loaded whole
// does, translated, stale or in the source text for want of a
// translation, and exists in the same locales, although it holds its
// translations' titles in its digest alone.
func TestStandInLocalizesItsTitleAsTheWholeArticle(t *testing.T) {
	setAsideEvery(t)
	files := maps.Clone(leanKB)
	files["kb.yaml"] = "source_locale: en\nlocales: [en, fr, hu]\n"
	files["kb3/fr.yaml"] = "lang: fr\ntitle: {text: Seul, source: \"" + content.Fingerprint("Alone") + "\"}\n"
	files["kb3/hu.yaml"] = "lang: hu\ntitle: {text: \"\", source: \"" + content.Fingerprint("Alone") + "\"}\n"
	root := t.TempDir()
	treetest.Write(t, root, files)
	whole, _, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	lean, _, err := content.LoadLean(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"KB2", "KB3"} {
		s, w := lean.Article(id), whole.Article(id)
		if !s.IsDigest() {
			t.Fatalf("%s is not set aside", id)
		}
		if got, want := s.Locales(lean.Config), w.Locales(whole.Config); !slices.Equal(got, want) {
			t.Errorf("%s: stand-in in locales %v, want %v", id, got, want)
		}
		for _, l := range []string{"en", "fr", "hu", "de"} {
			got, gotTr, gotStale := s.Localize(s.Title, l)
			want, wantTr, wantStale := w.Localize(w.Title, l)
			if got.Value != want.Value || gotTr != wantTr || gotStale != wantStale {
				t.Errorf("%s in %s: stand-in title %q (translated %t, stale %t), want %q (%t, %t)", id, l, got.Value, gotTr, gotStale, want.Value, wantTr, wantStale)
			}
		}
	}
	if got, tr, stale := lean.Article("KB2").Localize(lean.Article("KB2").Title, "fr"); !tr || !stale || !strings.HasPrefix(got.Value, "Notifications, voir") {
		t.Errorf("KB2 in French: %q (translated %t, stale %t), want its stale French title", got.Value, tr, stale)
	}
	if got, tr, stale := lean.Article("KB3").Localize(lean.Article("KB3").Title, "fr"); got.Value != "Seul" || !tr || stale {
		t.Errorf("KB3 in French: %q (translated %t, stale %t), want its current French title", got.Value, tr, stale)
	}
}

// setAsideEvery has lean loads set every article aside until the test
// ends, as in a knowledge base too large to keep any article whole.
func setAsideEvery(t *testing.T) {
	t.Helper()
	was := content.LeanWholeBytes
	content.LeanWholeBytes = 0
	t.Cleanup(func() { content.LeanWholeBytes = was })
}

// A lean load keeps articles whole while their files fit in
// LeanWholeBytes, and sets the others aside: all of them in a small
// knowledge base, none with no room, some with room for some.
func TestLoadLeanKeepsArticlesWholeWithinItsBudget(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(root, corpus.Options{Articles: 12, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	files := treetest.Read(t, root)
	folderBytes := func(a *content.Article) int64 {
		n := 0
		for name, data := range files {
			if filepath.Dir(filepath.Join(root, name)) == a.Dir && strings.HasSuffix(name, ".yaml") {
				n += len(data)
			}
		}
		return int64(n)
	}
	var total int64
	whole, _, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range whole.Articles {
		total += folderBytes(a)
	}
	was := content.LeanWholeBytes
	t.Cleanup(func() { content.LeanWholeBytes = was })
	for _, c := range []struct {
		budget       int64
		wantSetAside func(n int) bool
	}{
		{total, func(n int) bool { return n == 0 }},
		{0, func(n int) bool { return n == len(whole.Articles) }},
		{total / 2, func(n int) bool { return n > 0 && n < len(whole.Articles) }},
	} {
		content.LeanWholeBytes = c.budget
		lean, _, err := content.LoadLean(root)
		if err != nil {
			t.Fatal(err)
		}
		var kept int64
		for _, a := range lean.Articles {
			if !a.IsSetAside() {
				kept += folderBytes(a)
			}
		}
		if n := len(lean.SetAside()); !c.wantSetAside(n) || kept > c.budget {
			t.Errorf("with room for %d bytes of %d, %d of %d articles set aside, %d bytes kept whole", c.budget, total, n, len(lean.Articles), kept)
		}
	}
}
