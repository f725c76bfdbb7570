package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/svg"
	"github.com/kbcdev/kbc/internal/treetest"
)

// TestBatchesDoNotChangeFindings checks a generated knowledge base with
// faults in several articles, some of them references between articles,
// in batches of every size from one article to all: the findings must be
// the same.
func TestBatchesDoNotChangeFindings(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(root, corpus.Options{Articles: 12, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	spoil := func(id, old, new string) {
		p := filepath.Join(root, strings.ToLower(id), "article.yaml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s does not hold %q", p, old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spoil("KB100001", `summary: "`, `summary: "See {{kb:KB100003#nowhere}} and {{kb:KB999999}}. `)
	spoil("KB100004", `summary: "`, `summary: "Go to {{step:missing}}; press OK in 3 seconds. `)
	spoil("KB100008", "id: issue-1", "id: issue-9")
	spoil("KB100010", `summary: "`, `summary: "Read {{kb:KB100008#issue-1}}. `)

	kb, diags, err := content.Load(root)
	if err != nil || diags.HasErrors() {
		t.Fatalf("load: %v %v", err, diags)
	}
	leanLoad := func(wholeBytes int64) *content.KB {
		t.Helper()
		was := content.LeanWholeBytes
		content.LeanWholeBytes = wholeBytes
		defer func() { content.LeanWholeBytes = was }()
		lean, leanDiags, err := content.LoadLean(root)
		if err != nil || !sameFindings(leanDiags, diags) {
			t.Fatalf("lean load: %v %v, want %v", err, leanDiags, diags)
		}
		return lean
	}
	lean := leanLoad(0)
	if n := len(lean.SetAside()); n != len(lean.Articles) {
		t.Fatalf("the lean load set %d of %d articles aside", n, len(lean.Articles))
	}
	// Room for about half the articles whole.
	yamlBytes := 0
	for name, data := range treetest.Read(t, root) {
		if strings.HasSuffix(name, ".yaml") {
			yamlBytes += len(data)
		}
	}
	part := leanLoad(int64(yamlBytes / 2))
	if n := len(part.SetAside()); n == 0 || n == len(part.Articles) {
		t.Fatalf("the lean load with room for half the files set %d of %d articles aside", n, len(part.Articles))
	}
	var want []string
	for _, n := range []int{len(kb.Articles), 1, 2, 5, 7} {
		for name, kb := range map[string]*content.KB{"whole": kb, "lean": lean, "partly lean": part} {
			var got []string
			for _, d := range runInBatches(kb, All(), n, Building{}) {
				got = append(got, d.String())
			}
			if want == nil {
				want = got
				if len(want) < 4 {
					t.Fatalf("the spoiled knowledge base has only %d findings: %v", len(want), want)
				}
				continue
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, batches of %d: findings\n%s\nwant\n%s", name, n, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

// TestLeanLoadDoesNotChangeFindings lints every knowledge base of the
// rules' tests loaded whole and loaded lean (content.LoadLean), in batches
// of one article so that each set-aside article is loaded again on its
// own: the loader's findings and the rules' must be the same.
func TestLeanLoadDoesNotChangeFindings(t *testing.T) {
	setAsideEvery(t)
	roots, err := filepath.Glob(filepath.Join("testdata", "*", "*", "kb.yaml"))
	if err != nil || len(roots) < 20 {
		t.Fatalf("found %d knowledge bases: %v", len(roots), err)
	}
	findings := 0
	for _, cfg := range roots {
		root := filepath.Dir(cfg)
		kb, diags, err := content.Load(root)
		if err != nil {
			t.Fatal(err)
		}
		lean, leanDiags, err := content.LoadLean(root)
		if err != nil {
			t.Fatal(err)
		}
		want := append(diags, runInBatches(kb, All(), 1, Building{})...)
		got := append(leanDiags, runInBatches(lean, All(), 1, Building{})...)
		want.Sort()
		got.Sort()
		findings += len(want)
		if !sameFindings(got, want) {
			t.Errorf("%s: lean findings\n%v\nwant\n%v", root, got, want)
		}
	}
	if findings < 100 {
		t.Errorf("the knowledge bases have only %d findings in all", findings)
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

// sameFindings reports whether two lists hold the same findings, as they
// print, in the same order.
func sameFindings(a, b diag.List) bool {
	return slices.EqualFunc(a, b, func(d, e diag.Diagnostic) bool { return d.String() == e.String() })
}

// TestArticleChangedAfterTheLeanLoadIsReported changes two articles after
// a lean load: one takes another id, the other no longer parses. Neither
// can be checked as the load saw it, and each must say so at its file
// rather than pass unchecked; the unchanged articles are checked as ever.
func TestArticleChangedAfterTheLeanLoadIsReported(t *testing.T) {
	root, lean := leanCorpus(t, 6)
	before := runInBatches(lean, All(), 2, Building{})
	rewrite := func(id string, edit func(string) string) string {
		p := filepath.Join(root, strings.ToLower(id), "article.yaml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(edit(string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	renamed := rewrite("KB100001", func(s string) string { return strings.Replace(s, "id: KB100001", "id: KB100099", 1) })
	broken := rewrite("KB100003", func(s string) string { return "id: [\n" + s })

	var changed []string
	for _, d := range runInBatches(lean, All(), 2, Building{}) {
		if strings.Contains(d.Message, "changed while it was being checked") {
			if d.Severity != diag.Error || d.Rule != content.RuleSyntax {
				t.Errorf("finding %v: want an error of rule %s", d, content.RuleSyntax)
			}
			changed = append(changed, d.Pos.File)
			continue
		}
		if d.Pos.File == renamed || d.Pos.File == broken {
			t.Errorf("finding %v about a changed article", d)
		}
	}
	if want := []string{renamed, broken}; !slices.Equal(changed, want) {
		t.Errorf("changed articles reported at %v, want %v", changed, want)
	}
	for _, d := range before {
		if strings.Contains(d.Message, "changed while") {
			t.Errorf("unchanged knowledge base: %v", d)
		}
	}
}

// TestEachBatchIsHandedOverWhole checks what RunBuilding hands a build:
// every set-aside article once, loaded whole, after its batch is checked,
// and every figure sanitized; and findings the same as Run's.
func TestEachBatchIsHandedOverWhole(t *testing.T) {
	_, lean := leanCorpus(t, 7)
	var handed []string
	batches := 0
	figures := svg.NewMemo(1 << 20)
	got := runInBatches(lean, All(), 3, Building{Figures: figures, Batch: func(whole []*content.Article) {
		batches++
		for _, a := range whole {
			if a.IsDigest() || len(a.Procedures) == 0 {
				t.Errorf("%s was handed over as a stand-in", a.ID)
			}
			handed = append(handed, a.ID)
		}
	}})
	var want []string
	for _, a := range lean.SetAside() {
		want = append(want, a.ID)
	}
	if len(want) != 7 || !slices.Equal(handed, want) || batches != 3 {
		t.Errorf("handed over %v in %d batches, want %v in 3", handed, batches, want)
	}
	if n := figures.Len(); n != 7*8 {
		t.Errorf("the checks left %d figures to publish, want the 56 of the 7 articles", n)
	}
	if run := runInBatches(lean, All(), 3, Building{}); !sameFindings(got, run) {
		t.Errorf("findings with a hand-over:\n%v\nwithout:\n%v", got, run)
	}
}

// leanCorpus writes a generated knowledge base of n articles and loads
// it lean, every article set aside; it returns its folder too.
func leanCorpus(t *testing.T, n int) (string, *content.KB) {
	t.Helper()
	setAsideEvery(t)
	root := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(root, corpus.Options{Articles: n, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	lean, diags, err := content.LoadLean(root)
	if err != nil || diags.HasErrors() {
		t.Fatalf("lean load: %v %v", err, diags)
	}
	return root, lean
}

// TestFindingsDoNotDependOnTheCores checks the figures of a knowledge base
// with findings about them in several articles on one core and on four:
// the figure rule shares a batch's articles out between the cores, and
// the findings must be the same.
func TestFindingsDoNotDependOnTheCores(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(root, corpus.Options{Articles: 6, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"kb100000", "kb100002", "kb100005"} {
		figure := filepath.Join(root, id, "figures", fmt.Sprintf("screen-%d.svg", i+1))
		if err := os.WriteFile(figure, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(root, "kb100003", "figures", "screen-2.svg")); err != nil {
		t.Fatal(err)
	}
	kb, diags, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	was := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(was)
	one := append(slices.Clone(diags), Run(kb, All())...)
	runtime.GOMAXPROCS(4)
	four := append(slices.Clone(diags), Run(kb, All())...)
	one.Sort()
	four.Sort()
	if n := len(slices.DeleteFunc(slices.Clone(one), func(d diag.Diagnostic) bool { return d.Rule != "figures" })); n < 4 {
		t.Fatalf("%d findings of the figures rule, want one for each of the 4 figures broken", n)
	}
	if !sameFindings(one, four) {
		t.Errorf("findings on one core:\n%v\non four:\n%v", one, four)
	}
}

// TestPerRunIsOncePerRun checks that what a rule works out per run, such
// as the theme's findings, is worked out once, however many batches the
// run has, and again in the next run.
func TestPerRunIsOncePerRun(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(root, corpus.Options{Articles: 6, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	kb, _, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	rule := &Rule{Name: "counter", Severity: diag.Error, Run: func(p *Pass) {
		p.perRun("count", func() any { calls++; return calls })
	}}
	for run := 1; run <= 2; run++ {
		runInBatches(kb, []*Rule{rule}, 1, Building{})
		if calls != run {
			t.Errorf("after run %d in batches of one article: %d calls, want %d", run, calls, run)
		}
	}
}
