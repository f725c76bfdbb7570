package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/search"
	"github.com/kbcdev/kbc/locales"
)

// matches reports whether every term of the query starts a term of the
// text, as the site's search matches (Han and Kana bigrams are two runes,
// so for them a prefix is the whole term).
func matches(text, query string) bool {
	terms := search.Terms(text)
	for _, q := range search.Terms(query) {
		if !slices.ContainsFunc(terms, func(t string) bool { return strings.HasPrefix(t, q) }) {
			return false
		}
	}
	return true
}

// searchResult is one link in the search results.
type searchResult struct {
	Text string `json:"text"`
	Path string `json:"path"`
}

type searchState struct {
	Count   string         `json:"count"`
	None    string         `json:"none"`
	Results []searchResult `json:"results"`
}

const readSearch = `(() => {
	const out = document.getElementById("_search-results");
	return {
		count: out.querySelector(".search-count").textContent,
		none: document.querySelector("form.search").dataset.none,
		results: [...out.querySelectorAll("li > a")].map(a => ({text: a.textContent, path: new URL(a.href).pathname})),
	};
})()`

// testSearch searches the French and Japanese sites. The articles whose
// title holds the query come first, every result leads to an article of
// the locale that holds the query, and a query nothing holds says so.
func (h *harness) testSearch(t *testing.T) {
	cases := []struct{ locale, query string }{
		{"fr", "authentification"},
		// Case and accents fold on both sides: in the query, by search.js,
		// and in the index, by the build.
		{"fr", "PRÉSENTATION"},
		{"fr", "presentation"},
		{"ja", "認証"},
	}
	for _, c := range cases {
		t.Run(c.locale+"/"+c.query, func(t *testing.T) {
			t.Parallel()
			var want []string // articles whose title holds the query
			for _, a := range h.kb.Articles {
				if matches(title(a, c.locale), c.query) {
					want = append(want, a.ID)
				}
			}
			if len(want) == 0 {
				t.Fatalf("no %s title holds %q: choose another query", c.locale, c.query)
			}

			ctx := h.tab(t)
			h.typeQuery(t, ctx, "/"+c.locale+"/", c.query)
			s := eval[searchState](t, ctx, readSearch)
			if len(s.Results) < len(want) {
				t.Fatalf("%d results %v, want at least the %d articles whose title holds the query: %v", len(s.Results), s.Results, len(want), want)
			}
			if len(s.Results) < 10 && !strings.Contains(s.Count, strconv.Itoa(len(s.Results))) {
				t.Errorf("count %q does not give the %d results", s.Count, len(s.Results))
			}
			// A screen reader announces what a live region holds after
			// every pause in typing: the count, not the list.
			live := eval[[]string](t, ctx, `[...document.querySelectorAll("form.search [aria-live], form.search [role=status]")].map(e => e.textContent)`)
			if !slices.Equal(live, []string{s.Count}) {
				t.Errorf("live regions hold %q, want the count %q alone", live, s.Count)
			}
			var top []string
			for _, r := range s.Results[:len(want)] {
				top = append(top, idOf(r.Path))
			}
			slices.Sort(top)
			if !slices.Equal(top, want) {
				t.Errorf("first results %v, want the title matches %v first", s.Results, want)
			}

			// Escape clears the query and the results.
			do(t, ctx, chromedp.KeyEvent(kb.Escape))
			if n := eval[int](t, ctx, `document.getElementById("_search-results").childElementCount`); n != 0 {
				t.Errorf("Escape left %d elements in the results", n)
			}

			for _, r := range s.Results {
				h.checkResult(t, ctx, c.locale, c.query, r)
			}
		})
	}

	t.Run("nothing", func(t *testing.T) {
		t.Parallel()
		ctx := h.tab(t)
		h.typeQuery(t, ctx, "/en/", "zqxjvw")
		s := eval[searchState](t, ctx, readSearch)
		if s.None == "" || s.Count != s.None || len(s.Results) != 0 {
			t.Errorf("a query nothing holds shows %q and %d results, want %q alone", s.Count, len(s.Results), s.None)
		}
	})
}

