package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/termbase"
)

// Terminology checks the content against the knowledge base's term base.
var Terminology = &Rule{
	Name:     "terminology",
	Severity: diag.Warning,
	Doc: `every locale names each concept and app label with the term base's term
The term base, terms.yaml beside kb.yaml, gives each concept its preferred
term per locale and the variants writers must not use; a concept marked
label: true is a label of the app, as the app shows it in each locale
(localized: false where the app shows its English label). A forbidden variant
in a text of its locale is reported with the term to write (check
"forbidden"). A bold label (**…**) that is the app's label for a concept in
another locale, but not in the text's own, is the wrong language's label
(check "label"): "INSTALL" in French where the app shows "OBTENIR"; Japanese
texts without Markdown, such as alt texts, quote a label in 「」. Japanese
marks a label by bold alone, **ラベル**, not 「**ラベル**」 nor with spaces
around it (check "label-markup"). In Hungarian a term takes endings: a
forbidden "Főgomb" is found in "Főgombra". The term
base itself is checked where it is read: a locale kb.yaml does not list, a
concept without terms, a malformed entry. kb.yaml's texts, the platform names
and the titles of external articles, are read too. A knowledge base without
terms.yaml has nothing to check.`,
	Checks: []Check{
		{"forbidden", "a variant the term base forbids"},
		{"label", "an app label in another locale's form"},
		{"label-markup", "a Japanese label in 「」 or set apart with spaces"},
	},
	Run: runTerminology,
}

func runTerminology(pass *Pass) {
	if pass.KB.Config == nil {
		return
	}
	base, diags := termbase.Load(pass.KB.Root, pass.KB.Config.Locales)
	for _, d := range diags {
		pass.Report(d)
	}
	if base == nil {
		return
	}
	idx := newTermIndex(base)
	for _, site := range pass.Index.Sites {
		for _, lt := range pass.Index.Localized(site) {
			idx.check(pass, lt.Text, lt.Locale, localeOf(lt))
		}
	}
	for locale, t := range configTexts(pass.KB.Config) {
		idx.check(pass, t, locale, locale)
	}
}

// termIndex is the term base arranged for the checks: by locale, the
// forbidden variants with their term, and the app's labels.
type termIndex struct {
	forbidden map[string][]forbiddenVariant // by locale
	labels    map[string]map[string]bool    // by locale: the labels the app shows
	// elsewhere are the forms of each label in every locale (term and
	// forbidden variants), with the concept they name.
	elsewhere map[string][]*termbase.Concept
}

type forbiddenVariant struct {
	variant string
	term    *termbase.Term
	concept *termbase.Concept
}

func newTermIndex(b *termbase.Base) *termIndex {
	ix := &termIndex{forbidden: map[string][]forbiddenVariant{}, labels: map[string]map[string]bool{}, elsewhere: map[string][]*termbase.Concept{}}
	for _, c := range b.Concepts {
		for _, l := range c.Locales() {
			t := c.Terms[l]
			for _, v := range t.Forbidden {
				ix.forbidden[l] = append(ix.forbidden[l], forbiddenVariant{v.Text, t, c})
			}
			if !c.Label {
				continue
			}
			if ix.labels[l] == nil {
				ix.labels[l] = map[string]bool{}
			}
			ix.labels[l][t.Text] = true
			ix.elsewhere[t.Text] = append(ix.elsewhere[t.Text], c)
			for _, v := range t.Forbidden {
				ix.elsewhere[v.Text] = append(ix.elsewhere[v.Text], c)
			}
		}
	}
	return ix
}

// check checks a text in its locale; shown is the locale the finding
// names, "" for an article's source text.
func (ix *termIndex) check(pass *Pass, text content.Text, locale, shown string) {
	s := text.Value
	report := func(check string, off int, format string, args ...any) {
		pass.Report(diag.Diagnostic{Pos: text.PosAt(off), Check: check, Locale: shown, Message: fmt.Sprintf(format, args...)})
	}
	inflects := inflecting[baseLanguage(locale)]
	for _, f := range ix.forbidden[locale] {
		for _, off := range termOccurrences(s, f.variant, inflects) {
			if withinTerm(s, off, off+len(f.variant), f.term.Text, inflects) {
				continue
			}
			report("forbidden", off, "%q is a variant of %q (%s) that the term base forbids; write %q", f.variant, f.term.Text, f.concept.ID, f.term.Text)
		}
	}
	ja := baseLanguage(locale) == "ja"
	for _, m := range boldSpan.FindAllStringSubmatchIndex(s, -1) {
		label := strings.TrimSpace(s[m[2]:m[3]])
		if ja && !plainJapaneseLabel(s, m[0], m[1]) {
			report("label-markup", m[0], "write the label **%s** alone: Japanese marks a label by bold only, without 「」 or spaces around it%s", label, bracketedLabel(label))
		}
		ix.checkLabel(label, locale, func(format string, args ...any) { report("label", m[2], format, args...) })
	}
	if ja {
		// Texts without Markdown, such as a figure's alt text, quote a
		// label in 「」.
		for _, m := range cornerQuoted.FindAllStringSubmatchIndex(s, -1) {
			ix.checkLabel(s[m[2]:m[3]], locale, func(format string, args ...any) { report("label", m[2], format, args...) })
		}
	}
}

