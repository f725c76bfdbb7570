// Package suggest finds the word a writer most likely meant when a name
// they typed is unknown: the known name nearest by edit distance, for a
// finding's "did you mean" hint.
package suggest

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Hint suggests the known word nearest to s, if one is near enough to be
// a likely typo: "; did you mean \"title\"?", to end a message, or "".
func Hint(s string, known []string) string {
	if m := Nearest(s, known); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return ""
}

// Nearest returns the candidate closest to s by edit distance, or "" when
// none is within a third of the word's length (at least 1, at most 3).
func Nearest(s string, candidates []string) string {
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		if dist := editDistance(strings.ToLower(s), strings.ToLower(c)); dist < bestDist {
			best, bestDist = c, dist
		}
	}
	limit := min(max(len(s)/3, 1), 3)
	if bestDist > limit {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prevprev := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			// Two swapped letters, the commonest typo ("titel"), count
			// as one edit.
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prevprev[j-2]+1)
			}
		}
		prevprev, prev, cur = prev, cur, prevprev
	}
	return prev[len(rb)]
}

// LocaleHint suggests the configured locale s most likely stands for:
// one written otherwise (DE for de, pt_BR for pt-BR), or of the same
// language (pt for pt-BR); or, if s is no language at all (fx), the
// nearest by edit distance. That distance says nothing of two real
// languages: ar is one letter from fr, and following such a hint would
// overwrite the French translation with the Arabic one.
func LocaleHint(s string, known []string) string {
	if m := nearestLocale(s, known); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return ""
}

func nearestLocale(s string, known []string) string {
	spelled := strings.ReplaceAll(strings.ToLower(s), "_", "-")
	for _, k := range known {
		if strings.ToLower(k) == spelled {
			return k
		}
	}
	tag, err := language.Parse(spelled)
	if err != nil {
		return Nearest(s, known)
	}
	base, conf := tag.Base()
	if conf != language.Exact {
		return ""
	}
	var same []string
	for _, k := range known {
		if kb, c := language.Make(k).Base(); c == language.Exact && kb == base && compatible(tag, language.Make(k)) {
			same = append(same, k)
		}
	}
	if len(same) == 1 {
		return same[0]
	}
	return ""
}

// compatible reports whether two tags of one language may stand for one
// locale: written in the same script, as written or most likely, and not
// of two regions both named. zh-TW is not zh-CN, nor sr-Latn sr (in
// Cyrillic), nor pt-PT pt-BR, but pt may be pt-BR and fr-CA fr.
func compatible(a, b language.Tag) bool {
	as, _ := a.Script()
	bs, _ := b.Script()
	if as != bs {
		return false
	}
	ar, ac := a.Region()
	br, bc := b.Region()
	return ac != language.Exact || bc != language.Exact || ar == br
}