// testSearchAsReadersWrite searches as readers write what they look for:
// an article's number without its prefix, as support gives it on the
// phone; a plural where the title has the singular; a Katakana compound
// without the middle dot the title writes between its words.
func (h *harness) testSearchAsReadersWrite(t *testing.T) {
	a := h.kb.Articles[0]
	number := strings.TrimLeft(a.ID, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	cases := []struct{ locale, query, want string }{
		{"en", number, a.ID},
		{"ja", "KB " + number, a.ID},
	}
	if word := singularTitleWord(title(a, "en")); word != "" {
		cases = append(cases, struct{ locale, query, want string }{"en", word + "s", a.ID})
	}
	for _, b := range h.kb.Articles {
		if dotted := title(b, "ja"); strings.Contains(dotted, "・") {
			cases = append(cases, struct{ locale, query, want string }{"ja", strings.ReplaceAll(dotted, "・", ""), b.ID})
			break
		}
	}
	for _, c := range cases {
		t.Run(c.locale+"/"+c.query, func(t *testing.T) {
			t.Parallel()
			ctx := h.tab(t)
			h.typeQuery(t, ctx, "/"+c.locale+"/", c.query)
			s := eval[searchState](t, ctx, readSearch)
			if !slices.ContainsFunc(s.Results, func(r searchResult) bool { return idOf(r.Path) == c.want }) {
				t.Errorf("results %v, want %s among them", s.Results, c.want)
			}
		})
	}

	// A number matches whole: the start of an article's number is not it.
	t.Run("en/"+number[:len(number)-1], func(t *testing.T) {
		ctx := h.tab(t)
		h.typeQuery(t, ctx, "/en/", number[:len(number)-1])
		if s := eval[searchState](t, ctx, readSearch); slices.ContainsFunc(s.Results, func(r searchResult) bool { return idOf(r.Path) == a.ID }) {
			t.Errorf("results %v: %s found by the start of its number", s.Results, a.ID)
		}
	})
}

// singularTitleWord returns a word of a title that a final s would make
// plural: four letters or more, none of them an s at its end.
func singularTitleWord(title string) string {
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) >= 4 && !strings.HasSuffix(strings.ToLower(w), "s") {
			return w
		}
	}
	return ""
}

// testSearchMore searches for what more than ten articles hold: the
// first ten are listed with a button for more, which lists the rest and
// puts the focus on the first of them, where the reader goes on.
func (h *harness) testSearchMore(t *testing.T) {
	t.Parallel()
	ctx := h.tab(t)
	h.open(t, ctx, "/en/?q=ibkr")
	waitFor(t, ctx, `!!document.querySelector("#_search-results .search-count")`)
	first := eval[searchState](t, ctx, readSearch)
	total := len(h.kb.Articles)
	if total <= 10 {
		t.Fatalf("the knowledge base has %d articles; the test needs more than 10 that hold the query", total)
	}
	if len(first.Results) != 10 || !strings.Contains(first.Count, strconv.Itoa(total)) {
		t.Fatalf("%d results listed under %q, want 10 of %d", len(first.Results), first.Count, total)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(".search-more")))
	waitFor(t, ctx, fmt.Sprintf(`document.querySelectorAll("#_search-results li > a").length === %d`, total))
	s := eval[struct {
		Focused string `json:"focused"`
		More    bool   `json:"more"`
	}](t, ctx, `({
		focused: document.activeElement && document.activeElement.matches("#_search-results li > a") ? new URL(document.activeElement.href).pathname : "",
		more: !!document.querySelector(".search-more"),
	})`)
	if s.More {
		t.Error("every result is listed, and the button for more is still there")
	}
	if s.Focused == "" || slices.ContainsFunc(first.Results, func(r searchResult) bool { return r.Path == s.Focused }) {
		t.Errorf("focus on %q after asking for more, want the first result not listed before", s.Focused)
	}
}

