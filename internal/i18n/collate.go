package i18n

import (
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortByKey sorts items stably by key in the locale's collation order, so
// that Hungarian lists put "cs" after "c" and "sz" after "s", and French
// ignores accents at the first level. Ties keep their order.
func SortByKey[T any](locale string, items []T, key func(T) string) {
	c := collate.New(collationTag(locale))
	var buf collate.Buffer
	keys := make([][]byte, len(items))
	for i, it := range items {
		keys[i] = append([]byte(nil), c.KeyFromString(&buf, key(it))...)
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
// order, which is the kana's (gojūon) order: the Japanese tailoring of
// golang.org/x/text sorts every word with a long vowel mark (ー) before
// all others, カード before アクセス.
func collationTag(locale string) language.Tag {
	tag := language.Make(locale)
	if base, _ := tag.Base(); base.String() == "ja" {
		return language.Und
	}
	return tag
}
