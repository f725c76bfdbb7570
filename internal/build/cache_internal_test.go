package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
)

// tamperKB is a generated knowledge base with a site and a cache folder,
// and a file of its owner's beside them.
type tamperKB struct {
	t                             *testing.T
	dir, root, out, cache, victim string
}

func newTamperKB(t *testing.T) *tamperKB {
	dir := t.TempDir()
	k := &tamperKB{t: t, dir: dir, root: filepath.Join(dir, "content"), out: filepath.Join(dir, "public"),
		cache: filepath.Join(dir, "cache"), victim: filepath.Join(dir, "victim.txt")}
	if err := corpus.Write(k.root, corpus.Options{Articles: 6, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(k.victim, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return k
}

// build loads, checks and builds through a plan, as kbc build does,
// stopping where the plan finds the site up to date.
func (k *tamperKB) build() *Summary {
	k.t.Helper()
	p, err := NewPlan(k.root, Options{Out: k.out, Cache: k.cache})
	if err != nil {
		k.t.Fatal(err)
	}
	defer p.Close()
	if sum, ok := p.UpToDate(); ok {
		return sum
	}
	kb, diags, err := p.Load(func(kb *content.KB) diag.List { return lint.Run(kb, lint.All()) })
	if err != nil || diags.HasErrors() {
		k.t.Fatalf("load: %v %v", err, diags)
	}
	sum, err := p.Build(kb)
	if err != nil {
		k.t.Fatal(err)
	}
	return sum
}

// editSummary edits the summary of one article.
func (k *tamperKB) editSummary() {
	k.t.Helper()
	p := filepath.Join(k.root, "kb100004", "article.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		k.t.Fatal(err)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte("\nsummary: \""), []byte("\nsummary: \"Edited "), 1), 0o644); err != nil {
		k.t.Fatal(err)
	}
}

// checkCold checks that the site is what a cold build writes.
func (k *tamperKB) checkCold() {
	k.t.Helper()
	cold := filepath.Join(k.dir, "cold")
	kb, _, err := content.Load(k.root)
	if err != nil {
		k.t.Fatal(err)
	}
	if _, err := Build(kb, Options{Out: cold}); err != nil {
		k.t.Fatal(err)
	}
	if got, want := fileHashes(k.t, k.out), fileHashes(k.t, cold); !equalHashes(got, want) {
		k.t.Error("the site differs from a cold build")
	}
}

// rewrite loads the cache file name into v, lets change alter it and saves
// it back with a checksum that matches, as someone who knows the format
// would.
func rewrite[T any](k *tamperKB, name string, change func(*T)) {
	k.t.Helper()
	var v T
	p := filepath.Join(k.cache, name)
	if err := buildcache.Load(p, &v); err != nil {
		k.t.Fatal(err)
	}
	change(&v)
	sum, err := buildcache.SaveSum(p, v)
	if err != nil {
		k.t.Fatal(err)
	}
	// The state names the pages and folders written with it: a rewrite
	// that would pass for kbc's own names the new ones there too.
	switch name {
	case pagesFile:
		rewrite(k, stateFile, func(st *state) { st.PagesSum = sum })
	case foldersFile:
		rewrite(k, stateFile, func(st *state) { st.FoldersSum = sum })
	}
}

// anyRecord returns the path of a page the pages file records.
func anyRecord(pg *pages) string {
	for p := range pg.Records {
		if strings.HasPrefix(p, "en/") {
			return p
		}
	}
	return ""
}

// TestTamperedCacheIsDiscarded plants, in each file of the cache, paths
// that lead outside the folder they belong to, with checksums that match.
// The next build must discard the cache with a note, build cold, and
// touch nothing outside the site.
func TestTamperedCacheIsDiscarded(t *testing.T) {
	outside := "../victim.txt"
	for _, tc := range []struct {
		name   string
		tamper func(k *tamperKB)
	}{
		{"a site file outside the site", func(k *tamperKB) {
			rewrite(k, pagesFile, func(pg *pages) { pg.Files[outside] = outFile{Sum: buildcache.RawSum([]byte("mine\n")), Size: 5} })
		}},
		{"an absolute site file", func(k *tamperKB) {
			rewrite(k, pagesFile, func(pg *pages) { pg.Files[k.victim] = outFile{Sum: buildcache.RawSum([]byte("mine\n")), Size: 5} })
		}},
		{"a page outside the site", func(k *tamperKB) {
			rewrite(k, pagesFile, func(pg *pages) {
				p := anyRecord(pg)
				pg.Records["../../"+p] = pg.Records[p]
				delete(pg.Records, p)
			})
		}},
		{"an image outside the site", func(k *tamperKB) {
			rewrite(k, pagesFile, func(pg *pages) {
				p := anyRecord(pg)
				r := pg.Records[p]
				r.Images = append(r.Images, "media/../../victim.txt")
				pg.Records[p] = r
			})
		}},
		{"a content file outside the content folder", func(k *tamperKB) {
			rewrite(k, stateFile, func(st *state) { st.Tree["kb100001/../../victim.txt"] = buildcache.File{} })
		}},
		{"a site entry outside the site", func(k *tamperKB) {
			rewrite(k, stateFile, func(st *state) { st.Output["../"] = buildcache.File{} })
		}},
		{"an article folder outside the content folder", func(k *tamperKB) {
			rewrite(k, foldersFile, func(f *folders) {
				e := f.Folders["kb100002"]
				delete(f.Folders, "kb100002")
				e.Digest.Dir = ".."
				f.Folders[".."] = e
			})
		}},
		{"an article file outside its folder", func(k *tamperKB) {
			rewrite(k, foldersFile, func(f *folders) {
				e := f.Folders["kb100002"]
				e.Digest.File = "kb100002/../../victim.txt"
				f.Folders["kb100002"] = e
			})
		}},
		{"an article id that is a path", func(k *tamperKB) {
			rewrite(k, foldersFile, func(f *folders) {
				e := f.Folders["kb100002"]
				e.Digest.ID = "../../victim"
				f.Folders["kb100002"] = e
			})
		}},
		{"a figure file outside the content folder", func(k *tamperKB) {
			rewrite(k, foldersFile, func(f *folders) {
				e := f.Folders["kb100002"]
				e.Outside = append(e.Outside, "../victim.txt")
				f.Folders["kb100002"] = e
			})
		}},
		{"a finding outside the content folder", func(k *tamperKB) {
			rewrite(k, foldersFile, func(f *folders) {
				e := f.Folders["kb100002"]
				e.Findings = append(e.Findings, diag.Diagnostic{Pos: diag.Position{File: "/etc/passwd", Line: 1, Column: 1}, Rule: "schema", Message: "planted"})
				f.Folders["kb100002"] = e
			})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newTamperKB(t)
			k.build()
			tc.tamper(k)
			// An edit elsewhere, so that the build does not stop at "up
			// to date" before reading every file of the cache.
			k.editSummary()
			sum := k.build()
			if data, err := os.ReadFile(k.victim); err != nil || string(data) != "mine\n" {
				t.Errorf("the file beside the site: %q, %v", data, err)
			}
			if !strings.Contains(sum.Cache, "cache ignored") {
				t.Errorf("cache note %q, want the cache ignored", sum.Cache)
			}
			k.checkCold()
		})
	}
}

func fileHashes(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[rel] = buildcache.Sum(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func equalHashes(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for p, h := range a {
		if b[p] != h {
			return false
		}
	}
	return true
}

// TestListingOfAReusedStagingIsTheSite checks that the listing of the site
// a build derives, when it staged in the replaced site rather than list
// the new one, is what listing the site gives: else the next build finds
// files changed that are not, or the reverse.
func TestListingOfAReusedStagingIsTheSite(t *testing.T) {
	k := newTamperKB(t)
	k.build()
	for i, word := range []string{"First", "Second", "Third"} {
		p := filepath.Join(k.root, strings.ToLower(corpus.ArticleID(i+1)), "article.yaml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, bytes.Replace(data, []byte("\nsummary: \""), []byte("\nsummary: \""+word+" "), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		k.build()
		var st state
		if err := buildcache.Load(filepath.Join(k.cache, stateFile), &st); err != nil {
			t.Fatal(err)
		}
		listed, err := buildcache.List(k.out)
		if err != nil {
			t.Fatal(err)
		}
		if !listed.SameStat(st.Output) {
			for p := range listed {
				if _, ok := st.Output[p]; !ok {
					t.Errorf("build %d: the listing lacks %s", i+1, p)
				}
			}
			for p := range st.Output.Changed(listed) {
				t.Errorf("build %d: the listing has %s otherwise", i+1, p)
			}
			t.Fatalf("build %d: the recorded listing (%d entries) is not the site's (%d)", i+1, len(st.Output), len(listed))
		}
	}
}

// TestDamagedFoldersAreNoted damages the folders a build left, alone or
// with the state naming them: the next build loads every folder, says so,
// and writes the site a cold build writes.
func TestDamagedFoldersAreNoted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(k *tamperKB)
		want   string
	}{
		{"a byte changed", func(k *tamperKB) {
			p := filepath.Join(k.cache, foldersFile)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 0xff
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "their cache was ignored: "},
		{"removed", func(k *tamperKB) {
			if err := os.Remove(filepath.Join(k.cache, foldersFile)); err != nil {
				t.Fatal(err)
			}
		}, "their cache was ignored: folders is missing from "},
		{"another build's", func(k *tamperKB) {
			rewrite(k, stateFile, func(st *state) { st.FoldersSum = "0123" })
		}, "their cache was ignored: it is not the one written with the cache's state"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newTamperKB(t)
			k.build()
			tc.damage(k)
			k.editSummary()
			sum := k.build()
			if sum.Cache != "" || !strings.HasPrefix(sum.FoldersCache, tc.want) {
				t.Errorf("cache notes %q and %q, want none and %q…", sum.Cache, sum.FoldersCache, tc.want)
			}
			k.checkCold()
			// Up to date, it gives the summary of the build that wrote
			// the site, whose note is no longer true.
			if sum := k.build(); !sum.UpToDate || sum.Cache != "" || sum.FoldersCache != "" {
				t.Errorf("the build after: up to date %v, cache notes %q and %q; want up to date and none", sum.UpToDate, sum.Cache, sum.FoldersCache)
			}
			k.editSummary()
			if sum := k.build(); sum.UpToDate || sum.Cache != "" || sum.FoldersCache != "" {
				t.Errorf("the build after an edit: up to date %v, cache notes %q and %q; want none", sum.UpToDate, sum.Cache, sum.FoldersCache)
			}
		})
	}
}

// TestPagesOfAnArticleShareEqualLists checks that the pages of one
// article that show the same images, or fall back to the same figures,
// keep one list between them, at its length, and that other lists are
// kept apart.
func TestPagesOfAnArticleShareEqualLists(t *testing.T) {
	var sl articleSlot
	grown := append(make([]string, 0, 8), "media/kb1/a.svg", "media/kb1/b.svg")
	en := sl.shared(grown)
	fr := sl.shared([]string{"media/kb1/a.svg", "media/kb1/b.svg"})
	if &en[0] == &grown[0] || cap(en) != len(en) {
		t.Errorf("the list kept is the page's own, with room for %d", cap(en))
	}
	if &fr[0] != &en[0] {
		t.Error("two pages showing the same images keep two lists")
	}
	if hu := sl.shared([]string{"media/kb1/a.svg"}); &hu[0] == &en[0] || len(hu) != 1 {
		t.Errorf("a page showing other images got %q", hu)
	}
	if sl.shared(nil) != nil || sl.shared([]string{}) != nil {
		t.Error("an empty list is kept as a list, not as nil")
	}
}

// TestPlanForgetsTheLastTreesOnceCompared: a build after an edit compares
// the content and site folders with the trees the last build recorded,
// then holds only the trees as they are now; it is no longer up to date.
// Nor does it hold the last build's page records once it has taken those
// it keeps; and the site it writes is a cold build's.
func TestPlanForgetsTheLastTreesOnceCompared(t *testing.T) {
	k := newTamperKB(t)
	k.build()
	k.editSummary()
	p, err := NewPlan(k.root, Options{Out: k.out, Cache: k.cache})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.st == nil || len(p.st.Tree) == 0 || len(p.st.Output) == 0 {
		t.Fatalf("the plan has no trees of the last build to compare with: %+v", p.st)
	}
	if _, ok := p.UpToDate(); ok {
		t.Fatal("up to date after an edit")
	}
	kb, diags, err := p.Load(func(kb *content.KB) diag.List { return lint.Run(kb, lint.All()) })
	if err != nil || diags.HasErrors() {
		t.Fatalf("load: %v %v", err, diags)
	}
	prev, why := p.previous()
	if prev == nil {
		t.Fatalf("the last build's pages are not used: %s", why)
	}
	if p.st.Tree != nil || p.st.Output != nil || prev.state.Tree != nil || prev.state.Output != nil {
		t.Error("the plan still holds the trees of the last build")
	}
	if len(p.tree) == 0 || len(prev.site) == 0 {
		t.Error("the plan lost the trees as they are now")
	}
	if _, ok := p.UpToDate(); ok {
		t.Error("up to date once the plan went on to build")
	}
	sum, err := p.Build(kb)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rendered == 0 || sum.Rendered == sum.Pages {
		t.Errorf("rendered %d of %d pages, want the edited article's", sum.Rendered, sum.Pages)
	}
	if prev.pages.Records != nil {
		t.Error("the build still holds the last build's page records once it took those it keeps")
	}
	k.checkCold()
	if sum := k.build(); !sum.UpToDate {
		t.Error("the build after the edit's is not up to date: the state it saved does not describe the site")
	}
}
