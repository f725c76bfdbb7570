package build_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/treetest"
)

// cachedKB is a generated knowledge base with a site folder and a cache
// folder beside it.
type cachedKB struct {
	t                     *testing.T
	root, out, cache, dir string
}

// emptyCachedKB returns the folders of a knowledge base built with a
// cache, in a temporary folder: content (not written yet), site, cache.
func emptyCachedKB(t *testing.T) *cachedKB {
	dir := t.TempDir()
	return &cachedKB{t: t, dir: dir, root: filepath.Join(dir, "content"), out: filepath.Join(dir, "public"), cache: filepath.Join(dir, ".kbc-cache")}
}

func newCachedKB(t *testing.T, articles int) *cachedKB {
	t.Helper()
	k := emptyCachedKB(t)
	if err := corpus.Write(k.root, corpus.Options{Articles: articles, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	return k
}

func (k *cachedKB) load() *content.KB {
	k.t.Helper()
	kb, diags, err := content.Load(k.root)
	if err != nil || diags.HasErrors() {
		k.t.Fatalf("load: %v %v", err, diags)
	}
	return kb
}

// build builds with the cache.
func (k *cachedKB) build() *build.Summary {
	k.t.Helper()
	sum, err := build.Build(k.load(), build.Options{Out: k.out, Cache: k.cache})
	if err != nil {
		k.t.Fatal(err)
	}
	return sum
}

// run builds with the cache as kbc build does (build.Run): the plan loads
// and lints what changed, and lists the site the last build kept aside
// while it does.
func (k *cachedKB) run() *build.Summary {
	k.t.Helper()
	res, err := build.Run(k.root, build.Options{Out: k.out, Cache: k.cache})
	if err != nil {
		k.t.Fatal(err)
	}
	if res.Summary == nil {
		k.t.Fatalf("the build stopped on its findings: %v", res.Findings)
	}
	return res.Summary
}

// buildWays are the two ways of building with the cache: from a
// knowledge base loaded whole (build) and as kbc build does (run).
var buildWays = []string{"Build", "Run"}

// buildVia builds one of the buildWays.
func (k *cachedKB) buildVia(way string) *build.Summary {
	k.t.Helper()
	if way == "Run" {
		return k.run()
	}
	return k.build()
}

// cold builds without a cache into a folder of its own.
func (k *cachedKB) cold(name string) string {
	k.t.Helper()
	out := filepath.Join(k.dir, name)
	if _, err := build.Build(k.load(), build.Options{Out: out}); err != nil {
		k.t.Fatal(err)
	}
	return out
}

func (k *cachedKB) edit(rel, old, new string) {
	k.t.Helper()
	p := filepath.Join(k.root, rel)
	data, err := os.ReadFile(p)
	if err != nil {
		k.t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		k.t.Fatalf("%s does not hold %q", rel, old)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		k.t.Fatal(err)
	}
}

// sameTree fails unless the two folders hold the same files with the same
// bytes.
func sameTree(t *testing.T, got, want string) {
	t.Helper()
	for _, d := range treetest.Diff(treetest.Read(t, got), treetest.Read(t, want)) {
		t.Errorf("%s (against a full build)", d)
	}
}

// articlePages lists the pages of the articles in every locale.
func articlePages(ids ...string) []string {
	var pages []string
	for _, l := range corpus.Locales {
		for _, id := range ids {
			pages = append(pages, l+"/"+strings.ToLower(id)+"/index.html")
		}
	}
	slices.Sort(pages)
	return pages
}

// linkingTo returns the ids of the articles that show the article's title:
// in their see-also list or through a {{kb:}} reference.
func linkingTo(kb *content.KB, id string) []string {
	var ids []string
	for _, a := range kb.Articles {
		links := slices.ContainsFunc(a.SeeAlso, func(r content.Ref) bool { return r.ID == id })
		for _, t := range a.Texts() {
			links = links || strings.Contains(t.Value, "{{kb:"+id)
		}
		for _, tr := range a.Translations {
			for _, u := range tr.Units {
				links = links || strings.Contains(u.Text.Value, "{{kb:"+id)
			}
		}
		if links && a.ID != id {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

// pagesAddUp checks that a build's pages are those it rendered and those
// it kept, as its summary line counts them.
func pagesAddUp(t *testing.T, sum *build.Summary) {
	t.Helper()
	if sum.Rendered+sum.Reused != sum.Pages {
		t.Errorf("%d pages rendered and %d kept, of %d", sum.Rendered, sum.Reused, sum.Pages)
	}
}

func TestIncrementalBuildRendersOnlyWhatChanged(t *testing.T) {
	k := newCachedKB(t, 12)
	first := k.build()
	if first.Cache == "" || len(first.Changed) != 12*len(corpus.Locales) {
		t.Fatalf("first build: cache note %q, %d pages rendered; want a note and every page", first.Cache, len(first.Changed))
	}

	opts := build.Options{Out: k.out, Cache: k.cache}
	if sum, ok := build.UpToDate(k.root, opts); !ok || sum.Rendered != 0 || !sum.UpToDate {
		t.Fatalf("nothing changed: UpToDate = %v, %+v", ok, sum)
	}
	if sum := k.build(); sum.Rendered != 0 || len(sum.Changed) != 0 || sum.Cache != "" {
		t.Errorf("a build with nothing changed rendered %d pages (%v), cache note %q", sum.Rendered, sum.Changed, sum.Cache)
	}

	// A new English title: the source file changed, so the article's
	// pages in every locale are rendered; the pages linking to it show the
	// new title only in English, as the translations keep their own.
	target := corpus.ArticleID(5)
	dependents := linkingTo(k.load(), target)
	if len(dependents) == 0 {
		t.Fatalf("no article links to %s; the test needs one", target)
	}
	k.edit(filepath.Join(strings.ToLower(target), "article.yaml"), "\ntitle: \"", "\ntitle: \"Renamed ")
	if _, ok := build.UpToDate(k.root, opts); ok {
		t.Fatal("UpToDate after an edit")
	}
	sum := k.build()
	want := articlePages(target)
	for _, id := range dependents {
		want = append(want, "en/"+strings.ToLower(id)+"/index.html")
	}
	slices.Sort(want)
	if !slices.Equal(sum.Changed, want) {
		t.Errorf("rendered after editing %s's title:\n%v\nwant its pages and the English ones of %v:\n%v", target, sum.Changed, dependents, want)
	}
	pagesAddUp(t, sum)
	sameTree(t, k.out, k.cold("cold-after-edit"))

	// An edit that shows only on the article's own pages renders only them,
	// and the listing pages of the locales whose summary did not change
	// are kept.
	other := corpus.ArticleID(8)
	k.edit(filepath.Join(strings.ToLower(other), "article.yaml"), "\nsummary: \"", "\nsummary: \"Reworded ")
	sum = k.build()
	pagesAddUp(t, sum)
	if len(sum.LocalesKept) == 0 || !strings.Contains(sum.String(), fmt.Sprintf("; %d rendered, %d unchanged)", sum.Rendered, sum.Pages-sum.Rendered)) {
		t.Errorf("after editing %s's summary: locales kept %v, summary %q", other, sum.LocalesKept, sum)
	}
	if !slices.Equal(sum.Changed, articlePages(other)) {
		t.Errorf("rendered after editing %s's summary: %v, want %v", other, sum.Changed, articlePages(other))
	}
	sameTree(t, k.out, k.cold("cold-after-summary"))
}

func TestIncrementalBuildRemovesADeletedArticle(t *testing.T) {
	k := newCachedKB(t, 6)
	k.build()
	// The last article: no see-also of the corpus points forward past it.
	gone := strings.ToLower(corpus.ArticleID(5))
	if err := os.RemoveAll(filepath.Join(k.root, gone)); err != nil {
		t.Fatal(err)
	}
	// Articles that linked to it now render its id as plain text; lint
	// would object, but the build must still match a full one.
	k.build()
	if _, err := os.Stat(filepath.Join(k.out, "en", gone)); !os.IsNotExist(err) {
		t.Errorf("en/%s is still in the site: %v", gone, err)
	}
	sameTree(t, k.out, k.cold("cold"))
}

func TestCorruptCacheIsIgnored(t *testing.T) {
	for _, tc := range []struct {
		name    string
		corrupt func(data []byte) []byte
	}{
		{"truncated", func(d []byte) []byte { return d[:len(d)/2] }},
		{"garbage", func(d []byte) []byte { return bytes.Repeat([]byte("not a cache "), 100) }},
		{"other format", func(d []byte) []byte {
			return bytes.Replace(d, fmt.Appendf(nil, "format %d\n", buildcache.Format), []byte("format 0\n"), 1)
		}},
		{"flipped byte", func(d []byte) []byte {
			d = bytes.Clone(d)
			d[len(d)-1] ^= 0xff
			return d
		}},
		{"empty", func([]byte) []byte { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newCachedKB(t, 6)
			k.build()
			k.edit(filepath.Join(strings.ToLower(corpus.ArticleID(1)), "article.yaml"), "\ntitle: \"", "\ntitle: \"Changed ")
			for _, name := range []string{"state", "pages"} {
				p := filepath.Join(k.cache, name)
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, tc.corrupt(data), 0o644); err != nil {
					t.Fatal(err)
				}
				if _, ok := build.UpToDate(k.root, build.Options{Out: k.out, Cache: k.cache}); ok {
					t.Fatalf("%s cache: UpToDate trusted it", name)
				}
			}
			sum := k.build()
			if !strings.Contains(sum.Cache, "cache ignored") || len(sum.Changed) != 6*len(corpus.Locales) {
				t.Errorf("cache note %q, %d pages rendered; want the cache ignored and every page rendered", sum.Cache, len(sum.Changed))
			}
			sameTree(t, k.out, k.cold("cold"))
		})
	}
}

func TestCacheOfAnotherSiteIsIgnored(t *testing.T) {
	k := newCachedKB(t, 6)
	k.build()
	// A build without the cache replaces the site: the cache no longer
	// describes it.
	if _, err := build.Build(k.load(), build.Options{Out: k.out}); err != nil {
		t.Fatal(err)
	}
	if _, ok := build.UpToDate(k.root, build.Options{Out: k.out, Cache: k.cache}); ok {
		t.Error("UpToDate trusted a cache written before the site was rebuilt without it")
	}
	// Other options make another site.
	if _, ok := build.UpToDate(k.root, build.Options{Out: k.out, Cache: k.cache, Platform: "ios"}); ok {
		t.Error("UpToDate trusted a cache written with other options")
	}
	if sum := k.build(); !strings.Contains(sum.Cache, "cache ignored") {
		t.Errorf("cache note %q, want the cache ignored", sum.Cache)
	}
}

func TestInterruptedUpdateForcesAFullBuild(t *testing.T) {
	k := newCachedKB(t, 6)
	k.build()
	if err := os.WriteFile(filepath.Join(k.cache, "journal"), []byte("moving\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := build.UpToDate(k.root, build.Options{Out: k.out, Cache: k.cache}); ok {
		t.Fatal("UpToDate with a journal left by an interrupted build")
	}
	if sum := k.build(); sum.Cache == "" || len(sum.Changed) != 6*len(corpus.Locales) {
		t.Errorf("cache note %q, %d pages rendered; want a full build", sum.Cache, len(sum.Changed))
	}
	if _, err := os.Stat(filepath.Join(k.cache, "journal")); !os.IsNotExist(err) {
		t.Errorf("the journal is still there: %v", err)
	}
}

func TestParallelBuildEqualsSingleCoreBuild(t *testing.T) {
	k := newCachedKB(t, 10)
	parallel := k.cold("parallel")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	sameTree(t, parallel, k.cold("single"))
}

// TestIncrementalBuildSeesAnEditWithRestoredTimes edits an article as
// rsync -t, cp -p or touch -r leave it: the same size and the times the
// file had. The next build must not say the site is up to date, and must
// build what a cold build does.
func TestIncrementalBuildSeesAnEditWithRestoredTimes(t *testing.T) {
	k := newCachedKB(t, 6)
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	err := filepath.WalkDir(k.root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = os.Chtimes(p, old, old)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	k.build()

	// The same title, its first letter's case swapped: not a byte more.
	p := filepath.Join(k.root, strings.ToLower(corpus.ArticleID(2)), "article.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("\ntitle: \"")) + len("\ntitle: \"")
	data[i] ^= 0x20
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
	if _, ok := build.UpToDate(k.root, build.Options{Out: k.out, Cache: k.cache}); ok {
		t.Error("UpToDate after an edit that kept the file's size and times")
	}
	if sum := k.build(); !slices.Contains(sum.Changed, "en/"+strings.ToLower(corpus.ArticleID(2))+"/index.html") {
		t.Errorf("the edited article's page was not rendered again: %v", sum.Changed)
	}
	sameTree(t, k.out, k.cold("cold"))
}

// TestIncrementalBuildRestoresADamagedSite damages the site a cached build
// left, in the ways a person or a tool might: the next build must not say
// it is up to date, and must leave what a cold build does.
func TestIncrementalBuildRestoresADamagedSite(t *testing.T) {
	page := func(i int, locale string) string {
		return filepath.Join(locale, strings.ToLower(corpus.ArticleID(i)), "index.html")
	}
	for _, tc := range []struct {
		name   string
		damage func(k *cachedKB)
	}{
		{"a page deleted", func(k *cachedKB) { k.remove(page(1, "fr")) }},
		{"a page rewritten with its size and times", func(k *cachedKB) {
			p := filepath.Join(k.out, page(2, "hu"))
			info, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, bytes.Repeat([]byte("x"), int(info.Size())), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
				t.Fatal(err)
			}
		}},
		{"a file added", func(k *cachedKB) { k.writeOut("en/stray.html", "stray") }},
		{"a hidden file added", func(k *cachedKB) { k.writeOut("en/.stray", "stray") }},
		{"an image deleted", func(k *cachedKB) { k.remove(k.anyImage()) }},
		{"a page deleted while another article is edited", func(k *cachedKB) {
			k.remove(page(1, "ja"))
			k.edit(filepath.Join(strings.ToLower(corpus.ArticleID(3)), "article.yaml"), "\nsummary: \"", "\nsummary: \"Edited ")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newCachedKB(t, 6)
			k.build()
			tc.damage(k)
			if _, ok := build.UpToDate(k.root, build.Options{Out: k.out, Cache: k.cache}); ok {
				t.Error("UpToDate with the site damaged")
			}
			k.build()
			sameTree(t, k.out, k.cold("cold"))
		})
	}
}

// remove removes a file of the site.
func (k *cachedKB) remove(rel string) {
	k.t.Helper()
	if err := os.Remove(filepath.Join(k.out, rel)); err != nil {
		k.t.Fatal(err)
	}
}

// writeOut writes a file into the site.
func (k *cachedKB) writeOut(rel, data string) {
	k.t.Helper()
	if err := os.WriteFile(filepath.Join(k.out, rel), []byte(data), 0o644); err != nil {
		k.t.Fatal(err)
	}
}

// anyImage returns the path of an image of the site.
func (k *cachedKB) anyImage() string {
	k.t.Helper()
	images, _ := filepath.Glob(filepath.Join(k.out, "media", "*", "figures", "*"))
	if len(images) == 0 {
		k.t.Fatal("the site has no image")
	}
	rel, _ := filepath.Rel(k.out, images[0])
	return rel
}

// spare is the folder where an incremental build keeps the site it
// replaced, for the next one to stage in.
func (k *cachedKB) spare() string { return filepath.Join(k.dir, ".public.kbc-spare") }

// editSummary edits the summary of the i-th article.
func (k *cachedKB) editSummary(i int, word string) {
	k.t.Helper()
	k.edit(filepath.Join(strings.ToLower(corpus.ArticleID(i)), "article.yaml"), "\nsummary: \"", "\nsummary: \""+word+" ")
}

// TestIncrementalBuildStagesInTheReplacedSite checks that an incremental
// build keeps the site it replaced and that the next one stages in it:
// the folder of an article no build changed is the one the cold build
// made, not a new one linked afresh, and the site is what a cold build
// writes.
func TestIncrementalBuildStagesInTheReplacedSite(t *testing.T) {
	for _, way := range buildWays {
		t.Run(way, func(t *testing.T) {
			k := newCachedKB(t, 6)
			k.buildVia(way)
			untouched := filepath.Join("fr", strings.ToLower(corpus.ArticleID(5)))
			coldDir := inode(t, filepath.Join(k.out, untouched))

			k.editSummary(1, "First")
			k.buildVia(way)
			if _, err := os.Stat(k.spare()); err != nil {
				t.Fatalf("the replaced site was not kept: %v", err)
			}
			k.editSummary(2, "Second")
			k.buildVia(way)
			if got := inode(t, filepath.Join(k.out, untouched)); got != coldDir {
				t.Errorf("the folder %s was made again (inode %d, was %d): the build did not stage in the replaced site", untouched, got, coldDir)
			}
			sameTree(t, k.out, k.cold("cold"))
		})
	}
}

// TestTamperedSpareIsNotTrusted changes the kept replaced site in the ways
// a person or a tool might, including links out of it: the next build must
// leave what a cold build does, and nothing outside the site changed.
func TestTamperedSpareIsNotTrusted(t *testing.T) {
	page := func(i int, locale string) string {
		return filepath.Join(locale, strings.ToLower(corpus.ArticleID(i)), "index.html")
	}
	write := func(t *testing.T, p, data string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	replace := func(t *testing.T, p string, with func(p string) error) {
		t.Helper()
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
		if err := with(p); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, spare, outside string)
	}{
		{"a page rewritten", func(t *testing.T, spare, _ string) {
			replace(t, filepath.Join(spare, page(4, "en")), func(p string) error { return os.WriteFile(p, []byte("forged"), 0o644) })
		}},
		{"a file added", func(t *testing.T, spare, _ string) { write(t, filepath.Join(spare, "en", "stray.html"), "stray") }},
		{"a page linked to a file outside", func(t *testing.T, spare, outside string) {
			replace(t, filepath.Join(spare, page(4, "ja")), func(p string) error { return os.Symlink(filepath.Join(outside, "keep.html"), p) })
		}},
		{"a folder linked to a folder outside", func(t *testing.T, spare, outside string) {
			replace(t, filepath.Dir(filepath.Join(spare, page(4, "hu"))), func(p string) error { return os.Symlink(outside, p) })
		}},
		{"a file where a folder was", func(t *testing.T, spare, _ string) {
			replace(t, filepath.Dir(filepath.Join(spare, page(4, "fr"))), func(p string) error { return os.WriteFile(p, []byte("x"), 0o644) })
		}},
		{"the kept site replaced by a link", func(t *testing.T, spare, outside string) {
			replace(t, spare, func(p string) error { return os.Symlink(outside, p) })
		}},
	} {
		for _, way := range buildWays {
			t.Run(tc.name+"/"+way, func(t *testing.T) {
				k := newCachedKB(t, 6)
				outside := filepath.Join(k.dir, "outside")
				if err := os.Mkdir(outside, 0o755); err != nil {
					t.Fatal(err)
				}
				write(t, filepath.Join(outside, "keep.html"), "not the site's")
				k.buildVia(way)
				k.editSummary(1, "First")
				k.buildVia(way)
				tc.tamper(t, k.spare(), outside)
				k.editSummary(2, "Second")
				k.buildVia(way)
				sameTree(t, k.out, k.cold("cold"))
				entries, err := os.ReadDir(outside)
				if err != nil {
					t.Fatal(err)
				}
				if data, err := os.ReadFile(filepath.Join(outside, "keep.html")); err != nil || string(data) != "not the site's" || len(entries) != 1 {
					t.Errorf("the folder outside the site changed: %d entries, keep.html %q %v", len(entries), data, err)
				}
			})
		}
	}
}

// The summary of what each locale shows in the source language counts
// the pages an incremental build kept as well as those it rendered.
func TestIncrementalBuildCountsTheFallbacksOfKeptPages(t *testing.T) {
	k := newCachedKB(t, 6)
	first := k.build().Fallbacks
	figures := 0
	for _, f := range first {
		figures += len(f.Figures)
		if !slices.IsSorted(f.Figures) || len(slices.Compact(slices.Clone(f.Figures))) != len(f.Figures) {
			t.Errorf("%s figures are not sorted and distinct: %v", f.Locale, f.Figures)
		}
		for _, fig := range f.Figures {
			if id, src, ok := strings.Cut(fig, " "); !ok || !strings.HasPrefix(id, "KB") || !strings.HasPrefix(src, "figures/") {
				t.Errorf("%s figure %q is not an article id and a figure's file", f.Locale, fig)
			}
		}
	}
	if figures == 0 {
		t.Fatal("the corpus shows no figure with its source image; the test needs some")
	}
	k.editSummary(2, "Reworded")
	if sum := k.build(); !slices.Equal(sum.Changed, articlePages(corpus.ArticleID(2))) {
		t.Fatalf("rendered %v, want only the pages of %s", sum.Changed, corpus.ArticleID(2))
	} else if fmt.Sprint(sum.Fallbacks) != fmt.Sprint(first) {
		t.Errorf("fallbacks after an incremental build:\n%v\nwant those of the first build:\n%v", sum.Fallbacks, first)
	}
}

// TestIncrementalBuildKeepsTheListingsOfUnchangedLocales: the home,
// category and section pages and the search index of a locale are built
// again only when what its pages show there changed, or the site lost one
// of them; whichever way, the site is what a full build writes.
func TestIncrementalBuildKeepsTheListingsOfUnchangedLocales(t *testing.T) {
	k := newCachedKB(t, 12)
	if sum := k.build(); len(sum.LocalesKept) != 0 {
		t.Fatalf("first build kept the listings of %v", sum.LocalesKept)
	}
	others := slices.DeleteFunc(slices.Clone(corpus.Locales), func(l string) bool { return l == "en" })

	// An English summary shows in the English listings and search index
	// only: the translations keep their own summaries.
	id := strings.ToLower(corpus.ArticleID(8))
	k.edit(filepath.Join(id, "article.yaml"), "\nsummary: \"", "\nsummary: \"Reworded ")
	if sum := k.build(); !slices.Equal(sum.LocalesKept, others) {
		t.Errorf("after an English summary changed, kept the listings of %v, want %v", sum.LocalesKept, others)
	}
	sameTree(t, k.out, k.cold("cold-after-summary"))

	// A French title shows in the French ones only.
	k.edit(filepath.Join(id, "fr.yaml"), "\ntitle: {text: \"", "\ntitle: {text: \"Renommé ")
	if sum := k.build(); slices.Contains(sum.LocalesKept, "fr") || len(sum.LocalesKept) != len(corpus.Locales)-1 {
		t.Errorf("after a French title changed, kept the listings of %v, want all but fr", sum.LocalesKept)
	}
	sameTree(t, k.out, k.cold("cold-after-title"))

	// A home page the site lost is written again, and its locale's
	// listings with it, though nothing changed in the content but a
	// summary of another locale.
	if err := os.Remove(filepath.Join(k.out, "hu", "index.html")); err != nil {
		t.Fatal(err)
	}
	k.edit(filepath.Join(id, "article.yaml"), "\nsummary: \"", "\nsummary: \"Again ")
	if sum := k.build(); slices.Contains(sum.LocalesKept, "hu") || slices.Contains(sum.LocalesKept, "en") {
		t.Errorf("after hu/index.html was removed, kept the listings of %v, want neither hu nor en", sum.LocalesKept)
	}
	sameTree(t, k.out, k.cold("cold-after-removal"))
}

// TestBuildTakesTheListingItIsGiven: a build given a listing of the
// content folder takes the files' stat data from it rather than from a
// walk of its own: given a listing taken before an edit, it finds the
// site up to date; given a fresh one, it builds the edit.
func TestBuildTakesTheListingItIsGiven(t *testing.T) {
	k := newCachedKB(t, 6)
	k.run()
	runWith := func(l *buildcache.Listing) *build.Summary {
		t.Helper()
		res, err := build.Run(k.root, build.Options{Out: k.out, Cache: k.cache, Listing: l})
		if err != nil || res.Summary == nil {
			t.Fatalf("build: %v %v", err, res)
		}
		return res.Summary
	}
	k.editSummary(3, "Edited")
	before, err := buildcache.ListAt(k.root)
	if err != nil {
		t.Fatal(err)
	}
	// As if listed a minute later, so that the next build hashes no file
	// again for being recent, which would read the edit below.
	before.At = before.At.Add(time.Minute)
	if sum := runWith(before); !slices.Equal(sum.Changed, articlePages(corpus.ArticleID(3))) {
		t.Fatalf("given a listing after an edit, rendered %v, want %v", sum.Changed, articlePages(corpus.ArticleID(3)))
	}
	k.editSummary(2, "Edited")
	if sum := runWith(before); !sum.UpToDate {
		t.Errorf("given the listing from before the edit, the build saw the edit: %+v", sum)
	}
	after, err := buildcache.ListAt(k.root)
	if err != nil {
		t.Fatal(err)
	}
	if sum := runWith(after); !slices.Equal(sum.Changed, articlePages(corpus.ArticleID(2))) {
		t.Errorf("given a fresh listing, rendered %v, want %v", sum.Changed, articlePages(corpus.ArticleID(2)))
	}
	sameTree(t, k.out, k.cold("cold"))
}

// A build that stops on its findings shows them as a build of every page
// does: a guess the last build recorded, in a folder this one did not
// load again, has what follows from it folded under it.
func TestStoppedIncrementalBuildFoldsItsFindingsAsAColdOne(t *testing.T) {
	k := newCachedKB(t, 12)
	k.run()
	k.edit(filepath.Join(strings.ToLower(corpus.ArticleID(1)), "fr.yaml"), "\nsummary:", "\nsummry:")
	k.run() // a warning, with a guess
	k.edit(filepath.Join(strings.ToLower(corpus.ArticleID(5)), "article.yaml"), "\nsummary: \"", "\nsummary: \"See {{kb:KB9999}}. ")
	findings := func(out, cache string) []string {
		t.Helper()
		res, err := build.Run(k.root, build.Options{Out: out, Cache: cache})
		if err != nil || res.Summary != nil {
			t.Fatalf("build.Run = %v, %v; want it stopped on its findings", res, err)
		}
		var got []string
		for _, d := range res.Findings {
			got = append(got, d.String())
			for _, f := range d.Folded {
				got = append(got, "  "+f.String())
			}
		}
		return got
	}
	inc := findings(k.out, k.cache)
	cold := findings(filepath.Join(k.dir, "cold"), filepath.Join(k.dir, "cold-cache"))
	if !slices.Equal(inc, cold) {
		t.Errorf("an incremental build stopped with\n%s\na build of every page with\n%s", strings.Join(inc, "\n"), strings.Join(cold, "\n"))
	}
	if !slices.ContainsFunc(inc, func(s string) bool { return strings.HasPrefix(s, "  ") }) {
		t.Errorf("nothing folded under the guess: %q", inc)
	}
}
