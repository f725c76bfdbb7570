package browsertest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/site/sitetest"
)

// sides is where the parts of an article's page are, as a reader sees
// them: "left" or "right".
type sides struct {
	Dir      string `json:"dir"`      // the page's computed direction
	TOC      string `json:"toc"`      // the list of parts, beside the article
	Badge    string `json:"badge"`    // a step's number, beside its text
	Choice   string `json:"choice"`   // a choice's label, in its box
	Result   string `json:"result"`   // the thick border of a step's result
	FirstTab string `json:"firstTab"` // the first platform tab, beside the second
	// Menu is the side of the language menu's button that the open menu
	// is aligned with, so that it opens towards the page's middle.
	Menu string `json:"menu"`
	// ForeignDir is the computed direction of the step note left in
	// English, and FullStop where its full stop is in it; empty where the
	// page has none.
	ForeignDir string `json:"foreignDir"`
	FullStop   string `json:"fullStop"`
}

// measureSides opens the language menu and reads sides. A step, a choice
// and a result are taken from the branch shown.
const measureSides = `(() => {
	const shown = sel => [...document.querySelectorAll(sel)].find(e => e.getClientRects().length > 0);
	const box = e => e.getBoundingClientRect();
	const mid = r => (r.left + r.right) / 2;
	const side = (inner, outer) => mid(box(inner)) < mid(box(outer)) ? "left" : "right";
	const step = shown(".step"), body = step.querySelector(".step-body");
	const choice = shown(".choices > li");
	const result = getComputedStyle(shown(".result"));
	const tabs = document.querySelectorAll("[role=tab]");
	const menu = document.querySelector(".lang-menu");
	menu.open = true;
	const list = box(menu.querySelector("ul")), button = box(menu);
	const s = {
		dir: getComputedStyle(document.documentElement).direction,
		toc: box(document.querySelector(".toc")).left >= box(document.querySelector(".article-main")).right ? "right" : "left",
		badge: box(body).left - box(step).left > box(step).right - box(body).right ? "left" : "right",
		choice: side(choice.querySelector(".choice-label"), choice),
		result: result.borderLeftWidth !== "0px" ? "left" : result.borderRightWidth !== "0px" ? "right" : "none",
		firstTab: side(tabs[0], tabs[1]) === "left" ? "left" : "right",
		menu: Math.abs(list.right - button.right) < 1 ? "right" : Math.abs(list.left - button.left) < 1 ? "left" : "neither",
		foreignDir: "", fullStop: "",
	};
	menu.open = false;
	const foreign = shown(".step-note [lang]");
	if (foreign) {
		s.foreignDir = getComputedStyle(foreign).direction;
		const text = foreign.lastChild, range = document.createRange();
		range.setStart(text, text.length - 1);
		range.setEnd(text, text.length);
		const r = box(foreign);
		s.fullStop = Math.abs(range.getBoundingClientRect().right - r.right) < 1 ? "right" : "left";
	}
	return s;
})()`

// testRightToLeft builds package site's Arabic test knowledge base and
// measures an article's page in English and in Arabic on a wide screen:
// in Arabic the page is the mirror image of the English one, the list of
// parts on the left, step numbers, choice labels and the border of a
// result on the right, the tabs from right to left, where the arrow keys
// follow them, and a note left in English still reads left to right,
// its full stop at its end. It writes screenshots of the Arabic page to
// testout/screenshots (rtl-ar-article-desktop.png, …-phone.png).
func (h *harness) testRightToLeft(t *testing.T) {
	archive, err := os.ReadFile(filepath.Join(h.repo, "internal", "site", "testdata", "rtl.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	sitetest.Write(t, root, string(archive))
	kbase, _, err := content.Load(filepath.Join(root, "content"))
	if err != nil {
		t.Fatal(err)
	}
	url := serveAsHost(t, kbase)
	for _, c := range []struct {
		locale string
		want   sides
		next   string // the arrow key to the next tab, of three
	}{
		{"en", sides{Dir: "ltr", TOC: "right", Badge: "left", Choice: "left", Result: "left", FirstTab: "left", Menu: "right"}, kb.ArrowRight},
		{"ar", sides{Dir: "rtl", TOC: "left", Badge: "right", Choice: "right", Result: "right", FirstTab: "right", Menu: "left",
			ForeignDir: "ltr", FullStop: "right"}, kb.ArrowLeft},
	} {
		t.Run(c.locale, func(t *testing.T) {
			t.Parallel()
			ctx := h.tab(t)
			do(t, ctx, chromedp.EmulateViewport(1280, 900))
			do(t, ctx, chromedp.Navigate(url+articlePath(c.locale, "KB1")))
			waitFor(t, ctx, loaded(c.locale))
			if got := eval[sides](t, ctx, measureSides); got != c.want {
				t.Errorf("KB1 in %s:\n got %+v\nwant %+v", c.locale, got, c.want)
			}

			eval[any](t, ctx, `document.querySelector("[role=tab]").focus()`)
			do(t, ctx, chromedp.KeyEvent(c.next))
			if got := eval[string](t, ctx, `document.activeElement.dataset.platform || ""`); got != "ios" {
				t.Errorf("the arrow key to the next tab reached %q, want ios", got)
			}
		})
	}
	// The pages of a right-to-left locale pass the checkers the others
	// pass: the Nu HTML checker, and axe-core in light and dark mode.
	rtlPages := []string{"/", "/ar/", articlePath("ar", "KB1"), articlePath("ar", "KB2"), articlePath("en", "KB1")}
	t.Run("checkers", func(t *testing.T) {
		t.Parallel()
		urls := make([]string, len(rtlPages))
		for i, p := range rtlPages {
			urls[i] = url + p
		}
		t.Logf("Nu HTML checker: %d pages, %d messages", len(urls), h.checkWithNu(t, url, urls))
		script, err := os.ReadFile(h.tool(t, axeScript))
		if err != nil {
			t.Fatal(err)
		}
		ctx := h.tab(t)
		checked, violations := 0, 0
		defer func() { t.Logf("axe-core: %d pages checked, %d violations", checked, violations) }()
		for _, scheme := range []string{"light", "dark"} {
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			}); err != nil {
				t.Fatal(err)
			}
			for _, p := range rtlPages[1:] { // the root page sends the browser on
				do(t, ctx, chromedp.Navigate(url+p))
				waitFor(t, ctx, `document.readyState === "complete"`)
				checked++
				violations += checkWithAxe(t, ctx, script, p+" ("+scheme+")")
			}
		}
	})
	// The Arabic page, for the eye, at the widths of the screenshot test;
	// nothing on it may reach past the screen on either side.
	dir := filepath.Join(h.repo, "testout", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range screens {
		t.Run("screenshot-"+s.name, func(t *testing.T) {
			t.Parallel()
			h.screenshot(t, url+articlePath("ar", "KB1"), "ar", s.width, s.height, s.phone, filepath.Join(dir, "rtl-ar-article-"+s.name+".png"))
		})
	}
}
