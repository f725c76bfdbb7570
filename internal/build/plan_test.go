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
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func lintAll(kb *content.KB) diag.List { return lint.Run(kb, lint.All()) }

// planBuild loads, checks and builds through a Plan, as kbc build does,
// and returns what the plan loaded whole and the findings; nothing when
// the site is up to date.
func (k *cachedKB) planBuild() (loaded []string, findings diag.List, upToDate bool) {
	k.t.Helper()
	p, err := build.NewPlan(k.root, build.Options{Out: k.out, Cache: k.cache})
	if err != nil {
		k.t.Fatal(err)
	}
	defer p.Close()
	if _, ok := p.UpToDate(); ok {
		return nil, nil, true
	}
	kb, diags, err := p.Load(lintAll)
	if err != nil {
		k.t.Fatal(err)
	}
	// A build of every page sets the articles aside as it loads them,
	// to load them again whole as it checks and renders them.
	for _, a := range kb.Articles {
		if !a.IsDigest() || a.IsSetAside() {
			loaded = append(loaded, a.ID)
		}
	}
	if !diags.HasErrors() {
		if _, err := p.Build(kb); err != nil {
			k.t.Fatal(err)
		}
	}
	return loaded, diags, false
}

func (k *cachedKB) write(rel, data string) {
	k.t.Helper()
	p := filepath.Join(k.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		k.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		k.t.Fatal(err)
	}
}

func (k *cachedKB) read(rel string) string {
	k.t.Helper()
	data, err := os.ReadFile(filepath.Join(k.root, rel))
	if err != nil {
		k.t.Fatal(err)
	}
	return string(data)
}

func findingLines(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.String())
	}
	return out
}

