package lintcache_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/incremental"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
	"github.com/kbcdev/kbc/internal/lintcache"
)

// lintKB is a generated knowledge base linted through the cache, as kbc
// lint does.
type lintKB struct {
	t           *testing.T
	root, cache string
}

func (k *lintKB) path(rel string) string { return filepath.Join(k.root, filepath.FromSlash(rel)) }

func (k *lintKB) edit(rel, old, new string) {
	k.t.Helper()
	data, err := os.ReadFile(k.path(rel))
	if err != nil {
		k.t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		k.t.Fatalf("%s does not hold %q", rel, old)
	}
	k.write(rel, strings.Replace(string(data), old, new, 1))
}

func (k *lintKB) write(rel, text string) {
	k.t.Helper()
	if err := os.MkdirAll(filepath.Dir(k.path(rel)), 0o755); err != nil {
		k.t.Fatal(err)
	}
	if err := os.WriteFile(k.path(rel), []byte(text), 0o644); err != nil {
		k.t.Fatal(err)
	}
}

func check(kb *content.KB) diag.List { return lint.Run(kb, lint.All()) }

// lint lints through the cache and returns the findings and how many
// articles the lint checked; -1 when it reused the last lint's findings.
func (k *lintKB) lint() (diag.List, int) {
	k.t.Helper()
	c, err := lintcache.Open(k.cache, k.root, nil)
	if err != nil {
		k.t.Fatal(err)
	}
	if l, ok := c.Findings(); ok {
		return l, -1
	}
	l, err := c.Check(check)
	if err != nil {
		k.t.Fatal(err)
	}
	if err := c.Save(l); err != nil {
		k.t.Fatal(err)
	}
	return l, c.Checked
}

func lines(l diag.List) string {
	var out []string
	for _, d := range l {
		out = append(out, d.String())
	}
	return strings.Join(out, "\n")
}

