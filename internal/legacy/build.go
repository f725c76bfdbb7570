package legacy

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/kbcdev/kbc/internal/diag"
)

// seg is a piece of source text with the position it starts at, so that
// references found inside it can be reported where they are.
type seg struct {
	line, col int
	text      string
}

// draft is an article while it is being read: text still raw.
type draft struct {
	a        *Article
	title    *seg
	intro    []seg
	reqs     []seg
	sections []*draftSection
	steps    []*draftStep
	figures  []*draftFigure
	trouble  []*draftTrouble
	odd      []*line
}

type draftSection struct {
	title *seg
	body  []seg
}

type draftStep struct {
	num, line, col int
	text           seg
	notes          []seg
	choices        []*draftChoice
	placeholder    bool
	figs           []*draftFigure // captions shown under the step
}

type draftChoice struct {
	letter    string
	num       int
	line, col int
	text      seg
}

type draftFigure struct {
	caption
	line int
	id   string
}

type draftTrouble struct {
	line    int
	symptom *seg
	remedy  []seg
	figs    []*draftFigure
}

// build reads one article out of its segment.
func (p *parser) build(s *segment, n int) *Article {
	d := &draft{a: &Article{File: p.file, N: n, Lang: p.opt.Lang}}
	if d.a.Lang == "" {
		d.a.Lang = s.lang()
	}
	if d.a.Lang == "" {
		d.a.Lang = "en"
	}
	for _, l := range s.lines {
		if l.kind != kBlank && l.kind != kNav {
			if d.a.StartLine == 0 {
				d.a.StartLine = l.n
			}
			d.a.EndLine = l.n
		}
	}
	firstStep := -1
	for i, l := range s.lines {
		if l.kind == kStep || l.kind == kChoice {
			firstStep = i
			break
		}
	}
	for i, l := range s.lines {
		switch {
		case firstStep < 0 || i < firstStep:
			d.readIntro(l, firstStep >= 0)
		case i <= s.lastStep:
			p.readStep(d, l)
		default:
			d.readTrouble(l)
		}
	}
	p.reportOdd(d.odd)
	d.a.KBID = evidentID(d)
	p.finish(d)
	return d.a
}

func textSeg(l *line) seg { return seg{l.n, l.textCol, l.text} }

func (d *draft) addFigures(l *line) []*draftFigure {
	var figs []*draftFigure
	for _, c := range l.caps {
		f := &draftFigure{caption: c, line: l.n, id: figureID(c.num)}
		d.figures = append(d.figures, f)
		figs = append(figs, f)
	}
	return figs
}

// readIntro reads a line before the first step; without steps the whole
// article is read this way, its headings dividing it into sections.
func (d *draft) readIntro(l *line, procedure bool) {
	switch l.kind {
	case kBlank, kNav:
	case kCaption:
		d.addFigures(l)
	case kSeeAlso:
		d.seeAlso(l.text)
	case kBullet:
		d.reqs = append(d.reqs, textSeg(l))
	default:
		s := textSeg(l)
		switch {
		case l.heading && d.title == nil && len(d.intro) == 0 && len(d.sections) == 0:
			d.title = &s
		case l.heading && !procedure:
			d.sections = append(d.sections, &draftSection{title: &s})
		case !procedure && len(d.sections) > 0:
			sec := d.sections[len(d.sections)-1]
			sec.body = append(sec.body, s)
		default:
			d.intro = append(d.intro, s)
		}
		if l.odd != "" {
			d.odd = append(d.odd, l)
		}
	}
}

