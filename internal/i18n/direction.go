package i18n

import (
	"embed"
	"encoding/json"
	"io/fs"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/bidi"
)

// The directions of writing, as HTML's dir attribute names them.
const (
	LTR = "ltr"
	RTL = "rtl"
)

// Direction returns the direction a language is written in, "ltr" or
// "rtl", as a page or an element in that language says it with dir, or
// "" for no language, as an element whose language is that of the text
// around it has none of its own. It is CLDR's character order for the
// locale (its own, its language's in its script, or its language's; see
// cldr/README.md), so that any locale a knowledge base adds is laid out
// as it is read, with no list of languages to keep: right to left for
// ar, fa, ur, ckb, he, yi, dv, az-Arab, ks, but not az or ks-Deva.
//
// A language CLDR does not have, or not in the script its tag names, is
// given the direction of the script its tag names, or else of the script
// x/text takes as its likely one: that of its letters, Unicode's
// bidirectional class of the first strong character (L, R or AL) among
// those Go's unicode package counts in the script. A script the package has no table of (Japanese, Jpan, and
// Korean, Kore, which combine others), one whose English name in x/text
// is not the package's (Mende, Mandaean), or an unknown one, is left to
// right.
func Direction(lang string) string {
	if d, ok := directions.Load(lang); ok {
		return d.(string)
	}
	if lang == "" {
		return ""
	}
	d := LTR
	if order, ok := characterOrder(lang); ok {
		if order == "right-to-left" {
			d = RTL
		}
	} else if s, conf := language.Make(lang).Script(); conf != language.No {
		d = scriptDirection(s)
	}
	directions.Store(lang, d)
	return d
}

// characterOrder returns CLDR's character order for the locale: its
// own, or its language's in the script its tag names, or else, if the
// tag names none, its language's. A tag that names a script CLDR has no
// layout of the language in, such as ug-Cyrl or tg-Arab, has none: the
// script decides, not the language's usual one.
func characterOrder(lang string) (string, bool) {
	orders := characterOrders()
	tag := language.Make(lang)
	script, conf := tag.Script()
	if conf != language.Exact {
		return cldrFor(orders, lang)
	}
	if order, ok := orders[lang]; ok {
		return order, true
	}
	base, _ := tag.Base()
	order, ok := orders[base.String()+"-"+script.String()]
	return order, ok
}

// CLDR's layout of each language it has, of which kbc reads the
// character order.
//
//go:embed cldr/main/*/layout.json
var layoutFiles embed.FS

// characterOrders reads the character order of every language of
// layoutFiles, once: "left-to-right" or "right-to-left".
var characterOrders = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	files, _ := fs.Glob(layoutFiles, "cldr/main/*/layout.json")
	for _, p := range files {
		data, err := fs.ReadFile(layoutFiles, p)
		if err != nil {
			continue
		}
		var doc struct {
			Main map[string]struct {
				Layout struct {
					Orientation struct {
						CharacterOrder string `json:"characterOrder"`
					} `json:"orientation"`
				} `json:"layout"`
			} `json:"main"`
		}
		if json.Unmarshal(data, &doc) != nil {
			continue
		}
		for lang, m := range doc.Main {
			out[lang] = m.Layout.Orientation.CharacterOrder
		}
	}
	return out
})

// directions caches Direction by tag: every element of a page that names
// its language asks for it.
var directions sync.Map

// scriptDirection returns the direction of the script s. x/text names
// scripts by their ISO 15924 code (Arab) and Go's unicode package by
// their Unicode name (Arabic), which is x/text's English name for the
// code, spelled with underscores for spaces ("Old Hungarian",
// Old_Hungarian) and sometimes other punctuation ("N’Ko", Nko).
func scriptDirection(s language.Script) string {
	table := scriptTables()[scriptKey(display.English.Scripts().Name(s))]
	if table == nil {
		return LTR
	}
	for _, r := range table.R16 {
		if d, ok := firstStrong(rune(r.Lo), rune(r.Hi), rune(r.Stride)); ok {
			return d
		}
	}
	for _, r := range table.R32 {
		if d, ok := firstStrong(rune(r.Lo), rune(r.Hi), rune(r.Stride)); ok {
			return d
		}
	}
	return LTR
}

// firstStrong returns the direction of the first strong character of a
// range of a script's table (see strongDirection), if it has one.
func firstStrong(lo, hi, stride rune) (string, bool) {
	for c := lo; c <= hi; c += stride {
		if d, ok := strongDirection(c); ok {
			return d, true
		}
	}
	return "", false
}

// strongDirection returns the direction of a strong character, and false
// for any other: a script's first characters may be digits or signs
// (Arabic's start with the number sign U+0600, of class AN).
func strongDirection(c rune) (string, bool) {
	p, _ := bidi.LookupRune(c)
	switch p.Class() {
	case bidi.L:
		return LTR, true
	case bidi.R, bidi.AL:
		return RTL, true
	}
	return "", false
}

// scriptTables indexes Go's script tables by scriptKey of their names.
var scriptTables = sync.OnceValue(func() map[string]*unicode.RangeTable {
	m := make(map[string]*unicode.RangeTable, len(unicode.Scripts))
	for name, t := range unicode.Scripts {
		m[scriptKey(name)] = t
	}
	return m
})

// scriptKey is a script's name in lower case letters alone.
func scriptKey(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, name)
}
