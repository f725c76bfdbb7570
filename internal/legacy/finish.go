package legacy

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// citation is a figure reference found in prose.
type citation struct {
	num, word string
	line, col int
}

// finisher turns a draft into an article: ids, typed references and the
// checks that need the whole article.
type finisher struct {
	p        *parser
	d        *draft
	ids      map[string]bool
	suffix   map[string]int // the next suffix to try after a base id (see newID)
	stepIDs  map[int]string
	lastNum  int
	cites    []citation
	captions map[string]*draftFigure
}

func (p *parser) finish(d *draft) {
	f := &finisher{p: p, d: d, ids: map[string]bool{"procedure": true}, suffix: map[string]int{}, stepIDs: map[int]string{}, captions: map[string]*draftFigure{}}
	a := d.a
	p.checkFigureNumbers(d)
	for _, fig := range d.figures {
		if _, dup := f.captions[fig.num]; !dup {
			f.captions[fig.num] = fig
			a.Figures = append(a.Figures, &Figure{ID: fig.id, Label: fig.label, Line: fig.line})
		}
	}
	for i, s := range d.steps {
		id := f.newID(s.text.text, fmt.Sprintf("todo-step-%d", i+1))
		a.Steps = append(a.Steps, &Step{ID: id, Num: s.num, Line: s.line})
		// A repeated number keeps pointing at its first step.
		if _, ok := f.stepIDs[s.num]; !ok {
			f.stepIDs[s.num] = id
		}
		f.lastNum = max(f.lastNum, s.num)
	}
	if d.title != nil {
		a.Title = clean(d.title.text)
	}
	for _, s := range d.reqs {
		a.Reqs = append(a.Reqs, f.rewrite(s))
	}
	var intro []string
	for _, s := range d.intro {
		intro = append(intro, f.rewrite(s))
	}
	if len(d.steps) > 0 {
		a.Intro = strings.Join(intro, " ")
	} else if len(intro) > 0 {
		a.Sections = append(a.Sections, &Section{ID: f.newID("overview", "overview"), Body: strings.Join(intro, "\n\n")})
	}
	for _, s := range d.sections {
		sec := &Section{Title: clean(s.title.text)}
		sec.ID = f.newID(s.title.text, fmt.Sprintf("todo-section-%d", len(a.Sections)+1))
		var body []string
		for _, b := range s.body {
			body = append(body, f.rewrite(b))
		}
		sec.Body = strings.Join(body, "\n\n")
		a.Sections = append(a.Sections, sec)
	}
	for i, s := range d.steps {
		f.finishStep(a.Steps[i], s)
	}
	for i, t := range d.trouble {
		a.Trouble = append(a.Trouble, f.finishTrouble(t, i))
	}
	f.checkCitations()
}

func (f *finisher) finishStep(st *Step, s *draftStep) {
	if s.placeholder {
		st.Text = fmt.Sprintf("TODO the source gives no text for step %d", s.num)
	} else {
		st.Text = f.rewrite(s.text)
	}
	var notes []string
	for _, n := range s.notes {
		notes = append(notes, f.rewrite(n))
	}
	st.Note = strings.Join(notes, " ")
	for _, c := range s.choices {
		text, next := f.rewriteChoice(c.text)
		ch := &Choice{Line: c.line, Next: next}
		ch.When, ch.Text = splitCondition(text)
		st.Choices = append(st.Choices, ch)
	}
	st.Text = f.show(st.Text, s.figs, st.Choices)
}

func (f *finisher) finishTrouble(t *draftTrouble, i int) *Trouble {
	tr := &Trouble{Line: t.line}
	if t.symptom != nil {
		tr.Symptom = f.rewrite(*t.symptom)
		tr.Line = t.symptom.line
	}
	var remedy []string
	for _, r := range t.remedy {
		remedy = append(remedy, f.rewrite(r))
	}
	tr.Remedy = f.show(strings.Join(remedy, " "), t.figs, nil)
	name := tr.Symptom
	if name == "" && len(t.remedy) > 0 {
		name = t.remedy[0].text
	}
	tr.ID = f.newID(name, fmt.Sprintf("todo-issue-%d", i+1))
	return tr
}

// show makes sure that the figures captioned under a piece of text are
// referenced from it, since a figure is shown where it is first
// referenced; the source's own citations have been checked already.
func (f *finisher) show(text string, figs []*draftFigure, choices []*Choice) string {
	all := text
	for _, c := range choices {
		all += c.When + c.Text
	}
	for _, fig := range figs {
		ref := "{{fig:" + fig.id + "}}"
		if f.captions[fig.num] != fig || strings.Contains(all, ref) || f.cited(fig.num) {
			continue
		}
		text = strings.TrimSpace(text + " (" + ref + ")")
	}
	return text
}

