package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

// The list patterns of CLDR for every language and script it has them
// for; see cldr/README.md for where they come from.
//
//go:embed cldr/main/*/listPatterns.json
var cldrFiles embed.FS

// ListKind is a CLDR list type: what joins the items.
type ListKind string

// The list kinds kbc uses.
const (
	ListAnd ListKind = "standard" // "A, B and C", "A、B", "A és B"
	ListOr  ListKind = "or"       // "A, B or C", "A、B、またはC", "A vagy B"
)

// listPattern is one CLDR list pattern: how two items, and the start,
// middle and end of a longer list, are joined ({0} and {1} stand for
// what is joined).
type listPattern struct {
	Start  string `json:"start"`
	Middle string `json:"middle"`
	End    string `json:"end"`
	Two    string `json:"2"`
}

// listPatterns reads the patterns of a language's file, once.
var listPatterns = sync.OnceValues(func() (map[string]map[ListKind]listPattern, error) {
	out := map[string]map[ListKind]listPattern{}
	err := fs.WalkDir(cldrFiles, "cldr/main", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(cldrFiles, p)
		if err != nil {
			return err
		}
		var doc struct {
			Main map[string]struct {
				ListPatterns map[string]listPattern `json:"listPatterns"`
			} `json:"main"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for lang, m := range doc.Main {
			kinds := map[ListKind]listPattern{}
			for name, lp := range m.ListPatterns {
				kinds[ListKind(strings.TrimPrefix(name, "listPattern-type-"))] = lp
			}
			out[lang] = kinds
		}
		return nil
	})
	return out, err
})

// HasListPatterns reports whether kbc has CLDR's list patterns for the
// locale's language.
func HasListPatterns(locale string) bool {
	_, ok := patternsFor(locale, ListAnd)
	return ok
}

// patternsFor returns the list pattern of a kind for the locale: its
// own, else that of its language in its script, else its language's.
// The script is the one the locale is written in or most likely written
// in: Traditional Chinese for zh-TW, whose lists CLDR joins otherwise
// than zh's, and Latin for sr-Latn, where sr is Cyrillic.
func patternsFor(locale string, kind ListKind) (listPattern, bool) {
	all, err := listPatterns()
	if err != nil {
		return listPattern{}, false
	}
	kinds, ok := cldrFor(all, locale)
	if !ok {
		return listPattern{}, false
	}
	lp, ok := kinds[kind]
	return lp, ok
}

// cldrFor returns the locale's entry of data that CLDR gives by locale,
// as kbc carries it (see cldr/README.md): its own, else that of its
// language in its script, else its language's.
func cldrFor[T any](data map[string]T, locale string) (T, bool) {
	if v, ok := data[locale]; ok {
		return v, true
	}
	tag := language.Make(locale)
	base, _ := tag.Base()
	if script, conf := tag.Script(); conf != language.No {
		if v, ok := data[base.String()+"-"+script.String()]; ok {
			return v, true
		}
	}
	v, ok := data[base.String()]
	return v, ok
}

// ListJoiners returns what the locale writes around and between n items
// joined as a list of the kind: n+1 strings, the first before the first
// item, the last after the last one, each other between two items. Items
// that are not plain text, such as links, are joined with them; List
// joins strings. A locale without list patterns joins as English does
// (the ui-strings rule reports it).
func ListJoiners(locale string, kind ListKind, n int) []string {
	if n <= 0 {
		return nil
	}
	lp, ok := patternsFor(locale, kind)
	if !ok {
		lp, _ = patternsFor("en", kind)
	}
	// Each item is a private-use mark that no pattern holds; the joiners
	// are what the patterns put between the marks.
	marks := make([]string, n)
	for i := range marks {
		marks[i] = string(rune(0xF0000 + i))
	}
	joined := compose(lp, marks)
	out := make([]string, 0, n+1)
	rest := joined
	for _, m := range marks {
		before, after, _ := strings.Cut(rest, m)
		out = append(out, before)
		rest = after
	}
	return append(out, rest)
}

// compose joins items by a CLDR list pattern, as UTS #35 says: two items
// by the pattern for two, more by start, middle… and end.
func compose(lp listPattern, items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return fill(lp.Two, items[0], items[1])
	}
	last := len(items) - 1
	s := fill(lp.End, items[last-1], items[last])
	for i := last - 2; i >= 1; i-- {
		s = fill(lp.Middle, items[i], s)
	}
	return fill(lp.Start, items[0], s)
}

func fill(pattern, a, b string) string {
	return strings.NewReplacer("{0}", a, "{1}", b).Replace(pattern)
}

// List joins items as the locale writes a list of the kind: "A, B and
// C", "A、B", "A vagy B".
func List(locale string, kind ListKind, items []string) string {
	j := ListJoiners(locale, kind, len(items))
	var b strings.Builder
	for i, it := range items {
		b.WriteString(j[i])
		b.WriteString(it)
	}
	if len(j) > 0 {
		b.WriteString(j[len(j)-1])
	}
	return b.String()
}
