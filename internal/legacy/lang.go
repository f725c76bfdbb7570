package legacy

import (
	"strings"
	"unicode"
)

// Words that are common in one of the source languages and rare in the
// others. Scores only need to tell English, French and Hungarian apart in
// support text; Japanese is told by its script.
var (
	enWords = wordSet("the and to you your of is on in with for if will this that be are from tap then which can")
	frWords = wordSet("vous votre vos le la les des du de et pour une un est sur dans ou pas que qui avec puis sera êtes")
	huWords = wordSet("az és hogy nem egy kérjük vagy ha meg ki be is amely ld cikket cikkben ön önnek az alábbi számla számláját ezt")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// detectLang guesses the language of a line: "ja", "fr", "hu", "en", or ""
// when the line is too short or too mixed to say.
func detectLang(s string) string {
	var en, fr, hu int
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			// Kanji alone could be Chinese, as in a phone line's
			// language note.
			return "ja"
		case strings.ContainsRune("őűŐŰ", r):
			hu += 2
		case strings.ContainsRune("çèêàùœÇÈÊÀ", r):
			fr++
		}
	}
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	})
	for _, w := range words {
		if i := strings.IndexByte(w, '\''); i >= 0 {
			// l'application, d'une: French elision.
			if p := w[:i]; p == "l" || p == "d" || p == "qu" || p == "n" || p == "s" {
				fr++
			}
			w = w[i+1:]
		}
		switch {
		case enWords[w]:
			en++
		case frWords[w]:
			fr++
		case huWords[w]:
			hu++
		}
	}
	best, lang := 0, ""
	for _, c := range []struct {
		score int
		lang  string
	}{{en, "en"}, {fr, "fr"}, {hu, "hu"}} {
		switch {
		case c.score > best:
			best, lang = c.score, c.lang
		case c.score == best:
			lang = ""
		}
	}
	if best < 2 {
		return ""
	}
	return lang
}
