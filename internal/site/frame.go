package site

import (
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/nav"
	"github.com/kbcdev/kbc/internal/theme"
)

// siteView is what every page shows of the site: its name, logo and
// links, and the files its head links to, as seen from the page.
type siteView struct {
	Name                 string
	Logo                 *logoView
	Favicon, FaviconType string
	// Stylesheets are linked after kbc's: kb.yaml's colours, then the
	// theme's own stylesheet.
	Stylesheets    []string
	Header, Footer []nav.Link
	ShowIDs        bool
}

type logoView struct {
	Src           string
	Width, Height int
	HasSize       bool
}

// The site publishes kb.yaml's logo and favicon under the names package
// theme gives (theme.LogoFile, theme.FaviconFile), and its own favicon
// when kb.yaml names neither; a PNG favicon, or kbc's own, is also
// published as favicon.ico at the root, where browsers and crawlers look
// for one unasked.
const (
	defaultFavicon = "assets/favicon.svg"
	faviconICO     = "favicon.ico"
	// defaultFaviconPNG is kbc's icon as a PNG, in package site's files,
	// for the favicon.ico of a site kb.yaml gives no icon of its own.
	defaultFaviconPNG = "favicon.png"
)

func isSVG(p string) bool { return strings.EqualFold(path.Ext(p), ".svg") }

// siteFile is the file of a path kb.yaml names.
func (r *Renderer) siteFile(f *content.SiteFile) string {
	return filepath.Join(r.root, filepath.FromSlash(f.Path))
}

type siteKey struct{ locale, root string }

// siteView returns the site's view for pages of the locale at depth root,
// worked out once per build for each.
func (r *Renderer) siteView(locale, root string) *siteView {
	k := siteKey{locale, root}
	if v, ok := r.sites.Load(k); ok {
		return v.(*siteView)
	}
	cfg := r.cfg
	ui := r.catalog.Strings(locale)
	v := &siteView{Name: nav.SiteName(cfg, ui), Favicon: root + defaultFavicon, FaviconType: "image/svg+xml"}
	v.Header, v.Footer = nav.Links(cfg, locale)
	if s := cfg.Site; s != nil {
		v.ShowIDs = s.ShowIDs
		if s.Logo != nil {
			v.Logo = &logoView{Src: root + theme.LogoFile}
			v.Logo.Width, v.Logo.Height, v.Logo.HasSize, _ = imageFileSize(r.siteFile(s.Logo))
			v.Favicon = root + theme.LogoFile
		}
		if f := s.Favicon; f != nil {
			v.Favicon, v.FaviconType = root+theme.FaviconFile(f), "image/svg+xml"
			if !isSVG(f.Path) {
				v.FaviconType = "image/png"
			}
		}
		if s.Colors != nil {
			v.Stylesheets = append(v.Stylesheets, root+theme.ColorsFile)
		}
	}
	if r.theme.HasAsset(theme.StyleSheet) {
		v.Stylesheets = append(v.Stylesheets, root+theme.StyleSheet)
	}
	r.sites.Store(k, v)
	return v
}

// articleFrame is what an article's page shows around the article: the
// list of its parts, when it needs one, the date of its last change in
// the locale, the feedback link and related articles.
type articleFrame struct {
	ID       string
	TOC      []tocEntry
	Updated  *dateView
	Feedback string
	Related  []nav.Entry
}

// dateView is a date as the page writes it: machine-readable in a <time>
// element's datetime, and in the locale's words.
type dateView struct{ Datetime, Text string }

func (r *Renderer) aroundArticle(a *content.Article, locale string, v *articleView) *articleFrame {
	f := &articleFrame{ID: a.ID, TOC: v.TOC, Feedback: nav.Feedback(r.cfg.Site, a.ID, locale), Related: r.Related(a, locale)}
	if d := r.Updated(a, locale); d != "" {
		t, _ := time.Parse(content.Date, d)
		f.Updated = &dateView{Datetime: d, Text: r.catalog.Strings(locale).Date(t)}
	}
	return f
}

// maxRelated bounds the related articles a page lists.
const maxRelated = 5

// Related returns the articles an article's page in the locale lists as
// related, with their links from that page: the other articles of its
// section that the locale lists, by title in its collation, but for
// those its see-also list leads to already.
func (r *Renderer) Related(a *content.Article, locale string) []nav.Entry {
	if a.SectionID == "" {
		return nil
	}
	var out []nav.Entry
	for _, e := range r.sectionEntries(a.SectionID, locale) {
		if e.ID == a.ID || slices.ContainsFunc(a.SeeAlso, func(ref content.Ref) bool { return r.linkTarget(ref.ID) == e.ID }) {
			continue
		}
		out = append(out, e)
		if len(out) == maxRelated {
			break
		}
	}
	return out
}