// TestPlanChecksWhatChangedAndFindsWhatAFullCheckFinds edits a knowledge
// base step by step, building through a Plan after each edit. After every
// step the findings must be those of a load and check of every folder,
// the site (when it is built) that of a cold build, and the plan must
// have loaded only the folders the edit concerns.
func TestPlanChecksWhatChangedAndFindsWhatAFullCheckFinds(t *testing.T) {
	k := newCachedKB(t, 8)
	// KB100001 links to KB100002 ({{kb:}} in a step), as the generator
	// writes it; find who else does, to know the dependents.
	refersTo := func(id string) []string {
		var ids []string
		for _, a := range k.load().Articles {
			data := k.read(filepath.Join(strings.ToLower(a.ID), "article.yaml"))
			if a.ID != id && strings.Contains(data, id) {
				ids = append(ids, a.ID)
			}
		}
		return ids
	}
	withSelf := func(id string, others []string) []string {
		return slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(others), id))))
	}
	depsOf2 := refersTo("KB100002")
	if len(depsOf2) == 0 {
		t.Fatal("no article refers to KB100002; the corpus changed")
	}
	dirOf := func(id string) string { return strings.ToLower(id) + "/article.yaml" }

	steps := []struct {
		name string
		edit func()
		// loaded is the set of articles the plan must load; nil: any.
		loaded []string
	}{
		{"first build", func() {}, nil},
		{"nothing changed", func() {}, []string{}},
		{"summary edited", func() {
			k.edit(dirOf("KB100005"), `summary: "`, `summary: "Edited: `)
		}, []string{"KB100005"}},
		{"title edited: the articles that show it are loaded", func() {
			k.edit(dirOf("KB100002"), `title: "`, `title: "Renamed `)
		}, withSelf("KB100002", depsOf2)},
		{"a warning in one article stays while another changes", func() {
			k.edit(dirOf("KB100003"), `summary: "`, `summary: "Tap  twice: `)
		}, []string{"KB100003"}},
		{"unrelated edit keeps the cached warning", func() {
			k.edit(dirOf("KB100004"), `summary: "`, `summary: "Again: `)
		}, []string{"KB100004"}},
		{"a reference to an unknown article", func() {
			k.edit(dirOf("KB100004"), `summary: "`, `summary: "See {{kb:KB200000}}. `)
		}, []string{"KB100004"}},
		{"the unknown article appears", func() {
			if err := os.CopyFS(filepath.Join(k.root, "kb200000"), os.DirFS(filepath.Join(k.root, "kb100006"))); err != nil {
				t.Fatal(err)
			}
			k.edit("kb200000/article.yaml", "id: KB100006", "id: KB200000")
		}, []string{"KB100004", "KB200000"}},
		{"an anchor another article links to disappears", func() {
			k.edit(dirOf("KB100007"), `summary: "`, `summary: "See {{kb:KB200000#issue-1}}. `)
			k.edit("kb200000/article.yaml", "id: issue-1", "id: issue-one")
		}, []string{"KB100004", "KB100007", "KB200000"}},
		{"the anchor comes back: the folder is as the last build saw it", func() {
			k.edit("kb200000/article.yaml", "id: issue-one", "id: issue-1")
		}, []string{"KB100007"}},
		{"an article takes another's id", func() {
			k.edit("kb200000/article.yaml", "id: KB200000", "id: KB100006")
		}, nil},
		{"and gives it back: the site is up to date", func() {
			k.edit("kb200000/article.yaml", "id: KB100006", "id: KB200000")
		}, []string{}},
		{"a translation goes stale", func() {
			k.edit(dirOf("KB100000"), `title: "`, `title: "New `)
		}, nil},
		{"an article referred to is deleted", func() {
			if err := os.RemoveAll(filepath.Join(k.root, "kb200000")); err != nil {
				t.Fatal(err)
			}
		}, []string{"KB100004", "KB100007"}},
		{"the references are fixed", func() {
			k.edit(dirOf("KB100004"), `See {{kb:KB200000}}. `, ``)
			k.edit(dirOf("KB100007"), `See {{kb:KB200000#issue-1}}. `, ``)
		}, []string{"KB100004", "KB100007"}},
		{"a figure file is deleted", func() {
			if err := os.Remove(filepath.Join(k.root, "kb100003", "figures", "screen-8.svg")); err != nil {
				t.Fatal(err)
			}
		}, []string{"KB100003"}},
		{"an article is retired: the articles that link to it are loaded, and now link to its replacement", func() {
			k.edit(dirOf("KB100006"), "id: KB100006\n", "id: KB100006\nstatus: retired\nreplaced_by: KB100005\n")
		}, withSelf("KB100006", refersTo("KB100006"))},
		{"the replacement is renamed: the links to the retired article show its new title", func() {
			k.edit(dirOf("KB100005"), `title: "`, `title: "Replacement `)
		}, withSelf("KB100005", append(refersTo("KB100005"), withSelf("KB100006", refersTo("KB100006"))...))},
		{"an article becomes a draft: its pages leave the site", func() {
			k.edit(dirOf("KB100003"), "id: KB100003\n", "id: KB100003\nstatus: draft\n")
		}, nil},
		{"a translation file is broken: the articles that show its title are loaded, those linking to the article it replaces too", func() {
			k.write("kb100005/fr.yaml", "lang: fr\ntitle: [\n")
		}, withSelf("KB100005", slices.Concat(refersTo("KB100005"), withSelf("KB100006", refersTo("KB100006")),
			// The draft's links made the last step's build refuse, so
			// its folders are loaded again as well.
			withSelf("KB100003", refersTo("KB100003"))))},
	}
	for i, st := range steps {
		st.edit()
		loaded, got, upToDate := k.planBuild()
		want := linttest.Findings(t, k.root)
		if !upToDate && !slices.Equal(findingLines(got), findingLines(want)) {
			t.Fatalf("step %d (%s): findings through the plan:\n%s\nwant, from a full check:\n%s",
				i, st.name, strings.Join(findingLines(got), "\n"), strings.Join(findingLines(want), "\n"))
		}
		if st.loaded != nil && !slices.Equal(loaded, st.loaded) {
			t.Errorf("step %d (%s): the plan loaded %v, want %v", i, st.name, loaded, st.loaded)
		}
		if !want.HasErrors() {
			sameTree(t, k.out, k.cold("cold"+string(rune('a'+i))))
		}
	}
}

// TestPlanAfterABuildWithoutIt checks that a build of a knowledge base
// loaded without a Plan (as kbc serve does) leaves no folder entries for
// the next Plan to trust: the pages kept for a digest must be those its
// entry describes.
func TestPlanAfterABuildWithoutIt(t *testing.T) {
	k := newCachedKB(t, 6)
	k.planBuild()
	k.edit("kb100001/article.yaml", `title: "`, `title: "Changed `)
	k.build() // loads everything, builds with the cache
	k.edit("kb100001/article.yaml", `title: "Changed `, `title: "`)
	_, got, _ := k.planBuild()
	if want := linttest.Findings(t, k.root); !slices.Equal(findingLines(got), findingLines(want)) {
		t.Fatalf("findings through the plan:\n%s\nwant:\n%s", strings.Join(findingLines(got), "\n"), strings.Join(findingLines(want), "\n"))
	}
	sameTree(t, k.out, k.cold("cold"))
}

