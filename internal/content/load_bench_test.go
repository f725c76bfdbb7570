package content_test

import (
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
)

// benchArticles is the size of the generated knowledge base the
// benchmarks of the pipeline run on; they report time per article, which
// should not grow with the size.
const benchArticles = 200

// BenchmarkLoad reads and decodes a generated knowledge base of
// benchArticles articles, each with three translations and eight figures.
func BenchmarkLoad(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "content")
	if err := corpus.Write(dir, corpus.Options{Articles: benchArticles, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		kb, diags, err := content.Load(dir)
		if err != nil || diags.HasErrors() || len(kb.Articles) != benchArticles {
			b.Fatalf("load: %v, %d findings", err, len(diags))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchArticles), "ns/article")
}
