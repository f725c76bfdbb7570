package coverage

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
)

// Counts is the translation coverage of a set of source units in one
// locale. Units counts the source texts; Current, Stale and Missing
// partition them. Orphaned counts the units of the locale files that
// translate no source text, which are not part of Units.
type Counts struct {
	Units    int `json:"units"`
	Current  int `json:"current"`
	Stale    int `json:"stale"`
	Missing  int `json:"missing"`
	Orphaned int `json:"orphaned"`
}

// Percent returns the share of units that are current, rounded down to a
// tenth so that an almost finished locale never reads as 100%. A set
// without units is complete.
func (c Counts) Percent() float64 {
	if c.Units == 0 {
		return 100
	}
	return math.Floor(float64(c.Current)*1000/float64(c.Units)) / 10
}

func (c *Counts) add(d Counts) {
	c.Units += d.Units
	c.Current += d.Current
	c.Stale += d.Stale
	c.Missing += d.Missing
	c.Orphaned += d.Orphaned
}

// ArticleStatus is the coverage of one article in one locale.
type ArticleStatus struct {
	Article     string // the article id
	Source      string // the article's source locale
	Locale      string
	Publication Publication // how readers of the locale get the article
	Counts
}

// Publication is how an article is published in a locale.
type Publication string

// The states of an article in a locale other than its source locale.
const (
	Draft      Publication = "draft"      // not published in any locale
	Retired    Publication = "retired"    // its pages send readers to its replacement
	Translated Publication = "translated" // every unit current
	Outdated   Publication = "outdated"   // every unit translated, some from an older source text
	Partial    Publication = "partial"    // some units missing: the page shows their source text
	Fallback   Publication = "fallback"   // no translation: the page shows the source text
	Omitted    Publication = "omitted"    // no translation, and kb.yaml says fallback: omit
)

// PublicationOf says how the article is published in a locale other than its
// source locale, given its coverage there.
func PublicationOf(cfg *content.Config, a *content.Article, locale string, c Counts) Publication {
	switch {
	case a.Status == content.Draft:
		return Draft
	case a.Status == content.Retired:
		return Retired
	case a.Translations[locale] == nil && cfg.Fallback == content.FallbackOmit:
		return Omitted
	case a.Translations[locale] == nil:
		return Fallback
	case c.Missing > 0:
		return Partial
	case c.Stale > 0:
		return Outdated
	}
	return Translated
}

// LocaleStatus is the coverage of every reported article in one locale.
type LocaleStatus struct {
	Locale string
	Counts
}

// Status is the translation coverage of a knowledge base: one row per
// article and translation locale, and one total per locale.
type Status struct {
	Articles []ArticleStatus // by article, in the order given, then locale
	Locales  []LocaleStatus  // in the configured order
}

// CoverageOf counts the units of one article in a locale.
func CoverageOf(a *content.Article, locale string) Counts {
	var c Counts
	for _, u := range UnitStates(a, locale) {
		c.Units++
		switch u.State {
		case Current:
			c.Current++
		case Stale:
			c.Stale++
		case Missing:
			c.Missing++
		}
	}
	c.Orphaned = len(OrphanUnits(a, locale))
	return c
}

// StatusOf reports the coverage of the articles in every configured locale
// other than each article's source locale. Locales come in the order of
// kb.yaml, the order the rest of kbc lists them in.
func StatusOf(cfg *content.Config, articles []*content.Article) *Status {
	s := &Status{}
	totals := map[string]*Counts{}
	for _, a := range articles {
		for _, l := range cfg.Locales {
			if l == a.Lang {
				continue
			}
			c := CoverageOf(a, l)
			s.Articles = append(s.Articles, ArticleStatus{Article: a.ID, Source: a.Lang, Locale: l, Publication: PublicationOf(cfg, a, l, c), Counts: c})
			if totals[l] == nil {
				totals[l] = &Counts{}
			}
			totals[l].add(c)
		}
	}
	for _, l := range cfg.Locales {
		if t := totals[l]; t != nil {
			s.Locales = append(s.Locales, LocaleStatus{Locale: l, Counts: *t})
		}
	}
	return s
}

// WriteText writes the status as an aligned table: a row per article and
// locale, then a total row per locale. Names are left-aligned, numbers
// right-aligned.
func (s *Status) WriteText(w io.Writer) error {
	rows := [][]string{{"ARTICLE", "SOURCE", "LOCALE", "STATE", "UNITS", "CURRENT", "STALE", "MISSING", "ORPHANED", "DONE"}}
	row := func(id, src, loc string, st Publication, c Counts) {
		rows = append(rows, []string{id, src, loc, string(st), strconv.Itoa(c.Units), strconv.Itoa(c.Current), strconv.Itoa(c.Stale),
			strconv.Itoa(c.Missing), strconv.Itoa(c.Orphaned), percent(c.Percent())})
	}
	for _, r := range s.Articles {
		row(r.Article, r.Source, r.Locale, r.Publication, r.Counts)
	}
	for _, t := range s.Locales {
		row("total", "", t.Locale, "", t.Counts)
	}
	const textColumns = 4
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			width[i] = max(width[i], len(cell))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, cell := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			if i < textColumns {
				fmt.Fprintf(&b, "%-*s", width[i], cell)
			} else {
				fmt.Fprintf(&b, "%*s", width[i], cell)
			}
		}
		if _, err := fmt.Fprintln(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

func percent(p float64) string { return fmt.Sprintf("%.1f%%", p) }

type jsonCounts struct {
	Counts
	Percent float64 `json:"percent"`
}

// WriteJSON writes the status as one JSON object:
// {"articles":[{"article","source","locale","state","units",...,"percent"}],"locales":[{"locale",...}]}.
func (s *Status) WriteJSON(w io.Writer) error {
	type article struct {
		Article     string      `json:"article"`
		Source      string      `json:"source"`
		Locale      string      `json:"locale"`
		Publication Publication `json:"state"`
		jsonCounts
	}
	type locale struct {
		Locale string `json:"locale"`
		jsonCounts
	}
	out := struct {
		Articles []article `json:"articles"`
		Locales  []locale  `json:"locales"`
	}{Articles: []article{}, Locales: []locale{}}
	for _, r := range s.Articles {
		out.Articles = append(out.Articles, article{r.Article, r.Source, r.Locale, r.Publication, jsonCounts{r.Counts, r.Percent()}})
	}
	for _, t := range s.Locales {
		out.Locales = append(out.Locales, locale{t.Locale, jsonCounts{t.Counts, t.Percent()}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
