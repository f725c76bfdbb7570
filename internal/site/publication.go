package site

import (
	"github.com/kbcdev/kbc/internal/content"
)

// Publication is what readers of a locale get of an article.
type Publication uint8

const (
	// Translated: the article's page, in the source locale or from a
	// translation file (with the source text for the units it lacks).
	Translated Publication = iota
	// SourceText: no translation into the locale yet; the page shows the
	// source text, with a notice, and is not announced as written in the
	// locale (kb.yaml's fallback: source, the default).
	SourceText
	// Omitted: no translation, and kb.yaml says fallback: omit; there is
	// no page, and links go to the source locale's.
	Omitted
	// Unpublished: a draft, which only a preview of drafts shows.
	Unpublished
	// Moved: a retired article; its page sends readers on to the article
	// that replaces it.
	Moved
)

// PublicationOf returns what readers of the locale get of the article,
// under kb.yaml's configuration; drafts says whether drafts are shown.
// It needs no more of the article than its digest holds.
func PublicationOf(cfg *content.Config, a *content.Article, locale string, drafts bool) Publication {
	switch {
	case a.Status == content.Draft && !drafts:
		return Unpublished
	case a.Status == content.Retired:
		return Moved
	case locale == a.Lang || a.Translations[locale] != nil:
		return Translated
	case cfg.Fallback == content.FallbackOmit:
		return Omitted
	}
	return SourceText
}

// HasPage reports whether a publication is a page of the site: one of its
// own, one in the source text, or one that sends the reader on.
func (p Publication) HasPage() bool { return p != Omitted && p != Unpublished }

// Publication returns what readers of the locale get of the article.
func (r *Renderer) Publication(a *content.Article, locale string) Publication {
	return PublicationOf(r.cfg, a, locale, r.opts.Drafts)
}

// HasPage reports whether the site has a page of the article in the
// locale.
func (r *Renderer) HasPage(a *content.Article, locale string) bool {
	return r.Publication(a, locale).HasPage()
}

// Listed reports whether the article is on the locale's home page, in its
// search index and in the sitemap: a page that is neither a draft nor
// one that only sends the reader on.
func (r *Renderer) Listed(a *content.Article, locale string) bool {
	p := r.Publication(a, locale)
	return p == Translated || p == SourceText
}

// announced lists the locales whose page of the article is written in
// that locale's language: those hreflang alternates and the sitemap name.
func (r *Renderer) announced(a *content.Article) []string {
	var ls []string
	for _, l := range r.locales {
		if r.Publication(a, l) == Translated {
			ls = append(ls, l)
		}
	}
	return ls
}

// linkTarget returns the id of the article a link to id leads to: the
// replacement of a retired article (id itself if the chain ends nowhere),
// id for any other.
func (r *Renderer) linkTarget(id string) string {
	if a := r.linkable[id]; a != nil && a.Status == content.Retired {
		if to := r.replacement(a); to != nil {
			return to.ID
		}
	}
	return id
}

// replacement returns the article that readers of a retired article are
// sent to, following replaced_by through other retired articles; nil when
// the chain ends nowhere (which lint reports).
func (r *Renderer) replacement(a *content.Article) *content.Article {
	return content.ReplacementOf(a, func(id string) *content.Article { return r.linkable[id] })
}
