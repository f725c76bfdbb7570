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
	c := collate.New(language.Make(locale))
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
