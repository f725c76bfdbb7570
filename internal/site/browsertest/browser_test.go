package browsertest

import (
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/treetest"
)

// TestBrowser builds the bundled content once, starts one browser, and
// runs every browser test in a tab of its own.
func TestBrowser(t *testing.T) {
	h := newHarness(t)
	t.Run("PlatformTabsRemembered", h.testPlatformTabs)
	t.Run("LinkIntoHiddenBranch", h.testLinkIntoHiddenBranch)
	t.Run("LinkToSharedStep", h.testLinkToSharedStep)
	t.Run("KeyboardTabs", h.testKeyboardTabs)
	t.Run("ContentsBesideTheArticle", h.testContentsBesideTheArticle)
	t.Run("ForcedColors", h.testForcedColors)
	t.Run("TextSpacingOnANarrowScreen", h.testTextSpacingOnANarrowScreen)
	t.Run("FigureNumbersFollowBranch", h.testFigureNumbersFollowBranch)
	t.Run("LanguageSwitcher", h.testLanguageSwitcher)
	t.Run("PlaceKeptAcrossLanguages", h.testPlaceKeptAcrossLanguages)
	t.Run("DevicePlatform", h.testDevicePlatform)
	t.Run("RootRedirect", h.testRootRedirect)
	t.Run("NotFoundInReadersLanguage", h.testNotFoundInReadersLanguage)
	t.Run("RetiredForwardsWithFragment", h.testRetiredForwardsWithFragment)
	t.Run("Search", h.testSearch)
	t.Run("SearchMore", h.testSearchMore)
	t.Run("SearchAsReadersWrite", h.testSearchAsReadersWrite)
	t.Run("TokenizersAgree", h.testTokenizersAgree)
	t.Run("NumbersAgree", h.testNumbersAgree)
	t.Run("WithoutJavaScript", h.testWithoutJavaScript)
	t.Run("NoConsoleErrors", h.testNoConsoleErrors)
	t.Run("RightToLeft", h.testRightToLeft)
	t.Run("Screenshots", h.testScreenshots)
	t.Run("Axe", h.testAxe)
	t.Run("NuHTMLChecker", h.testNuHTMLChecker)
}

// branchState is what a reader sees of the platform branches of a page.
type branchState struct {
	Selected []string       `json:"selected"` // data-platform of the tabs marked selected, one per group
	Shown    map[string]int `json:"shown"`    // rendered steps by platform
	Hidden   map[string]int `json:"hidden"`   // steps not rendered by platform
	Stored   string         `json:"stored"`   // the remembered platform
}

const readBranches = `(() => {
	const s = {selected: [], shown: {}, hidden: {}, stored: localStorage.getItem("kbc-platform") || ""};
	for (const tab of document.querySelectorAll('[role=tab][aria-selected="true"]')) s.selected.push(tab.dataset.platform);
	for (const b of document.querySelectorAll("[data-tabs] .branch")) {
		const p = b.dataset.platform;
		for (const step of b.querySelectorAll(".step")) {
			const m = step.getClientRects().length > 0 ? s.shown : s.hidden;
			m[p] = (m[p] || 0) + 1;
		}
	}
	return s;
})()`

// groups counts the tab groups of the page.
const groups = `document.querySelectorAll("[data-tabs] [role=tablist]:not([hidden])").length`

// wantOnly checks that every tab group selects the platform, that its
// steps are shown and that no other platform's steps are.
func wantOnly(t *testing.T, page string, s branchState, groupCount int, platform string) {
	t.Helper()
	if len(s.Selected) != groupCount || slices.ContainsFunc(s.Selected, func(p string) bool { return p != platform }) {
		t.Errorf("%s: selected tabs %v, want %s in each of %d groups", page, s.Selected, platform, groupCount)
	}
	if s.Shown[platform] == 0 || s.Hidden[platform] != 0 {
		t.Errorf("%s: %s steps shown %d, hidden %d; want all shown", page, platform, s.Shown[platform], s.Hidden[platform])
	}
	for p, n := range s.Shown {
		if p != platform && n > 0 {
			t.Errorf("%s: %d %s steps shown while %s is selected", page, n, p, platform)
		}
	}
}

