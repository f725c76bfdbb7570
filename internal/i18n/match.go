package i18n

import (
	"sort"

	"golang.org/x/text/language"
)

// LanguageTable precomputes, for a static site that cannot negotiate on
// the server, the best configured locale for many browser language tags.
// It maps lower-case tags (full tags such as "fr-ca" and "zh-hant-tw",
// and bare base languages such as "fr") to a locale, using the same
// language.Matcher a server would use, and keeps only matches of at least
// High confidence: "pt" falling back to the default locale is no choice
// at all, and leaving it out lets a later browser language win. The
// browser walks navigator.languages in order and takes the first hit; with
// none it stays on the default locale.
func LanguageTable(locales []string) map[string]string {
	tags := make([]language.Tag, len(locales))
	for i, l := range locales {
		tags[i] = language.Make(l)
	}
	m := language.NewMatcher(tags)
	table := map[string]string{}
	for _, probe := range probeTags(locales) {
		t, err := language.Parse(probe)
		if err != nil {
			continue
		}
		_, i, conf := m.Match(t)
		if conf < language.High {
			continue
		}
		table[lowerTag(probe)] = locales[i]
	}
	return table
}

// probeTags lists the browser tags worth precomputing: every configured
// locale with the regions and scripts browsers commonly send, plus
// frequent regional variants of languages a matcher may map onto them.
func probeTags(locales []string) []string {
	set := map[string]bool{}
	for _, l := range locales {
		set[l] = true
		base, _ := language.Make(l).Base()
		set[base.String()] = true
		for _, r := range commonRegions {
			set[base.String()+"-"+r] = true
		}
	}
	for _, t := range extraTags {
		set[t] = true
	}
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

var commonRegions = []string{
	"US", "GB", "AU", "CA", "NZ", "IE", "IN", "ZA", "SG", "HK", "PH",
	"FR", "BE", "CH", "LU", "MC", "CI", "SN", "CM", "MA", "DZ", "TN",
	"HU", "RO", "SK", "RS", "AT", "JP", "DE", "ES", "MX", "419", "001", "150",
}

// extraTags are tags whose best match is not obvious from their base
// language alone.
var extraTags = []string{
	"en-Latn", "en-Latn-US", "fr-Latn", "hu-Latn", "ja-Jpan", "ja-JP-u-ca-japanese",
	"nb", "nn", "no", "da", "sv", "de", "es", "it", "pt", "nl", "pl", "cs", "ro", "ru",
	"zh", "zh-CN", "zh-TW", "zh-Hant", "zh-Hans", "ko", "ar", "he", "tr", "fi", "el",
	"ca", "eu", "gl", "oc", "br", "wa", "co", "ht",
}

func lowerTag(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