func (f *finisher) cited(num string) bool {
	for _, c := range f.cites {
		if c.num == num {
			return true
		}
	}
	return false
}

// rewrite turns a piece of prose into text with typed references,
// reporting references that point at nothing.
func (f *finisher) rewrite(s seg) string {
	out, _ := f.replace(s, false)
	return out
}

// rewriteChoice rewrites a choice, taking "and proceed with step N" out
// of its text into next, unless nothing would be left of the text.
func (f *finisher) rewriteChoice(s seg) (string, string) {
	saved := len(f.cites)
	out, next := f.replace(s, true)
	if strings.Trim(out, " .,;。、") == "" {
		f.cites = f.cites[:saved]
		out, _ = f.replace(seg{s.line, s.col, s.text}, false)
		next = f.nextOf(s)
	}
	return out, next
}

func (f *finisher) nextOf(s seg) string {
	for _, r := range findRefs(s.text) {
		if r.kind == refProceed {
			n, _ := strconv.Atoi(r.num)
			return f.stepIDs[n]
		}
	}
	return ""
}

// replace does the rewriting; in a choice, a "proceed with step N" phrase
// is dropped and its target returned.
func (f *finisher) replace(s seg, choice bool) (string, string) {
	var b strings.Builder
	next := ""
	at := 0
	for _, r := range findRefs(s.text) {
		switch r.kind {
		case refKB:
			b.WriteString(s.text[at:r.start])
			b.WriteString("{{kb:" + r.num + "}}")
		case refFigure:
			b.WriteString(s.text[at:r.start])
			b.WriteString("{{fig:" + figureID(r.num) + "}}")
			f.cites = append(f.cites, citation{num: r.num, word: r.word, line: s.line, col: colOf(s, r.start)})
		case refStep, refProceed:
			n, _ := strconv.Atoi(r.num)
			if r.kind == refStep && ofAnotherArticle(s.text, r) {
				f.p.diags.Warnf(f.p.pos(s.line, colOf(s, r.spanStart)), RuleRefs,
					"step %d of another article is left as written: refer to it as {{kb:KBnnnn#step-id}}, with that article's id and its step's", n)
				b.WriteString(s.text[at:r.end])
				at = r.end
				continue
			}
			id, ok := f.stepIDs[n]
			if !ok {
				f.danglingStep(r, n, s)
				b.WriteString(s.text[at:r.end])
				at = r.end
				continue
			}
			if r.kind == refProceed && choice && !strings.ContainsAny(s.text[r.spanStart:r.spanEnd], "手順ステップ") {
				next = id
				b.WriteString(s.text[at:r.start])
			} else {
				if r.kind == refProceed && choice {
					next = id
				}
				before, context := frenchStepContext(s.text[at:r.spanStart], s.text[r.spanStart:r.spanEnd])
				b.WriteString(before)
				b.WriteString("{{step:" + id + context + "}}")
				b.WriteString(s.text[r.spanEnd:r.end])
			}
		}
		at = r.end
	}
	b.WriteString(s.text[at:])
	return clean(b.String()), next
}

// otherArticleAfter matches what follows a step mention that names a step
// of another article: "of", "in" or "de", a few words at most, and the
// article's id ("step 1 of the KB1234 article", "l'étape 2 de la fiche
// KB1234"); or "of" or "de" and a quoted title ("step 1 of \"Reset your
// password\""); or "in" and a quoted title with its id. A quoted name
// after "in" alone, "step 2 in the \"Network\" menu", may be anything. otherArticleBefore matches what precedes one in Japanese and
// Hungarian, which name the article first (KB1234の手順 2,
// 「パスワードのリセット」の手順 2, a KB1234 cikk 2. lépése).
var (
	otherArticleAfter  = regexp.MustCompile(`(?i)^\)?\s*(?:(?:of|in|from|de|du|dans)\s+(?:[\p{L}'’]+\s+){0,3}\(?KB\d+\b|(?:of|de|du)\s+(?:[\p{L}'’]+\s+){0,3}["“«]|(?:in|from|dans)\s+(?:[\p{L}'’]+\s+){0,3}["“«][^"”»]*["”»](?:\s+[\p{L}'’]+){0,2}\s*\(KB\d+\))`)
	otherArticleBefore = regexp.MustCompile(`(?:(?:KB\d+|[」”"])\s*の|KB\d+\s+(?:cikk|cikkben|cikkének|cikkből)\s*)\s*$`)
)