// testPlatformTabs chooses iOS on one branched article and expects the
// choice on the next branched article.
func (h *harness) testPlatformTabs(t *testing.T) {
	branched := h.branchedArticles()
	if len(branched) < 2 {
		t.Fatalf("the bundled content has %d branched articles; the test needs two", len(branched))
	}
	first, second := articlePath("en", branched[0].ID), articlePath("en", branched[1].ID)
	byDefault := firstBranches(branched[0])[0]
	if byDefault == "ios" {
		t.Fatalf("%s shows iOS first: the test needs an article where choosing iOS changes the view", first)
	}
	ctx := h.tab(t)

	h.open(t, ctx, first)
	n := eval[int](t, ctx, groups)
	if n == 0 {
		t.Fatalf("%s: no tab group is shown", first)
	}
	wantOnly(t, first+" before a choice", eval[branchState](t, ctx, readBranches), n, byDefault)

	do(t, ctx, chromedp.Click(chromedp.CSS(`[role=tab][data-platform="ios"]`)))
	waitFor(t, ctx, `document.querySelector('[role=tab][data-platform="ios"]').getAttribute("aria-selected") === "true"`)
	s := eval[branchState](t, ctx, readBranches)
	wantOnly(t, first+" after choosing iOS", s, n, "ios")
	if s.Stored != "ios" {
		t.Errorf("remembered platform %q, want ios", s.Stored)
	}

	h.open(t, ctx, second)
	n = eval[int](t, ctx, groups)
	wantOnly(t, second+" after choosing iOS on "+first, eval[branchState](t, ctx, readBranches), n, "ios")
}

// testLinkIntoHiddenBranch follows links to a step of the branch that is
// not selected, on arrival and within the page: the step's branch must be
// shown.
func (h *harness) testLinkIntoHiddenBranch(t *testing.T) {
	a := h.branchedArticles()[0]
	platforms := firstBranches(a)
	shown, hidden := platforms[len(platforms)-1], platforms[0]
	path := articlePath("en", a.ID)
	ctx := h.tab(t)
	h.open(t, ctx, path)
	do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[role=tab][data-platform=%q]`, shown))))
	target := eval[string](t, ctx, fmt.Sprintf(`document.querySelector('[data-tabs] .branch[data-platform=%q] .step').id`, hidden))
	visible := fmt.Sprintf(`document.getElementById(%q).getClientRects().length > 0`, target)
	if eval[bool](t, ctx, visible) {
		t.Fatalf("step #%s of the %s branch is shown while %s is selected", target, hidden, shown)
	}

	// Within the page.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`location.hash = %q`, "#"+target)))
	waitFor(t, ctx, visible)

	// On arrival, with the other platform remembered.
	do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[role=tab][data-platform=%q]`, shown))))
	h.open(t, ctx, "/en/")
	h.open(t, ctx, path+"#"+target)
	waitFor(t, ctx, loaded("en"))
	if !eval[bool](t, ctx, visible) {
		t.Errorf("arriving at %s#%s with %s remembered does not show the step", path, target, shown)
	}
}

