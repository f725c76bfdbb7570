package site

import (
	"cmp"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/nav"
	"github.com/kbcdev/kbc/internal/theme"
)

// page is what the "page" template renders: the frame every page shares
// and exactly one of Frame (with Article), Moved, Home, Category,
// Section, Chooser or NotFound. A theme's templates see these fields.
type page struct {
	Lang  string
	Title string // of the document: the page's heading and the site's name
	// Heading is the page's own title, for Open Graph; Description its
	// meta description, which every page has.
	Heading, Description string
	OGType               string // Open Graph: "article" or "website"
	Root                 string // the way to the site root: "", "../" or "../../"
	HomeHref             string // the locale's home page
	Canonical            string
	Alternates           []alternate
	Switch               []langLink
	Current              string // the page's language, named in itself
	UI                   *i18n.Strings
	Site                 *siteView
	Search               *searchBox
	Crumbs               []nav.Crumb

	Article  template.HTML // see articleHTML
	Frame    *articleFrame // what the page shows around Article
	Moved    *movedView
	Home     *homeView
	Category *nav.Category
	Section  *nav.Section
	Chooser  *chooserView
	NotFound *notFoundView
}

// Dir is the direction of the page's language (i18n.Direction), for its
// html element: a theme's templates lay out and isolate by it.
func (p *page) Dir() string { return i18n.Direction(p.Lang) }

type alternate struct{ Hreflang, Href string }

// langLink is an entry of the language switcher; an entry without Href
// names a locale the page has no version in.
type langLink struct {
	Lang, Name, Href string
	Current          bool
}

// Dir is the direction of the entry's language: each name is written in
// its own, whatever the page's.
func (l langLink) Dir() string { return i18n.Direction(l.Lang) }

// movedView is the page of a retired article: where its content is now.
type movedView struct {
	Title, Href string // of the article that replaces it, in the locale
	Lang        string // the title's language, where it is not the page's
}

// Dir is the direction of the title's language, "" where it is the
// page's.
func (m *movedView) Dir() string { return i18n.Direction(m.Lang) }

type searchBox struct {
	Index  string // the way to search/<locale>/
	Base   string // the way to the locale folder, which result links start from
	Counts string // JSON: CLDR plural form -> "{n} results"
	Action string // the locale's home page, where a query in the address is run
}

// homeView is a locale's home page: the categories with their sections
// and top articles, and the articles listed in no section (every article
// when kb.yaml declares no categories).
type homeView struct {
	Count      string
	Categories []*nav.Category
	Articles   []nav.Entry
}

type chooserView struct {
	Table     string // JSON: browser language tag -> locale
	Languages []langLink
	Prompt    []langPrompt
}

type langPrompt struct{ Lang, Text string }

// Dir is the direction of the prompt's language.
func (l langPrompt) Dir() string { return i18n.Direction(l.Lang) }

type notFoundView struct {
	Table   string // JSON: browser language tag -> locale, as chooserView's
	Entries []notFoundEntry
}

type notFoundEntry struct {
	Lang, Title, Text, Home, HomeHref string
}

// Dir is the direction of the entry's language: the page holds the
// message in every locale, and the script of root.js puts the reader's
// first, the page then taking its language and direction.
func (e notFoundEntry) Dir() string { return i18n.Direction(e.Lang) }

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
func (r *Renderer) abs(p string) string {
	if r.baseURL == "" {
		return ""
	}
	return r.baseURL + siteURL(strings.TrimSuffix(p, "index.html"))
}

// alternates lists the page at rel (a path with a %s for the locale) in
// every locale; hrefs are absolute with a base URL, else relative to the
// page at depth root.
func (r *Renderer) alternates(rel func(locale string) string, root, xdefault string) []alternate {
	var alts []alternate
	link := func(p string) string {
		if r.baseURL != "" {
			return r.abs(p)
		}
		return root + siteURL(p)
	}
	for _, l := range r.locales {
		alts = append(alts, alternate{Hreflang: l, Href: link(rel(l))})
	}
	alts = append(alts, alternate{Hreflang: "x-default", Href: link(xdefault)})
	return alts
}

func (r *Renderer) switcher(rel func(locale string) string, root, current string) []langLink {
	var ls []langLink
	for _, l := range r.locales {
		ls = append(ls, langLink{Lang: l, Name: i18n.SelfName(l), Href: root + siteURL(rel(l)), Current: l == current})
	}
	return ls
}

func (r *Renderer) frame(locale, root, rel string, relOf func(string) string, xdefault string) *page {
	p := r.bareFrame(locale, root)
	p.Canonical = r.abs(rel)
	p.Alternates = r.alternates(relOf, root, xdefault)
	p.Switch = r.switcher(relOf, root, locale)
	return p
}