// readStep reads a line from the first step to the last.
func (p *parser) readStep(d *draft, l *line) {
	last := func() *draftStep {
		if len(d.steps) == 0 {
			return nil
		}
		return d.steps[len(d.steps)-1]
	}
	switch l.kind {
	case kBlank, kNav:
	case kStep:
		p.checkStepNumber(d, l)
		d.steps = append(d.steps, &draftStep{num: l.num, line: l.n, col: l.numCol, text: textSeg(l)})
	case kChoice:
		parent := last()
		if parent == nil || parent.num != l.num {
			p.diags.Errorf(p.pos(l.n, l.numCol), RuleNumbering, "choice %d.%s has no step %d before it", l.num, l.letter, l.num)
			parent = &draftStep{num: l.num, line: l.n, col: l.numCol, placeholder: true,
				text: seg{l.n, l.numCol, ""}}
			d.steps = append(d.steps, parent)
		} else if n := len(parent.choices); n > 0 {
			want := string(rune(parent.choices[n-1].letter[0] + 1))
			if l.letter != want {
				p.diags.Warnf(p.pos(l.n, l.numCol), RuleNumbering, "choice %d.%s follows %d.%s; expected %d.%s",
					l.num, l.letter, l.num, parent.choices[n-1].letter, l.num, want)
			}
		} else if l.letter != "a" {
			p.diags.Warnf(p.pos(l.n, l.numCol), RuleNumbering, "choice %d.%s is the first choice of step %d; expected %d.a", l.num, l.letter, l.num, l.num)
		}
		parent.choices = append(parent.choices, &draftChoice{letter: l.letter, num: l.num, line: l.n, col: l.numCol, text: textSeg(l)})
	case kCaption:
		s := last()
		s.figs = append(s.figs, d.addFigures(l)...)
	case kSeeAlso:
		d.seeAlso(l.text)
	case kBullet:
		s := last()
		if conditional(l.text) {
			s.choices = append(s.choices, &draftChoice{letter: string(rune('a' + len(s.choices))), num: s.num, line: l.n, col: l.textCol, text: textSeg(l)})
		} else {
			s.notes = append(s.notes, textSeg(l))
		}
	default:
		last().notes = append(last().notes, textSeg(l))
		if l.odd != "" {
			d.odd = append(d.odd, l)
		}
	}
}

// checkStepNumber reports a step number that does not follow the one
// before it.
func (p *parser) checkStepNumber(d *draft, l *line) {
	pos := p.pos(l.n, l.numCol)
	if len(d.steps) == 0 {
		if l.num != 1 {
			p.diags.Warnf(pos, RuleNumbering, "the procedure starts at step %d", l.num)
		}
		return
	}
	prev := d.steps[len(d.steps)-1]
	switch {
	case l.num == prev.num+1:
	case l.num > prev.num+1:
		missing := fmt.Sprintf("step %d is", prev.num+1)
		if l.num-prev.num > 2 {
			missing = fmt.Sprintf("steps %d to %d are", prev.num+1, l.num-1)
		}
		p.diags.Errorf(pos, RuleNumbering, "step %d follows step %d at line %d: %s missing", l.num, prev.num, prev.line, missing)
	default:
		for _, s := range d.steps {
			if s.num == l.num && !s.placeholder {
				p.diags.Errorf(pos, RuleNumbering, "step number %d is repeated: line %d has step %d already", l.num, s.line, s.num)
				return
			}
		}
		p.diags.Errorf(pos, RuleNumbering, "step %d follows step %d at line %d: numbers go backwards", l.num, prev.num, prev.line)
	}
}

