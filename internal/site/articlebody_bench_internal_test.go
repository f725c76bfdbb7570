package site

import (
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/resolve"
)

type benchPage struct {
	v  *articleView
	ui *i18n.Strings
}

// benchRenderer loads a generated knowledge base of 100 articles and
// returns it with a renderer of it.
func benchRenderer(b *testing.B) (*content.KB, *Renderer) {
	root := filepath.Join(b.TempDir(), "content")
	if err := corpus.Write(root, corpus.Options{Articles: 100, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	kb, diags, err := content.Load(root)
	if err != nil || diags.HasErrors() {
		b.Fatalf("load: %v %v", err, diags)
	}
	bl, err := NewRenderer(kb, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return kb, bl
}

func benchViews(b *testing.B) []benchPage {
	kb, bl := benchRenderer(b)
	var pages []benchPage
	for _, a := range kb.Articles {
		res := resolve.New(a)
		for _, l := range bl.locales {
			pages = append(pages, benchPage{bl.buildArticle(a, res, l), bl.catalog.Strings(l)})
		}
	}
	return pages
}

// BenchmarkArticleBody writes the article bodies of every page of a
// generated knowledge base: the part of each page written by htmlWriter.
func BenchmarkArticleBody(b *testing.B) {
	pages := benchViews(b)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, p := range pages {
			n += len(articleHTML(p.v, p.ui))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
}

// BenchmarkBuildArticle builds the page view of every article of a
// generated knowledge base in every locale: resolving, and rendering
// every text (goldmark, or the plain-text fast path).
func BenchmarkBuildArticle(b *testing.B) {
	kb, bl := benchRenderer(b)
	b.ReportAllocs()
	pages := 0
	for b.Loop() {
		for _, a := range kb.Articles {
			res := resolve.New(a)
			for _, l := range bl.locales {
				bl.buildArticle(a, res, l)
				pages++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(pages), "ns/page")
}