// ofAnotherArticle reports whether the step mention r in text names a step
// of another article, which the step numbers of this one do not number.
func ofAnotherArticle(text string, r found) bool {
	return otherArticleAfter.MatchString(text[r.end:]) || otherArticleBefore.MatchString(text[:r.start])
}

// frenchContexts are the words French writes before "étape N", as the
// French phrases of a step reference write them (locales/fr.yaml), and
// the context that phrases them so; the longest first.
var frenchContexts = []struct{ words, context string }{
	{"à partir de l’", "|from"},
	{"de l’", "|of"},
	{"à l’", "|to"},
	{"l’", ""},
}

// frenchStepContext takes off the end of before, the text ahead of a
// French step mention ("étape 3"), the article and preposition that the
// reference's phrase writes itself ("à l’étape 3" for {{step:…|to}}), and
// returns what is left and the reference's context. Left in the text,
// they would be written twice on the page ("à l’à l’étape 3").
func frenchStepContext(before, mention string) (string, string) {
	if !strings.HasPrefix(strings.ToLower(mention), "étape") {
		return before, ""
	}
	for _, c := range frenchContexts {
		// The apostrophe may be typed straight.
		for _, words := range []string{c.words, strings.ReplaceAll(c.words, "’", "'")} {
			if n := len(before) - len(words); n >= 0 && strings.EqualFold(before[n:], words) {
				return before[:n], c.context
			}
		}
	}
	return before, ""
}

func (f *finisher) danglingStep(r found, n int, s seg) {
	pos := f.p.pos(s.line, colOf(s, r.spanStart))
	what := "refers to"
	if r.kind == refProceed {
		what = "leads to"
	}
	switch {
	case f.lastNum == 0:
		f.p.diags.Errorf(pos, RuleRefs, "%s step %d, but no numbered step of this article was found: steps are lines that start with their number, as \"2) Tap OK\" or \"2. Tap OK\"", what, n)
		return
	case n > f.lastNum:
		f.p.diags.Errorf(pos, RuleRefs, "%s step %d, beyond the last step %d", what, n, f.lastNum)
		return
	}
	f.p.diags.Errorf(pos, RuleRefs, "%s step %d, which the procedure does not have", what, n)
}

// checkCitations compares the figures the prose cites with the captions
// the text shows.
func (f *finisher) checkCitations() {
	cited := map[string]bool{}
	for _, c := range f.cites {
		cited[c.num] = true
		pos := f.p.pos(c.line, c.col)
		fig := f.captions[c.num]
		switch {
		case fig == nil:
			f.p.diags.Errorf(pos, RuleFigures, "%s is cited but never shown: no caption in this article has that number", figureLabel(c.word, c.num))
		case !strings.HasPrefix(fig.label, c.word) && !strings.HasSuffix(fig.label, c.word):
			f.p.diags.Errorf(pos, RuleFigures, "%s is cited but never shown: the caption at line %d reads %q", figureLabel(c.word, c.num), fig.line, fig.label)
		}
	}
	var uncited []*draftFigure
	for _, fig := range f.d.figures {
		if !cited[fig.num] && f.captions[fig.num] == fig {
			uncited = append(uncited, fig)
		}
	}
	if len(f.cites) == 0 && len(uncited) > 1 {
		// An article that cites no figure at all: one finding, not one
		// per caption.
		var labels []string
		for _, fig := range uncited {
			labels = append(labels, fmt.Sprintf("%s (line %d)", fig.label, fig.line))
		}
		f.p.diags.Warnf(f.p.pos(uncited[0].line, uncited[0].col), RuleFigures,
			"none of the %d figures shown in this article is cited in its text: %s", len(uncited), strings.Join(labels, ", "))
		return
	}
	for _, fig := range uncited {
		f.p.diags.Warnf(f.p.pos(fig.line, fig.col), RuleFigures, "%s is shown but never cited in the text", fig.label)
	}
}

// checkFigureNumbers reports captions shown twice and caption numbers that
// skip, in the order the captions appear.
func (p *parser) checkFigureNumbers(d *draft) {
	seen := map[string]*draftFigure{}
	prev := 0
	for _, fig := range d.figures {
		pos := p.pos(fig.line, fig.col)
		if first := seen[fig.num]; first != nil {
			p.diags.Warnf(pos, RuleFigures, "%s is shown twice in one article: line %d shows it already", fig.label, first.line)
			continue
		}
		seen[fig.num] = fig
		major := atoi(strings.SplitN(fig.num, ".", 2)[0])
		switch {
		case prev == 0 && major > 1:
			p.diags.Warnf(pos, RuleFigures, "figure numbering starts at %s: %s", fig.label, missingFigures(1, major))
		case prev > 0 && major > prev+1:
			p.diags.Warnf(pos, RuleFigures, "%s follows figure %d: %s", fig.label, prev, missingFigures(prev+1, major))
		}
		prev = max(prev, major)
	}
}

