package site

import (
	"encoding/json"
	"encoding/xml"
	"html/template"
	"net/url"
	"path"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/i18n"
)

// page is what the "page" template renders: the frame every page shares
// and exactly one of Article, Home, Root or NotFound.
type page struct {
	Lang        string
	Title       string
	Description string
	Root        string // the way to the site root: "", "../" or "../../"
	HomeHref    string // the locale's home page
	Canonical   string
	Alternates  []alternate
	Switch      []langLink
	UI          *i18n.Strings
	Search      *searchBox
	Crumbs      []crumb

	Article  template.HTML // see articleHTML
	Home     *homeView
	Chooser  *chooserView
	NotFound *notFoundView
}

type alternate struct{ Hreflang, Href string }

type langLink struct {
	Lang, Name, Href string
	Current          bool
}

type crumb struct{ Title, Href string }

type searchBox struct {
	Index  string // the way to search/<locale>/
	Base   string // the way to the locale folder, which result links start from
	Counts string // JSON: CLDR plural form -> "{n} results"
}

type homeView struct {
	Count    string
	Articles []homeEntry
}

type homeEntry struct {
	ID, Title, Summary, Href string
}

type chooserView struct {
	Table     string // JSON: browser language tag -> locale
	Languages []langLink
	Prompt    []langPrompt
}

type langPrompt struct{ Lang, Text string }

type notFoundView struct {
	Entries []notFoundEntry
}

type notFoundEntry struct {
	Lang, Title, Text, Home, HomeHref string
}

