// Package nav works out how readers find their way around the help site
// in a locale: the categories kb.yaml declares, their sections and the
// articles listed in each, as the home, category and section pages show
// them; the breadcrumbs of a page; and the links and name kb.yaml gives
// the site's header and footer. It decides what lists hold and in what
// order; the templates decide how they look.
package nav

import (
	"net/url"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/i18n"
)

// TopArticles is how many articles of a section the home page shows.
const TopArticles = 3

// CategoryPath and SectionPath are where a category's and a section's
// pages are in the site.
func CategoryPath(locale, id string) string { return locale + "/categories/" + id + "/index.html" }

// SectionPath: see CategoryPath.
func SectionPath(locale, id string) string { return locale + "/sections/" + id + "/index.html" }

// Entry is an article in a list.
type Entry struct {
	ID, Title, Summary string // plain text
	// Href is the way to the article's page from the locale's folder,
	// such as "kb2262/index.html"; a list made for a page elsewhere
	// starts it with the way to that folder.
	Href string
	// Lang names the language of a page in the source text for want of a
	// translation, and LangLabel says so in the locale.
	Lang, LangLabel string
	SectionID       string
	ShowID          bool // show the KB id beside the title (kb.yaml's show_ids)
}

// Dir is the direction of the entry's Lang, "" where it names none.
func (e Entry) Dir() string { return i18n.Direction(e.Lang) }

// Category is a category of kb.yaml in a locale, with the sections that
// have articles there or not.
type Category struct {
	ID, Name, Description, Href string
	Sections                    []*Section
}

// Section is a section of a category in a locale, with its articles.
type Section struct {
	ID, Name, Description, Href string
	Category                    *Category
	Articles                    []Entry // sorted by title in the locale's collation
	Count                       string  // "3 articles"
	// Top are the first articles, for the home page; More links to the
	// section's page when it has more.
	Top  []Entry
	More string
}

// Tree returns the categories of kb.yaml in the locale with their
// sections and the entries listed in each, for a page whose way to the
// locale's folder is prefix ("" for the home page, "../../" for a
// category or section page). The entries' hrefs are relative to the
// locale's folder.
func Tree(cfg *content.Config, ui *i18n.Strings, entries []Entry, prefix string) []*Category {
	bySection := map[string][]Entry{}
	for _, e := range entries {
		e.Href = prefix + e.Href
		bySection[e.SectionID] = append(bySection[e.SectionID], e)
	}
	var out []*Category
	for _, c := range cfg.Categories {
		cv := &Category{ID: c.ID, Name: cfg.Localized(c.Names, ui.Locale), Description: cfg.Localized(c.Descriptions, ui.Locale),
			Href: prefix + localHref(CategoryPath(ui.Locale, c.ID))}
		for _, s := range c.Sections {
			sv := &Section{ID: s.ID, Name: cfg.Localized(s.Names, ui.Locale), Description: cfg.Localized(s.Descriptions, ui.Locale),
				Href: prefix + localHref(SectionPath(ui.Locale, s.ID)), Category: cv, Articles: bySection[s.ID]}
			i18n.SortByKey(ui.Locale, sv.Articles, func(e Entry) string { return e.Title })
			sv.Count = ui.Plural("articleCount", len(sv.Articles))
			sv.Top = sv.Articles[:min(len(sv.Articles), TopArticles)]
			if len(sv.Articles) > len(sv.Top) {
				sv.More = ui.Plural("seeAllArticles", len(sv.Articles))
			}
			cv.Sections = append(cv.Sections, sv)
		}
		out = append(out, cv)
	}
	return out
}

// localHref is a site path as a link from the locale's folder: without
// the locale and with index.html, so that it works from disk too.
func localHref(p string) string {
	_, rest, _ := strings.Cut(p, "/")
	return rest
}

// Crumb is a step of the breadcrumbs: the current page has no Href. Lang
// is the language of a title in another than the page's, as an article's
// shown in the source text for want of a translation.
type Crumb struct{ Title, Href, Lang string }

// Dir is the direction of the crumb's Lang, "" where it names none.
func (c Crumb) Dir() string { return i18n.Direction(c.Lang) }

// Crumbs returns the breadcrumbs of a page in the locale whose way to the
// locale's folder is prefix: Home, then the category and the section the
// page is in, when it is in one (either id may be empty), then the page
// itself when it is an article or another page below them.
func Crumbs(cfg *content.Config, ui *i18n.Strings, prefix, categoryID, sectionID, title string) []Crumb {
	crumbs := []Crumb{{Title: ui.T("home"), Href: prefix + "index.html"}}
	if s := cfg.Section(sectionID); s != nil {
		categoryID = s.Category.ID
	}
	for _, c := range cfg.Categories {
		if c.ID == categoryID {
			crumbs = append(crumbs, Crumb{Title: cfg.Localized(c.Names, ui.Locale), Href: prefix + localHref(CategoryPath(ui.Locale, c.ID))})
		}
	}
	if s := cfg.Section(sectionID); s != nil {
		crumbs = append(crumbs, Crumb{Title: cfg.Localized(s.Names, ui.Locale), Href: prefix + localHref(SectionPath(ui.Locale, s.ID))})
	}
	if title != "" {
		crumbs = append(crumbs, Crumb{Title: title})
	} else {
		crumbs[len(crumbs)-1].Href = ""
	}
	return crumbs
}

// Link is a link of the header or the footer.
type Link struct{ Title, Href string }

// SiteName is the site's name in the locale: kb.yaml's, or the catalog's.
func SiteName(cfg *content.Config, ui *i18n.Strings) string {
	if cfg.Site != nil && len(cfg.Site.Names) > 0 {
		return cfg.Localized(cfg.Site.Names, ui.Locale)
	}
	return ui.T("siteTitle")
}

// SiteDescription is what the home page says the site is for, as its
// meta description.
func SiteDescription(cfg *content.Config, ui *i18n.Strings) string {
	if cfg.Site != nil && len(cfg.Site.Descriptions) > 0 {
		return cfg.Localized(cfg.Site.Descriptions, ui.Locale)
	}
	return ui.With("siteDescription", map[string]any{"Site": SiteName(cfg, ui)})
}

// Links returns kb.yaml's header and footer links in the locale.
func Links(cfg *content.Config, locale string) (header, footer []Link) {
	if cfg.Site == nil {
		return nil, nil
	}
	in := func(ls []*content.SiteLink) []Link {
		var out []Link
		for _, l := range ls {
			if href := l.URLs[locale]; href != "" {
				out = append(out, Link{Title: cfg.Localized(l.Titles, locale), Href: href})
			}
		}
		return out
	}
	return in(cfg.Site.HeaderLinks), in(cfg.Site.FooterLinks)
}

// Feedback returns where the "Was this article helpful?" link of an
// article's page in the locale leads, or "" when kb.yaml sets no address:
// the address with {id} and {locale} replaced, escaped for a URL.
func Feedback(site *content.Site, id, locale string) string {
	if site == nil || site.Feedback == "" {
		return ""
	}
	return strings.NewReplacer("{id}", url.QueryEscape(id), "{locale}", url.QueryEscape(locale)).Replace(site.Feedback)
}
