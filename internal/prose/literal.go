package prose

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
)

// byteSpans is a sorted list of byte ranges [start, end) of a text that
// do not overlap.
type byteSpans [][2]int

// overlaps reports whether [start, end) shares a byte with any span. It
// searches rather than scans: a check asks it about every reference or
// number of a text, which may hold thousands of each.
func (sp byteSpans) overlaps(start, end int) bool {
	i := sort.Search(len(sp), func(i int) bool { return sp[i][1] > start }) // the first span that ends after start
	return i < len(sp) && sp[i][0] < end
}

// merged returns the spans, sorted, with those that overlap joined into
// one: a list overlaps can search. Spans are never empty.
func merged(sp byteSpans) byteSpans {
	slices.SortFunc(sp, func(a, b [2]int) int { return a[0] - b[0] })
	out := sp[:0]
	for _, r := range sp {
		if n := len(out); n > 0 && r[0] < out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}

// contains reports whether the byte at off lies in a span.
func (sp byteSpans) contains(off int) bool { return sp.overlaps(off, off+1) }

var (
	// A URL runs over ASCII only, so that Japanese prose right after it is
	// still read, and does not take in the punctuation that ends a sentence.
	literalURL      = regexp.MustCompile(`(?i)\b(?:https?|ftp|mailto):[A-Za-z0-9\-._~:/?#@!$&*+,;=%]*[A-Za-z0-9\-_~/#@$&*+=%]`)
	literalLinkDest = regexp.MustCompile(`\]\([^()\s]*\)`)
)

// literalSpans returns the parts of a text that are not prose and that the
// prose rules (typed numbers, typography) must not read: typed references,
// Markdown code spans, URLs and link destinations.
func literalSpans(s string, refs []content.InlineRef) byteSpans {
	var sp byteSpans
	for _, r := range refs {
		sp = append(sp, [2]int{r.Start, r.End})
	}
	sp = append(sp, markdownCodeSpans(s)...)
	// Most texts hold neither a URL nor a link destination and need not
	// be run through the expressions. A URL cannot hold the braces of a
	// reference, so one that starts inside a reference, after the colon
	// of {{step:ID}} say, ends inside it too and adds nothing to refs.
	if outsideRefs(s, refs, mayHoldURL) {
		for _, m := range literalURL.FindAllStringIndex(s, -1) {
			sp = append(sp, [2]int{m[0], m[1]})
		}
	}
	if strings.Contains(s, "](") {
		for _, m := range literalLinkDest.FindAllStringIndex(s, -1) {
			sp = append(sp, [2]int{m[0] + 1, m[1]})
		}
	}
	return merged(sp)
}

// mayHoldURL reports whether a colon in s follows a letter that ends one
// of literalURL's schemes (http, https, ftp, mailto; ſ folds to s): a
// condition of every match that costs a scan rather than a regexp run.
func mayHoldURL(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != ':' {
			continue
		}
		switch r, _ := utf8.DecodeLastRuneInString(s[:i]); r {
		case 'p', 'P', 's', 'S', 'o', 'O', 'ſ':
			return true
		}
	}
	return false
}

// markdownCodeSpans finds Markdown code spans: a run of backticks up to the next
// run of the same length. A run without a match is a literal backtick.
func markdownCodeSpans(s string) byteSpans {
	if strings.IndexByte(s, '`') < 0 {
		return nil
	}
	var sp byteSpans
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		open := backtickRun(s, i)
		closeAt := -1
		for k := i + open; k < len(s); {
			if s[k] != '`' {
				k++
				continue
			}
			n := backtickRun(s, k)
			if n == open {
				closeAt = k + n
				break
			}
			k += n
		}
		if closeAt < 0 {
			i += open
			continue
		}
		sp = append(sp, [2]int{i, closeAt})
		i = closeAt
	}
	return sp
}

func backtickRun(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] == '`' {
		n++
	}
	return n
}