// bareFrame is the frame of a page in the locale at depth root, without
// the links to its versions in other locales.
func (r *Renderer) bareFrame(locale, root string) *page {
	ui := r.catalog.Strings(locale)
	return &page{
		Lang: locale, Root: root, UI: ui, OGType: "website", Current: i18n.SelfName(locale),
		HomeHref: root + siteURL(locale+"/index.html"),
		Site:     r.siteView(locale, root),
	}
}

// titled sets the page's heading, its document title and its
// description.
func (p *page) titled(heading, description string) {
	p.Heading, p.Description = heading, description
	p.Title = heading + " – " + p.Site.Name
	if heading == p.Site.Name {
		p.Title = heading
	}
}

func (r *Renderer) searchBox(locale, root, base string) *searchBox {
	return &searchBox{Index: root + siteURL("search/"+locale+"/"), Base: base, Counts: r.resultCounts(locale),
		Action: root + siteURL(locale+"/index.html")}
}

// resultCounts returns, as JSON, the "N results" text of each plural form
// the locale needs, with {n} for the number, for search.js to choose from
// with Intl.PluralRules. It is computed once per locale.
func (r *Renderer) resultCounts(locale string) string {
	if v, ok := r.counts.Load(locale); ok {
		return v.(string)
	}
	ui := r.catalog.Strings(locale)
	counts := map[string]string{}
	for _, form := range i18n.PluralForms(locale) {
		if n, ok := i18n.SampleCount(locale, form); ok {
			counts[form] = strings.ReplaceAll(ui.Plural("searchResults", n), ui.Number(n), "{n}")
		}
	}
	data, _ := json.Marshal(counts)
	r.counts.Store(locale, string(data))
	return string(data)
}

func (r *Renderer) articlePage(a *content.Article, locale string, v *articleView) *page {
	p := r.articleFrame(a, locale)
	p.titled(v.TitleText, cmp.Or(v.SummaryText, v.TitleText))
	p.OGType = "article"
	p.Article = articleHTML(v, p.UI)
	p.Frame = r.aroundArticle(a, locale, v)
	p.Search = r.searchBox(locale, "../../", "../")
	p.Crumbs = nav.Crumbs(r.cfg, p.UI, "../", "", a.SectionID, v.TitleText)
	p.Crumbs[len(p.Crumbs)-1].Lang = v.Title.Lang
	return p
}

// articleFrame is the frame of an article's page in a locale. Hreflang
// alternates name only the locales the page is written in; a page in the
// source text for want of a translation names the source page as its
// canonical one. The language switcher lists every locale, those without
// a page of the article as not translated.
func (r *Renderer) articleFrame(a *content.Article, locale string) *page {
	relOf := func(l string) string { return ArticlePath(a.ID, l) }
	root := "../../"
	announced := r.announced(a)
	xdefault := relOf(a.Lang)
	if len(announced) > 0 && announced[0] == r.locales[0] {
		xdefault = relOf(r.locales[0])
	}
	canonical := relOf(locale)
	if r.Publication(a, locale) == SourceText {
		canonical = relOf(a.Lang)
	}
	p := r.bareFrame(locale, root)
	p.Canonical = r.abs(canonical)
	for _, alt := range r.alternates(relOf, root, xdefault) {
		if alt.Hreflang == "x-default" || slices.Contains(announced, alt.Hreflang) {
			p.Alternates = append(p.Alternates, alt)
		}
	}
	for _, l := range r.switcher(relOf, root, locale) {
		if !r.HasPage(a, l.Lang) {
			l.Href = ""
		}
		p.Switch = append(p.Switch, l)
	}
	return p
}

// movedPage is the page a retired article keeps at its address in every
// locale, so that links from outside still lead somewhere: it says where
// the content is now and sends the browser there.
func (r *Renderer) movedPage(a *content.Article, locale string) *page {
	p := r.articleFrame(a, locale)
	p.Alternates = nil
	p.titled(p.UI.T("movedTitle"), p.UI.T("movedText"))
	link, ok := r.ArticleLink(a.ID, locale, "../")
	title, href, lang := link.Title, link.Href, link.Lang
	if !ok {
		// lint refuses a replacement that leads nowhere; send the reader
		// home rather than nowhere.
		title, href, lang = p.UI.T("allArticles"), "../index.html", ""
	} else if b := r.replacement(r.linkable[a.ID]); b != nil {
		p.Canonical = r.abs(ArticlePath(b.ID, locale))
	}
	if lang == locale {
		lang = ""
	}
	p.Moved = &movedView{Title: title, Href: href, Lang: lang}
	p.Description = p.UI.T("movedText") + " " + title
	p.Crumbs = nav.Crumbs(r.cfg, p.UI, "../", "", "", p.UI.T("movedTitle"))
	return p
}

