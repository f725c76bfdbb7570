package lint

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// RefContext checks that references read as part of their sentence.
var RefContext = &Rule{
	Name:     "ref-context",
	Severity: diag.Error,
	Doc: `step references read in the grammar of their sentence
A step reference renders a whole phrase from the locale's catalog: {{step:ID}}
names the step ("step 2", "l’étape 2", "a 2. lépés", "ステップ 2"), and
{{step:ID|context}} says it in a context, its preposition, case ending or
particle inside the link: to ("a 2. lépéshez"), from ("à partir de l’étape 1",
"az 1. lépéstől", "ステップ 1 から"), in ("a 2. lépésben"), object ("a 2.
lépést", "ステップ 2 を") and of ("de l’étape 2", "ステップ 2 の"). Typed
around the link instead, a case ending is glued to a number the link
supplies ("a 2. lépés" + "ben"), its vowel harmony guessed, and French loses
its elision ("à partir de étape 1"). So: a context must be one of to, from,
in, object, of, and only step references take one (check "context"); a letter right after a step or figure reference, or in
Japanese a particle after a step reference without a context, is an ending glued
to it (check "glued"); and in French "de", "à", "d’" or "l’" right before a step
reference are the phrase's own words (check "preposition"). Each finding names
the context to write. A figure referenced right after a word of the sentence
is an aside and stands in parentheses, full-width in Japanese: "tap **Done**
({{fig:done}})", "タップしてください（{{fig:done}}）" (check "aside"); after a
word such as "see" the figure is the sentence's object and stands alone.`,
	Checks: []Check{
		{"context", "a context that does not exist, or on a reference that takes none"},
		{"glued", "an ending or particle glued after a reference"},
		{"preposition", "a French preposition or article typed before a step reference"},
		{"aside", "a figure referenced inside a sentence without parentheses"},
	},
	Run: runRefContext,
}

func runRefContext(pass *Pass) {
	for _, site := range pass.Index.Sites {
		for _, lt := range pass.Index.Localized(site) {
			for _, r := range lt.Refs {
				if r.Malformed {
					continue
				}
				checkRefContext(pass, lt, r)
			}
		}
	}
}