// testLinkToSharedStep follows a link to a step that every branch shows,
// with the last branch selected: the reader stays in that branch and sees
// its copy of the step.
func (h *harness) testLinkToSharedStep(t *testing.T) {
	a := h.branchedArticles()[0]
	platforms := firstBranches(a)
	chosen := platforms[len(platforms)-1]
	path := articlePath("en", a.ID)
	ctx := h.tab(t)
	h.open(t, ctx, path)
	do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[role=tab][data-platform=%q]`, chosen))))
	// A step whose first copy carries its plain id and which the chosen
	// branch shows too.
	shared := eval[string](t, ctx, fmt.Sprintf(`(() => {
		for (const a of document.querySelectorAll("[data-tabs] .step > .anchor")) {
			if (document.getElementById("_step_" + a.id + "_" + %q)) return a.id;
		}
		return "";
	})()`, chosen))
	if shared == "" {
		t.Fatalf("%s has no step shared with the %s branch", a.ID, chosen)
	}
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`location.hash = %q`, "#"+shared)))
	copyShown := fmt.Sprintf(`(() => {
		const c = document.getElementById(%q);
		const r = c.getBoundingClientRect();
		return c.getClientRects().length > 0 && r.top >= 0 && r.top < innerHeight;
	})()`, "_step_"+shared+"_"+chosen)
	waitFor(t, ctx, copyShown)
	wantOnly(t, path, eval[branchState](t, ctx, readBranches), eval[int](t, ctx, groups), chosen)
}

// focusState is the keyboard focus and the selection of the first tab
// group.
type focusState struct {
	Role     string `json:"role"`
	Platform string `json:"platform"`
	Selected string `json:"selected"`
	Shown    string `json:"shown"` // data-platform of the rendered panel
}

const readFocus = `(() => {
	const g = document.querySelector("[data-tabs]");
	const a = document.activeElement;
	const shown = [...g.querySelectorAll(".branch")].filter(b => b.getClientRects().length > 0);
	return {
		role: a.getAttribute("role") || a.tagName.toLowerCase(),
		platform: a.dataset.platform || "",
		selected: g.querySelector('[role=tab][aria-selected="true"]').dataset.platform,
		shown: shown.map(b => b.dataset.platform).join(","),
	};
})()`

// testKeyboardTabs reaches the tabs with Tab and switches them with the
// arrow keys, Home and End.
func (h *harness) testKeyboardTabs(t *testing.T) {
	a := h.branchedArticles()[0]
	platforms := firstBranches(a)
	ctx := h.tab(t)
	h.open(t, ctx, articlePath("en", a.ID))

	// Only the selected tab is in the tab order, so Tab lands on it.
	var f focusState
	for range 80 {
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
		if f = eval[focusState](t, ctx, readFocus); f.Role == "tab" {
			break
		}
	}
	if f.Role != "tab" || f.Platform != platforms[0] {
		t.Fatalf("Tab reached %+v, want the %s tab", f, platforms[0])
	}

	press := func(key, name, want string) {
		t.Helper()
		do(t, ctx, chromedp.KeyEvent(key))
		f := eval[focusState](t, ctx, readFocus)
		if f.Role != "tab" || f.Platform != want || f.Selected != want || f.Shown != want {
			t.Errorf("after %s: %+v, want the %s tab focused and selected and only its panel shown", name, f, want)
		}
	}
	last := platforms[len(platforms)-1]
	press(kb.ArrowRight, "ArrowRight", platforms[1])
	press(kb.ArrowLeft, "ArrowLeft", platforms[0])
	press(kb.ArrowLeft, "ArrowLeft on the first tab", last)
	press(kb.ArrowRight, "ArrowRight on the last tab", platforms[0])
	press(kb.End, "End", last)
	press(kb.Home, "Home", platforms[0])

	// From the tab, Tab goes on to the shown panel, not to the other tabs.
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if f := eval[focusState](t, ctx, readFocus); f.Role != "tabpanel" || f.Platform != platforms[0] {
		t.Errorf("Tab from the selected tab reached %+v, want the %s panel", f, platforms[0])
	}
}

// testContentsBesideTheArticle opens an article with a list of its parts
// on a wide screen, where the list is shown beside the article: the list
// says it is open, stays open when its summary is pressed, and the
// summary, which toggles nothing there, is out of the tab order. On a
// narrow screen the summary opens and closes the list again.
func (h *harness) testContentsBesideTheArticle(t *testing.T) {
	page := h.pageWith(t, `class="toc"`)
	ctx := h.tab(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
	h.open(t, ctx, page)
	type contents struct {
		Open     bool `json:"open"`
		TabIndex int  `json:"tabIndex"`
		Shown    bool `json:"shown"`
	}
	const read = `(() => { const toc = document.querySelector(".toc"); const list = toc.querySelector("ol");
		return {open: toc.open, tabIndex: toc.querySelector("summary").tabIndex, shown: list.getClientRects().length > 0}; })()`
	const press = `document.querySelector(".toc summary").click()`
	if c := eval[contents](t, ctx, read); !c.Open || c.TabIndex != -1 || !c.Shown {
		t.Errorf("wide: %+v, want open, shown, and the summary out of the tab order", c)
	}
	eval[any](t, ctx, press)
	if c := eval[contents](t, ctx, read); !c.Open || !c.Shown {
		t.Errorf("wide, summary pressed: %+v, want the list still open and shown", c)
	}
	do(t, ctx, chromedp.EmulateViewport(600, 900))
	waitFor(t, ctx, `document.querySelector(".toc summary").tabIndex === 0`)
	eval[any](t, ctx, press)
	if c := eval[contents](t, ctx, read); c.Open == true {
		t.Errorf("narrow, summary pressed: %+v, want the list to toggle", c)
	}
}

// testForcedColors shows an article with platform tabs in forced-colors
// mode (Windows high contrast), where the system chooses every colour:
// the selected tab is still told from the others by its underline, which
// they lack, and the search button keeps an edge (WCAG 1.4.1, 1.4.11).
func (h *harness) testForcedColors(t *testing.T) {
	a := h.branchedArticles()[0]
	ctx := h.tab(t)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "forced-colors", Value: "active"}}}); err != nil {
		t.Fatal(err)
	}
	h.open(t, ctx, articlePath("en", a.ID))
	type look struct {
		Selected, Other, Canvas string
		SelectedWidth           float64
		Button                  float64
	}
	got := eval[look](t, ctx, `(() => {
		const probe = document.createElement("span"); probe.style.color = "Canvas"; document.body.append(probe);
		const canvas = getComputedStyle(probe).color; probe.remove();
		const sel = getComputedStyle(document.querySelector('.tablist [role=tab][aria-selected="true"]'));
		const other = getComputedStyle(document.querySelector('.tablist [role=tab][aria-selected="false"]'));
		return {Selected: sel.borderBottomColor, Other: other.borderBottomColor, Canvas: canvas,
			SelectedWidth: parseFloat(sel.borderBottomWidth), Button: parseFloat(getComputedStyle(document.querySelector(".search button")).borderTopWidth)};
	})()`)
	if got.Other != got.Canvas || got.Selected == got.Canvas || got.SelectedWidth < 3 || got.Button < 1 {
		t.Errorf("forced colors: %+v, want the other tabs' underline the page's colour, the selected tab's another at least 3px wide, and the search button with an edge", got)
	}
}

// testTextSpacingOnANarrowScreen reads every locale's article with
// choices at 320 CSS pixels with the text spacing WCAG 1.4.12 asks a page
// to bear: no text runs past the window's edge (1.4.10), and the
// language menu, opened, lies within it.
func (h *harness) testTextSpacingOnANarrowScreen(t *testing.T) {
	pages := h.pagesWith(t, `class="choices"`)
	const spacing = `(() => { const s = new CSSStyleSheet();
		s.replaceSync("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }");
		document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; })()`
	ctx := h.tab(t)
	do(t, ctx, chromedp.EmulateViewport(320, 640))
	for _, l := range h.kb.Config.Locales {
		var path string
		for _, page := range pages {
			path = strings.Replace(page, "/"+h.kb.Config.SourceLocale+"/", "/"+l+"/", 1)
			h.open(t, ctx, path)
			eval[any](t, ctx, spacing)
			if w := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
				t.Errorf("%s: the page is %dpx wide in a window of %dpx", path, w[0], w[1])
			}
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`.lang-menu > summary`)))
		// The menu is placed when it has opened (its toggle event, which
		// comes after the click).
		waitFor(t, ctx, `document.querySelector(".lang-menu").open`)
		waitFor(t, ctx, `(() => { const b = document.querySelector(".lang-menu ul").getBoundingClientRect();
			return b.left >= 0 && b.right <= document.documentElement.clientWidth; })()`)
	}
}

// pageWith returns the path of the first article page of the site in
// the source locale, in the order of the articles, whose HTML holds
// markup.
func (h *harness) pageWith(t *testing.T, markup string) string {
	t.Helper()
	return h.pagesWith(t, markup)[0]
}

// pagesWith returns the paths of the article pages of the site in the
// source locale whose HTML holds markup, at least one.
func (h *harness) pagesWith(t *testing.T, markup string) []string {
	t.Helper()
	var pages []string
	for _, a := range h.kb.Articles {
		p := articlePath(h.kb.Config.SourceLocale, a.ID)
		data, err := os.ReadFile(filepath.Join(h.siteDir, filepath.FromSlash(strings.TrimPrefix(p, "/")), "index.html"))
		if err == nil && strings.Contains(string(data), markup) {
			pages = append(pages, p)
		}
	}
	if len(pages) == 0 {
		t.Fatalf("no article page of the site has %s", markup)
	}
	return pages
}

// testLanguageSwitcher follows the language menu through every locale
// and expects the same article each time, then expects the root page to
// send the reader to the language chosen last.
func (h *harness) testLanguageSwitcher(t *testing.T) {
	a := h.branchedArticles()[0]
	locales := h.kb.Config.Locales
	ctx := h.tab(t)
	h.open(t, ctx, articlePath(locales[0], a.ID))
	waitFor(t, ctx, loaded(locales[0]))

	// Every other locale, back to the first, and last one that is not the
	// default, so that only the remembered choice can explain where the
	// root page sends the reader.
	order := append(slices.Clone(locales[1:]), locales[0], locales[1])
	for _, l := range order {
		// The menu opens first, as a reader opens it.
		do(t, ctx, chromedp.Click(chromedp.CSS(`.lang-menu > summary`)))
		waitFor(t, ctx, `document.querySelector(".lang-menu").open`)
		do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.lang-switch a[data-locale=%q]`, l))))
		waitFor(t, ctx, landed(l, articlePath(l, a.ID)))
		got := eval[map[string]string](t, ctx, `({
			path: location.pathname,
			kb: document.querySelector("article").dataset.kb,
			h1: document.querySelector("h1").textContent,
			current: document.querySelector('.lang-switch a[aria-current="page"]').dataset.locale,
			stored: localStorage.getItem("kbc-locale"),
		})`)
		want := map[string]string{"path": articlePath(l, a.ID), "kb": a.ID, "h1": title(a, l), "current": l, "stored": l}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("switching to %s: %s is %q, want %q", l, k, got[k], w)
			}
		}
	}

	// The choice outweighs the browser's languages on the root page.
	chosen := order[len(order)-1]
	h.open(t, ctx, "/")
	waitFor(t, ctx, landed(chosen, "/"+chosen+"/"))
}

