package legacy

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// refKind is the kind of a typed reference found in legacy prose.
type refKind int

const (
	refKB      refKind = iota
	refFigure          // "Figure 3", "(図 3.)", "3. ábra"
	refStep            // "step 3", "étape 3", "3. lépés", "ステップ 3"
	refProceed         // "and proceed with step 3": where a choice leads
)

// A refPattern finds one kind of reference. num is the submatch holding
// the number; span the submatch that becomes the typed reference, or 0
// for the whole match.
type refPattern struct {
	kind refKind
	re   *regexp.Regexp
	num  int
	span int
}

var refPatterns = []refPattern{
	{refProceed, regexp.MustCompile(`(?i)(?:,?\s*(?:and|then)\s+)?(?:please\s+)?(?:proceed|go|continue|jump|skip)(?:\s+directly)?\s+(?:with|to)\s+(?:the\s+)?(?:next\s+step,\s*)?(step\s+(\d{1,2})\)?|(\d{1,2})\))`), 0, 1},
	{refProceed, regexp.MustCompile(`(?i)(?:,?\s*(?:et|puis)\s+)?(?:passez|allez|continuez|rendez-vous)(?:\s+directement)?\s+à\s+l['’](étape\s+(\d{1,2}))`), 0, 1},
	{refProceed, regexp.MustCompile(`(?i)(?:,?\s*(?:és|majd)\s+)?(?:ugorjon|lépjen|folytassa)\s+(a\s+(\d{1,2})\.\s*(?:pont|lépés)\p{L}*)`), 0, 1},
	{refProceed, regexp.MustCompile(`((?:手順|ステップ)\s*(\d{1,2}))\s*に進`), 0, 1},
	{refStep, regexp.MustCompile(`(?i)\bstep\s+(\d{1,2})\b\)?`), 1, 0},
	{refStep, regexp.MustCompile(`(?i)étape\s+(\d{1,2})\b`), 1, 0},
	{refStep, regexp.MustCompile(`\ba\s+(\d{1,2})\.\s*(?:lépés|pont)\p{L}*`), 1, 0},
	{refStep, regexp.MustCompile(`(?:手順|ステップ)\s*(\d{1,2})`), 1, 0},
	{refFigure, regexp.MustCompile(`\b(?:Figure|Fig\.|Image)\s*(\d+(?:\.\d+)?)`), 1, 0},
	{refFigure, regexp.MustCompile(`(\d+(?:\.\d+)?)\.\s*ábr\p{L}*`), 1, 0},
	{refFigure, regexp.MustCompile(`図\s*(\d+(?:\.\d+)?)`), 1, 0},
	{refKB, regexp.MustCompile(`\bKB\d+\b`), 0, 0},
}

// found is one reference in a text: byte offsets of the whole match and
// of the part that becomes the typed reference.
type found struct {
	kind               refKind
	start, end         int
	spanStart, spanEnd int
	num                string
	word               string // for figures: the label word, "Figure"
}

// findRefs returns the references in s, earliest first, dropping those
// that overlap an earlier or longer one.
// writtenRefs matches the references a legacy text may already write as
// kbc does, which are left as they are.
var writtenRefs = regexp.MustCompile(`\{\{[^{}]*\}\}`)

func findRefs(s string) []found {
	var all []found
	written := writtenRefs.FindAllStringIndex(s, -1)
	inWritten := func(start, end int) bool {
		return slices.ContainsFunc(written, func(w []int) bool { return start < w[1] && w[0] < end })
	}
	for _, p := range refPatterns {
		for _, m := range p.re.FindAllStringSubmatchIndex(s, -1) {
			if inWritten(m[0], m[1]) {
				continue // a reference the text writes already, such as {{kb:KB1}}
			}
			f := found{kind: p.kind, start: m[0], end: m[1], spanStart: m[0], spanEnd: m[1]}
			if p.span > 0 {
				f.spanStart, f.spanEnd = m[2*p.span], m[2*p.span+1]
			}
			if p.num > 0 {
				f.num = s[m[2*p.num]:m[2*p.num+1]]
			} else {
				// The first numeric submatch after the span.
				for i := 2 * (p.span + 1); i+1 < len(m); i += 2 {
					if m[i] >= 0 {
						f.num = s[m[i]:m[i+1]]
						break
					}
				}
			}
			if f.kind == refFigure {
				f.word = strings.TrimSpace(strings.TrimRight(s[m[0]:m[2]], " "))
				if f.word == "" {
					f.word = "ábra"
				}
				// "(Figure 3.)": the dot belongs to the label.
				if rest := s[f.end:]; strings.HasPrefix(rest, ".)") || strings.HasPrefix(rest, ".）") {
					f.end++
					f.spanEnd++
				}
			}
			if f.kind == refKB {
				f.num = s[m[0]:m[1]]
			}
			all = append(all, f)
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].start != all[j].start {
			return all[i].start < all[j].start
		}
		return all[i].end-all[i].start > all[j].end-all[j].start
	})
	var out []found
	end := 0
	for _, f := range all {
		if f.start < end {
			continue
		}
		out = append(out, f)
		end = f.end
	}
	return out
}

// colOf returns the column of byte offset i of a seg's text.
func colOf(s seg, i int) int { return s.col + utf8.RuneCountInString(s.text[:i]) }
