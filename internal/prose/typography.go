package prose

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
)

// Finding is one problem of typography at a byte offset of a text.
type Finding struct {
	Off int
	Msg string
	Fix *Edit // nil when the fix is not mechanical
}

// Edit replaces the bytes [Off, End) of a text with New.
type Edit struct {
	Off, End int
	New      string
}

// typographyChecks holds the checks of each language.
var typographyChecks = map[string][]func(s string, literal byteSpans) []Finding{
	"fr": {frenchSpaces, frenchGuillemets, quotesWith("French", "«\u202f", "\u202f»"), frenchApostrophes},
	"hu": {quotesWith("Hungarian", "„", "”")},
	"ja": {japanesePunctuation},
}

// Typography returns what the typography of the locale's language finds
// wrong in the prose of s, a text whose references are refs, by check:
// French spaces and guillemets, French and Hungarian quotes, Japanese
// full-width punctuation. English has no checks.
func Typography(s, locale string, refs []content.InlineRef) []Finding {
	checks := typographyChecks[language(locale)]
	if len(checks) == 0 {
		return nil
	}
	literal := literalSpans(s, refs)
	var out []Finding
	for _, check := range checks {
		out = append(out, check(s, literal)...)
	}
	return out
}

const (
	noBreakSpace       = '\u00a0'
	narrowNoBreakSpace = '\u202f'
)

func isNoBreakSpace(r rune) bool { return r == noBreakSpace || r == narrowNoBreakSpace }

// frenchSpaces reports ? ! : ; that lack a no-break space before them.
func frenchSpaces(s string, literal byteSpans) []Finding {
	var out []Finding
	for i, r := range s {
		if !isFrenchSpacedMark(r) || i == 0 || literal.contains(i) {
			continue
		}
		prev, prevSize := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+1:])
		switch {
		case isNoBreakSpace(prev), prev == '\n':
		case r == ':' && unicode.IsDigit(prev) && unicode.IsDigit(next): // a time, 10:30
		case r == ':' && strings.HasPrefix(s[i+1:], "//"): // a URL scheme the URL pattern missed
		case r == ':' && next == '\\' && isDriveLetter(s[:i]): // a Windows path, C:\Users
		case (r == '?' || r == '!') && (prev == '?' || prev == '!'): // ?! takes one space, before the first
		case r == '!' && next == '[': // a Markdown image
		case r == ';' && endsWithEntity(s[:i]): // &nbsp;
		case prev == ' ':
			out = append(out, Finding{i - prevSize, fmt.Sprintf(
				"plain space before \"%c\"; French uses a no-break space there: write %q", r, string(frenchSpaceFor(r))+string(r)),
				&Edit{i - prevSize, i, string(frenchSpaceFor(r))}})
		default:
			out = append(out, Finding{i, fmt.Sprintf(
				"no space before \"%c\"; French puts a no-break space before it: write %q", r, string(frenchSpaceFor(r))+string(r)),
				&Edit{i, i, string(frenchSpaceFor(r))}})
		}
	}
	return out
}

// isDriveLetter reports whether s ends with a letter alone, as a Windows
// drive is named before its colon.
func isDriveLetter(s string) bool {
	n := len(s)
	letter := func(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
	return n > 0 && letter(s[n-1]) && (n == 1 || !letter(s[n-2]) && s[n-2] < utf8.RuneSelf)
}

func isFrenchSpacedMark(r rune) bool {
	return r == '?' || r == '!' || r == ':' || r == ';'
}

// frenchSpaceFor returns the space French typesetting puts before the mark:
// a full no-break space before the colon, a narrow one before the others.
func frenchSpaceFor(r rune) rune {
	if r == ':' {
		return noBreakSpace
	}
	return narrowNoBreakSpace
}

// endsWithEntity reports whether s ends with an HTML entity name such as
// "&nbsp", so that the following ';' closes it.
func endsWithEntity(s string) bool {
	amp := strings.LastIndexByte(s, '&')
	if amp < 0 || amp == len(s)-1 {
		return false
	}
	for _, r := range s[amp+1:] {
		if !(r == '#' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return false
		}
	}
	return true
}

// frenchApostrophes reports straight apostrophes between letters, as in
// "l'appli": French typesetting writes the typographic one, "l’appli".
func frenchApostrophes(s string, literal byteSpans) []Finding {
	var out []Finding
	for i, r := range s {
		if r != '\'' || i == 0 || literal.contains(i) {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+1:])
		if unicode.IsLetter(prev) && (unicode.IsLetter(next) || next == '{') {
			out = append(out, Finding{i, fmt.Sprintf("straight apostrophe; French writes ’: %q", string(prev)+"’"+string(next)), &Edit{i, i + 1, "’"}})
		}
	}
	return out
}