// checkLabel reports a label that is the app's label for a concept in
// another locale, but not in this one.
func (ix *termIndex) checkLabel(label, locale string, report func(format string, args ...any)) {
	if ix.labels[locale][label] {
		return
	}
	for _, c := range ix.elsewhere[label] {
		if t := c.Terms[locale]; t != nil && t.Text != label && !forbids(t, label) {
			report("the app's label %q (%s) is not the one it shows in %s; write %q", label, c.ID, locale, t.Text)
			return
		}
	}
}

// cornerQuoted matches a Japanese quotation 「…」 without Markdown inside.
var cornerQuoted = regexp.MustCompile(`「([^」*]+)」`)

// boldSpan matches a bold run, as writers mark the app's labels.
var boldSpan = regexp.MustCompile(`\*\*([^*]+)\*\*`)

// inflecting are the languages that add endings to a term ("a
// Főgombra"): a term followed by letters is still the term.
var inflecting = map[string]bool{"hu": true}

// termOccurrences returns the offsets of term in s as a whole term: not
// inside a longer word, where words are written with spaces; with
// endings, the term may be followed by letters.
func termOccurrences(s, term string, endings bool) []int {
	var out []int
	for start := 0; ; {
		i := strings.Index(s[start:], term)
		if i < 0 {
			return out
		}
		off := start + i
		if wholeTerm(s, off, off+len(term), endings) {
			out = append(out, off)
		}
		start = off + len(term)
	}
}

// wholeTerm reports whether s[start:end] stands as a term of its own: no
// letter or digit of a spaced script touches it.
func wholeTerm(s string, start, end int, endings bool) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	first, _ := utf8.DecodeRuneInString(s[start:])
	last, _ := utf8.DecodeLastRuneInString(s[:end])
	return !(joins(before) && joins(first)) && (endings || !(joins(last) && joins(after)))
}

// plainJapaneseLabel reports whether the bold label at s[start:end] stands
// as the Japanese content writes labels: no 「」 around it and no space
// between it and the Japanese text it sits in (a list item's "- " aside).
func plainJapaneseLabel(s string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	inner := s[start+2 : end-2]
	if before == '「' && after == '」' && edgedByPunctuation(inner) {
		// Bold alone cannot mark **+PIN** after は: CommonMark opens bold
		// before a punctuation mark only after a space or another one.
		return true
	}
	if before == '「' || after == '」' {
		return false
	}
	if strings.TrimSpace(inner) != inner {
		return false
	}
	spaced := func(space, next rune) bool { return space == ' ' && isKanaOrKanji(next) }
	prev, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(s[:start], " "))
	next, _ := utf8.DecodeRuneInString(strings.TrimPrefix(s[end:], " "))
	return !spaced(before, prev) && !spaced(after, next)
}

// bracketedLabel returns what the label-markup finding adds for a label
// that starts or ends with a punctuation mark, which bold cannot mark
// next to a letter, and which may stand in 「」.
func bracketedLabel(label string) string {
	if !edgedByPunctuation(label) {
		return ""
	}
	return fmt.Sprintf(", or, as it starts or ends with a punctuation mark, which bold cannot mark next to a letter, as 「**%s**」", label)
}

// edgedByPunctuation reports whether a label starts or ends with a
// punctuation mark or a symbol, such as "+PIN Guidelines".
func edgedByPunctuation(label string) bool {
	first, _ := utf8.DecodeRuneInString(label)
	last, _ := utf8.DecodeLastRuneInString(label)
	return label != "" && (punctuation(first) || punctuation(last))
}

// joins reports whether r belongs to a word of a script written with
// spaces, so that a letter next to it makes one longer word.
func joins(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// withinTerm reports whether the occurrence s[start:end] is part of an
// occurrence of the preferred term, which may contain the variant.
func withinTerm(s string, start, end int, term string, endings bool) bool {
	for _, t := range termOccurrences(s, term, endings) {
		if t <= start && end <= t+len(term) {
			return true
		}
	}
	return false
}

// forbids reports whether a term lists the variant as forbidden, which the
// forbidden check reports already.
func forbids(t *termbase.Term, variant string) bool {
	return slices.ContainsFunc(t.Forbidden, func(v termbase.Variant) bool { return v.Text == variant })
}
