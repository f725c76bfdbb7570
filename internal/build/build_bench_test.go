package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/lint"
)

const benchArticles = 200

// benchSections is the number of sections the generated articles are in,
// so that every page lists related articles, as a help center's do.
const benchSections = 10

func benchKB(b *testing.B) (*content.KB, string) {
	return benchKBOf(b, benchArticles)
}

func benchKBOf(b *testing.B, n int) (*content.KB, string) {
	b.Helper()
	dir := b.TempDir()
	root := filepath.Join(dir, "content")
	if err := corpus.Write(root, corpus.Options{Articles: n, Seed: 1, Sections: benchSections}); err != nil {
		b.Fatal(err)
	}
	kb, diags, err := content.Load(root)
	if err != nil || diags.HasErrors() {
		b.Fatalf("load: %v %v", err, diags)
	}
	return kb, dir
}

func reportPerArticle(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchArticles), "ns/article")
}

// BenchmarkRender renders the whole site of a generated knowledge base of
// benchArticles articles in four locales, without a cache: every page,
// the search index, the images, and the swap into place.
func BenchmarkRender(b *testing.B) {
	kb, dir := benchKB(b)
	out := filepath.Join(dir, "public")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := build.Build(kb, build.Options{Out: out}); err != nil {
			b.Fatal(err)
		}
	}
	reportPerArticle(b)
}

// BenchmarkRenderBySize renders, as BenchmarkRender does, knowledge bases
// of several sizes: the time per article should not grow with the size.
func BenchmarkRenderBySize(b *testing.B) {
	for _, n := range []int{100, 400, 1600} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			kb, dir := benchKBOf(b, n)
			out := filepath.Join(dir, "public")
			for b.Loop() {
				if _, err := build.Build(kb, build.Options{Out: out}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
		})
	}
}

// BenchmarkRenderOneEdit rebuilds with the cache after one article's
// summary changed: its pages, the home pages and the search index.
func BenchmarkRenderOneEdit(b *testing.B) {
	kb, dir := benchKB(b)
	opts := build.Options{Out: filepath.Join(dir, "public"), Cache: filepath.Join(dir, ".kbc-cache")}
	if _, err := build.Build(kb, opts); err != nil {
		b.Fatal(err)
	}
	a := kb.Articles[benchArticles/2]
	file := filepath.Join(a.Dir, content.SourceFile)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		a.Summary.Value = a.Summary.Value + "!"
		// The cache knows files by content: change the file as well.
		f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		f.WriteString("\n")
		f.Close()
		b.StartTimer()
		sum, err := build.Build(kb, opts)
		if err != nil {
			b.Fatal(err)
		}
		if len(sum.Changed) != len(corpus.Locales) {
			b.Fatalf("rendered %v, want the edited article's pages", sum.Changed)
		}
	}
	reportPerArticle(b)
}

// BenchmarkUpToDate checks a site against its cache when nothing changed.
func BenchmarkUpToDate(b *testing.B) {
	kb, dir := benchKB(b)
	opts := build.Options{Out: filepath.Join(dir, "public"), Cache: filepath.Join(dir, ".kbc-cache")}
	if _, err := build.Build(kb, opts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, ok := build.UpToDate(kb.Root, opts); !ok {
			b.Fatal("not up to date")
		}
	}
	reportPerArticle(b)
}

// BenchmarkWorstCasePerMiB loads, lints and builds, without a cache, a
// knowledge base whose one article is a content file of 1 MiB, the most
// the loader accepts, holding a section body of each slow shape of
// Markdown, and reports the time per MiB of content file. The build runs
// even where lint reports a limit crossed, as kbc build would not, to
// measure the bounded path the renderer takes too.
func BenchmarkWorstCasePerMiB(b *testing.B) {
	for _, shape := range corpus.SlowMarkdown {
		b.Run(shape.Name, func(b *testing.B) {
			dir := b.TempDir()
			root := filepath.Join(dir, "content")
			n := content.MaxFileSize - 200
			article := corpus.BodyArticle(shape.Text(n))
			for len(article) > content.MaxFileSize {
				n = n*content.MaxFileSize/len(article) - 64
				article = corpus.BodyArticle(shape.Text(n))
			}
			if err := corpus.WriteBodyKB(root, shape.Text(n)); err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(dir, "public")
			for b.Loop() {
				kb, diags, err := content.Load(root)
				if err != nil || diags.HasErrors() {
					b.Fatalf("load: %v %v", err, diags)
				}
				lint.Run(kb, lint.All())
				if _, err := build.Build(kb, build.Options{Out: out}); err != nil {
					b.Fatal(err)
				}
			}
			mib := float64(len(article)) / (1 << 20)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/mib, "ns/MiB")
		})
	}
}
