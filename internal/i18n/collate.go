package i18n

import (
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortByKey sorts items stably by key in the locale's collation order, so
// that Hungarian lists put "cs" after "c" and "sz" after "s", and French
// ignores accents at the first level. Ties keep their order.
func SortByKey[T any](locale string, items []T, key func(T) string) {
	c := collate.New(collationTag(locale))
	sortKey := func(s string) string { return s }
	if japanese(locale) {
		sortKey = expandLongVowels
	}
	var buf collate.Buffer
	keys := make([][]byte, len(items))
	for i, it := range items {
		keys[i] = append([]byte(nil), c.KeyFromString(&buf, sortKey(key(it)))...)
		buf.Reset()
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return string(keys[idx[a]]) < string(keys[idx[b]]) })
	sorted := make([]T, len(items))
	for i, j := range idx {
		sorted[i] = items[j]
	}
	copy(items, sorted)
}

// collationTag is the collation of a locale. Japanese takes the root
// order, which is the kana's (gojūon) order, its words' long vowel marks
// read as their vowels (see expandLongVowels): the Japanese tailoring of
// golang.org/x/text sorts every word with a long vowel mark (ー) before
// all others, カード before アクセス.
func collationTag(locale string) language.Tag {
	if japanese(locale) {
		return language.Und
	}
	return language.Make(locale)
}

func japanese(locale string) bool {
	base, _ := language.Make(locale).Base()
	return base.String() == "ja"
}

// kanaVowels lists the katakana of each vowel's column (ア, イ, ウ, エ, オ),
// small ones and voiced ones included; a hiragana is its katakana less
// 0x60.
var kanaVowels = [5]string{
	"アァカガサザタダナハバパマヤャラワヮヵ",
	"イィキギシジチヂニヒビピミリヰ",
	"ウゥクグスズツッヅヌフブプムユュルヴ",
	"エェケゲセゼテデネヘベペメレヱヶ",
	"オォコゴソゾトドノホボポモヨョロヲ",
}

// vowelOf maps a kana to the vowel kana of its column.
var vowelOf = func() map[rune]rune {
	m := map[rune]rune{}
	for i, row := range kanaVowels {
		vowel := []rune("アイウエオ")[i]
		for _, k := range row {
			m[k] = vowel
			if k >= 'ァ' && k <= 'ヶ' {
				m[k-0x60] = vowel - 0x60
			}
		}
	}
	return m
}()

// expandLongVowels writes each long vowel mark (ー) after a kana as the
// vowel it lengthens, as Japanese dictionaries order words: カード is
// read カアド, after カ and カア and before カイ. The root collation puts
// ー before every kana.
func expandLongVowels(s string) string {
	if !strings.ContainsRune(s, 'ー') {
		return s
	}
	out := []rune(s)
	for i := 1; i < len(out); i++ {
		if out[i] == 'ー' {
			if v, ok := vowelOf[out[i-1]]; ok {
				out[i] = v
			}
		}
	}
	return string(out)
}
