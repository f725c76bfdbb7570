package lint

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

// HardcodedNumbers finds step, figure and article numbers typed into prose.
var HardcodedNumbers = &Rule{
	Name:     "hardcoded-numbers",
	Severity: diag.Error,
	Doc: `prose does not type step, figure or article numbers that kbc derives
Step and figure numbers come from order, per locale and per platform branch, so a
typed "step 3", "Figure 2", "étape 3", "Image 2", "3. lépés", "2. ábra", "手順3" or
"図2" is wrong as soon as a step is added, a branch hides one, or a figure moves.
Each text is read with the patterns of its own locale (a locale without patterns
is read with all of them); write {{step:ID}} or {{fig:ID}} instead. A bare KB id
such as KB2269 must be written {{kb:KB2269}}, which links it and shows the
target's title in the reader's locale. References, code byteSpans and URLs are not
prose and are skipped.`,
	Run: runHardcodedNumbers,
}

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
		newTypedNumber(content.RefStep, true, `(?i)steps?\s+\d+(?:(?:\s*[,–-]\s*|\s+(?:and|or|to|through)\s+)\d+)*`),
		newTypedNumber(content.RefFigure, true, `(?i)(?:figures?|figs?\.)\s*\d+`),
	},
	"fr": {
		newTypedNumber(content.RefStep, true, `(?i)étapes?\s+\d+(?:(?:\s*[,–-]\s*|\s+(?:et|ou|à)\s+)\d+)*`),
		newTypedNumber(content.RefFigure, true, `(?i)(?:images?|figures?|fig\.)\s*\d+`),
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

// typedNumbersFor returns the patterns for a locale: its language's, or
// every language's when it has none.
func typedNumbersFor(locale string) []typedNumber {
	if t, ok := typedNumbers[localeLanguage(locale)]; ok {
		return t
	}
	var all []typedNumber
	for _, l := range slices.Sorted(maps.Keys(typedNumbers)) {
		all = append(all, typedNumbers[l]...)
	}
	return all
}

// language returns the language part of a locale tag: "fr" for "fr-CA".
func localeLanguage(locale string) string {
	l, _, _ := strings.Cut(strings.ToLower(locale), "-")
	l, _, _ = strings.Cut(l, "_")
	return l
}

var bareArticleID = regexp.MustCompile(`\bKB\d+\b`)

func runHardcodedNumbers(pass *Pass) {
	for _, site := range pass.Index.Sites {
		for _, lt := range pass.Index.Localized(site) {
			checkTypedNumbers(pass, lt)
		}
	}
}

func checkTypedNumbers(pass *Pass, lt LocalizedText) {
	s := lt.Text.Value
	if !hasProseDigit(s, lt.Refs) {
		return
	}
	literal := literalSpans(s, lt.Refs)
	var seen map[int]bool // fallback tables may match the same words twice
	for _, tn := range typedNumbersFor(lt.Locale) {
		for _, m := range tn.re.FindAllStringIndex(s, -1) {
			start, end := m[0], m[1]
			if seen[start] || literal.overlaps(start, end) || !tn.standsAlone(s, start, end) {
				continue
			}
			if seen == nil {
				seen = map[int]bool{}
			}
			seen[start] = true
			pass.ReportLocalef(lt.Text.PosAt(start), localeOf(lt), "%s", typedNumberMessage(pass, lt, tn, s[start:end]))
		}
	}
	if !strings.Contains(s, "KB") {
		return
	}
	for _, m := range bareArticleID.FindAllStringIndex(s, -1) {
		if literal.overlaps(m[0], m[1]) {
			continue
		}
		id := s[m[0]:m[1]]
		pass.ReportLocalef(lt.Text.PosAt(m[0]), localeOf(lt), "\"%s\" is a typed article number; write {{kb:%s}}, which links it and shows its title", id, id)
	}
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

// hasDigit reports whether s holds an ASCII or a full-width digit, the
// digits the patterns match.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case '0' <= s[i] && s[i] <= '9':
			return true
		// ０ to ９ are U+FF10 to U+FF19: EF BC 90 to EF BC 99 in UTF-8.
		case s[i] == 0xef && i+2 < len(s) && s[i+1] == 0xbc && 0x90 <= s[i+2] && s[i+2] <= 0x99:
			return true
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

func typedNumberMessage(pass *Pass, lt LocalizedText, tn typedNumber, match string) string {
	noun := map[content.RefKind]string{content.RefStep: "step", content.RefFigure: "figure"}[tn.kind]
	msg := fmt.Sprintf("\"%s\" is a typed number; refer to the %s with {{%s:ID}}", match, noun, tn.kind)
	if tn.kind == content.RefStep {
		if id := stepNumbered(pass, lt.Site, match); id != "" {
			msg += fmt.Sprintf(" (here that is {{step:%s}})", id)
		}
	}
	return msg
}

var digitRun = regexp.MustCompile(`[0-9０-９]+`)

// stepNumbered returns the id of the step that a typed "step N" inside a
// procedure names, when the text holds one number and that number is the
// same step on every branch the text is shown on; otherwise "".
func stepNumbered(pass *Pass, site *TextSite, match string) string {
	nums := digitRun.FindAllString(match, -1)
	if site.Proc == nil || len(nums) != 1 {
		return ""
	}
	n, err := strconv.Atoi(strings.Map(halfWidthDigit, nums[0]))
	if err != nil || n < 1 {
		return ""
	}
	id := ""
	for _, b := range site.Proc.Branches() {
		if site.Step != nil && !site.Step.On(b) {
			continue
		}
		g := pass.Index.Resolved[site.Article].Graph(site.Proc, b)
		if n > len(g.Steps) || (id != "" && g.Steps[n-1].ID != id) {
			return ""
		}
		id = g.Steps[n-1].ID
	}
	return id
}

func halfWidthDigit(r rune) rune {
	if r >= '０' && r <= '９' {
		return r - '０' + '0'
	}
	return r
}

// byteSpans is a sorted list of byte ranges [start, end) of a text.
type byteSpans [][2]int

// overlaps reports whether [start, end) shares a byte with any span.
func (sp byteSpans) overlaps(start, end int) bool {
	for _, r := range sp {
		if start < r[1] && r[0] < end {
			return true
		}
	}
	return false
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
// Markdown code byteSpans, URLs and link destinations.
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
	slices.SortFunc(sp, func(a, b [2]int) int { return a[0] - b[0] })
	return sp
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

// codeSpans finds Markdown code byteSpans: a run of backticks up to the next
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
