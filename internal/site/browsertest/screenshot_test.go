package browsertest

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kbcdev/kbc/internal/content"
)

// screens are the viewports of the screenshots.
var screens = []struct {
	name          string
	width, height int64
	phone         bool
}{
	{"desktop", 1280, 900, false},
	{"phone", 390, 844, true},
}

// layout is what the screenshot test measures before the picture.
type layout struct {
	Broken     []string `json:"broken"`     // images that do not decode
	ScrollW    int      `json:"scrollW"`    // the page's width
	ViewportW  int      `json:"viewportW"`  // the viewport's width
	Overflowed []string `json:"overflowed"` // elements reaching past the viewport
}

// decodeImages loads every image of the page and returns the addresses of
// those that do not decode. Figures load lazily as they scroll into view,
// and neither a full-page screenshot nor a test scrolls.
const decodeImages = `Promise.all([...document.images].map(i => {
	i.loading = "eager";
	return i.decode().then(() => "", () => i.src);
})).then(broken => broken.filter(Boolean))`

const measureLayout = decodeImages + `.then(broken => ({
	broken,
	scrollW: document.documentElement.scrollWidth,
	viewportW: window.innerWidth,
	overflowed: [...document.querySelectorAll("body *")]
		.filter(e => { const r = e.getBoundingClientRect(); return (r.right > window.innerWidth + 1 || r.left < -1) && !e.closest(".table-wrap"); })
		.slice(0, 8)
		.map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "")),
}))`

// testScreenshots takes a full-page screenshot of the home page, a
// section page and the longest article in every locale at desktop and
// phone width into testout/screenshots, and checks that the figures load
// and nothing is wider than the screen.
func (h *harness) testScreenshots(t *testing.T) {
	a := h.longestArticle(t)
	pages := []struct {
		name string
		path func(locale string) string
	}{
		{"home", func(l string) string { return "/" + l + "/" }},
		{"section", func(l string) string { return "/" + l + "/sections/" + a.SectionID + "/" }},
		{"article", func(l string) string { return articlePath(l, a.ID) }},
	}
	if a.SectionID == "" {
		t.Fatalf("%s is in no section", a.ID)
	}
	dir := filepath.Join(h.repo, "testout", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range h.kb.Config.Locales {
		for _, pg := range pages {
			for _, s := range screens {
				t.Run(l+"-"+pg.name+"-"+s.name, func(t *testing.T) {
					t.Parallel()
					h.screenshot(t, h.url(pg.path(l)), l, s.width, s.height, s.phone, filepath.Join(dir, l+"-"+pg.name+"-"+s.name+".png"))
				})
			}
		}
	}
}

// longestArticle is the article whose page in the default locale is the
// largest: the one most likely to show a layout problem.
func (h *harness) longestArticle(t *testing.T) *content.Article {
	t.Helper()
	var best *content.Article
	var bestSize int64
	for _, a := range h.kb.Articles {
		st, err := os.Stat(filepath.Join(h.siteDir, filepath.FromSlash(strings.TrimPrefix(articlePath(h.kb.Config.Locales[0], a.ID), "/")), "index.html"))
		if err != nil {
			continue // an article with no page there
		}
		if st.Size() > bestSize {
			best, bestSize = a, st.Size()
		}
	}
	if best == nil {
		t.Fatal("no article page in the built site")
	}
	return best
}

// screenshot opens the page of the locale at the address in a viewport
// of the size, checks its layout and writes a full-page screenshot to
// file.
func (h *harness) screenshot(t *testing.T, url, l string, width, height int64, phone bool, file string) {
	ctx := h.tab(t)
	var opts []chromedp.EmulateViewportOption
	if phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	do(t, ctx, chromedp.EmulateViewport(width, height, opts...))
	do(t, ctx, chromedp.Navigate(url))
	waitFor(t, ctx, loaded(l))

	m := eval[layout](t, ctx, measureLayout)
	if len(m.Broken) > 0 {
		t.Errorf("images that do not decode: %v", m.Broken)
	}
	if m.ScrollW > m.ViewportW {
		t.Errorf("the page is %dpx wide in a %dpx viewport; too wide: %v", m.ScrollW, m.ViewportW, m.Overflowed)
	}

	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); int64(b.Dx()) != width || int64(b.Dy()) < height {
		t.Errorf("screenshot is %dx%d, want %d wide and at least %d high", b.Dx(), b.Dy(), width, height)
	}
	if err := os.WriteFile(file, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d bytes", file, len(shot))
}
