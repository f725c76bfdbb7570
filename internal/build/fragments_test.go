package build_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/site/sitetest"
	"github.com/kbcdev/kbc/internal/treetest"
)

const fragmentKB = `
-- kb.yaml --
source_locale: en
locales: [en, fr, hu, ja]
-- _fragments/install-app/fragment.yaml --
id: install-app
steps:
  - id: open-store
    text: Open the store.
  - id: get-app
    text: Tap Install.
-- _fragments/install-app/fr.yaml --
lang: fr
steps.open-store.text: {text: Ouvrez la boutique., source: 84adbfd7}
-- kb1/article.yaml --
id: KB1
title: Set up
procedures:
  - id: setup
    title: Set up
    steps:
      - include: install-app
      - {id: sign-in, text: Sign in.}
-- kb2/article.yaml --
id: KB2
title: Reinstall
procedures:
  - id: again
    title: Again
    steps:
      - {id: remove, text: Remove the app.}
      - include: install-app
-- kb3/article.yaml --
id: KB3
title: Unrelated
summary: Includes nothing.
`

// TestEditingAFragmentRendersTheArticlesThatIncludeIt: an edit of a
// fragment's step renders again the pages of exactly the articles that
// include it, in every locale, and the site equals a cold build.
func TestEditingAFragmentRendersTheArticlesThatIncludeIt(t *testing.T) {
	k := emptyCachedKB(t)
	sitetest.Write(t, k.root, fragmentKB)
	k.build()

	k.edit("_fragments/install-app/fragment.yaml", "Tap Install.", "Tap Get.")
	if sum := k.build(); !slices.Equal(sum.Changed, articlePages("KB1", "KB2")) {
		t.Errorf("rendered after editing the fragment: %v, want %v", sum.Changed, articlePages("KB1", "KB2"))
	}
	sameTree(t, k.out, k.cold("cold-after-fragment"))

	// A page depends on the fragment's files as on its article's own:
	// an edit of a translation renders the includers' pages again too.
	k.edit("_fragments/install-app/fr.yaml", "Ouvrez la boutique.", "Ouvrez le magasin.")
	if sum := k.build(); !slices.Equal(sum.Changed, articlePages("KB1", "KB2")) {
		t.Errorf("rendered after editing the fragment's translation: %v, want %v", sum.Changed, articlePages("KB1", "KB2"))
	}
	sameTree(t, k.out, k.cold("cold-after-translation"))

	// An article that stops including the fragment no longer depends on it.
	k.edit("kb2/article.yaml", "      - include: install-app\n", "")
	k.build()
	k.edit("_fragments/install-app/fragment.yaml", "Tap Get.", "Tap Install.")
	if sum := k.build(); !slices.Equal(sum.Changed, articlePages("KB1")) {
		t.Errorf("rendered after editing the fragment again: %v, want %v", sum.Changed, articlePages("KB1"))
	}
	sameTree(t, k.out, k.cold("cold-at-the-end"))
}

const noteFragmentKB = `
-- kb.yaml --
source_locale: en
locales: [en, fr, hu, ja]
-- _fragments/stay-online/fragment.yaml --
id: stay-online
notes:
  - {id: online, kind: tip, text: Keep the phone online.}
-- _fragments/stay-online/fr.yaml --
lang: fr
notes.online.text: {text: Gardez le téléphone en ligne., source: "00000000"}
-- kb1/article.yaml --
id: KB1
title: Set up
notes:
  - include: stay-online
-- kb2/article.yaml --
id: KB2
title: Reinstall
notes:
  - {id: own, text: Its own note.}
  - include: stay-online
-- kb3/article.yaml --
id: KB3
title: Unrelated
summary: Includes nothing.
`

// TestEditingANoteFragmentRendersTheArticlesThatIncludeIt: a note
// fragment is a dependency of the pages whose notes include it, as a
// step fragment is of theirs.
func TestEditingANoteFragmentRendersTheArticlesThatIncludeIt(t *testing.T) {
	k := emptyCachedKB(t)
	sitetest.Write(t, k.root, noteFragmentKB)
	k.build()

	for _, e := range []struct{ file, old, new string }{
		{"_fragments/stay-online/fragment.yaml", "Keep the phone online.", "Keep the phone connected."},
		{"_fragments/stay-online/fr.yaml", "Gardez le téléphone en ligne.", "Gardez le téléphone connecté."},
	} {
		k.edit(e.file, e.old, e.new)
		if sum := k.build(); !slices.Equal(sum.Changed, articlePages("KB1", "KB2")) {
			t.Errorf("rendered after editing %s: %v, want %v", e.file, sum.Changed, articlePages("KB1", "KB2"))
		}
		sameTree(t, k.out, k.cold("cold-after-"+filepath.Base(e.file)))
	}
}

// A procedure cut short at the bound on what a page's includes go
// through is never published, whatever the lint settings that let the
// build run: the build fails, naming the include, and writes no site.
func TestProcedureCutShortIsNotPublished(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "content")
	treetest.Write(t, root, corpus.DoubleIncludes(30))
	kb, _, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	_, err = build.Build(kb, build.Options{Out: out})
	if err == nil || !strings.Contains(err.Error(), "procedure p of KB1 is cut short") || !strings.Contains(err.Error(), "article.yaml:9:") {
		t.Fatalf("Build = %v; want it to refuse the procedure cut short, at its include", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the failed build left %s: %v", out, err)
	}
}
