// Package prose reads the prose of a text by the conventions of its
// locale's language: which parts of a text are not prose (references,
// code spans, URLs and link destinations) and are passed over, the step,
// figure and article numbers that prose types where kbc derives them, and
// the punctuation the language's typography wants. It works on a text's
// bytes alone; package lint reports what it finds at source positions.
package prose

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
)

// typedNumber is one way a language writes a derived number.
type typedNumber struct {
	re   *regexp.Regexp
	kind content.RefKind // what to refer to instead: step or fig
	// word: the match must not continue a word or number on either side,
	// as in "Android 6" or "2FA". Japanese has no spaces between words.
	word bool
	// compound: skip the match when a Han character comes just before it,
	// where the noun ends a longer word, as 図 in 地図 (map) or 意図 (intent).
	compound bool
}

// nounNumberSpace matches the spaces that may separate a noun from its number,
// no-break and ideographic spaces included.
const nounNumberSpace = `[\s\x{00A0}\x{202F}\x{3000}]`

func newTypedNumber(kind content.RefKind, word bool, pattern string) typedNumber {
	pattern = strings.ReplaceAll(pattern, `\s`, nounNumberSpace)
	return typedNumber{re: regexp.MustCompile(pattern), kind: kind, word: word}
}

// typedNumbers holds the patterns of each locale, by language.
var typedNumbers = map[string][]typedNumber{
	"en": {
		// "Step 3", "step #3", "step no. 3", "step number 3".
		newTypedNumber(content.RefStep, true, `(?i)steps?(?:\s*#\s*|\s+(?:no\.\s*|number\s+)?)\d+(?:(?:\s*[,–-]\s*|\s+(?:and|or|to|through)\s+)\d+)*`),
		newTypedNumber(content.RefFigure, true, `(?i)(?:figures?|figs?\.)(?:\s*#\s*|\s*(?:no\.\s*|number\s+)?)\d+`),
	},
	"fr": {
		// "étape 3", "étape n° 3", "étape no 3".
		newTypedNumber(content.RefStep, true, `(?i)étapes?(?:\s*(?:n[°o]|#)\s*|\s+)\d+(?:(?:\s*[,–-]\s*|\s+(?:et|ou|à)\s+)\d+)*`),
		newTypedNumber(content.RefFigure, true, `(?i)(?:images?|figures?|fig\.)(?:\s*(?:n[°o]|#)\s*|\s*)\d+`),
	},
	"hu": {
		// The ordinal comes first and the noun takes case endings:
		// "3. lépés", "3. lépést", "2. ábra", "2. ábrán".
		newTypedNumber(content.RefStep, true, `(?i)\d+\.\s*lépés\p{L}*`),
		newTypedNumber(content.RefFigure, true, `(?i)\d+\.\s*ábr[aá]\p{L}*`),
	},
	"ja": {
		newTypedNumber(content.RefStep, false, `(?:手順|ステップ)\s*[0-9０-９]+`),
		func() typedNumber {
			t := newTypedNumber(content.RefFigure, false, `図\s*[0-9０-９]+`)
			t.compound = true
			return t
		}(),
	},
}

// spelledNumbers holds, by language, the patterns of a step number spelled
// out after its noun ("step three", "étape trois"), and the numbers their
// words stand for. After the plural noun a number word is one only when a
// list goes on from it ("steps two and three", not "the steps one by
// one"). A number word before the noun is a count ("three steps"), and an
// ordinal ("the third step") is left to the writer: "the first step" is
// as often said of any procedure.
//
// A number word after the noun is not always its number: "a step one can
// miss" (a pronoun), "the last step one needs", "répétez cette étape deux
// fois" (twice). A step named by its number takes no determiner of its own
// ("go back to step one", "revenez à l'étape trois"), so a match after one
// is passed over, and so is one the words after it show to be no number
// (notBefore). French "un" is left out: "cette étape un peu longue".
var spelledNumbers = map[string]spelled{
	"en": newSpelled("step", `(?i)step\s+(%[1]s)\b|steps\s+(%[1]s)(?:(?:\s*,\s*|\s+(?:and|or|to|through)\s+)(?:%[1]s)\b)+`, []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"},
		[]string{"a", "an", "the", "this", "that", "each", "every", "any", "another", "last", "next", "final", "first", "no", "which", "what", "one"},
		[]string{"more", "by", "at", "after", "can", "could", "should", "must", "may", "might", "needs", "need", "has", "had", "will", "would", "is", "was", "does", "did", "takes", "makes", "gets", "sees", "finds"}),
	"fr": newSpelled("étape", `(?i)étape\s+(%[1]s)\b|étapes\s+(%[1]s)(?:(?:\s*,\s*|\s+(?:et|ou|à)\s+)(?:%[1]s)\b)+`, []string{"", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
		"onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt"},
		[]string{"cette", "chaque", "une", "dernière", "prochaine", "première", "quelle", "nouvelle", "autre"},
		[]string{"fois"}),
}

// spelled is the pattern of a step number spelled out in a language.
type spelled struct {
	noun   string // what a text must hold, case aside, to be searched
	re     *regexp.Regexp
	number map[string]int // by lower-case word
	// notAfter are the words before the noun, and notBefore those after
	// the number word, that show a match to be no step number.
	notAfter, notBefore map[string]bool
}