// frenchGuillemets reports « and » without a no-break space on their inner side.
func frenchGuillemets(s string, literal byteSpans) []Finding {
	var out []Finding
	for i, r := range s {
		if (r != '«' && r != '»') || literal.contains(i) {
			continue
		}
		var inner rune
		var innerOff int
		if r == '«' {
			inner, _ = utf8.DecodeRuneInString(s[i+len("«"):])
			innerOff = i + len("«")
			if innerOff == len(s) {
				continue
			}
		} else {
			if i == 0 {
				continue
			}
			var size int
			inner, size = utf8.DecodeLastRuneInString(s[:i])
			innerOff = i - size
		}
		want := "« " + "…"
		if r == '»' {
			want = "…" + " »"
		}
		want = strings.ReplaceAll(want, " ", string(narrowNoBreakSpace))
		insertAt := innerOff
		if r == '»' {
			insertAt = i
		}
		switch {
		case isNoBreakSpace(inner):
		case inner == ' ':
			out = append(out, Finding{innerOff, fmt.Sprintf(
				"plain space %s \"%c\"; French uses a no-break space inside guillemets: write %q", beside(r), r, want),
				&Edit{innerOff, innerOff + 1, string(narrowNoBreakSpace)}})
		default:
			out = append(out, Finding{i, fmt.Sprintf(
				"no space %s \"%c\"; French puts a no-break space inside guillemets: write %q", beside(r), r, want),
				&Edit{insertAt, insertAt, string(narrowNoBreakSpace)}})
		}
	}
	return out
}

func beside(r rune) string {
	if r == '«' {
		return "after"
	}
	return "before"
}

// quotesWith returns a check that reports straight double quotes in a
// language that quotes with open and close.
func quotesWith(lang, open, close string) func(string, byteSpans) []Finding {
	return func(s string, literal byteSpans) []Finding {
		var quotes []int
		for i, r := range s {
			if r == '"' && !literal.contains(i) {
				quotes = append(quotes, i)
			}
		}
		var out []Finding
		for k := 0; k+1 < len(quotes); k += 2 {
			inner := s[quotes[k]+1 : quotes[k+1]]
			out = append(out, Finding{Off: quotes[k], Msg: fmt.Sprintf(
				"straight quotes; %s quotes with %s…%s: write %q", lang, strings.TrimSpace(open), strings.TrimSpace(close), open+abbreviate(inner)+close)})
		}
		if len(quotes)%2 == 1 {
			out = append(out, Finding{Off: quotes[len(quotes)-1], Msg: fmt.Sprintf(
				"straight quote; %s quotes with %s…%s", lang, strings.TrimSpace(open), strings.TrimSpace(close))})
		}
		return out
	}
}

// abbreviate shortens quoted text for a message.
func abbreviate(s string) string {
	const limit = 30
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return string([]rune(s)[:limit-1]) + "…"
}

// fullWidth maps the ASCII punctuation Japanese writes full-width.
var fullWidth = map[rune]string{
	',': `"、" (or "，")`,
	'.': `"。"`,
	'!': `"！"`,
	'?': `"？"`,
	':': `"："`,
	'(': `"（"`,
	')': `"）"`,
}

// japanesePunctuation reports ASCII punctuation touching Japanese text:
// kana or kanji, and for brackets Japanese punctuation too.
// Emphasis markers are looked through, so **ボタン**: counts as touching.
func japanesePunctuation(s string, literal byteSpans) []Finding {
	var out []Finding
	for i, r := range s {
		want, ok := fullWidth[r]
		if !ok || literal.contains(i) {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s[:i], "*"))
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(s[i+1:], "*"))
		touches := isJapanese
		if r == '(' || r == ')' {
			// Brackets belong to the Japanese sentence around them, as in
			// します（iOS）。, where the closing one touches only 。.
			touches = isJapaneseOrPunct
		}
		if touches(prev) || touches(next) {
			out = append(out, Finding{Off: i, Msg: fmt.Sprintf("ASCII \"%c\" next to Japanese text; write the full-width %s", r, want)})
		}
	}
	return out
}

// isJapanese reports kana, kanji and the prolonged sound mark. Japanese
// punctuation does not count: an English sentence quoted in 「」 ends with
// its own full stop, as in 「Please try again.」.
func isJapanese(r rune) bool {
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー'
}

// isJapaneseOrPunct adds Japanese punctuation and full-width forms to
// isJapanese.
func isJapaneseOrPunct(r rune) bool {
	return isJapanese(r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}
