package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/resolve"
	"github.com/kbcdev/kbc/internal/suggest"
)

// StepGraph checks how steps lead to one another on every platform branch.
var StepGraph = &Rule{
	Name:     "step-graph",
	Severity: diag.Error,
	Doc: `every step is reachable and every next and {{step:}} target exists on the same branch
A choice's next and a {{step:ID}} reference written inside a procedure must name a
step of the same procedure that is shown on every platform branch the referring
step is shown on; outside procedures, the step must exist in the article. Every
step must be reachable from the first step of each branch it is on. A choice may
lead to an earlier step only when it says back: true, so loops are deliberate;
a choice on the last step must lead somewhere or say end: true. Step ids name
what a step does: numbers are derived from order and never typed.`,
	Run: runStepGraph,
}

var numericStepID = regexp.MustCompile(`^(step-?)?[0-9]+[a-z]?$`)

func runStepGraph(pass *Pass) {
	for _, a := range pass.Articles() {
		for _, p := range a.Procedures {
			checkStepIDs(pass, p)
			for _, b := range p.Branches() {
				checkBranch(pass, a, p, pass.Index.Resolved[a].Graph(p, b))
			}
		}
	}
	for _, s := range pass.Index.Sites {
		checkStepRefs(pass, s)
	}
}

func checkStepIDs(pass *Pass, p *content.Procedure) {
	for _, s := range p.Shown() {
		if numericStepID.MatchString(s.ID) {
			pass.Reportf(s.Pos, "step id %q names the step by a number; name what the step does, since step numbers are derived from order", s.ID)
		}
	}
}

// onBranch says where a finding applies: "on the ios branch", or "in the
// procedure" for one without platform branches.
// includesUnloaded reports whether the procedure includes a fragment that
// failed to load.
func includesUnloaded(kb *content.KB, p *content.Procedure) bool {
	for _, in := range p.Includes {
		if in.Target == nil && kb.FragmentUnloaded(in.Fragment) {
			return true
		}
	}
	return false
}

func onBranch(b string) string {
	if b == "" {
		return "in the procedure"
	}
	return "on the " + b + " branch"
}

func checkBranch(pass *Pass, a *content.Article, p *content.Procedure, g *resolve.Graph) {
	if len(g.Steps) == 0 && includesUnloaded(pass.KB, p) {
		return // the steps are those of a fragment whose findings come first
	}
	if len(g.Steps) == 0 {
		pos := p.PlatformsPos
		if !pos.IsValid() {
			// No platforms list to blame: a procedure written without
			// steps.
			pos = p.Pos
		}
		pass.Reportf(pos, "procedure %q has no steps %s", p.ID, onBranch(g.Platform))
		return
	}
	for i, s := range g.Steps {
		for _, c := range s.Choices {
			checkChoice(pass, a, g, s, i, c)
		}
	}
	reportUnreachable(pass, a, p, g)
}

// reportUnreachable reports the first step of each part of the branch
// that no path from its first step reaches, naming the steps after it
// that are unreachable only through it rather than reporting each. A
// step a fragment brings in is reported in the fragment's file, and the
// finding names the article and procedure whose graph it is unreachable
// in: every article that includes the fragment has its own.
func reportUnreachable(pass *Pass, a *content.Article, p *content.Procedure, g *resolve.Graph) {
	reach := g.Reachable()
	covered := map[*content.Step]bool{}
	for _, s := range g.Steps {
		if reach[s] || covered[s] {
			continue
		}
		var after []string
		stack := []*content.Step{s}
		covered[s] = true
		for len(stack) > 0 {
			t := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, e := range g.Edges[t] {
				if !reach[e.To] && !covered[e.To] {
					covered[e.To] = true
					after = append(after, strconv.Quote(e.To.ID))
					stack = append(stack, e.To)
				}
			}
		}
		where := onBranch(g.Platform)
		if s.Fragment() != nil {
			where = fmt.Sprintf("in procedure %q of %s", p.ID, a.ID)
			if g.Platform != "" {
				where += " " + onBranch(g.Platform)
			}
		}
		msg := fmt.Sprintf("step %q is unreachable %s: no step or choice leads to it", s.ID, where)
		if len(after) > 0 {
			msg += fmt.Sprintf(", nor to %s after it", strings.Join(after, ", "))
		}
		pass.Reportf(s.Pos, "%s", msg)
	}
}

func checkChoice(pass *Pass, a *content.Article, g *resolve.Graph, s *content.Step, i int, c *content.Choice) {
	last := i == len(g.Steps)-1
	if c.Next == "" {
		if last && !c.End {
			pass.Reportf(c.Pos, "choice on the last step %s leads nowhere; give it next: or end: true", onBranch(g.Platform))
		}
		return
	}
	target := g.ByID[c.Next]
	if target == nil {
		pass.Reportf(c.NextPos, "%s", missingStep(a, g.Proc, c.Next, g.Platform))
		return
	}
	switch n, from := g.Number[target], g.Number[s]; {
	case target == s && !c.Back:
		pass.Reportf(c.NextPos, "choice leads to its own step %q, a cycle; say back: true if the repeat is meant", c.Next)
	case n < from && !c.Back:
		pass.Reportf(c.NextPos, "choice leads back to step %q, a cycle; say back: true if the loop is meant", c.Next)
	case n > from && c.Back:
		pass.Report(diag.Diagnostic{Pos: c.NextPos, Severity: diag.Warning,
			Message: fmt.Sprintf("choice says back: true but leads forward to step %q", c.Next)})
	}
}