// testPlaceKeptAcrossLanguages follows a link into the branch the page
// does not show first, then switches language: the reader lands on the
// same part, in the same branch, and the menu, reached and left with the
// keyboard, does not stay open over what has the focus.
func (h *harness) testPlaceKeptAcrossLanguages(t *testing.T) {
	a := h.branchedArticles()[0]
	other := firstBranches(a)[1]
	ctx := h.tab(t)
	// The page scrolls smoothly to the part a link names, and a click
	// during that scroll lands where the menu was: a reader who asks for
	// less motion has it jump there.
	do(t, ctx) // opens the tab, so that the emulation applies to it
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatal(err)
	}
	h.open(t, ctx, articlePath("en", a.ID))
	waitFor(t, ctx, loaded("en"))
	ids := eval[[]string](t, ctx, fmt.Sprintf(`[...document.querySelectorAll('[role=tabpanel][data-platform=%q] li.step')].slice(0, 2).map(e => e.id)`, other))
	if len(ids) < 2 {
		t.Fatalf("%s: %d steps in the %s branch, want two", a.ID, len(ids), other)
	}
	h.open(t, ctx, articlePath("en", a.ID)+"#"+ids[0])
	waitFor(t, ctx, loaded("en"))
	// The reader opens the French page elsewhere (a click whose default
	// is prevented, as a middle click's), then goes on to the next step
	// and switches: the place kept is where the reader is now.
	eval[any](t, ctx, `(() => {
		const a = document.querySelector('.lang-switch a[data-locale="fr"]');
		const stay = e => e.preventDefault();
		a.addEventListener("click", stay);
		a.click();
		a.removeEventListener("click", stay);
	})()`)
	eval[any](t, ctx, fmt.Sprintf(`location.hash = %q`, ids[1]))
	id := ids[1]

	do(t, ctx, chromedp.Click(chromedp.CSS(`.lang-menu > summary`)))
	waitFor(t, ctx, `document.querySelector(".lang-menu").open`)
	do(t, ctx, chromedp.Focus(chromedp.ID("_search-input")))
	if eval[bool](t, ctx, `document.querySelector(".lang-menu").open`) {
		t.Error("the language menu stays open once the focus has left it")
	}

	do(t, ctx, chromedp.Click(chromedp.CSS(`.lang-menu > summary`)))
	waitFor(t, ctx, `document.querySelector(".lang-menu").open`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`.lang-switch a[data-locale="fr"]`)))
	waitFor(t, ctx, landed("fr", articlePath("fr", a.ID)))
	got := eval[map[string]string](t, ctx, `({
		hash: location.hash,
		shown: document.querySelector("[data-tabs] [role=tab][aria-selected=true]").dataset.platform,
	})`)
	if want := map[string]string{"hash": "#" + id, "shown": other}; !maps.Equal(got, want) {
		t.Errorf("after switching to fr: %v, want %v", got, want)
	}

	// A reader who chose no branch has none stored by switching: the
	// next article shows its own first branch, or the device's.
	ctx = h.tab(t)
	h.open(t, ctx, articlePath("en", a.ID))
	waitFor(t, ctx, loaded("en"))
	do(t, ctx, chromedp.Click(chromedp.CSS(`.lang-menu > summary`)))
	waitFor(t, ctx, `document.querySelector(".lang-menu").open`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`.lang-switch a[data-locale="fr"]`)))
	waitFor(t, ctx, landed("fr", articlePath("fr", a.ID)))
	if stored := eval[string](t, ctx, `localStorage.getItem("kbc-platform") || ""`); stored != "" {
		t.Errorf("switching language without a choice stored the platform %q", stored)
	}
}

