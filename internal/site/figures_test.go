package site_test

import (
	"bytes"
	"image"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/resolve"
	"github.com/kbcdev/kbc/internal/site"
	"github.com/kbcdev/kbc/internal/site/sitetest"
	"github.com/kbcdev/kbc/internal/svg"
)

// figuresKB shows an SVG that the allow-list keeps but that is not
// written as kbc writes it, and a PNG.
const figuresKB = `
-- content/kb.yaml --
source_locale: en
locales: [en]
-- content/kb1/article.yaml --
id: KB1
title: Figures
figures:
  drawing: {src: figures/drawing.svg, alt: A drawing with a caption}
  photo: {src: figures/photo.png, alt: A photograph of the screen}
sections:
  - id: s
    body: See {{fig:drawing}} and {{fig:photo}}.
-- content/kb1/figures/drawing.svg --
<?xml version="1.0" encoding="UTF-8"?>
<!-- <script>alert(1)</script> -->
<s:svg xmlns:s="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="10">
  <s:defs><s:rect id="r" width="5" height="5"/></s:defs>
  <s:use xlink:href="#r" style="FILL:red"/>
  <s:text><![CDATA[<b>&</b>]]></s:text>
</s:svg>
`

func writePNG(t *testing.T, file string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestFiguresPublishedSanitized checks that the site publishes what the
// SVG allow-list keeps of a figure, written anew, and never the file's
// bytes; a raster image is published as it is.
func TestFiguresPublishedSanitized(t *testing.T) {
	root := t.TempDir()
	sitetest.Write(t, root, figuresKB)
	photo := writePNG(t, filepath.Join(root, "content/kb1/figures/photo.png"))
	r := sitetest.RunIn(t, root, build.Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	original, err := os.ReadFile(filepath.Join(root, "content/kb1/figures/drawing.svg"))
	if err != nil {
		t.Fatal(err)
	}
	want, problems := svg.Sanitize(original)
	if len(problems) > 0 {
		t.Fatalf("the fixture's SVG has problems: %v", problems)
	}
	if got := r.File("media/kb1/figures/drawing.svg"); got != string(want) {
		t.Errorf("published SVG:\n%s\nwant what Sanitize writes:\n%s", got, want)
	}
	r.AssertFile("media/kb1/figures/drawing.svg", "&lt;b&gt;&amp;&lt;/b&gt;", `style="fill: red"`, "! script", "! xlink", "! <s:")
	if got := r.File("media/kb1/figures/photo.png"); got != string(photo) {
		t.Error("the PNG was not published as it is")
	}
	r.AssertFile("en/kb1/index.html", `width="20" height="10"`, `width="4" height="3"`)
}

// TestFiguresRefusedAtBuild builds sites with a figure the checks refuse:
// the build fails, naming the file and the line, and writes no site,
// even though nothing lints the knowledge base first.
func TestFiguresRefusedAtBuild(t *testing.T) {
	for _, c := range []struct {
		name, file, data, want string
	}{
		{"foreignObject", "drawing.svg", `<svg xmlns="http://www.w3.org/2000/svg">` + "\n" +
			`<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"/></foreignObject></svg>`,
			"drawing.svg:2:1: <foreignObject> is not allowed in an SVG image"},
		{"not well-formed", "drawing.svg", `<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>`, "drawing.svg:1:52: not well-formed XML"},
		{"disguised PNG", "photo.png", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, "photo.png: the file is not a PNG image"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			sitetest.Write(t, root, figuresKB)
			writePNG(t, filepath.Join(root, "content/kb1/figures/photo.png"))
			if err := os.WriteFile(filepath.Join(root, "content/kb1/figures", c.file), []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			r := sitetest.RunIn(t, root, build.Options{})
			if r.Err == nil || !strings.Contains(r.Err.Error(), c.want) {
				t.Fatalf("build error %v, want one with %q", r.Err, c.want)
			}
			if _, err := os.Stat(r.Out); !os.IsNotExist(err) {
				t.Errorf("the failed build left %s: %v", r.Out, err)
			}
		})
	}
}

// TestFigureLinksAreFollowedOnlyInside builds a site whose content folder
// is itself reached through a symbolic link, as a checkout often is: a
// figure linked to another file of the content folder is published, one
// linked to a file outside it fails the build, which names it.
func TestFigureLinksAreFollowedOnlyInside(t *testing.T) {
	for _, c := range []struct {
		name   string
		target func(root string) string
		want   string
	}{
		{"inside", func(root string) string { return filepath.Join(root, "real/kb1/figures/elsewhere.png") }, ""},
		{"outside", func(root string) string { return filepath.Join(root, "secret.png") }, "figures/photo.png leads outside the content folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			sitetest.Write(t, root, figuresKB)
			if err := os.Rename(filepath.Join(root, "content"), filepath.Join(root, "real")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("real", filepath.Join(root, "content")); err != nil {
				t.Fatal(err)
			}
			photo := writePNG(t, c.target(root))
			if err := os.Symlink(c.target(root), filepath.Join(root, "real/kb1/figures/photo.png")); err != nil {
				t.Fatal(err)
			}
			r := sitetest.RunIn(t, root, build.Options{})
			if c.want != "" {
				if r.Err == nil || !strings.Contains(r.Err.Error(), c.want) {
					t.Fatalf("build error %v, want one with %q", r.Err, c.want)
				}
				return
			}
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if got := r.File("media/kb1/figures/photo.png"); got != string(photo) {
				t.Error("the linked PNG was not published as it is")
			}
		})
	}
}

// TestFallbackFiguresNameEachArticle checks that the figures a page shows
// in the source image are listed under the article that shows them, when
// two articles show the same file: the list's text for a file is made
// once and kept for the pages that show it.
func TestFallbackFiguresNameEachArticle(t *testing.T) {
	r := sitetest.Build(t, `
-- content/kb.yaml --
source_locale: en
locales: [en, fr]
-- content/kb1/article.yaml --
id: KB1
title: One
figures:
  logo: {src: ../shared/logo.svg, alt: The logo}
sections:
  - id: s
    body: See {{fig:logo}}.
-- content/kb1/fr.yaml --
lang: fr
title: {text: "Un", source: 00000000}
-- content/kb2/article.yaml --
id: KB2
title: Two
figures:
  logo: {src: ../shared/logo.svg, alt: The logo}
sections:
  - id: s
    body: See {{fig:logo}} again.
-- content/kb2/fr.yaml --
lang: fr
title: {text: "Deux", source: 00000000}
-- content/shared/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>
`)
	var fr []string
	for _, f := range r.Summary.Fallbacks {
		if f.Locale == "fr" {
			fr = f.Figures
		}
	}
	if got, want := strings.Join(fr, ", "), "KB1 ../shared/logo.svg, KB2 ../shared/logo.svg"; got != want {
		t.Errorf("figures shown in French with the source image: %q, want %q", got, want)
	}
	r.AssertFile("fr/kb2/index.html", `src="../../media/shared/logo.svg"`)
}

// TestFiguresPublishedFromTheChecks renders a page with Options.Figures
// holding what the checks kept of its SVG figure: the site publishes it
// from there, taking it out, and what it publishes is what Sanitize
// writes.
func TestFiguresPublishedFromTheChecks(t *testing.T) {
	root := t.TempDir()
	sitetest.Write(t, root, figuresKB)
	writePNG(t, filepath.Join(root, "content/kb1/figures/photo.png"))
	kb, diags, err := content.Load(filepath.Join(root, "content"))
	if err != nil || diags.HasErrors() {
		t.Fatalf("load: %v %v", err, diags)
	}
	original, err := os.ReadFile(filepath.Join(root, "content/kb1/figures/drawing.svg"))
	if err != nil {
		t.Fatal(err)
	}
	figures := svg.NewMemo(1 << 20)
	want, _ := figures.Sanitize(original)
	r, err := site.NewRenderer(kb, site.Options{Figures: figures})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	put := func(path string, data []byte) error { files[path] = string(data); return nil }
	a := kb.Article("KB1")
	if _, err := r.ArticlePage(a, resolve.New(a), "en", put); err != nil {
		t.Fatal(err)
	}
	images := r.TakeImages()
	if len(images) != 2 {
		t.Fatalf("images to publish: %v", images)
	}
	for _, f := range images {
		if err := r.PublishImage(f, put); err != nil {
			t.Fatal(err)
		}
	}
	if n := figures.Len(); n != 0 {
		t.Errorf("%d figures the checks kept were not taken for the site", n)
	}
	if got := files["media/kb1/figures/drawing.svg"]; got != string(want) {
		t.Errorf("published SVG:\n%s\nwant what Sanitize writes:\n%s", got, want)
	}
	if more := r.TakeImages(); len(more) != 0 {
		t.Errorf("images taken again: %v", more)
	}
}

// TestImageShownAgainOnceItIsPublished renders a page of another article
// showing a file already published, as a build does with the articles of
// a later batch, here a fragment's figure: the page shows it where the
// site has it, at its size, and the file is not taken to publish again.
func TestImageShownAgainOnceItIsPublished(t *testing.T) {
	root := t.TempDir()
	sitetest.Write(t, root, fragmentFigureFiles)
	// Sized unlike KB2's own figure, so that the size a page shows is
	// this file's.
	menuSVG := `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="24"/>`
	if err := os.WriteFile(filepath.Join(root, "content/_fragments/open-menu/figures/menu.svg"), []byte(menuSVG), 0o644); err != nil {
		t.Fatal(err)
	}
	kb, diags, err := content.Load(filepath.Join(root, "content"))
	if err != nil || diags.HasErrors() {
		t.Fatalf("load: %v %v", err, diags)
	}
	r, err := site.NewRenderer(kb, site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	put := func(path string, data []byte) error { files[path] = string(data); return nil }
	const menu = "media/_fragments/open-menu/figures/menu.svg"
	kb1 := kb.Article("KB1")
	if _, err := r.ArticlePage(kb1, resolve.New(kb1), "en", put); err != nil {
		t.Fatal(err)
	}
	for _, f := range r.TakeImages() {
		if err := r.PublishImage(f, put); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := files[menu]; !ok {
		t.Fatalf("the fragment's figure was not published: %v", slices.Sorted(maps.Keys(files)))
	}
	kb2 := kb.Article("KB2")
	for _, l := range []string{"en", "fr"} {
		page, err := r.ArticlePage(kb2, resolve.New(kb2), l, put)
		if err != nil {
			t.Fatal(err)
		}
		html := files[site.ArticlePath("KB2", l)]
		for _, want := range []string{`src="../../` + menu + `"`, `width="48" height="24"`} {
			if !strings.Contains(html, want) {
				t.Errorf("%s page of KB2 lacks %s", l, want)
			}
		}
		if !slices.Contains(page.Images, menu) {
			t.Errorf("%s page of KB2 shows images %q, without %s", l, page.Images, menu)
		}
	}
	if more := r.TakeImages(); !slices.Equal(more, []string{filepath.Join(root, "content/kb2/own.svg")}) {
		t.Errorf("images taken after the fragment's figure was published: %q, want KB2's own figure alone", more)
	}
}
