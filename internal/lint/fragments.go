package lint

import (
	"fmt"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

// Fragments checks the includes of step fragments and the fragments.
var Fragments = &Rule{
	Name:     "fragments",
	Severity: diag.Error,
	Doc: `every include names a fragment, no fragment includes itself, and every fragment is used
A step entry "include: ID" shows the steps of the fragment in
_fragments/ID/fragment.yaml where it stands. An include of an unknown fragment is
an error with the nearest id as a hint; so is an include that makes a fragment
include itself, directly or through others. The included steps share the page
with the article's: a step id the page has already, or a fragment included twice
in one article, would give two elements one id. On a platform branch where an
include shows no step, because each step of the fragment is limited to other
platforms, the include is wrong or its platforms: should leave that branch out.
A fragment step limited to some platforms in a procedure without platform
branches is shown to every reader (warning), and a fragment no article includes
is a warning.`,
	Checks: []Check{
		{"unknown", "an include names no fragment"},
		{"cycle", "an include makes a fragment include itself"},
		{"ids", "an included step's id is on the page already"},
		{"empty-branch", "an include shows no step on a branch"},
		{"platforms", "a fragment step limited to platforms in a procedure without branches"},
		{"unused", "a fragment no article includes"},
	},
	Run: runFragments,
}

func runFragments(pass *Pass) {
	kb := pass.KB
	for _, f := range kb.Fragments {
		for _, in := range f.Steps().Includes {
			checkInclude(pass, in)
		}
	}
	for _, a := range pass.Articles() {
		checkPageIDs(pass, a)
		for _, p := range a.Procedures {
			for _, in := range p.Includes {
				checkInclude(pass, in)
			}
			checkIncludedPlatforms(pass, a, p)
		}
	}
	checkUnused(pass)
}

func checkInclude(pass *Pass, in *content.Include) {
	switch {
	case in.Fragment == "":
	case in.Cycle() != nil:
		c := in.Cycle()
		var b strings.Builder
		for i := 1; i < len(c); i++ {
			if i > 1 {
				b.WriteString(", which includes ")
			} else {
				b.WriteString(" includes ")
			}
			b.WriteString(c[i])
		}
		pass.Report(diag.Diagnostic{Pos: in.Pos, Check: "cycle",
			Message: fmt.Sprintf("fragment %s includes itself: %s%s", c[0], c[0], b.String())})
	case in.Target == nil:
		pass.Report(diag.Diagnostic{Pos: in.IDPos, Check: "unknown", Message: pass.KB.UnknownFragment(in)})
	}
}

// checkPageIDs reports the included steps whose ids the article's page
// has already: another element's, or those of the same fragment included
// twice.
func checkPageIDs(pass *Pass, a *content.Article) {
	own := map[string]diag.Position{}
	a.Walk(func(t *content.Text, at content.Place) {
		if t != nil || at.Fragment != nil {
			return
		}
		switch at.Role {
		case content.NotePart:
			own[at.Note.ID] = at.Note.Pos
		case content.SectionPart:
			own[at.Section.ID] = at.Section.Pos
		case content.ProcedurePart:
			own[at.Proc.ID] = at.Proc.Pos
		case content.StepPart:
			own[at.Step.ID] = at.Step.Pos
		case content.TroublePart:
			own[at.Trouble.ID] = at.Trouble.Pos
		}
	})
	checkFigureIDs(pass, a)
	reported := map[*content.Include]bool{}
	from := map[string]*content.Inclusion{}
	for _, p := range a.Procedures {
		for _, s := range p.Shown() {
			if s.Via == nil {
				continue
			}
			in := s.Via.Outermost()
			switch first, dup := from[s.ID]; {
			case reported[in]:
			case own[s.ID].IsValid():
				reported[in] = true
				pass.Report(diag.Diagnostic{Pos: in.Pos, Check: "ids",
					Message: fmt.Sprintf("fragment %s brings step %q to the page, which has a step %q already (line %d)", s.Fragment().ID, s.ID, s.ID, own[s.ID].Line)})
			case dup && first.Target == s.Via.Target:
				reported[in] = true
				pass.Report(diag.Diagnostic{Pos: in.Pos, Check: "ids",
					Message: fmt.Sprintf("fragment %s is included twice on the page; its step ids, such as %q, would be there twice", s.Fragment().ID, s.ID)})
			case dup:
				reported[in] = true
				pass.Report(diag.Diagnostic{Pos: in.Pos, Check: "ids",
					Message: fmt.Sprintf("fragment %s brings step %q to the page, which fragment %s brings already", s.Fragment().ID, s.ID, first.Target.ID)})
			default:
				from[s.ID] = s.Via
			}
		}
	}
}

// checkIncludedPlatforms reports, in a procedure with branches, an
// include that shows no step on a branch it is shown on; in one without,
// the fragment steps limited to some platforms, which every reader sees.
func checkIncludedPlatforms(pass *Pass, a *content.Article, p *content.Procedure) {
	if len(p.Platforms) == 0 {
		for _, s := range p.Shown() {
			if s.Origin != nil && len(s.Origin.Platforms) > 0 {
				pass.Report(diag.Diagnostic{Pos: s.Origin.PlatformsPos, Check: "platforms", Severity: diag.Warning,
					Message: fmt.Sprintf("step %q of fragment %s is limited to %s, but procedure %q of %s has no platform branches: every reader sees it",
						s.ID, s.Fragment().ID, strings.Join(s.Origin.Platforms, ", "), p.ID, a.ID)})
			}
		}
		return
	}
	for _, in := range p.Includes {
		if in.Target == nil {
			continue
		}
		for _, b := range p.Platforms {
			if in.Platforms != nil && !contains(in.Platforms, b) {
				continue
			}
			if !showsStepOn(p, in, b) {
				pass.Report(diag.Diagnostic{Pos: in.Pos, Check: "empty-branch",
					Message: fmt.Sprintf("on the %s branch, fragment %s shows no step: each of its steps is limited to other platforms; limit the include with platforms:", b, in.Fragment)})
			}
		}
	}
}

// showsStepOn reports whether the procedure shows a step on the branch
// through the include written in it.
func showsStepOn(p *content.Procedure, in *content.Include, branch string) bool {
	for _, s := range p.Branch(branch) {
		if s.Via != nil && s.Via.Outermost() == in {
			return true
		}
	}
	return false
}

// checkUnused reports the fragments no article includes, directly or
// through another fragment. An article that includes a fragment is always
// loaded whole (see build.Plan), so the articles of the knowledge base
// say it all.
func checkUnused(pass *Pass) {
	used := map[string]bool{}
	for _, a := range pass.KB.Articles {
		for _, id := range a.IncludedFragments() {
			used[id] = true
		}
	}
	for _, f := range pass.KB.Fragments {
		if !used[f.ID] {
			pass.Report(diag.Diagnostic{Pos: f.Pos, Check: "unused", Severity: diag.Warning,
				Message: fmt.Sprintf("fragment %s is included by no article; include it with a step entry \"include: %s\", or remove it", f.ID, f.ID)})
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkFigureIDs reports the figures an included fragment brings to a page
// whose article has a figure of that id: {{fig:}} would name two.
func checkFigureIDs(pass *Pass, a *content.Article) {
	own := map[string]diag.Position{}
	for _, f := range a.Figures {
		from := f.Alt.Fragment()
		if from == nil {
			own[f.ID] = f.Pos
			continue
		}
		if first, dup := own[f.ID]; dup {
			pass.Report(diag.Diagnostic{Pos: f.Pos, Check: "ids",
				Message: fmt.Sprintf("fragment %s brings figure %q to %s, which has a figure %q already (line %d)", from.ID, f.ID, a.ID, f.ID, first.Line)})
		}
	}
}