// missingStep explains why id is not a step of the branch: absent from the
// procedure, or present but not shown on this platform. For an id the
// procedure lacks it names the step the writer likely meant: a step of the
// procedure one typo away, else the step of that id, or one typo away, in
// another procedure of the article.
func missingStep(a *content.Article, p *content.Procedure, id, platform string) string {
	i := slices.IndexFunc(p.Shown(), func(s *content.Step) bool { return s.ID == id })
	if i >= 0 {
		return fmt.Sprintf("step %q of procedure %q is not shown %s", id, p.ID, onBranch(platform))
	}
	msg := fmt.Sprintf("unknown step %q in procedure %q", id, p.ID)
	if hint := suggest.Hint(id, stepIDs(p)); hint != "" {
		return msg + hint
	}
	for _, other := range a.Procedures {
		if other == p {
			continue
		}
		if slices.Contains(stepIDs(other), id) {
			return msg + fmt.Sprintf("; step %q is in procedure %q, and a {{step:}} inside a procedure names a step of its own", id, other.ID)
		}
		if m := suggest.Nearest(id, stepIDs(other)); m != "" {
			return msg + fmt.Sprintf("; did you mean %q, a step of procedure %q?", m, other.ID)
		}
	}
	return msg
}

// unknownStep is the finding for a {{step:}} outside procedures whose id
// names no step of the article.
func unknownStep(a *content.Article, id string, ids []string) string {
	return fmt.Sprintf("unknown step %q in article %s", id, a.ID) + suggest.Hint(id, ids)
}

// articleStepIDs lists the ids of the steps every procedure of the
// article shows.
func articleStepIDs(a *content.Article) []string {
	var ids []string
	for _, p := range a.Procedures {
		ids = append(ids, stepIDs(p)...)
	}
	return ids
}

// retarget returns the guessed fix that makes the reference r in text
// name the step near, the known id nearest to its own, or nil when there
// is none. As a guess, kbc lint --fix leaves it to the writer; lint.Fold
// tries it, so that what a misspelled id causes in a translation (the
// reference seems dropped, and another added) is folded under it.
func retarget(text content.Text, r content.InlineRef, near string) *diag.Fix {
	if near == "" || near == r.Target {
		return nil
	}
	raw := text.Value[r.Start:r.End]
	colon := strings.IndexByte(raw, ':')
	if colon < 0 {
		return nil
	}
	i := strings.Index(raw[colon+1:], r.Target)
	if i < 0 {
		return nil
	}
	at := text.PosAt(r.Start + colon + 1 + i)
	return &diag.Fix{Message: fmt.Sprintf("refer to step %q", near), Guess: true,
		Edits: []diag.Edit{diag.NewEdit(at.Line, at.Column, r.Target, near)}}
}

func stepIDs(p *content.Procedure) []string {
	shown := p.Shown()
	ids := make([]string, len(shown))
	for i, s := range shown {
		ids[i] = s.ID
	}
	return ids
}

func checkStepRefs(pass *Pass, site *TextSite) {
	for _, lt := range pass.Index.Localized(site) {
		at := lt.Text.Positions()
		for _, r := range lt.Refs {
			if r.Kind != content.RefStep || r.Malformed {
				continue
			}
			pos := at.At(r.Start)
			if site.Proc == nil {
				if pass.Index.Resolved[site.Article].Step(r.Target) == nil {
					ids := articleStepIDs(site.Article)
					pass.Report(diag.Diagnostic{Pos: pos, Locale: localeOf(lt), Message: unknownStep(site.Article, r.Target, ids),
						Fix: retarget(lt.Text, r, suggest.Nearest(r.Target, ids))})
				}
				continue
			}
			for _, b := range site.Proc.Branches() {
				if site.Step != nil && !site.Step.On(b) {
					continue
				}
				if pass.Index.Resolved[site.Article].Graph(site.Proc, b).ByID[r.Target] == nil {
					pass.Report(diag.Diagnostic{Pos: pos, Locale: localeOf(lt), Message: missingStep(site.Article, site.Proc, r.Target, b) + includedIn(site),
						Fix: retarget(lt.Text, r, suggest.Nearest(r.Target, stepIDs(site.Proc)))})
				}
			}
		}
	}
}

// localeOf returns the locale to attach to a finding in a localized text:
// none for the source, whose findings concern every locale.
func localeOf(lt LocalizedText) string {
	if lt.Locale == lt.Site.Article.Lang {
		return ""
	}
	return lt.Locale
}

// includedIn says, for a text of a fragment, which article's page the
// finding is about: the fragment's file is where it is reported.
func includedIn(site *TextSite) string {
	if f := site.Text.Fragment(); f != nil {
		return fmt.Sprintf(" of %s, which includes fragment %s", site.Article.ID, f.ID)
	}
	return ""
}