// TestALintAfterAnEditChecksWhatChangedAndFindsWhatAFullLintFinds edits
// a knowledge base step by step and lints it through the cache after each
// edit. The findings must be those of a lint of every folder, and the
// lint must have checked only the articles the edit concerns; an edit
// outside the article folders, which any finding may depend on, checks
// every article again.
func TestALintAfterAnEditChecksWhatChangedAndFindsWhatAFullLintFinds(t *testing.T) {
	dir := t.TempDir()
	k := &lintKB{t: t, root: filepath.Join(dir, "content"), cache: filepath.Join(dir, "cache")}
	const articles = 8
	if err := corpus.Write(k.root, corpus.Options{Articles: articles, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	file := func(id string) string { return strings.ToLower(id) + "/article.yaml" }
	all := articles
	steps := []struct {
		name string
		edit func()
		// checked is how many articles the lint must check; -1: none, the
		// last findings reused.
		checked int
	}{
		{"first lint", func() {}, all},
		{"nothing changed", func() {}, -1},
		{"a summary edited", func() { k.edit(file("KB100005"), `summary: "`, `summary: "Edited: `) }, 1},
		{"a warning appears", func() { k.edit(file("KB100003"), `summary: "`, `summary: "Tap  twice: `) }, 1},
		{"another article edited: the warning stays", func() { k.edit(file("KB100004"), `summary: "`, `summary: "Again: `) }, 1},
		{"a reference to an unknown article", func() {
			k.edit(file("KB100004"), `summary: "`, `summary: "See {{kb:KB200000}}. `)
		}, 1},
		{"the unknown article appears", func() {
			if err := os.CopyFS(k.path("kb200000"), os.DirFS(k.path("kb100006"))); err != nil {
				t.Fatal(err)
			}
			k.edit("kb200000/article.yaml", "id: KB100006", "id: KB200000")
		}, 2},
		{"an anchor another article links to disappears", func() {
			k.edit(file("KB100007"), `summary: "`, `summary: "See {{kb:KB200000#issue-1}}. `)
			k.edit("kb200000/article.yaml", "id: issue-1", "id: issue-one")
		}, 3},
		{"an article referred to is deleted", func() {
			if err := os.RemoveAll(k.path("kb200000")); err != nil {
				t.Fatal(err)
			}
		}, 2},
		{"a figure file is deleted", func() {
			if err := os.Remove(k.path("kb100003/figures/screen-8.svg")); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"a translation file is broken", func() { k.write("kb100005/fr.yaml", "lang: fr\ntitle: [\n") }, -2},
		{"the term base forbids a word an article uses", func() {
			k.write("terms.yaml", "changed:\n  en: {term: Changed, forbidden: [Edited]}\n")
		}, all},
		{"kb.yaml changes", func() { k.edit("kb.yaml", "\n", "\n# a comment\n") }, all},
		{"a theme file appears", func() { k.write("theme/partials/footer.html", "<p>Help</p>\n") }, all},
		{"nothing changed again", func() {}, -1},
	}
	for i, st := range steps {
		st.edit()
		got, checked := k.lint()
		want := linttest.Findings(t, k.root)
		if st.name == "the term base forbids a word an article uses" && !strings.Contains(lines(want), "terminology") {
			t.Fatalf("step %d (%s): no terminology finding:\n%s", i, st.name, lines(want))
		}
		if lines(got) != lines(want) {
			t.Fatalf("step %d (%s): findings through the cache:\n%s\nwant, from a lint of every folder:\n%s", i, st.name, lines(got), lines(want))
		}
		switch {
		case st.checked == -2:
			if checked < 1 || checked == -1 {
				t.Errorf("step %d (%s): the lint checked %d articles, want some", i, st.name, checked)
			}
		case checked != st.checked:
			t.Errorf("step %d (%s): the lint checked %d articles, want %d", i, st.name, checked, st.checked)
		}
	}
}

// TestTamperedFoldersAreIgnored plants, in a well-formed record of the
// folders, entries no lint writes: the next lint after an edit must
// trust none of the record, report nothing planted and check every
// article.
func TestTamperedFoldersAreIgnored(t *testing.T) {
	for name, tamper := range map[string]func(map[string]incremental.Folder){
		"a finding outside the content folder": func(f map[string]incremental.Folder) {
			e := f["kb100002"]
			e.Findings = append(e.Findings, diag.Diagnostic{Pos: diag.Position{File: "/etc/passwd", Line: 1}, Rule: "schema", Severity: diag.Error, Message: "planted"})
			f["kb100002"] = e
		},
		"an article folder outside the content folder": func(f map[string]incremental.Folder) {
			e := f["kb100002"]
			delete(f, "kb100002")
			e.Digest.Dir = ".."
			f[".."] = e
		},
		"an article id that is a path": func(f map[string]incremental.Folder) {
			e := f["kb100002"]
			e.Digest.ID = "../../victim"
			f["kb100002"] = e
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			k := &lintKB{t: t, root: filepath.Join(dir, "content"), cache: filepath.Join(dir, "cache")}
			if err := corpus.Write(k.root, corpus.Options{Articles: 6, Seed: 3}); err != nil {
				t.Fatal(err)
			}
			k.lint()
			var rec struct {
				Key     string
				Folders map[string]incremental.Folder
			}
			file := filepath.Join(k.cache, lintcache.FoldersFile)
			if err := buildcache.Load(file, &rec); err != nil {
				t.Fatal(err)
			}
			tamper(rec.Folders)
			if err := buildcache.Save(file, rec); err != nil {
				t.Fatal(err)
			}
			k.edit("kb100004/article.yaml", `summary: "`, `summary: "Edited: `)
			got, checked := k.lint()
			if strings.Contains(lines(got), "planted") {
				t.Errorf("the planted finding is reported:\n%s", lines(got))
			}
			if checked != 6 {
				t.Errorf("the lint checked %d articles, want all 6", checked)
			}
			if want := linttest.Findings(t, k.root); lines(got) != lines(want) {
				t.Errorf("findings:\n%s\nwant:\n%s", lines(got), lines(want))
			}
		})
	}
}

// TestALintAfterAnEditSeesWhatFoldersShareOrLinkTo lints through the
// cache after edits whose effect crosses folders other than by an
// article id: a figure that is a symbolic link, to a file of another
// folder or pointed elsewhere; a figure named outside the article's
// folder (an error of its own); a duplicate id. The findings must be
// those of a lint of every folder.
func TestALintAfterAnEditSeesWhatFoldersShareOrLinkTo(t *testing.T) {
	const bad = `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>` + "\n"
	for _, tc := range []struct {
		name        string
		setup, edit func(k *lintKB)
	}{
		{"a figure linked to another folder's file, which changes", func(k *lintKB) {
			k.link("../../kb100004/figures/screen-1.svg", "kb100003/figures/screen-8.svg")
		}, func(k *lintKB) { k.write("kb100004/figures/screen-1.svg", bad) }},
		{"a figure's link pointed elsewhere", func(k *lintKB) {
			k.write("kb100003/figures/bad.svg", bad)
			k.link("screen-7.svg", "kb100003/figures/screen-8.svg")
		}, func(k *lintKB) { k.link("bad.svg", "kb100003/figures/screen-8.svg") }},
		{"a figure named in another folder, whose article changes", func(k *lintKB) {
			k.edit("kb100003/article.yaml", "src: figures/screen-8.svg", "src: ../kb100004/x.svg")
			k.write("kb100004/x.svg", bad)
		}, func(k *lintKB) { k.edit("kb100004/article.yaml", `summary: "`, `summary: "Edited `) }},
		{"a figure named in another folder, no longer named", func(k *lintKB) {
			k.edit("kb100003/article.yaml", "src: figures/screen-8.svg", "src: ../kb100004/x.svg")
			k.write("kb100004/x.svg", bad)
		}, func(k *lintKB) {
			k.edit("kb100003/article.yaml", "src: ../kb100004/x.svg", "src: figures/screen-8.svg")
		}},
		{"a duplicate id, and the first article takes another", func(k *lintKB) {
			k.edit("kb100005/article.yaml", "id: KB100005", "id: KB100004")
		}, func(k *lintKB) { k.edit("kb100004/article.yaml", "id: KB100004", "id: KB100099") }},
		{"a duplicate id, and the first article deleted", func(k *lintKB) {
			k.edit("kb100005/article.yaml", "id: KB100005", "id: KB100004")
		}, func(k *lintKB) {
			if err := os.RemoveAll(k.path("kb100004")); err != nil {
				k.t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			k := &lintKB{t: t, root: filepath.Join(dir, "content"), cache: filepath.Join(dir, "cache")}
			if err := corpus.Write(k.root, corpus.Options{Articles: 8, Seed: 3}); err != nil {
				t.Fatal(err)
			}
			tc.setup(k)
			k.lint()
			before := lines(linttest.Findings(t, k.root))
			tc.edit(k)
			got, _ := k.lint()
			want := lines(linttest.Findings(t, k.root))
			if want == before {
				t.Fatalf("the edit changed no finding; the case tests nothing:\n%s", want)
			}
			if lines(got) != want {
				t.Errorf("findings through the cache:\n%s\nwant, from a lint of every folder:\n%s", lines(got), want)
			}
		})
	}
}

// link makes the file at rel a symbolic link to target, replacing it.
func (k *lintKB) link(target, rel string) {
	k.t.Helper()
	os.Remove(k.path(rel))
	if err := os.Symlink(target, k.path(rel)); err != nil {
		k.t.Fatal(err)
	}
}
