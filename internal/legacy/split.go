package legacy

import (
	"strings"

	"github.com/kbcdev/kbc/internal/diag"
)

// parser holds the state of one Parse call.
type parser struct {
	file  string
	opt   Options
	diags *diag.List
}

// segment is the run of lines that makes up one article.
type segment struct {
	lines    []*line
	votes    map[string]int
	hasSteps bool
	lastStep int // index in lines of the last step or choice
}

func newSegment() *segment { return &segment{votes: map[string]int{}, lastStep: -1} }

func (s *segment) add(l *line) {
	s.lines = append(s.lines, l)
	if l.lang != "" {
		s.votes[l.lang]++
	}
	if l.kind == kStep || l.kind == kChoice {
		s.hasSteps = true
		s.lastStep = len(s.lines) - 1
	}
}

// lang is the language most of the segment's lines are in, "" if none.
func (s *segment) lang() string {
	best, lang := 0, ""
	for _, l := range []string{"en", "fr", "hu", "ja"} {
		if s.votes[l] > best {
			best, lang = s.votes[l], l
		}
	}
	return lang
}

// lastStepNum is the number of the last step or choice line, 0 if none.
func (s *segment) lastStepNum() int {
	if s.lastStep < 0 {
		return 0
	}
	return s.lines[s.lastStep].num
}

func (p *parser) parse(src []string) []*Article {
	lines := make([]*line, len(src))
	hasBlank := false
	for i, raw := range src {
		lines[i] = classify(i+1, raw)
		if lines[i].kind == kBlank {
			hasBlank = true
		}
		if p.opt.Lang == "" {
			lines[i].lang = detectLang(lines[i].text)
		}
	}
	var segs []*segment
	cur := newSegment()
	prevBlank := true
	for _, l := range lines {
		next := cur
		switch {
		case l.kind == kStep && l.num == 1 && cur.hasSteps,
			l.kind == kChoice && l.num == 1 && cur.hasSteps && cur.lastStepNum() != 1:
			// Numbering restarts: a new procedure, so a new article. The
			// lines since the last step that read as an introduction go
			// with it.
			next = newSegment()
			tail := cur.lines[cur.lastStep+1:]
			if i := introStart(tail); i >= 0 {
				cur.lines = cur.lines[:cur.lastStep+1+i]
				for _, t := range tail[i:] {
					next.add(t)
				}
			}
		case l.kind == kPara && l.heading && (prevBlank || !hasBlank) && cur.hasSteps && !troubleHeading(l.text):
			next = newSegment()
		case l.lang != "" && cur.lang() != "" && l.lang != cur.lang() && l.kind != kCaption:
			next = newSegment()
		}
		if next != cur {
			segs = append(segs, cur)
			cur = next
		}
		cur.add(l)
		if l.kind != kNav {
			prevBlank = l.kind == kBlank
		}
	}
	segs = append(segs, cur)

	var arts []*Article
	for _, s := range segs {
		if !hasContent(s) {
			continue
		}
		a := p.build(s, len(arts)+1)
		arts = append(arts, a)
	}
	return arts
}

func hasContent(s *segment) bool {
	for _, l := range s.lines {
		if l.kind != kBlank && l.kind != kNav {
			return true
		}
	}
	return false
}

// introCues start sentences that introduce an article rather than close
// the previous one.
var introCues = []string{
	"this page", "this article", "in this article", "you can download", "you may have seen",
	"requirements", "instructions", "cette page", "cet article", "dans cet article",
	"vous avez peut-être", "vous pouvez télécharger", "conditions d'utilisation",
	"ez az oldal", "ez a cikk", "このページ", "ご利用の",
}

// introStart returns the index of the first line of tail that begins the
// introduction of the next article, or -1.
func introStart(tail []*line) int {
	for i, l := range tail {
		if l.kind != kPara {
			continue
		}
		t := strings.ToLower(l.text)
		if l.heading && troubleHeading(t) {
			continue
		}
		if l.heading || strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：") {
			return i
		}
		for _, c := range introCues {
			if strings.HasPrefix(t, c) {
				return i
			}
		}
	}
	return -1
}

// troubleCues mark the heading of a troubleshooting part.
var troubleCues = []string{
	"possible issues", "issues and solutions", "troubleshooting", "problèmes possibles",
	"dépannage", "lehetséges problémák", "hibaelhárítás", "トラブル",
}

func troubleHeading(s string) bool {
	t := strings.ToLower(s)
	for _, c := range troubleCues {
		if strings.Contains(t, c) {
			return true
		}
	}
	return false
}