// readTrouble reads a line after the last step: troubleshooting entries,
// each a symptom (a bullet, when the text has one) and remedy paragraphs.
func (d *draft) readTrouble(l *line) {
	last := func() *draftTrouble {
		if len(d.trouble) == 0 {
			return nil
		}
		return d.trouble[len(d.trouble)-1]
	}
	switch l.kind {
	case kBlank, kNav:
	case kSeeAlso:
		d.seeAlso(l.text)
	case kCaption:
		figs := d.addFigures(l)
		if t := last(); t != nil && (len(t.remedy) == 0 || citesAny(t.remedy, figs)) {
			t.figs = append(t.figs, figs...)
		} else {
			// Shown before the paragraph it illustrates: keep it for the
			// next entry.
			d.trouble = append(d.trouble, &draftTrouble{line: l.n, figs: figs})
		}
	case kBullet:
		s := textSeg(l)
		if t := last(); t != nil && t.symptom == nil && len(t.remedy) == 0 {
			t.symptom = &s
		} else {
			d.trouble = append(d.trouble, &draftTrouble{line: l.n, symptom: &s})
		}
	default:
		if l.heading && troubleHeading(l.text) {
			return
		}
		s := textSeg(l)
		t := last()
		if t == nil || (t.symptom == nil && len(t.remedy) > 0 && !continuation(l.text)) {
			t = &draftTrouble{line: l.n}
			d.trouble = append(d.trouble, t)
		}
		t.remedy = append(t.remedy, s)
		if l.odd != "" {
			d.odd = append(d.odd, l)
		}
	}
}

var (
	conditionalRe  = regexp.MustCompile(`(?i)^(?:if|when|si|lorsque|quand|ha|amennyiben)\b`)
	continuationRe = regexp.MustCompile(`(?i)^(?:alternatively|otherwise|also|sinon|autrement|alternatív|egyébként|または|あるいは)`)
)

func conditional(s string) bool  { return conditionalRe.MatchString(s) }
func continuation(s string) bool { return continuationRe.MatchString(s) }

var kbRe = regexp.MustCompile(`\bKB(\d+)\b`)

func (d *draft) seeAlso(s string) {
	for _, m := range kbRe.FindAllString(s, -1) {
		if !contains(d.a.SeeAlso, m) {
			d.a.SeeAlso = append(d.a.SeeAlso, m)
		}
	}
}

// selfRefRe finds a KB id the text gives for the article itself: a title
// that starts with it or ends with it in parentheses.
var selfRefRe = regexp.MustCompile(`^(KB\d+)\b|\((KB\d+)\)\s*$`)

// withoutSelfRef returns a title without the KB id it gives for the
// article itself, which becomes the article's id: a page shows the id
// from there, and lint reports an id typed in the text.
func withoutSelfRef(title string) string {
	loc := selfRefRe.FindStringIndex(title)
	if loc == nil {
		return title
	}
	return strings.Trim(title[:loc[0]]+title[loc[1]:], " :-–—.")
}

func evidentID(d *draft) string {
	if d.title == nil {
		return ""
	}
	if m := selfRefRe.FindStringSubmatch(d.title.text); m != nil {
		return m[1] + m[2]
	}
	return ""
}

// reportOdd reports prose lines that look like lost structure, one
// finding per run of such lines.
func (p *parser) reportOdd(odd []*line) {
	for i := 0; i < len(odd); {
		j := i + 1
		for j < len(odd) && odd[j].n == odd[j-1].n+1 {
			j++
		}
		l := odd[i]
		msg := fmt.Sprintf("line kept as text: it looks like %s", l.odd)
		if more := j - i - 1; more > 0 {
			msg += fmt.Sprintf(" (and %d more unclassified lines up to line %d)", more, odd[j-1].n)
		}
		p.diags.Warnf(p.pos(l.n, l.textCol), RuleUnclassified, "%s", msg)
		i = j
	}
}

func (p *parser) pos(line, col int) diag.Position {
	return diag.Position{File: p.file, Line: line, Column: col}
}

// figureID names a figure after its number: fig3, fig4-1.
func figureID(num string) string { return "fig" + strings.ReplaceAll(num, ".", "-") }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// citesAny reports whether the text cites one of the figures, which are
// then shown with it rather than with the text that follows.
func citesAny(text []seg, figs []*draftFigure) bool {
	for _, s := range text {
		for _, r := range findRefs(s.text) {
			for _, f := range figs {
				if r.kind == refFigure && r.num == f.num {
					return true
				}
			}
		}
	}
	return false
}