// testDevicePlatform opens a branched article on an iPhone and on an
// Android phone with no platform chosen: each sees its own branch first.
func (h *harness) testDevicePlatform(t *testing.T) {
	a := h.branchedArticles()[0]
	for platform, ua := range map[string]string{
		"ios":     "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
		"android": "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
	} {
		t.Run(platform, func(t *testing.T) {
			t.Parallel()
			ctx := h.tab(t)
			do(t, ctx) // opens the tab, so that the emulation applies to it
			if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua}); err != nil {
				t.Fatal(err)
			}
			h.open(t, ctx, articlePath("en", a.ID))
			waitFor(t, ctx, loaded("en"))
			wantOnly(t, platform, eval[branchState](t, ctx, readBranches), eval[int](t, ctx, groups), platform)
		})
	}
}

// testNotFoundInReadersLanguage serves a site built with its address, as
// a 404 page's links need, from a server that answers every address that
// leads nowhere with that page, as hosts do, and asks it for a page that
// does not exist in a language folder: that language's message comes
// first, and the page is in it; an article's address with its id in
// capitals leads to the article. Elsewhere the language chosen before
// comes first.
func (h *harness) testNotFoundInReadersLanguage(t *testing.T) {
	url := serveAsHost(t, h.kb)
	first := `({lang: document.documentElement.lang, first: document.querySelector("section.not-found").lang})`
	ctx := h.tab(t)
	do(t, ctx, chromedp.Navigate(url+"/fr/kb9999/"))
	waitFor(t, ctx, `document.readyState === "complete"`)
	if got, want := eval[map[string]string](t, ctx, first), map[string]string{"lang": "fr", "first": "fr"}; !maps.Equal(got, want) {
		t.Errorf("/fr/kb9999/: %v, want %v", got, want)
	}
	// The rest of the page, written in the site's source language, says
	// so, for a screen reader not to read it in French.
	chrome := `[...document.body.children].filter(e => e.tagName !== "SCRIPT" && !e.querySelector("section.not-found")).map(e => e.tagName + ":" + e.lang)`
	source := h.kb.Config.SourceLocale
	for _, e := range eval[[]string](t, ctx, chrome) {
		if !strings.HasSuffix(e, ":"+source) {
			t.Errorf("/fr/kb9999/: %s, want the page's own parts in %s", e, source)
		}
	}
	// An article's id written as readers copy it leads to the article.
	id := h.kb.Articles[0].ID
	do(t, ctx, chromedp.Navigate(url+"/fr/"+strings.ToUpper(id)+"/"))
	waitFor(t, ctx, landed("fr", articlePath("fr", id)))

	do(t, ctx, chromedp.Navigate(url+"/kb9999/"))
	waitFor(t, ctx, `document.readyState === "complete"`)
	eval[any](t, ctx, `localStorage.setItem("kbc-locale", "hu")`)
	do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, `document.readyState === "complete" && document.documentElement.lang === "hu"`)
	if got := eval[map[string]string](t, ctx, first); got["first"] != "hu" {
		t.Errorf("/kb9999/ after choosing hu: %v, want hu first", got)
	}

	// A theme that writes the 404 message its own way keeps the way to
	// an article whose id is in capitals.
	t.Run("themed", func(t *testing.T) {
		url := h.serveEditedCopy(t, func(root string) {
			treetest.Write(t, root, map[string]string{
				"theme/templates/notfound.html": `{{define "notfound"}}<h1>{{.UI.T "notFoundTitle"}}</h1>{{end}}`,
			})
		})
		ctx := h.tab(t)
		do(t, ctx, chromedp.Navigate(url+"/fr/"+strings.ToUpper(id)+"/"))
		waitFor(t, ctx, landed("fr", articlePath("fr", id)))
	})
}