// newSpelled makes the patterns of a language: words are the number
// words from one, in order ("" for one the language is not read for).
func newSpelled(noun, pattern string, words, notAfter, notBefore []string) spelled {
	sp := spelled{noun: noun, number: map[string]int{}, notAfter: set(notAfter), notBefore: set(notBefore)}
	words = slices.Clone(words)
	for i, w := range words {
		if w != "" {
			sp.number[w] = i + 1
		}
	}
	words = slices.DeleteFunc(words, func(w string) bool { return w == "" })
	// Longest first, so that "dix-sept" is not read as "dix".
	sorted := slices.SortedFunc(slices.Values(words), func(a, b string) int { return len(b) - len(a) })
	sp.re = regexp.MustCompile(strings.ReplaceAll(fmt.Sprintf(pattern, strings.Join(sorted, "|")), `\s`, nounNumberSpace))
	return sp
}

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// isNumber reports whether the match s[start:end] of the pattern is a
// step number, by the words around it.
func (sp spelled) isNumber(s string, start, end int) bool {
	before := strings.Fields(strings.ToLower(s[:start]))
	if len(before) > 0 && sp.notAfter[strings.TrimLeft(before[len(before)-1], "(\"'«“")] {
		return false
	}
	after := strings.Fields(strings.ToLower(s[end:]))
	return len(after) == 0 || !sp.notBefore[strings.TrimRight(after[0], ".,;:!?)")]
}

// SpelledNumber returns the number a typed step number spelled out in the
// locale's language stands for ("step three": 3), if it names one step:
// a list ("steps two and three") names no one step.
func SpelledNumber(match, locale string) (int, bool) {
	sp, ok := spelledNumbers[language(locale)]
	if !ok {
		return 0, false
	}
	m := sp.re.FindStringSubmatch(match)
	if m == nil {
		return 0, false
	}
	if m[1] == "" {
		return 0, false // a list
	}
	n, ok := sp.number[strings.ToLower(m[1])]
	return n, ok
}

// typedNumbersFor returns the patterns for a locale: its language's, or
// every language's when it has none.
func typedNumbersFor(locale string) []typedNumber {
	if t, ok := typedNumbers[language(locale)]; ok {
		return t
	}
	var all []typedNumber
	for _, l := range slices.Sorted(maps.Keys(typedNumbers)) {
		all = append(all, typedNumbers[l]...)
	}
	return all
}

// HasPatterns reports whether kbc has patterns of typed numbers for the
// locale's language.
func HasPatterns(locale string) bool {
	_, ok := typedNumbers[language(locale)]
	return ok
}

// Phrases are patterns of typed numbers made from how a locale names a
// step and a figure, as its UI catalog writes them ("Schritt {{.N}}",
// "الشكل {{.N}}"): a locale kbc has no patterns for is read with its own
// words too. TypedNumbers takes them.
type Phrases struct{ patterns []typedNumber }

// PhrasesOf returns the patterns of the phrases by kind: each phrase with
// a number, in any digits, where it says {{.N}}, and its other
// placeholders left out. A phrase without {{.N}}, or with no word around
// it ("{{.N}}." or "#{{.N}}", which would take "Android 14." or "issue
// #3" for a step), gives none.
func PhrasesOf(phrases map[content.RefKind]string) Phrases {
	var p Phrases
	for _, kind := range slices.Sorted(maps.Keys(phrases)) {
		before, after, ok := strings.Cut(placeholder.ReplaceAllStringFunc(phrases[kind], keepN), "{{.N}}")
		before, after = strings.TrimSpace(before), strings.TrimSpace(after)
		if !ok || !hasLetter(before) && !hasLetter(after) {
			continue
		}
		pattern := `\p{Nd}+`
		if before != "" {
			pattern = regexp.QuoteMeta(before) + `\s*` + pattern
		}
		if after != "" {
			pattern += `\s*` + regexp.QuoteMeta(after)
		}
		p.patterns = append(p.patterns, newTypedNumber(kind, true, "(?i)"+pattern))
	}
	return p
}

// hasLetter reports whether s holds a letter of any script.
func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// placeholder matches a placeholder of a catalog's message.
var placeholder = regexp.MustCompile(`\{\{[^{}]*\}\}`)

// keepN keeps {{.N}}, however it is spaced, and drops other placeholders.
func keepN(ph string) string {
	if strings.Join(strings.Fields(ph), "") == "{{.N}}" {
		return "{{.N}}"
	}
	return ""
}

// language returns the language part of a locale tag: "fr" for "fr-CA".
func language(locale string) string {
	l, _, _ := strings.Cut(strings.ToLower(locale), "-")
	l, _, _ = strings.Cut(l, "_")
	return l
}

// bareArticleID matches an article id typed as prose: KB2269, and the
// same with a space or a hyphen, as "KB 2269", from three digits, as
// "64 KB 2 at a time" is a size.
var bareArticleID = regexp.MustCompile(`\bKB(?:\d+|[ \x{00A0}-]\d{3,})\b`)