// TestPlanFollowsARetiredArticleToItsReplacement checks that a page
// linking to a retired article, which shows the title of the article that
// replaces it, is rendered again when that title changes, although the
// page names neither the replacement nor anything that changed.
func TestPlanFollowsARetiredArticleToItsReplacement(t *testing.T) {
	k := emptyCachedKB(t)
	k.write("kb.yaml", "source_locale: en\nlocales: [en]\n")
	k.write("kb1/article.yaml", "id: KB1\ntitle: Links to the old article\nsummary: See {{kb:KB2}}.\n")
	k.write("kb2/article.yaml", "id: KB2\nstatus: retired\nreplaced_by: KB3\ntitle: Old\n")
	k.write("kb3/article.yaml", "id: KB3\ntitle: The new article\n")
	k.planBuild()
	k.edit("kb3/article.yaml", "title: The new article", "title: The renamed article")
	loaded, _, _ := k.planBuild()
	if want := []string{"KB1", "KB2", "KB3"}; !slices.Equal(loaded, want) {
		t.Errorf("the plan loaded %v, want %v", loaded, want)
	}
	sameTree(t, k.out, k.cold("cold"))
	if page, _ := os.ReadFile(filepath.Join(k.out, "en", "kb1", "index.html")); !strings.Contains(string(page), "The renamed article") {
		t.Error("KB1's page does not show the replacement's new title")
	}
}