// typeQuery opens the page at path and types q into its search box, as
// a reader does, then waits for the results.
func (h *harness) typeQuery(t *testing.T, ctx context.Context, path, q string) {
	t.Helper()
	h.open(t, ctx, path)
	waitFor(t, ctx, `!document.querySelector("form.search").hidden`)
	do(t, ctx, chromedp.Focus(chromedp.ID("_search-input")))
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: q}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!!document.querySelector("#_search-results .search-count")`)
}

// idOf is the article id of a page's path, such as KB2277 for
// /fr/kb2277/index.html.
func idOf(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) < 2 {
		return path
	}
	return strings.ToUpper(parts[1])
}

// checkResult follows a result link: it must lead to the article of that
// title in the locale, and the article must hold the query.
func (h *harness) checkResult(t *testing.T, ctx context.Context, locale, q string, r searchResult) {
	t.Helper()
	a := h.kb.Article(idOf(r.Path))
	if a == nil {
		t.Errorf("result %q links to %s, not to an article", r.Text, r.Path)
		return
	}
	if r.Text != title(a, locale) {
		t.Errorf("result %q links to %s, titled %q", r.Text, r.Path, title(a, locale))
	}
	h.open(t, ctx, r.Path)
	waitFor(t, ctx, loaded(locale))
	page := eval[map[string]string](t, ctx, `({
		kb: document.querySelector("article").dataset.kb,
		text: document.querySelector("article").textContent + " " + [...document.querySelectorAll("article img")].map(i => i.alt).join(" "),
	})`)
	if page["kb"] != a.ID {
		t.Errorf("result %s opened article %q", r.Path, page["kb"])
	}
	if !matches(page["text"], q) {
		t.Errorf("result %s does not hold %q", r.Path, q)
	}
}

// tokenizerInputs are texts on which the Go and JavaScript tokenizers
// must agree: accents, case, compatibility forms, Japanese and mixed
// scripts.
var tokenizerInputs = []string{
	"Authentification IBKR Mobile (IB Key) : présentation",
	"ÉLÈVE Élève élève",
	"naïve façon cœur Œuvre",
	"A kulcs aktiválása – Biztonsági eszköz, ŐRZŐ ÜGYFÉL",
	"Straße İstanbul",
	"ﬁnance ＡＢＣ１２３ x² ①",
	"e\u0301te\u0301 cafe\u0301",
	"AndroidでのIBKRモバイル認証（IB Key）",
	"クライアント・ポータル ア・ ・ア ア・・イ x・y ｱ･ｲ",
	"二段階認証をオンにする。設定々",
	"ｶﾀｶﾅ ﾃｽﾄ ｰ",
	"IB Keyの認証 abc認証def 123認証",
	"認",
	"中文English混合123",
	"한국어 텍스트",
	"Привет, МИР; Ελληνικά ΟΔΥΣΣΕΥΣ",
	"a_b-c.d/e@f 10,5 % 1.000.000 USD",
	"👍 ok 🇯🇵 日本",
	"",
}

// testTokenizersAgree runs the tokenizer of the site's search.js in the
// browser and compares its terms with the Go tokenizer that builds the
// index: a term split differently is a query that finds nothing.
func (h *harness) testTokenizersAgree(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(h.siteDir, "assets", "search.js"))
	if err != nil {
		t.Fatal(err)
	}
	tokenizer, err := jsTokenizer(string(src))
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := json.Marshal(tokenizerInputs)
	if err != nil {
		t.Fatal(err)
	}
	ctx := h.tab(t)
	h.open(t, ctx, articlePath("ja", h.kb.Articles[0].ID))
	got := eval[[][]string](t, ctx, fmt.Sprintf("(() => { %s\nreturn %s.map(terms); })()", tokenizer, inputs))
	if len(got) != len(tokenizerInputs) {
		t.Fatalf("the page tokenized %d texts, want %d", len(got), len(tokenizerInputs))
	}
	for i, in := range tokenizerInputs {
		if want := search.Terms(in); !slices.Equal(got[i], want) {
			t.Errorf("terms of %q:\n  JavaScript %q\n  Go         %q", in, got[i], want)
		}
	}
}

// jsTokenizer cuts the tokenizer out of search.js: from its character
// classes to the end of the terms function.
func jsTokenizer(src string) (string, error) {
	start := strings.Index(src, "var CJK")
	fn := strings.Index(src, "function terms(")
	if start < 0 || fn < start {
		return "", fmt.Errorf("search.js no longer has var CJK followed by function terms(: update jsTokenizer")
	}
	depth := 0
	for i := fn; i < len(src); i++ {
		switch src[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return src[start : i+1], nil
			}
		}
	}
	return "", fmt.Errorf("search.js: function terms has no end")
}

// testNumbersAgree writes counts in the browser, as search.js does with
// Intl.NumberFormat, and in Go, as the pages' counts are: a page that
// says "1 000 articles" above a search that says "1000 results" reads as
// two sites.
func (h *harness) testNumbersAgree(t *testing.T) {
	nums := []int{0, 7, 999, 1000, 2024, 12345, 1000000}
	ctx := h.tab(t)
	h.open(t, ctx, articlePath("en", h.kb.Articles[0].ID))
	cat, err := i18n.LoadCatalog(locales.FS, h.kb.Config.Locales)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range h.kb.Config.Locales {
		got := eval[[]string](t, ctx, fmt.Sprintf(`%s.map(n => new Intl.NumberFormat(%q).format(n))`, mustJSON(t, nums), l))
		for i, n := range nums {
			if want := cat.Strings(l).Number(n); i >= len(got) || got[i] != want {
				t.Errorf("%s: %d written %q by the browser, %q by Go", l, n, got, want)
			}
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
