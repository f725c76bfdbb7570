package lint

import (
	"fmt"
	"regexp"
	"slices"

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
				checkBranch(pass, p, pass.Index.Resolved[a].Graph(p, b))
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
			pass.Reportf(s.Pos, "step id %q is a number; name what the step does, since step numbers are derived from order", s.ID)
		}
	}
}

// onBranch says where a finding applies: "on the ios branch", or "in the
// procedure" for one without platform branches.
func onBranch(b string) string {
	if b == "" {
		return "in the procedure"
	}
	return "on the " + b + " branch"
}

func checkBranch(pass *Pass, p *content.Procedure, g *resolve.Graph) {
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
			checkChoice(pass, g, s, i, c)
		}
	}
	reach := g.Reachable()
	for _, s := range g.Steps {
		if !reach[s] {
			pass.Reportf(s.Pos, "step %q is unreachable %s: no step or choice leads to it", s.ID, onBranch(g.Platform))
		}
	}
}

func checkChoice(pass *Pass, g *resolve.Graph, s *content.Step, i int, c *content.Choice) {
	last := i == len(g.Steps)-1
	if c.Next == "" {
		if last && !c.End {
			pass.Reportf(c.Pos, "choice on the last step %s leads nowhere; give it next: or end: true", onBranch(g.Platform))
		}
		return
	}
	target := g.ByID[c.Next]
	if target == nil {
		pass.Reportf(c.NextPos, "%s", missingStep(g.Proc, c.Next, g.Platform))
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
// procedure, or present but not shown on this platform.
func missingStep(p *content.Procedure, id, platform string) string {
	shown := p.Shown()
	i := slices.IndexFunc(shown, func(s *content.Step) bool { return s.ID == id })
	if i < 0 {
		ids := make([]string, len(shown))
		for j, s := range shown {
			ids[j] = s.ID
		}
		return fmt.Sprintf("unknown step %q in procedure %q", id, p.ID) + suggest.Hint(id, ids)
	}
	return fmt.Sprintf("step %q of procedure %q is not shown %s", id, p.ID, onBranch(platform))
}

func checkStepRefs(pass *Pass, site *TextSite) {
	for _, lt := range pass.Index.Localized(site) {
		for _, r := range lt.Refs {
			if r.Kind != content.RefStep || r.Malformed {
				continue
			}
			pos := lt.Text.PosAt(r.Start)
			if site.Proc == nil {
				if pass.Index.Resolved[site.Article].Step(r.Target) == nil {
					pass.ReportLocalef(pos, localeOf(lt), "unknown step %q in article %s", r.Target, site.Article.ID)
				}
				continue
			}
			for _, b := range site.Proc.Branches() {
				if site.Step != nil && !site.Step.On(b) {
					continue
				}
				if pass.Index.Resolved[site.Article].Graph(site.Proc, b).ByID[r.Target] == nil {
					pass.ReportLocalef(pos, localeOf(lt), "%s%s", missingStep(site.Proc, r.Target, b), includedIn(site))
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