func missingFigures(from, to int) string {
	if to-from == 1 {
		return fmt.Sprintf("figure %d is missing", from)
	}
	return fmt.Sprintf("figures %d to %d are missing", from, to-1)
}

// newID derives a unique element id from the first words of a text: the
// words, or with the lowest suffix (-2, -3, …) not taken. Ids are never
// given back, so the suffixes tried for a base are not tried again: a
// procedure of thousands of steps worded alike costs a try per step, not
// one per step before it.
func (f *finisher) newID(text, fallback string) string {
	base := slug(text)
	if base == "" {
		base = fallback
	}
	id := base
	for i := max(2, f.suffix[base]); f.ids[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
		f.suffix[base] = i + 1
	}
	f.ids[id] = true
	return id
}

var (
	parenRe   = regexp.MustCompile(`\([^)]*\)`)
	stopWords = wordSet("a an the on in to of your you and or if then please le la les l d de du des votre vos et un une az egy és ha")
)

// slug is the first words of a text, lower-case, accents dropped, joined
// by hyphens: "On your Android device, open the app" → "android-device-open-app".
func slug(s string) string {
	s = captionRe.ReplaceAllString(parenRe.ReplaceAllString(s, " "), " ")
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(foldAccents(s)), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if stopWords[w] || !isASCIIWord(w) {
			continue
		}
		words = append(words, w)
		if len(words) == 4 {
			break
		}
	}
	return strings.Join(words, "-")
}

func isASCIIWord(w string) bool { return w != "" && w[0] >= 'a' && w[0] <= 'z' }

// foldAccents drops combining marks: "étape" → "etape", "ábra" → "abra".
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// conditionRe splits a choice into the condition the reader can see and
// what to do then.
var (
	conditionRe     = regexp.MustCompile(`(?i)^(?:if|when|si|lorsque|quand|ha|amennyiben)\s+(.+?),\s+((?:please\s+)?(?:tap|click|select|open|press|enter|type|proceed|go|touch|choose|touchez|appuyez|cliquez|sélectionnez|ouvrez|passez|saisissez|kattintson|válassza|nyissa|érintse|koppintson|ugorjon)\b.*)$`)
	looseCondRe     = regexp.MustCompile(`(?i)^(?:if|when|si|lorsque|quand|ha|amennyiben)\s+(.+?),\s+(.+)$`)
	bareConditionRe = regexp.MustCompile(`(?i)^(?:if|when|si|lorsque|quand|ha|amennyiben)\s+(.+?)[,.]?$`)
	jaConditionRe   = regexp.MustCompile(`^(.+?場合)には?、(.+)$`)
)

func splitCondition(s string) (when, text string) {
	if m := conditionRe.FindStringSubmatch(s); m != nil {
		return capitalize(m[1]), capitalize(m[2])
	}
	if m := looseCondRe.FindStringSubmatch(s); m != nil {
		return capitalize(m[1]), capitalize(m[2])
	}
	if m := jaConditionRe.FindStringSubmatch(s); m != nil {
		return m[1], m[2]
	}
	if m := bareConditionRe.FindStringSubmatch(s); m != nil {
		// Only a condition: its action was the jump, now in next.
		return capitalize(m[1]), ""
	}
	return "TODO the condition under which the reader does this", s
}

func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

var (
	spaceRe     = regexp.MustCompile(`[\s\p{Zs}]+`)
	spacePunct  = regexp.MustCompile(` +([.,])`)
	invisibleRe = regexp.MustCompile(`[\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}\x{FEFF}\x00-\x08\x0B-\x1F\x7F-\x9F]`)
)

// clean collapses white space and drops invisible characters, which YAML
// and the loader reject or warn about.
func clean(s string) string {
	s = invisibleRe.ReplaceAllString(s, "")
	s = spaceRe.ReplaceAllString(s, " ")
	s = spacePunct.ReplaceAllString(s, "$1")
	return strings.TrimSpace(s)
}

// figureLabel writes a figure's label the way its language does.
func figureLabel(word, num string) string {
	if word == "ábra" {
		return num + ". ábra"
	}
	return word + " " + num
}