// sectionEntries returns the entries of the articles of a section that
// the locale lists, by title in its collation, linked from an article's
// page. They are made once per section and locale, on first use: every
// page of the section lists some of them, and making them for each page
// would cost a pass over the whole knowledge base and a sort per page.
func (r *Renderer) sectionEntries(section, locale string) []nav.Entry {
	key := [2]string{section, locale}
	if e, ok := r.related.Load(key); ok {
		return e.([]nav.Entry)
	}
	var out []nav.Entry
	for _, b := range r.linkable {
		if b.SectionID != section || !r.Listed(b, locale) {
			continue
		}
		link, _ := r.ArticleLink(b.ID, locale, "../")
		e := nav.Entry{ID: b.ID, Title: link.Title, Href: link.Href, ShowID: r.showIDs()}
		if r.Publication(b, locale) == SourceText {
			e.Lang = b.Lang
			e.LangLabel = inLanguage(r.catalog.Strings(locale), b.Lang)
		}
		out = append(out, e)
	}
	// Titles and ids together are unique: the order is the same whatever
	// order the articles come in.
	i18n.SortByKey(locale, out, func(e nav.Entry) string { return e.Title + "\x00" + e.ID })
	e, _ := r.related.LoadOrStore(key, slices.Clip(out))
	return e.([]nav.Entry)
}

// Updated returns when the article last changed in the locale, as
// YYYY-MM-DD, or "": the updated date of the file readers of the locale
// read (the translation file, or the source file for a page in the
// source locale or in the source text), else the date of the last commit
// that changed it, when the build was given them (Options.GitDates).
func (r *Renderer) Updated(a *content.Article, locale string) string {
	file, updated := a.File, a.Updated
	if tr := a.Translations[locale]; tr != nil && locale != a.Lang {
		file, updated = tr.File, tr.Updated
	}
	if updated != "" {
		return updated
	}
	return r.opts.GitDates[file]
}

func (r *Renderer) showIDs() bool { return r.cfg.Site != nil && r.cfg.Site.ShowIDs }

// entries turns the articles a locale lists into the entries of its
// lists, with links from the locale's folder.
func (r *Renderer) entries(docs []Article) []nav.Entry {
	var out []nav.Entry
	for _, d := range docs {
		if !d.Unlisted {
			out = append(out, nav.Entry{ID: d.ID, Title: d.Title, Summary: d.Summary, Href: articleHref("", d.ID),
				Lang: d.Lang, LangLabel: d.LangLabel, SectionID: d.SectionID, ShowID: r.showIDs()})
		}
	}
	return out
}

// writeListings writes the page of every category and section in the
// locale.
func (r *Renderer) writeListings(locale string, entries []nav.Entry, put Put) error {
	const prefix = "../../" // from a listing to the locale's folder
	for _, c := range nav.Tree(r.cfg, r.catalog.Strings(locale), entries, prefix) {
		p := r.listingFrame(locale, func(l string) string { return nav.CategoryPath(l, c.ID) })
		p.titled(c.Name, c.Description)
		if p.Description == "" {
			p.Description = c.Name
		}
		p.Category = c
		p.Crumbs = nav.Crumbs(r.cfg, p.UI, prefix, c.ID, "", "")
		if err := r.writePage(nav.CategoryPath(locale, c.ID), p, put); err != nil {
			return err
		}
		for _, s := range c.Sections {
			p := r.listingFrame(locale, func(l string) string { return nav.SectionPath(l, s.ID) })
			p.titled(s.Name, s.Description)
			if p.Description == "" {
				p.Description = p.UI.PluralWith("sectionDescription", len(s.Articles), map[string]any{"Name": s.Name})
			}
			p.Section = s
			p.Crumbs = nav.Crumbs(r.cfg, p.UI, prefix, "", s.ID, "")
			if err := r.writePage(nav.SectionPath(locale, s.ID), p, put); err != nil {
				return err
			}
		}
	}
	return nil
}

// listingFrame is the frame of a category's or a section's page.
func (r *Renderer) listingFrame(locale string, relOf func(string) string) *page {
	const root = "../../../"
	p := r.frame(locale, root, relOf(locale), relOf, relOf(r.locales[0]))
	p.Search = r.searchBox(locale, root, "../../")
	return p
}

// ListingPages counts the category and section pages of each locale.
func (r *Renderer) ListingPages() int {
	n := 0
	for _, c := range r.cfg.Categories {
		n += 1 + len(c.Sections)
	}
	return n
}

// SectionName is the name of a kb.yaml section in the locale, or "" for
// an id kb.yaml does not declare.
func (r *Renderer) SectionName(id, locale string) string {
	if s := r.cfg.Section(id); s != nil {
		return r.cfg.Localized(s.Names, locale)
	}
	return ""
}