// TestPlanFollowsSectionsAndTheTheme builds a knowledge base whose
// articles are in sections: an article's page lists the other articles of
// its section, so a change to one article's title or section loads its
// section's articles, and a change to the theme or to a file kb.yaml
// names for the site renders every page; a comment in kb.yaml that moves
// no line renders none. After every edit the site is that of a cold
// build.
func TestPlanFollowsSectionsAndTheTheme(t *testing.T) {
	k := newCachedKB(t, 6)
	sections := map[string]string{"KB100000": "one", "KB100001": "one", "KB100002": "one", "KB100003": "two", "KB100004": "two", "KB100005": "two"}
	k.edit("kb.yaml", "locales: [en, fr, hu, ja]\n", `locales: [en, fr, hu, ja]
categories:
  - id: all
    name: {en: All, fr: Tout, hu: Minden, ja: すべて}
    sections:
      - {id: one, name: {en: One, fr: Un, hu: Egy, ja: 一}}
      - {id: two, name: {en: Two, fr: Deux, hu: Kettő, ja: 二}}
site:
  logo: theme/logo.svg
`)
	k.write("theme/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`)
	for id, s := range sections {
		k.edit(strings.ToLower(id)+"/article.yaml", "id: "+id+"\n", "id: "+id+"\nsection: "+s+"\n")
	}
	refersTo := func(id string) []string {
		var ids []string
		for _, a := range k.load().Articles {
			if a.ID != id && strings.Contains(k.read(strings.ToLower(a.ID)+"/article.yaml"), id) {
				ids = append(ids, a.ID)
			}
		}
		return ids
	}
	union := func(lists ...[]string) []string {
		return slices.Compact(slices.Sorted(slices.Values(slices.Concat(lists...))))
	}
	one, two := []string{"KB100000", "KB100001", "KB100002"}, []string{"KB100003", "KB100004", "KB100005"}
	all := union(one, two)
	steps := []struct {
		name   string
		edit   func()
		loaded []string
	}{
		{"first build", func() {}, all},
		{"a title changes: its section's articles list it", func() {
			k.edit("kb100001/article.yaml", `title: "`, `title: "Renamed `)
		}, union(one, refersTo("KB100001"))},
		{"an article moves to another section: both sections' articles are loaded", func() {
			k.edit("kb100002/article.yaml", "section: one\n", "section: two\n")
		}, union(one, two, refersTo("KB100002"))},
		{"a summary changes: no other page shows it", func() {
			k.edit("kb100004/article.yaml", `summary: "`, `summary: "Edited: `)
		}, []string{"KB100004"}},
		{"the theme gets a footer: every page is rendered", func() {
			k.write("theme/templates/footer.html", `{{define "footer"}}<footer><p>{{.Site.Name}} by Example</p></footer>{{end}}`)
		}, all},
		{"the theme's footer changes", func() {
			k.edit("theme/templates/footer.html", "by Example", "by Example Inc.")
		}, all},
		{"the theme's stylesheet appears", func() {
			k.write("theme/assets/theme.css", "body { color: #000 }")
		}, all},
		{"the logo changes", func() {
			k.edit("theme/logo.svg", `viewBox="0 0 10 10"`, `viewBox="0 0 20 10"`)
		}, all},
		{"comments beside a value and at the end of kb.yaml: no line moves, nothing is loaded", func() {
			k.edit("kb.yaml", "locales: [en, fr, hu, ja]\n", "locales: [en, fr, hu, ja] # every locale\n")
			k.write("kb.yaml", k.read("kb.yaml")+"# Reviewed in December.\n")
		}, []string{}},
		{"a comment in kb.yaml reworded", func() {
			k.edit("kb.yaml", "# every locale", "# the four locales")
		}, []string{}},
		{"a comment line moves kb.yaml's lines: every article is loaded", func() {
			k.edit("kb.yaml", "categories:\n", "# Sections\ncategories:\n")
		}, all},
		{"nothing changed", func() {}, []string{}},
	}
	for i, st := range steps {
		st.edit()
		loaded, got, upToDate := k.planBuild()
		if got.HasErrors() {
			t.Fatalf("step %d (%s): %s", i, st.name, strings.Join(findingLines(got), "\n"))
		}
		if want := linttest.Findings(t, k.root); !upToDate && !slices.Equal(findingLines(got), findingLines(want)) {
			t.Fatalf("step %d (%s): findings through the plan:\n%s\nwant:\n%s", i, st.name, strings.Join(findingLines(got), "\n"), strings.Join(findingLines(want), "\n"))
		}
		if loaded == nil {
			loaded = []string{}
		}
		if !slices.Equal(loaded, st.loaded) {
			t.Errorf("step %d (%s): the plan loaded %v, want %v", i, st.name, loaded, st.loaded)
		}
		sameTree(t, k.out, k.cold("cold"+string(rune('a'+i))))
	}
	if !strings.Contains(k.read("../public/en/kb100000/index.html"), "by Example Inc.") {
		t.Error("the site does not show the theme's footer")
	}
}

// TestPlanChecksAgainAfterTheTermBaseChanges checks that a change to
// terms.yaml, which no article names, checks every article again: the
// terminology findings of an unchanged article follow the term base.
func TestPlanChecksAgainAfterTheTermBaseChanges(t *testing.T) {
	k := emptyCachedKB(t)
	k.write("kb.yaml", "source_locale: en\nlocales: [en]\n")
	k.write("kb1/article.yaml", "id: KB1\ntitle: Portal\nsummary: Log in to the client portal.\n")
	k.planBuild()
	k.write("terms.yaml", "client-portal:\n  en: {term: Client Portal, forbidden: [client portal]}\n")
	_, got, _ := k.planBuild()
	want := linttest.Findings(t, k.root)
	if len(want) == 0 || !slices.Equal(findingLines(got), findingLines(want)) {
		t.Fatalf("findings through the plan:\n%s\nwant the terminology finding of a full check:\n%s", strings.Join(findingLines(got), "\n"), strings.Join(findingLines(want), "\n"))
	}
}

// TestBuildOfEveryPageSetsArticlesAside checks a first build through the
// plan, which loads the knowledge base lean (content.LoadLean) and loads
// each article again to check and render it: the plan holds stand-ins,
// the site is that of a build of the knowledge base loaded whole, and the
// cache it leaves knows every page's inputs, so that the next build after
// a summary changes renders that article's pages and no other. An article
// that includes a fragment stays whole, and is released as its pages are
// written while the others load again (under -race, that must not race).
func TestBuildOfEveryPageSetsArticlesAside(t *testing.T) {
	was := content.LeanWholeBytes
	content.LeanWholeBytes = 0 // as in a knowledge base too large to keep any article whole
	t.Cleanup(func() { content.LeanWholeBytes = was })
	k := emptyCachedKB(t)
	if err := corpus.Write(k.root, corpus.Options{Articles: 12, Seed: 3, Sections: 2}); err != nil {
		t.Fatal(err)
	}
	k.write("_fragments/sign-in/fragment.yaml", "id: sign-in\nsteps:\n  - {id: sign-in, text: Sign in.}\n")
	k.write("kb1/article.yaml", "id: KB1\ntitle: Set up\nsummary: Set up the app.\nsection: section-1\n"+
		"procedures:\n  - id: setup\n    title: Set up\n    steps:\n      - include: sign-in\n      - {id: done, text: Tap Done.}\n")
	p, err := build.NewPlan(k.root, build.Options{Out: k.out, Cache: k.cache})
	if err != nil {
		t.Fatal(err)
	}
	kb, diags, err := p.Load(lintAll)
	if err != nil || diags.HasErrors() {
		p.Close()
		t.Fatalf("load: %v %v", err, diags)
	}
	if n := len(kb.SetAside()); n != 12 || kb.Article("KB1").IsDigest() {
		t.Errorf("the plan set %d of 13 articles aside, want all but KB1, which includes a fragment", n)
	}
	if _, err := p.Build(kb); err != nil {
		t.Fatal(err)
	}
	sameTree(t, k.out, k.cold("cold"))

	k.edit("kb100005/article.yaml", `summary: "`, `summary: "Edited: `)
	sum := k.build()
	if want := articlePages("KB100005"); !slices.Equal(sum.Changed, want) {
		t.Errorf("after a summary changed the build rendered %v, want %v", sum.Changed, want)
	}
	sameTree(t, k.out, k.cold("cold2"))
}

// TestPlanBuildsAfterTheSiteOrTheContentLosesOrLinksAFile builds through
// a Plan, as kbc build does, after changes that used to stop the build or
// leave a stale page: a page of the site deleted; a folder of the site
// gone, then an edit, which stages in the site kept from before; a figure
// that is a link to another folder's image, whose content changes. Each
// time the build must succeed and its site must be a cold build's.
func TestPlanBuildsAfterTheSiteOrTheContentLosesOrLinksAFile(t *testing.T) {
	for _, tc := range []struct {
		name        string
		setup, edit func(k *cachedKB)
	}{
		{"a page deleted from the site", func(k *cachedKB) {}, func(k *cachedKB) {
			k.remove(filepath.Join("fr", "kb100001", "index.html"))
		}},
		{"an article deleted, then another edited", func(k *cachedKB) {
			if err := os.CopyFS(filepath.Join(k.root, "kb200000"), os.DirFS(filepath.Join(k.root, "kb100005"))); err != nil {
				t.Fatal(err)
			}
			k.edit("kb200000/article.yaml", "id: KB100005", "id: KB200000")
		}, func(k *cachedKB) {
			if err := os.RemoveAll(filepath.Join(k.root, "kb200000")); err != nil {
				t.Fatal(err)
			}
			k.planBuild()
			k.edit("kb100004/article.yaml", `summary: "`, `summary: "Edited `)
		}},
		{"an image's place taken by a folder in the site and in the site kept from before", func(k *cachedKB) {}, func(k *cachedKB) {
			k.edit("kb100001/article.yaml", `summary: "`, `summary: "Edited `)
			k.planBuild() // keeps the site it replaces, to stage the next build in
			images, err := filepath.Glob(filepath.Join(k.out, "media", "kb100004", "figures", "*.svg"))
			if err != nil || len(images) == 0 {
				t.Fatalf("no image of KB100004 in the site: %v", err)
			}
			rel, _ := filepath.Rel(k.out, images[0])
			for _, site := range []string{k.out, filepath.Join(k.dir, ".public.kbc-spare")} {
				p := filepath.Join(site, rel)
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				if err := os.Mkdir(p, 0o755); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"a file whose name is not UTF-8 in the site, then two edits", func(k *cachedKB) {}, func(k *cachedKB) {
			// Some file systems refuse such a name; Linux's take any.
			if err := os.WriteFile(filepath.Join(k.out, "notes-\xe9.txt"), []byte("x"), 0o644); err != nil {
				t.Skipf("this file system refuses the name: %v", err)
			}
			k.edit("kb100001/article.yaml", `summary: "`, `summary: "Edited `)
			k.planBuild() // the file goes with the replaced site, kept beside
			k.edit("kb100001/article.yaml", `summary: "Edited `, `summary: "Again `)
		}},
		{"a linked figure's target changes", func(k *cachedKB) {
			link := filepath.Join(k.root, "kb100003", "figures", "screen-8.svg")
			if err := os.Remove(link); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("../../kb100004/figures/screen-1.svg", link); err != nil {
				t.Fatal(err)
			}
		}, func(k *cachedKB) {
			k.write("kb100004/figures/screen-1.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>`)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newCachedKB(t, 6)
			tc.setup(k)
			if _, findings, _ := k.planBuild(); findings.HasErrors() {
				t.Fatalf("first build: %v", findings)
			}
			tc.edit(k)
			if _, findings, upToDate := k.planBuild(); upToDate || findings.HasErrors() {
				t.Fatalf("build after the change: up to date %v, findings %v", upToDate, findings)
			}
			sameTree(t, k.out, k.cold("cold"))
		})
	}
}

// TestAnOlderCacheFileBesideTheStateIsNotUsed: a pages or folders file
// copied back from an earlier build, beside the state of a later one,
// describes another site. The build must not keep pages by it: the site
// is the one a cold build writes, at once and from then on.
func TestAnOlderCacheFileBesideTheStateIsNotUsed(t *testing.T) {
	for _, name := range []string{"pages", "folders"} {
		t.Run(name, func(t *testing.T) {
			k := newCachedKB(t, 6)
			k.planBuild()
			file := filepath.Join(k.cache, name)
			older, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			k.edit("kb100001/article.yaml", `summary: "`, `summary: "Edited `)
			k.planBuild()
			if err := os.WriteFile(file, older, 0o600); err != nil {
				t.Fatal(err)
			}
			k.edit("kb100001/article.yaml", `summary: "Edited `, `summary: "`)
			k.planBuild()
			sameTree(t, k.out, k.cold("cold"))
			if _, _, upToDate := k.planBuild(); !upToDate {
				t.Error("the build after is not up to date")
			}
			sameTree(t, k.out, k.cold("cold-after"))
		})
	}
}

// TestColdBuildRendersWhatTheChecksLoaded builds every page through a
// plan whose articles are all set aside, loading and checking as kbc
// build does (Plan.LoadChecked): the pages of each article are rendered
// while the checks hold it whole, not from a load of its own. An
// article edited after the checks, so that it no longer loads as the
// article the plan holds, proves it: a build that loaded it again for
// its pages would stop, as one does after Plan.Load. The site is then
// what the checks saw, that of a cold build; with and without a cache.
// A build whose checks find an error leaves no staging folder.
func TestColdBuildRendersWhatTheChecksLoaded(t *testing.T) {
	was := content.LeanWholeBytes
	content.LeanWholeBytes = 0 // as in a knowledge base too large to keep any article whole
	t.Cleanup(func() { content.LeanWholeBytes = was })
	for _, tc := range []struct {
		name    string
		cache   bool
		checked bool // loaded by LoadChecked, else by Load
	}{
		{"checked, with a cache", true, true},
		{"checked, without a cache", false, true},
		{"loaded, then checked apart", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := emptyCachedKB(t)
			if err := corpus.Write(k.root, corpus.Options{Articles: 12, Seed: 3, Sections: 2}); err != nil {
				t.Fatal(err)
			}
			opts := build.Options{Out: k.out}
			if tc.cache {
				opts.Cache = k.cache
			}
			p, err := build.NewPlan(k.root, opts)
			if err != nil {
				t.Fatal(err)
			}
			load := p.LoadChecked
			if !tc.checked {
				load = func() (*content.KB, diag.List, error) { return p.Load(lintAll) }
			}
			kb, diags, err := load()
			if err != nil || diags.HasErrors() {
				p.Close()
				t.Fatalf("load: %v %v", err, diags)
			}
			if n := len(kb.SetAside()); n != 12 {
				t.Fatalf("the plan set %d of 12 articles aside", n)
			}
			k.edit("kb100005/article.yaml", "id: KB100005", "id: KB900005")
			_, err = p.Build(kb)
			k.edit("kb100005/article.yaml", "id: KB900005", "id: KB100005")
			if !tc.checked {
				if err == nil || !strings.Contains(err.Error(), "changed while it was being built") {
					t.Fatalf("a build after Plan.Load, of an article edited since: %v; want it to stop", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sameTree(t, k.out, k.cold("cold"))
		})
	}

	k := emptyCachedKB(t)
	if err := corpus.Write(k.root, corpus.Options{Articles: 12, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	k.edit("kb100007/article.yaml", "see_also: [", "see_also: [KB999999, ")
	res, err := build.Run(k.root, build.Options{Out: k.out, Cache: k.cache})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors() == 0 || res.Summary != nil {
		t.Fatalf("a build with a reference to no article: %d errors, summary %v", res.Errors(), res.Summary)
	}
	left, err := os.ReadDir(k.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		if strings.Contains(e.Name(), "kbc-new") || e.Name() == filepath.Base(k.out) {
			t.Errorf("a build stopped by its findings left %s", e.Name())
		}
	}
}