// testRetiredForwardsWithFragment retires an article in a copy of the
// content, in favour of another, and follows a link into a part of it, as
// a search engine's: the reader lands on that part's address in the
// replacement.
func (h *harness) testRetiredForwardsWithFragment(t *testing.T) {
	retired, replacement := h.kb.Articles[0], h.kb.Articles[1]
	url := h.serveEditedCopy(t, func(root string) {
		src := filepath.Join(root, strings.ToLower(retired.ID), "article.yaml")
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		idLine := "id: " + retired.ID + "\n"
		if !strings.Contains(string(data), idLine) {
			t.Fatalf("%s has no line %q", src, idLine)
		}
		data = []byte(strings.Replace(string(data), idLine, idLine+"status: retired\nreplaced_by: "+replacement.ID+"\n", 1))
		if err := os.WriteFile(src, data, 0o644); err != nil {
			t.Fatal(err)
		}
	})
	ctx := h.tab(t)
	do(t, ctx, chromedp.Navigate(url+articlePath("en", retired.ID)+"#troubleshooting"))
	waitFor(t, ctx, landed("en", articlePath("en", replacement.ID))+` && location.hash === "#troubleshooting"`)
}

// serveEditedCopy copies the bundled content, lets edit change the copy
// at root, and serves it as serveAsHost does; it returns the address.
func (h *harness) serveEditedCopy(t *testing.T, edit func(root string)) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(root, os.DirFS(h.kb.Root)); err != nil {
		t.Fatal(err)
	}
	edit(root)
	kb, _, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	return serveAsHost(t, kb)
}

