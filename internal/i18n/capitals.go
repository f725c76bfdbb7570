package i18n

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// Capitalize returns s as it reads at the start of a sentence in the
// locale: its first word title-cased by the locale's rules ("l’étape" →
// "L’étape", "az" → "Az", Dutch "ij" → "IJ"), the rest as it is.
// Japanese has no capitals, and a Latin word inside Japanese text keeps
// its case, so Japanese text is returned unchanged.
func Capitalize(locale, s string) string {
	tag := language.Make(locale)
	if base, _ := tag.Base(); base.String() == "ja" {
		return s
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) || unicode.IsUpper(r) || unicode.IsTitle(r) {
		return s
	}
	end := strings.IndexFunc(s, unicode.IsSpace)
	if end < 0 {
		end = len(s)
	}
	// A Caser keeps state between calls: one per call, as capitals are
	// asked for rarely (references that open a sentence).
	return cases.Title(tag, cases.NoLower).String(s[:end]) + s[end:]
}