func checkRefContext(pass *Pass, lt LocalizedText, r content.InlineRef) {
	s := lt.Text.Value
	raw := s[r.Start:r.End]
	report := func(check string, off int, format string, args ...any) {
		pass.Report(diag.Diagnostic{Pos: lt.Text.PosAt(off), Check: check, Locale: localeOf(lt), Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case r.HasContext && r.Kind != content.RefStep:
		report("context", r.Start, "%s names a context, which only step references take; write {{%s:%s}}", raw, r.Kind, targetOf(r))
		return
	case r.HasContext && r.Context == "":
		report("context", r.Start, "%s names no context after \"|\"; the contexts are %s", raw, strings.Join(content.RefContexts, ", "))
		return
	case r.HasContext && !isContext(r.Context):
		msg := fmt.Sprintf("%s names the context %q, which does not exist", raw, r.Context)
		if m := suggest.Nearest(r.Context, content.RefContexts); m != "" {
			msg += fmt.Sprintf("; did you mean %q?", m)
		}
		report("context", r.Start, "%s; the contexts are %s", msg, strings.Join(content.RefContexts, ", "))
		return
	}
	if r.Kind != content.RefStep && r.Kind != content.RefFigure {
		return
	}
	lang := baseLanguage(lt.Locale)
	if ending := gluedEnding(s[r.End:], lang, r.Context != ""); ending != "" {
		report("glued", r.End, "%s", gluedMessage(r, raw, ending, lang))
	}
	if r.Kind == content.RefFigure && isBareAside(s[:r.Start], lang) {
		open, close := "(", ")"
		if lang == "ja" {
			open, close = "（", "）"
		}
		report("aside", r.Start, "%s follows a word of the sentence without parentheses; a figure referenced inside a sentence is an aside: write %s%s%s", raw, open, raw, close)
	}
	if lang == "fr" && r.Kind == content.RefStep {
		if m := frenchBefore.FindStringSubmatchIndex(s[:r.Start]); m != nil {
			word := s[m[2]:m[3]]
			report("preposition", m[2], "%s", frenchPrepositionMessage(r, word))
		}
	}
}

func isContext(c string) bool {
	for _, k := range content.RefContexts {
		if c == k {
			return true
		}
	}
	return false
}

// targetOf writes a reference's target as it is written, anchor and all.
func targetOf(r content.InlineRef) string {
	if r.Anchor != "" {
		return r.Target + "#" + r.Anchor
	}
	return r.Target
}

// baseLanguage returns the language of a locale: "fr" for "fr-CA".
func baseLanguage(locale string) string {
	l, _, _ := strings.Cut(strings.ToLower(locale), "-")
	return l
}

// gluedEnding returns the ending glued right after a reference in the
// text that follows it, or "": the letters up to the next space or
// punctuation. In Japanese, which writes no spaces, kana or kanji right
// after a reference without a context are a particle glued to it; after
// a context they are the sentence going on (ステップ 2 に進んで).
func gluedEnding(after, lang string, hasContext bool) string {
	if lang == "ja" {
		r, _ := utf8.DecodeRuneInString(after)
		if hasContext || !isKanaOrKanji(r) {
			return ""
		}
		end := strings.IndexFunc(after, func(r rune) bool { return !unicode.In(r, unicode.Hiragana) })
		if end <= 0 {
			_, size := utf8.DecodeRuneInString(after)
			return after[:size]
		}
		return after[:end]
	}
	r, size := utf8.DecodeRuneInString(after)
	if r == '-' {
		// "-t", as Hungarian joins an ending to what it cannot inflect.
		if next, _ := utf8.DecodeRuneInString(after[size:]); !unicode.IsLetter(next) {
			return ""
		}
	} else if !unicode.IsLetter(r) {
		return ""
	}
	end := strings.IndexFunc(after[size:], func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		return after
	}
	return after[:size+end]
}

func isKanaOrKanji(r rune) bool {
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han)
}

// endingContexts are the endings and particles a context writes, by
// language: a Hungarian case ending, a Japanese particle.
var endingContexts = map[string][]struct{ ending, context string }{
	"hu": {
		{"ben", content.ContextIn}, {"ban", content.ContextIn},
		{"től", content.ContextFrom}, {"tól", content.ContextFrom},
		{"hez", content.ContextTo}, {"hoz", content.ContextTo}, {"höz", content.ContextTo},
		{"-t", content.ContextObject}, {"t", content.ContextObject}, {"et", content.ContextObject},
		{"ot", content.ContextObject}, {"öt", content.ContextObject}, {"at", content.ContextObject},
	},
	"ja": {
		{"から", content.ContextFrom}, {"に", content.ContextTo}, {"で", content.ContextIn}, {"を", content.ContextObject},
		{"の", content.ContextOf},
	},
}

func gluedMessage(r content.InlineRef, raw, ending, lang string) string {
	if r.Kind == content.RefFigure {
		return fmt.Sprintf("%q is glued to %s, which renders the figure's label alone; put the reference in parentheses or rephrase", ending, raw)
	}
	if r.Context != "" {
		return fmt.Sprintf("%q is glued to %s, whose context already writes the whole phrase; remove it", ending, raw)
	}
	for _, ec := range endingContexts[lang] {
		if ending == ec.ending || lang == "ja" && strings.HasPrefix(ending, ec.ending) {
			return fmt.Sprintf("%q is glued to %s, which renders the step's phrase and leaves the ending bare; write {{step:%s|%s}}, whose catalog phrase holds it",
				ec.ending, raw, r.Target, ec.context)
		}
	}
	return fmt.Sprintf("%q is glued to %s, which renders the step's phrase and leaves the ending bare; write the reference in a context (%s) or rephrase",
		ending, raw, strings.Join(content.RefContexts, ", "))
}

// frenchBefore matches the French words a step phrase holds itself when
// they end the text before a reference: the prepositions and articles
// of "à l’étape", "à partir de l’étape", "de l’étape".
var frenchBefore = regexp.MustCompile(`(?i)(?:^|[\s(«\x{00A0}\x{202F}*_])((?:à partir de|depuis)(?: l['’])?|de|à|du|au|d['’]|l['’]|de l['’]|à l['’])\s*$`)

func frenchPrepositionMessage(r content.InlineRef, word string) string {
	w := strings.ToLower(strings.ReplaceAll(word, "'", "’"))
	var advice string
	switch {
	case strings.HasPrefix(w, "à partir de"), strings.HasPrefix(w, "depuis"):
		advice = fmt.Sprintf("write {{step:%s|%s}}, which reads \"à partir de l’étape N\"", r.Target, content.ContextFrom)
	case strings.HasPrefix(w, "à") || w == "au":
		advice = fmt.Sprintf("write {{step:%s|%s}} or {{step:%s|%s}}, which read \"à l’étape N\"", r.Target, content.ContextTo, r.Target, content.ContextIn)
	case w == "l’":
		advice = fmt.Sprintf("write {{step:%s}} alone, which reads \"l’étape N\"", r.Target)
	default:
		advice = fmt.Sprintf("write {{step:%s|%s}}, which reads \"de l’étape N\"", r.Target, content.ContextOf)
	}
	return fmt.Sprintf("%q before {{step:%s}}: the step's phrase holds its own article and preposition; %s", word, r.Target, advice)
}

// isBareAside reports whether a figure reference follows, with nothing
// but spaces between, a word of its sentence (or in Japanese, which
// writes no spaces, any text but an opening bracket or a colon) that does
// not make the figure its object: "shows a QR code {{fig:x}}" but not
// "see {{fig:x}}", "Lásd: {{fig:x}}" or "({{fig:x}})".
func isBareAside(before, lang string) bool {
	trimmed := strings.TrimRightFunc(before, unicode.IsSpace)
	last, _ := utf8.DecodeLastRuneInString(trimmed)
	switch {
	case trimmed == "", strings.ContainsRune("(（[「:：", last):
		return false
	case lang != "ja" && len(trimmed) == len(before):
		return false // glued to the word before: a different defect
	}
	words := strings.FieldsFunc(strings.ToLower(trimmed), func(r rune) bool { return unicode.IsSpace(r) || r == '*' || r == '_' })
	if len(words) == 0 {
		return true
	}
	// "See {{fig:a}} and {{fig:b}}", "See {{fig:a}}, {{fig:b}}": a figure
	// that goes on a list of figures is what the first of them is.
	list := ""
	switch last := words[len(words)-1]; {
	case listWords[last]:
		list = trimmed[:len(trimmed)-len(last)]
	case strings.HasSuffix(trimmed, ","):
		list = trimmed
	}
	if earlier, ok := figureBefore(list); ok {
		return isBareAside(earlier, lang)
	}
	return !figureObjectWords[words[len(words)-1]]
}

// listWords join the items of a list of figures.
var listWords = map[string]bool{"and": true, "or": true, "et": true, "ou": true, "és": true, "vagy": true}

// figureBefore returns, when text ends with a figure reference (and a
// comma), the text before that reference.
func figureBefore(text string) (string, bool) {
	text = strings.TrimSuffix(strings.TrimRightFunc(text, unicode.IsSpace), ",")
	if !strings.HasSuffix(text, "}}") {
		return "", false
	}
	i := strings.LastIndex(text, "{{")
	if i < 0 || !strings.HasPrefix(strings.TrimLeftFunc(text[i+2:], unicode.IsSpace), "fig:") {
		return "", false
	}
	return text[:i], true
}

// figureObjectWords are the words after which a figure reference is the
// object of the sentence, not an aside.
var figureObjectWords = map[string]bool{
	"see": true, "in": true, "voir": true, "voyez": true, "consultez": true, "lásd": true, "à": true,
}
