package legacy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is what a line of legacy text is taken to be.
type kind int

const (
	kBlank   kind = iota
	kNav          // navigation left over from the web page, such as "Back to top"
	kCaption      // one or more figure captions and nothing else
	kStep         // "3) Tap …", "3. Tap …", "３）…"
	kChoice       // "1.a) If …"
	kBullet       // "• …"
	kSeeAlso      // "• See KB2260 for …"
	kPara         // anything else: prose, headings, table rows
)

// line is one classified source line. Columns count runes from 1.
type line struct {
	n       int
	raw     string
	kind    kind
	text    string // the line without its marker and surrounding space
	textCol int    // column where text starts
	num     int    // step or choice number
	numCol  int
	letter  string // choice letter
	caps    []caption
	heading bool   // short, unpunctuated: a title or a section label
	odd     string // why a prose line looks like structure that was lost
	lang    string // detected language, "" when the line does not say
}

// caption is one figure caption on a caption line.
type caption struct {
	label string // as written, "Figure 4.1"
	num   string // "4.1"
	col   int
}

func splitLines(src string) []string {
	src = strings.TrimPrefix(src, "\ufeff")
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

var (
	choiceRe  = regexp.MustCompile(`^(\d{1,2})\s*\.\s*([a-z])\s*[.)]\s*`)
	stepRe    = regexp.MustCompile(`^(\d{1,2})(?:\s*[.)]|\s*-\s)\s*`)
	bulletRe  = regexp.MustCompile(`^[•·○●▪◦\-–*]\s+`)
	captionRe = regexp.MustCompile(`\b(?:Figure|Fig\.|Image)\s*(\d+(?:\.\d+)?)\.?|(\d+(?:\.\d+)?)\.\s*ábra|図\s*(\d+(?:\.\d+)?)\.?`)
	seeAlsoRe = regexp.MustCompile(`(?i)^(?:see|voir|lásd)\s+(?:also\s+)?(?:a\s+)?KB\d+|\bld\.\s+a\s+KB\d+\s+cikk`)
	letterRe  = regexp.MustCompile(`^[a-h][.)]\s`)
	footRe    = regexp.MustCompile(`^\[\d+\]`)
	gapRe     = regexp.MustCompile(`\S {4,}\S`)
)

// navLines are web-page navigation lines, dropped without a finding.
var navLines = map[string]bool{
	"back to top": true, "retour en haut": true, "haut de page": true,
	"vissza az oldal tetejére": true, "始めに戻る": true, "ページのトップへ": true,
}

// fold maps full-width digits and punctuation to ASCII one rune for one
// rune, so that Japanese step numbers match and columns stay the same.
var fold = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9", "）", ")", "．", ".", "－", "-")

// classify works out the kind of one line.
func classify(n int, raw string) *line {
	l := &line{n: n, raw: raw}
	trimmed := strings.TrimLeftFunc(raw, unicode.IsSpace)
	indent := utf8.RuneCountInString(raw) - utf8.RuneCountInString(trimmed)
	trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
	if trimmed == "" {
		l.kind = kBlank
		return l
	}
	if navLines[strings.ToLower(trimmed)] {
		l.kind = kNav
		return l
	}
	folded := fold.Replace(trimmed)
	if caps, ok := captionLine(folded, indent); ok {
		l.kind, l.caps = kCaption, caps
		return l
	}
	rest := func(end int) (string, int) {
		// end is a byte offset in folded; count runes to find it in trimmed.
		runes := utf8.RuneCountInString(folded[:end])
		text := string([]rune(trimmed)[runes:])
		return strings.TrimSpace(text), indent + runes + 1
	}
	if m := choiceRe.FindStringSubmatchIndex(folded); m != nil {
		l.kind = kChoice
		l.num = atoi(folded[m[2]:m[3]])
		l.numCol = indent + 1
		l.letter = folded[m[4]:m[5]]
		l.text, l.textCol = rest(m[1])
		return l
	}
	if m := stepRe.FindStringSubmatchIndex(folded); m != nil {
		body := folded[m[1]:]
		if body != "" && !startsWithDigit(body) && !strings.HasPrefix(body, "ábra") {
			l.kind = kStep
			l.num = atoi(folded[m[2]:m[3]])
			l.numCol = indent + 1
			l.text, l.textCol = rest(m[1])
			return l
		}
	}
	if m := bulletRe.FindStringIndex(folded); m != nil {
		l.kind = kBullet
		l.text, l.textCol = rest(m[1])
		if seeAlsoRe.MatchString(l.text) {
			l.kind = kSeeAlso
		}
		return l
	}
	l.kind = kPara
	l.text, l.textCol = trimmed, indent+1
	if m := markdownHeading.FindStringIndex(trimmed); m != nil && headingLike(trimmed[m[1]:]) {
		// "## Export your data": a heading, as a text written in Markdown
		// marks it; "# of seats in use" is a sentence.
		l.text, l.textCol = rest(len(fold.Replace(trimmed[:m[1]])))
		l.heading = true
		return l
	}
	if seeAlsoRe.MatchString(l.text) {
		l.kind = kSeeAlso
		return l
	}
	l.heading = headingLike(trimmed)
	l.odd = oddness(trimmed)
	return l
}

// markdownHeading matches the marks of a Markdown heading at the start of
// a line.
var markdownHeading = regexp.MustCompile(`^#{1,6}[ \t]+`)

// captionLine reports whether s holds figure captions and nothing else.
func captionLine(s string, indent int) ([]caption, bool) {
	ms := captionRe.FindAllStringSubmatchIndex(s, -1)
	if ms == nil {
		return nil, false
	}
	var caps []caption
	prev := 0
	for _, m := range ms {
		if strings.TrimSpace(s[prev:m[0]]) != "" {
			return nil, false
		}
		prev = m[1]
		caps = append(caps, caption{
			label: strings.TrimSuffix(strings.TrimSpace(s[m[0]:m[1]]), "."),
			num:   firstGroup(s, m),
			col:   indent + utf8.RuneCountInString(s[:m[0]]) + 1,
		})
	}
	if strings.TrimSpace(s[prev:]) != "" {
		return nil, false
	}
	return caps, true
}

// firstGroup returns the first submatch that took part in the match.
func firstGroup(s string, m []int) string {
	for i := 2; i+1 < len(m); i += 2 {
		if m[i] >= 0 {
			return s[m[i]:m[i+1]]
		}
	}
	return ""
}

// headingLike reports whether a prose line reads as a title or a section
// label: short, starting with a letter, without closing punctuation (a
// question mark is allowed: many titles are questions), and not a table row.
func headingLike(s string) bool {
	runes := []rune(s)
	if len(runes) > 160 || !unicode.IsLetter(runes[0]) || strings.Contains(s, "|") {
		return false
	}
	last := runes[len(runes)-1]
	if strings.ContainsRune(".,;:!。、：；)", last) {
		return false
	}
	words := len(strings.Fields(s))
	if last == '?' || last == '？' {
		return words <= 30
	}
	return words <= 20 && len(runes) <= 140
}

// oddness says why a prose line looks like structure whose form was lost,
// or "" when it reads as plain prose.
func oddness(s string) string {
	switch {
	case letterRe.MatchString(s):
		return "a lettered item without a step number"
	case strings.Contains(s, "|"):
		return "a table row"
	case footRe.MatchString(s):
		return "a footnote"
	case startsWithDigit(s):
		return "a number that is not a step number"
	case gapRe.MatchString(s):
		return "columns of a lost layout"
	}
	return ""
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
