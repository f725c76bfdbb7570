// Package i18n holds what the help site needs to speak each locale: the
// go-i18n catalogs of UI strings with their CLDR plural forms, the
// grammar of numbered references (the Hungarian definite article),
// collation for sorted lists, language names, and the matching of a
// browser's languages to the configured locales.
package i18n

import (
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"
)

// Catalog holds the UI strings of every configured locale.
type Catalog struct {
	bundle  *i18n.Bundle
	locales []string
}

// LoadCatalog reads <locale>.yaml from fsys for each locale. The first
// locale is the bundle's default language.
func LoadCatalog(fsys fs.FS, locales []string) (*Catalog, error) {
	return Layers{{FS: fsys, Dir: "."}}.Catalog(locales)
}

// loadCatalog makes the catalog of the locales, each locale's message
// files handed to parse by read, in the order their messages apply.
func loadCatalog(locales []string, read func(locale string, parse func(buf []byte, name string) error) error) (*Catalog, error) {
	if len(locales) == 0 {
		return nil, fmt.Errorf("no locales configured")
	}
	def, err := language.Parse(locales[0])
	if err != nil {
		return nil, err
	}
	b := i18n.NewBundle(def)
	b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	parse := func(buf []byte, name string) error {
		_, err := b.ParseMessageFileBytes(buf, name)
		return err
	}
	for _, l := range locales {
		if err := read(l, parse); err != nil {
			return nil, err
		}
	}
	return &Catalog{bundle: b, locales: slices.Clone(locales)}, nil
}

// Strings returns the UI strings of one locale.
func (c *Catalog) Strings(locale string) *Strings {
	return &Strings{Locale: locale, loc: i18n.NewLocalizer(c.bundle, locale)}
}

// Strings formats the UI messages of one locale.
type Strings struct {
	Locale string
	loc    *i18n.Localizer
}

// T returns the message with the given id. A missing message yields its
// id in brackets, visible on the page, rather than an error: the
// ui-strings lint rule reports it before a build gets this far.
func (s *Strings) T(id string) string {
	return s.format(id, nil, nil)
}

// With returns the message filled with data.
func (s *Strings) With(id string, data map[string]any) string {
	return s.format(id, data, nil)
}

// Parts renders the message id around the value of one of its
// placeholders, field, and returns what goes before the value and after
// it: a template writes the value in markup of its own (a <time>, a name
// in its own language) while the catalog holds the whole phrase, with
// the punctuation and spacing its language puts around the value. A
// message without the placeholder, as an override written before the
// message held one, is laid out as layout says, where %m stands for the
// message and %v for the value ("%m: %v", "%v %m").
func (s *Strings) Parts(id, field, layout string) Parts {
	const mark = "\x00"
	text := s.With(id, map[string]any{field: mark})
	if !strings.Contains(text, mark) {
		text = strings.Replace(strings.Replace(layout, "%v", mark, 1), "%m", text, 1)
	}
	before, after, _ := strings.Cut(text, mark)
	return Parts{Before: before, After: after}
}

// Parts is a message cut where a value goes (see Strings.Parts).
type Parts struct{ Before, After string }

// Numbered returns a message about the thing numbered n, such as "Step 3"
// or "a 3. lépés": its data holds N and the Article the locale's grammar
// puts before the numeral.
func (s *Strings) Numbered(id string, n int, extra map[string]any) string {
	data := map[string]any{"N": n, "Article": s.Article(n)}
	for k, v := range extra {
		data[k] = v
	}
	return s.format(id, data, nil)
}

// Plural returns the plural message for count in the locale's CLDR form,
// with the count written as the locale writes numbers (2,000; 2 000).
func (s *Strings) Plural(id string, count int) string {
	return s.format(id, map[string]any{"Count": s.Number(count)}, count)
}

// PluralWith is Plural with more data for the message, such as a name.
func (s *Strings) PluralWith(id string, count int, data map[string]any) string {
	all := map[string]any{"Count": s.Number(count)}
	for k, v := range data {
		all[k] = v
	}
	return s.format(id, all, count)
}

// Number writes n as the locale writes a count, with its digit groups,
// as browsers write it too (search.js counts with Intl.NumberFormat).
// No locale groups the digits of a number under a thousand, which most
// counts are: those are written without a printer. x/text leaves out two
// things of CLDR that browsers follow: some languages group only from
// five digits up (1000, 10 000), and French separates groups with a
// narrow no-break space.
func (s *Strings) Number(n int) string {
	if n >= 0 && n < 1000 {
		return strconv.Itoa(n)
	}
	tag := language.Make(s.Locale)
	base, _ := tag.Base()
	if n >= 0 && n < 10000 && groupsFromFiveDigits(tag) {
		return strconv.Itoa(n)
	}
	out := message.NewPrinter(tag).Sprint(n)
	if base.String() == "fr" {
		out = strings.ReplaceAll(out, "\u00a0", "\u202f")
	}
	return out
}

// groupsFromFiveDigits reports whether the locale leaves the digits of a
// four-digit number ungrouped (CLDR's minimumGroupingDigits 2).
func groupsFromFiveDigits(tag language.Tag) bool {
	base, _ := tag.Base()
	switch base.String() {
	case "hu", "es", "pl", "it", "lv", "et", "bg":
		return true
	case "pt":
		region, _ := tag.Region()
		return region.String() == "PT"
	}
	return false
}

// Article returns the definite article the locale puts before the numeral
// n, or "" when its grammar has none there.
func (s *Strings) Article(n int) string {
	if base, _ := language.Make(s.Locale).Base(); base.String() == "hu" {
		return HungarianArticle(n)
	}
	return ""
}

func (s *Strings) format(id string, data map[string]any, count any) string {
	out, err := s.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && out == "" {
		return "[" + id + "]"
	}
	return out
}