// ArticleIDOf returns the id a bare article id names, as a reference
// writes it: KB2269 for "KB 2269".
func ArticleIDOf(match string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '-' {
			return -1
		}
		return r
	}, match)
}

// TypedNumber is a number typed into prose where kbc derives it: a step
// or figure number, or a bare article id.
type TypedNumber struct {
	Start, End int             // the byte range of the typed number in the text
	Kind       content.RefKind // what to refer to instead: step, fig, or kb for an article id
}

// TypedNumbers returns the numbers typed into the prose of s, a text in
// the locale whose references are refs: step and figure numbers as the
// locale's language writes them (every language's ways when it has none),
// then bare article ids such as KB2269. What is not prose (see
// literalSpans) is passed over.
func TypedNumbers(s, locale string, refs []content.InlineRef, own ...Phrases) []TypedNumber {
	out := spelledOut(s, locale, refs)
	if !hasProseDigit(s, refs) {
		return out
	}
	literal := literalSpans(s, refs)
	var seen map[int]bool // fallback tables may match the same words twice
	patterns := typedNumbersFor(locale)
	for _, p := range own {
		patterns = append(slices.Clip(patterns), p.patterns...)
	}
	for _, tn := range patterns {
		for _, m := range tn.re.FindAllStringIndex(s, -1) {
			start, end := m[0], m[1]
			if seen[start] || literal.overlaps(start, end) || !tn.standsAlone(s, start, end) {
				continue
			}
			if seen == nil {
				seen = map[int]bool{}
			}
			seen[start] = true
			out = append(out, TypedNumber{Start: start, End: end, Kind: tn.kind})
		}
	}
	if !strings.Contains(s, "KB") {
		return out
	}
	for _, m := range bareArticleID.FindAllStringIndex(s, -1) {
		if literal.overlaps(m[0], m[1]) {
			continue
		}
		out = append(out, TypedNumber{Start: m[0], End: m[1], Kind: content.RefArticle})
	}
	return out
}

// spelledOut returns the step numbers spelled out in the prose of s, in
// the locale's language.
func spelledOut(s, locale string, refs []content.InlineRef) []TypedNumber {
	sp, ok := spelledNumbers[language(locale)]
	if !ok || !outsideRefs(s, refs, func(part string) bool { return containsFold(part, sp.noun) }) {
		return nil
	}
	var out []TypedNumber
	var literal byteSpans
	for i, m := range sp.re.FindAllStringIndex(s, -1) {
		if i == 0 {
			literal = literalSpans(s, refs)
		}
		// The noun must start a word: regexp's \b knows no é.
		before, _ := utf8.DecodeLastRuneInString(s[:m[0]])
		if !literal.overlaps(m[0], m[1]) && !continuesWord(before) && sp.isNumber(s, m[0], m[1]) {
			out = append(out, TypedNumber{Start: m[0], End: m[1], Kind: content.RefStep})
		}
	}
	return out
}

// containsFold reports whether s holds word, case aside.
func containsFold(s, word string) bool {
	first := word[0] | 0x20 // lower case, for an ASCII letter; a UTF-8 lead byte keeps its case bit
	for i := 0; i+len(word) <= len(s); i++ {
		if s[i]|0x20 == first && strings.EqualFold(s[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

// hasProseDigit reports whether s has a digit outside its references.
// Every pattern, and a bare article id, matches a digit, and a match that
// overlaps a reference is skipped; most texts have no other digit (ids
// such as fig-1 and KB2269 sit in references) and need not be run
// through the regular expressions.
func hasProseDigit(s string, refs []content.InlineRef) bool {
	return outsideRefs(s, refs, hasDigit)
}

// outsideRefs reports whether f holds for a part of s between its
// references (refs are s's, in order).
func outsideRefs(s string, refs []content.InlineRef, f func(string) bool) bool {
	from := 0
	for _, r := range refs {
		if f(s[from:r.Start]) {
			return true
		}
		from = r.End
	}
	return f(s[from:])
}

// hasDigit reports whether s holds a decimal digit of any script: ASCII
// and full-width ones, which the patterns match, checked first, and
// others (Arabic-Indic ٣), which a locale's own phrases match.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case '0' <= s[i] && s[i] <= '9':
			return true
		// ０ to ９ are U+FF10 to U+FF19: EF BC 90 to EF BC 99 in UTF-8.
		case s[i] == 0xef && i+2 < len(s) && s[i+1] == 0xbc && 0x90 <= s[i+2] && s[i+2] <= 0x99:
			return true
		case s[i] >= 0x80:
			// Other scripts' digits (Arabic-Indic ٣), which a locale's
			// own phrases (Phrases) match.
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.Is(unicode.Nd, r) {
				return true
			}
			i += size - 1
		}
	}
	return false
}

// standsAlone applies the pattern's word and compound conditions to a match.
func (tn typedNumber) standsAlone(s string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	if tn.word && (continuesWord(before) || continuesWord(after)) {
		return false
	}
	if tn.compound && start > 0 && unicode.Is(unicode.Han, before) {
		return false
	}
	return true
}

func continuesWord(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
}
