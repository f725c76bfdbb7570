package lint_test

import (
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/lint"
)

const benchArticles = 200

// BenchmarkLint runs every rule over a generated knowledge base of
// benchArticles articles, loaded once.
func BenchmarkLint(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "content")
	if err := corpus.Write(dir, corpus.Options{Articles: benchArticles, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	kb, _, err := content.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	rules := lint.All()
	b.ReportAllocs()
	for b.Loop() {
		if diags := lint.Run(kb, rules); diags.HasErrors() {
			b.Fatalf("the generated corpus has findings: %v", diags[0])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchArticles), "ns/article")
}
