package build_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/output"
)

// runIn builds as kbc serve does, with the cache kept in mem.
func (k *cachedKB) runIn(mem *build.Memory) (*build.Summary, error) {
	k.t.Helper()
	res, err := build.Run(k.root, build.Options{Out: k.out, Cache: k.cache, Memory: mem})
	if err != nil {
		return nil, err
	}
	if res.Summary == nil {
		k.t.Fatalf("the build stopped on its findings: %v", res.Findings)
	}
	return res.Summary, nil
}

func (k *cachedKB) mustRunIn(mem *build.Memory) *build.Summary {
	k.t.Helper()
	sum, err := k.runIn(mem)
	if err != nil {
		k.t.Fatal(err)
	}
	return sum
}

// noCacheFiles fails the test if the cache folder holds a file that
// describes a site: with a Memory, a build writes none.
func noCacheFiles(t *testing.T, cache string) {
	t.Helper()
	for _, name := range []string{"state", "pages", "folders"} {
		if _, err := os.Lstat(filepath.Join(cache, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the cache folder holds %s (%v)", name, err)
		}
	}
}

// TestMemoryStandsInForTheCacheFiles builds a series of edits with the
// cache kept in memory: each build renders what an edit changed, as with
// the cache folder's files, writes none of them, and leaves the site a
// full build writes.
func TestMemoryStandsInForTheCacheFiles(t *testing.T) {
	k := newCachedKB(t, 12)
	mem := &build.Memory{}
	if first := k.mustRunIn(mem); first.Cache == "" || len(first.Changed) != 12*len(corpus.Locales) {
		t.Fatalf("first build: cache note %q, %d pages rendered; want a note and every page", first.Cache, len(first.Changed))
	}
	noCacheFiles(t, k.cache)
	if sum := k.mustRunIn(mem); !sum.UpToDate {
		t.Errorf("a build with nothing changed: %+v", sum)
	}

	target := corpus.ArticleID(5)
	dependents := linkingTo(k.load(), target)
	if len(dependents) == 0 {
		t.Fatalf("no article links to %s; the test needs one", target)
	}
	k.edit(filepath.Join(strings.ToLower(target), "article.yaml"), "\ntitle: \"", "\ntitle: \"Renamed ")
	sum := k.mustRunIn(mem)
	want := articlePages(target)
	for _, id := range dependents {
		want = append(want, "en/"+strings.ToLower(id)+"/index.html")
	}
	slices.Sort(want)
	if sum.Cache != "" || !slices.Equal(sum.Changed, want) {
		t.Errorf("after editing %s's title: cache note %q, rendered\n%v\nwant\n%v", target, sum.Cache, sum.Changed, want)
	}
	sameTree(t, k.out, k.cold("cold-after-title"))

	other := corpus.ArticleID(8)
	k.edit(filepath.Join(strings.ToLower(other), "article.yaml"), "\nsummary: \"", "\nsummary: \"Reworded ")
	if sum := k.mustRunIn(mem); !slices.Equal(sum.Changed, articlePages(other)) {
		t.Errorf("rendered after editing %s's summary: %v, want %v", other, sum.Changed, articlePages(other))
	}
	sameTree(t, k.out, k.cold("cold-after-summary"))

	// A translation removed: its pages show the source text.
	if err := os.Remove(filepath.Join(k.root, strings.ToLower(corpus.ArticleID(10)), "fr.yaml")); err != nil {
		t.Fatal(err)
	}
	if sum := k.mustRunIn(mem); sum.Cache != "" || len(sum.Changed) == 0 {
		t.Errorf("after removing a translation: cache note %q, rendered %v", sum.Cache, sum.Changed)
	}
	sameTree(t, k.out, k.cold("cold-after-translation"))

	// A page changed in the site by hand is written again.
	page := articlePages(corpus.ArticleID(3))[0]
	k.writeOut(page, "changed by hand")
	if sum := k.mustRunIn(mem); !slices.Contains(sum.Changed, page) {
		t.Errorf("a page changed by hand was not rendered again: %v", sum.Changed)
	}
	sameTree(t, k.out, k.cold("cold-after-damage"))
	noCacheFiles(t, k.cache)

	// Another process's Memory knows nothing of the site.
	if sum := k.mustRunIn(&build.Memory{}); sum.Cache == "" || sum.Rendered != sum.Pages {
		t.Errorf("a build with an empty Memory: cache note %q, %d of %d pages rendered", sum.Cache, sum.Rendered, sum.Pages)
	}
}

// TestMemoryIsForgottenWhenABuildCannotRememberTheSite: a build that swaps
// its site in and then fails to keep what describes it leaves nothing in
// the Memory, and the next build renders every page; a build that fails
// before the swap leaves the Memory as it was, with the site it describes.
func TestMemoryIsForgottenWhenABuildCannotRememberTheSite(t *testing.T) {
	k := newCachedKB(t, 6)
	mem := &build.Memory{}
	k.mustRunIn(mem)

	k.edit(filepath.Join(strings.ToLower(corpus.ArticleID(2)), "article.yaml"), "\ntitle: \"", "\ntitle: \"Renamed ")
	failAt(t, output.StageStaging)
	if _, err := k.runIn(mem); err == nil {
		t.Fatal("the build succeeded with the disk full")
	}
	output.StageHook = nil
	if sum := k.mustRunIn(mem); sum.Cache != "" || sum.Rendered == sum.Pages {
		t.Errorf("after a build that failed before the swap: cache note %q, %d of %d pages rendered; want the Memory used", sum.Cache, sum.Rendered, sum.Pages)
	}
	sameTree(t, k.out, k.cold("cold-after-staging"))

	k.editSummary(1, "Again")
	failAt(t, output.StageCacheWrite)
	sum, err := k.runIn(mem)
	output.StageHook = nil
	if err != nil || len(sum.Warnings) != 1 || !strings.Contains(sum.Warnings[0], "the build cache could not be saved") {
		t.Fatalf("a build whose cache could not be kept: %v, warnings %q", err, sum.Warnings)
	}
	sameTree(t, k.out, k.cold("cold-after-swap"))
	if sum := k.mustRunIn(mem); sum.Cache == "" || sum.Rendered != sum.Pages {
		t.Errorf("after a build that could not keep its cache: cache note %q, %d of %d pages rendered; want every page", sum.Cache, sum.Rendered, sum.Pages)
	}
	sameTree(t, k.out, k.cold("cold-again"))
}
