package corpus_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/treetest"
)

func TestCorpusIsCleanUnderEveryRule(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(dir, corpus.Options{Articles: 12, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	kb, diags, err := content.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	diags = append(diags, lint.Run(kb, lint.All())...)
	for _, d := range diags {
		t.Errorf("%s", d)
	}
	if len(kb.Articles) != 12 {
		t.Fatalf("got %d articles, want 12", len(kb.Articles))
	}
	a := kb.Articles[0]
	p := a.Procedures[0]
	for _, b := range []string{"android", "ios"} {
		if n := len(p.Branch(b)); n != 6 {
			t.Errorf("%s branch has %d steps, want 6", b, n)
		}
	}
	if len(a.Figures) != 8 || len(a.Troubleshooting) != 3 || len(a.SeeAlso) != 5 {
		t.Errorf("article has %d figures, %d troubleshooting entries, %d see-also; want 8, 3, 5",
			len(a.Figures), len(a.Troubleshooting), len(a.SeeAlso))
	}
	for _, l := range []string{"fr", "hu", "ja"} {
		if pending := coverage.PendingUnits(a, l); len(pending) != 0 {
			t.Errorf("%s: %d units missing or stale", l, len(pending))
		}
	}
}

func TestCorpusIsDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dir := range []string{a, b} {
		if err := corpus.Write(dir, corpus.Options{Articles: 8, Seed: 3}); err != nil {
			t.Fatal(err)
		}
	}
	if d := treetest.Diff(treetest.Read(t, a), treetest.Read(t, b)); d != nil {
		t.Error("two corpora with the same options differ")
	}
	c := filepath.Join(t.TempDir(), "c")
	if err := corpus.Write(c, corpus.Options{Articles: 8, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	if treetest.Diff(treetest.Read(t, a), treetest.Read(t, c)) == nil {
		t.Error("corpora with different seeds are identical")
	}
}

// A knowledge base's figures are different images: were they one file
// written many times, a check that remembers the files it has read would
// read one, and a benchmark would time less than a real site costs.
func TestEveryFigureIsItsOwnImage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(dir, corpus.Options{Articles: 12, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*", "figures", "*.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 12*8 {
		t.Fatalf("%d figure files, want %d", len(files), 12*8)
	}
	seen := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if other, ok := seen[string(data)]; ok {
			t.Errorf("%s is the same image as %s", f, other)
		}
		seen[string(data)] = f
	}
}