// serveAsHost builds the knowledge base with its address and serves it as
// hosts serve a site: an address that leads nowhere gets the 404 page. It
// returns the site's address.
func serveAsHost(t *testing.T, kb *content.KB) string {
	t.Helper()
	var out string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(r.URL.Path))); err == nil {
			http.FileServer(http.Dir(out)).ServeHTTP(w, r)
			return
		}
		page, err := os.ReadFile(filepath.Join(out, "404.html"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(page)
	}))
	srv.Start()
	t.Cleanup(srv.Close)
	out = filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(kb, build.Options{Out: out, BaseURL: srv.URL + "/"}); err != nil {
		t.Fatalf("building the site: %v", err)
	}
	return srv.URL
}

// testRootRedirect sends browsers with different language preferences to
// the root page.
func (h *harness) testRootRedirect(t *testing.T) {
	cases := []struct{ accept, want string }{
		{"hu-HU,hu", "hu"},
		{"ja", "ja"},
		{"fr-CA,fr;q=0.9,en;q=0.5", "fr"},
		// No configured language: the default locale, listed first.
		{"de-DE,de", h.kb.Config.Locales[0]},
	}
	for _, c := range cases {
		t.Run(c.accept, func(t *testing.T) {
			t.Parallel()
			ctx := h.tab(t)
			do(t, ctx) // opens the tab, so that the emulation applies to it
			ua := eval[string](t, ctx, `navigator.userAgent`)
			if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: c.accept}); err != nil {
				t.Fatal(err)
			}
			h.open(t, ctx, "/")
			first := strings.Split(c.accept, ",")[0]
			if got := eval[string](t, ctx, `navigator.languages[0]`); got != first {
				t.Fatalf("navigator.languages[0] is %q, want %q: the language emulation did not apply", got, first)
			}
			waitFor(t, ctx, landed(c.want, "/"+c.want+"/"))
		})
	}
}