// siteURL returns the URL of a path of the site, relative to the folder
// the path is relative to: each segment percent-encoded, so that a file
// named "step#1?.svg" or "a%20b.svg" is the file a browser asks for. Every
// URL the site writes to a file of its own goes through it.
func siteURL(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// abs returns the published URL of a site path, or "" without a base URL.
func (b *builder) abs(p string) string {
	if b.baseURL == "" {
		return ""
	}
	return b.baseURL + siteURL(strings.TrimSuffix(p, "index.html"))
}

// alternates lists the page at rel (a path with a %s for the locale) in
// every locale; hrefs are absolute with a base URL, else relative to the
// page at depth root.
func (b *builder) alternates(rel func(locale string) string, root, xdefault string) []alternate {
	var alts []alternate
	link := func(p string) string {
		if b.baseURL != "" {
			return b.abs(p)
		}
		return root + siteURL(p)
	}
	for _, l := range b.locales {
		alts = append(alts, alternate{Hreflang: l, Href: link(rel(l))})
	}
	alts = append(alts, alternate{Hreflang: "x-default", Href: link(xdefault)})
	return alts
}

func (b *builder) switcher(rel func(locale string) string, root, current string) []langLink {
	var ls []langLink
	for _, l := range b.locales {
		ls = append(ls, langLink{Lang: l, Name: i18n.SelfName(l), Href: root + siteURL(rel(l)), Current: l == current})
	}
	return ls
}

func (b *builder) frame(locale, root, rel string, relOf func(string) string, xdefault string) *page {
	ui := b.catalog.Strings(locale)
	return &page{
		Lang: locale, Root: root, UI: ui,
		HomeHref:   root + siteURL(locale+"/index.html"),
		Canonical:  b.abs(rel),
		Alternates: b.alternates(relOf, root, xdefault),
		Switch:     b.switcher(relOf, root, locale),
	}
}

func (b *builder) searchBox(locale, root, base string) *searchBox {
	return &searchBox{Index: root + siteURL("search/"+locale+"/"), Base: base, Counts: b.resultCounts(locale)}
}

// resultCounts returns, as JSON, the "N results" text of each plural form
// the locale needs, with {n} for the number, for search.js to choose from
// with Intl.PluralRules. It is computed once per locale.
func (b *builder) resultCounts(locale string) string {
	if v, ok := b.counts.Load(locale); ok {
		return v.(string)
	}
	ui := b.catalog.Strings(locale)
	counts := map[string]string{}
	for _, form := range i18n.PluralForms(locale) {
		if n, ok := i18n.SampleCount(locale, form); ok {
			counts[form] = strings.ReplaceAll(ui.Plural("searchResults", n), itoa(n), "{n}")
		}
	}
	data, _ := json.Marshal(counts)
	b.counts.Store(locale, string(data))
	return string(data)
}

func (b *builder) articlePage(a *content.Article, locale string, v *articleView) *page {
	id := strings.ToLower(a.ID)
	relOf := func(l string) string { return l + "/" + id + "/index.html" }
	p := b.frame(locale, "../../", relOf(locale), relOf, relOf(b.locales[0]))
	p.Title = v.TitleText + " – " + p.UI.T("siteTitle")
	p.Description = v.SummaryText
	p.Article = articleHTML(v, p.UI)
	p.Search = b.searchBox(locale, "../../", "../")
	p.Crumbs = []crumb{{Title: p.UI.T("home"), Href: "../index.html"}, {Title: v.TitleText}}
	return p
}

func (b *builder) writeHome(locale string, docs []pageDoc) error {
	relOf := func(l string) string { return l + "/index.html" }
	p := b.frame(locale, "../", relOf(locale), relOf, "index.html")
	p.Title = p.UI.T("siteTitle")
	p.Search = b.searchBox(locale, "../", "")
	h := &homeView{Count: p.UI.Plural("articleCount", len(docs))}
	for _, d := range docs {
		h.Articles = append(h.Articles, homeEntry{ID: d.ID, Title: d.Title, Summary: d.Summary, Href: articleHref("", d.ID)})
	}
	i18n.SortByKey(locale, h.Articles, func(e homeEntry) string { return e.Title })
	p.Home = h
	return b.writePage(locale+"/index.html", p)
}

func (b *builder) rootPage() *page {
	def := b.locales[0]
	relOf := func(l string) string { return l + "/index.html" }
	p := b.frame(def, "", "index.html", relOf, "index.html")
	p.Title = p.UI.T("siteTitle")
	p.HomeHref = ""
	table, _ := json.Marshal(i18n.LanguageTable(b.locales))
	c := &chooserView{Table: string(table)}
	for _, l := range b.locales {
		c.Languages = append(c.Languages, langLink{Lang: l, Name: i18n.SelfName(l), Href: siteURL(l + "/index.html")})
		c.Prompt = append(c.Prompt, langPrompt{Lang: l, Text: b.catalog.Strings(l).T("chooseLanguage")})
	}
	p.Chooser = c
	p.Switch = nil
	return p
}

// notFoundPage is served by hosts for any missing path, at any depth, so
// its links are absolute when a base URL is known; otherwise they work
// from the site root.
func (b *builder) notFoundPage() *page {
	def := b.locales[0]
	ui := b.catalog.Strings(def)
	root := ""
	if b.baseURL != "" {
		root = b.baseURL
	}
	p := &page{Lang: def, Root: root, UI: ui, Title: ui.T("notFoundTitle") + " – " + ui.T("siteTitle"), HomeHref: root + siteURL("index.html")}
	nf := &notFoundView{}
	for _, l := range b.locales {
		s := b.catalog.Strings(l)
		nf.Entries = append(nf.Entries, notFoundEntry{Lang: l, Title: s.T("notFoundTitle"), Text: s.T("notFoundText"), Home: s.T("allArticles"), HomeHref: root + siteURL(l+"/index.html")})
	}
	p.NotFound = nf
	return p
}

// sitemap lists every page with its alternates in the other locales.
func (b *builder) sitemap() []byte {
	type link struct {
		XMLName  xml.Name `xml:"xhtml:link"`
		Rel      string   `xml:"rel,attr"`
		Hreflang string   `xml:"hreflang,attr"`
		Href     string   `xml:"href,attr"`
	}
	type url struct {
		Loc   string `xml:"loc"`
		Links []link
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		XHTML   string   `xml:"xmlns:xhtml,attr"`
		URLs    []url    `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	add := func(relOf func(string) string, xdefault string) {
		for _, l := range b.locales {
			u := url{Loc: b.abs(relOf(l))}
			for _, alt := range b.alternates(relOf, "", xdefault) {
				u.Links = append(u.Links, link{Rel: "alternate", Hreflang: alt.Hreflang, Href: alt.Href})
			}
			set.URLs = append(set.URLs, u)
		}
	}
	add(func(l string) string { return l + "/index.html" }, "index.html")
	for _, a := range b.kb.Articles {
		id := strings.ToLower(a.ID)
		relOf := func(l string) string { return l + "/" + id + "/index.html" }
		add(relOf, relOf(b.locales[0]))
	}
	data, _ := xml.MarshalIndent(set, "", "  ")
	return append([]byte(xml.Header), append(data, '\n')...)
}

func (b *builder) writeSearch(locale string, pages []pageDoc) error {
	docs := make([]searchDoc, len(pages))
	for i, d := range pages {
		docs[i] = searchDoc{Title: d.Title, Href: articleHref("", d.ID), Summary: d.Summary, titleIDs: d.TitleTerms, bodyIDs: d.BodyTerms}
	}
	for name, data := range searchIndex(docs, b.vocab) {
		if err := b.write(path.Join("search", locale, name), data); err != nil {
			return err
		}
	}
	return nil
}

func itoa(n int) string {
	data, _ := json.Marshal(n)
	return string(data)
}