func (r *Renderer) writeHome(locale string, entries []nav.Entry, put Put) error {
	relOf := func(l string) string { return l + "/index.html" }
	p := r.frame(locale, "../", relOf(locale), relOf, "index.html")
	p.titled(p.Site.Name, nav.SiteDescription(r.cfg, p.UI))
	p.Search = r.searchBox(locale, "../", "")
	h := &homeView{Count: p.UI.Plural("articleCount", len(entries)), Categories: nav.Tree(r.cfg, p.UI, entries, "")}
	for _, e := range entries {
		if r.cfg.Section(e.SectionID) == nil {
			h.Articles = append(h.Articles, e)
		}
	}
	i18n.SortByKey(locale, h.Articles, func(e nav.Entry) string { return e.Title })
	p.Home = h
	return r.writePage(locale+"/index.html", p, put)
}

// languageTable is the JSON of the site's locales by the browser language
// tags that match them (i18n.LanguageTable), which root.js looks a
// reader's languages up in.
func (r *Renderer) languageTable() string {
	table, _ := json.Marshal(i18n.LanguageTable(r.locales))
	return string(table)
}

func (r *Renderer) rootPage() *page {
	def := r.locales[0]
	relOf := func(l string) string { return l + "/index.html" }
	p := r.frame(def, "", "index.html", relOf, "index.html")
	var prompts []string
	p.HomeHref = ""
	c := &chooserView{Table: r.languageTable()}
	for _, l := range r.locales {
		c.Languages = append(c.Languages, langLink{Lang: l, Name: i18n.SelfName(l), Href: siteURL(l + "/index.html")})
		c.Prompt = append(c.Prompt, langPrompt{Lang: l, Text: r.catalog.Strings(l).T("chooseLanguage")})
		prompts = append(prompts, r.catalog.Strings(l).T("chooseLanguage"))
	}
	p.titled(p.Site.Name, strings.Join(prompts, " · "))
	p.Chooser = c
	p.Switch = nil
	return p
}

// notFoundPage is served by hosts for any missing path, at any depth, so
// its links are absolute when a base URL is known; otherwise they work
// from the site root.
func (r *Renderer) notFoundPage() *page {
	def := r.locales[0]
	ui := r.catalog.Strings(def)
	// Shown at any depth: its links start at the site's address or, under
	// a server that says where it shows the site, at that path.
	root := r.baseURL
	if root == "" {
		root = r.servedAt
	}
	p := r.bareFrame(def, root)
	p.HomeHref = root + siteURL("index.html")
	p.titled(ui.T("notFoundTitle"), ui.T("notFoundText"))
	nf := &notFoundView{Table: r.languageTable()}
	for _, l := range r.locales {
		s := r.catalog.Strings(l)
		nf.Entries = append(nf.Entries, notFoundEntry{Lang: l, Title: s.T("notFoundTitle"), Text: s.T("notFoundText"), Home: s.T("allArticles"), HomeHref: root + siteURL(l+"/index.html")})
	}
	p.NotFound = nf
	return p
}

// sitemap lists every page with its alternates in the other locales.
func (r *Renderer) sitemap() []byte {
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
	// A page is listed in the locales it is written in, each naming the
	// others as alternates.
	add := func(relOf func(string) string, locales []string, xdefault string) {
		for _, l := range locales {
			u := url{Loc: r.abs(relOf(l))}
			for _, alt := range r.alternates(relOf, "", xdefault) {
				if alt.Hreflang == "x-default" || slices.Contains(locales, alt.Hreflang) {
					u.Links = append(u.Links, link{Rel: "alternate", Hreflang: alt.Hreflang, Href: alt.Href})
				}
			}
			set.URLs = append(set.URLs, u)
		}
	}
	add(func(l string) string { return l + "/index.html" }, r.locales, "index.html")
	for _, a := range r.kb.Articles {
		if !r.Listed(a, a.Lang) {
			continue // a draft, or a page that sends the reader on
		}
		relOf := func(l string) string { return ArticlePath(a.ID, l) }
		announced := r.announced(a)
		xdefault := relOf(a.Lang)
		if len(announced) > 0 && announced[0] == r.locales[0] {
			xdefault = relOf(r.locales[0])
		}
		add(relOf, announced, xdefault)
	}
	data, _ := xml.MarshalIndent(set, "", "  ")
	return append([]byte(xml.Header), append(data, '\n')...)
}

// CheckTheme checks the theme's templates against the data every page
// gives them (see theme.Theme.CheckData).
func CheckTheme(th *theme.Theme) diag.List { return th.CheckData((*page)(nil)) }