// testWithoutJavaScript reads a branched article with scripts disabled:
// every branch in order, the text, the figures, and troubleshooting
// entries that open.
func (h *harness) testWithoutJavaScript(t *testing.T) {
	a := h.branchedArticles()[0]
	ctx := h.tab(t)
	do(t, ctx)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	h.open(t, ctx, articlePath("en", a.ID))
	waitFor(t, ctx, loaded("en"))

	var want []string
	for _, p := range a.Procedures {
		for _, b := range p.Branches() {
			want = append(want, p.ID+"/"+b)
		}
	}
	type page struct {
		Scripted   bool     `json:"scripted"`
		Title      string   `json:"title"`
		Branches   []string `json:"branches"`
		HiddenStep int      `json:"hiddenSteps"`
		Steps      int      `json:"steps"`
		Figures    int      `json:"figures"`
		Broken     []string `json:"broken"`
		Trouble    []string `json:"trouble"`
		Hint       bool     `json:"hint"`
	}
	got := eval[page](t, ctx, `(() => {
		const shown = el => el.getClientRects().length > 0;
		const figures = [...document.querySelectorAll("figure img")];
		return {
			scripted: !!document.querySelector(".tabbed, [role=tablist]:not([hidden]), form.search:not([hidden])"),
			title: document.querySelector("h1").textContent,
			branches: [...document.querySelectorAll(".procedure .branch")].filter(shown)
				.map(b => b.closest(".procedure").id + "/" + (b.dataset.platform || "")),
			hiddenSteps: [...document.querySelectorAll(".step")].filter(s => !shown(s)).length,
			steps: document.querySelectorAll(".step").length,
			figures: figures.length,
			broken: figures.filter(i => !i.closest("details") && (!shown(i) || !i.complete || i.naturalWidth === 0)).map(i => i.src),
			trouble: [...document.querySelectorAll("details.trouble")].map(d => d.id),
			hint: [...document.querySelectorAll("header .hint")].some(shown),
		};
	})()`)
	if got.Scripted {
		t.Fatal("the page ran its scripts although scripts are disabled")
	}
	if got.Title != title(a, "en") {
		t.Errorf("h1 %q, want %q", got.Title, title(a, "en"))
	}
	if !got.Hint {
		t.Error("the article page does not say why it has no search")
	}
	if !slices.Equal(got.Branches, want) {
		t.Errorf("shown branches %v, want all of %v in order", got.Branches, want)
	}
	if got.Steps == 0 || got.HiddenStep != 0 {
		t.Errorf("%d of %d steps hidden, want every step shown", got.HiddenStep, got.Steps)
	}
	if got.Figures == 0 || len(got.Broken) > 0 {
		t.Errorf("%d figures; not shown or not loaded: %v", got.Figures, got.Broken)
	}
	if len(got.Trouble) != len(a.Troubleshooting) || len(got.Trouble) == 0 {
		t.Fatalf("troubleshooting entries %v, want %d", got.Trouble, len(a.Troubleshooting))
	}
	for _, id := range got.Trouble {
		open := fmt.Sprintf(`(() => { const d = document.getElementById(%q); return d.open && [...d.querySelectorAll("dd, figure img")].every(e => e.getClientRects().length > 0); })()`, id)
		if eval[bool](t, ctx, open) {
			t.Errorf("troubleshooting entry %s is open before it is clicked", id)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS("#"+id+" > summary")))
		if !eval[bool](t, ctx, open) {
			t.Errorf("troubleshooting entry %s does not open and show its text and figures when clicked", id)
		}
	}
}

// testFigureNumbersFollowBranch chooses each platform of every branched
// article in turn and reads the figure labels the page then shows, with
// troubleshooting entries open: the reader of each branch meets figures
// 1, 2, 3… in order, those outside the tabs numbered for that branch.
func (h *harness) testFigureNumbersFollowBranch(t *testing.T) {
	ctx := h.tab(t)
	perBranchLabels := 0
	for _, a := range h.branchedArticles() {
		path := articlePath("en", a.ID)
		h.open(t, ctx, path)
		waitFor(t, ctx, loaded("en"))
		perBranchLabels += eval[int](t, ctx, `document.querySelectorAll(".figure-label .by-platform").length`)
		for _, p := range firstBranches(a) {
			do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[role=tab][data-platform=%q]`, p))))
			nums := eval[[]int](t, ctx, `(() => {
				for (const d of document.querySelectorAll("details")) d.open = true;
				return [...document.querySelectorAll("figcaption .figure-label")]
					.filter(l => l.getClientRects().length > 0)
					.map(l => parseInt(l.innerText.match(/[0-9]+/)[0], 10));
			})()`)
			last := 0
			for _, n := range nums {
				if n == last+1 {
					last = n
				} else if n > last || n < 1 {
					t.Errorf("%s on %s: figures numbered %v, want 1, 2, 3… in order", path, p, nums)
					break
				}
			}
		}
	}
	if perBranchLabels == 0 {
		t.Error("no figure is labelled per branch: the bundled content no longer tests the labels kbc.js switches")
	}
}
