package lint

import (
	"fmt"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
)

// Fragments checks the includes of fragments and the fragments.
var Fragments = &Rule{
	Name:     "fragments",
	Severity: diag.Error,
	Doc: `every include names a fragment, no fragment includes itself, and every fragment is used
A step entry "include: ID" shows the steps of the fragment in
_fragments/ID/fragment.yaml where it stands; an entry "include: ID" of an
article's requirements, notes or troubleshooting shows the fragment's entries of
that list. An include of an unknown fragment is an error with the nearest id as
a hint; so is an include of a fragment that holds nothing for its list, and an
include that makes a fragment include itself, directly or through others. The
included steps, notes and troubleshooting entries share the page with the
article's: an id the page has already, or a fragment included twice in one
article, would give two elements one id. On a platform branch where an
include shows no step, because each step of the fragment is limited to other
platforms, the include is wrong or its platforms: should leave that branch out.
A fragment step limited to some platforms in a procedure without platform
branches is shown to every reader (warning), and a fragment no article includes
is a warning.`,
	Checks: []Check{
		{"unknown", "an include names no fragment"},
		{"cycle", "an include makes a fragment include itself"},
		{"ids", "an included step's, note's or troubleshooting entry's id is on the page already"},
		{"kind", "an include of a fragment that holds no entries of the list it stands in"},
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
			checkOverflow(pass, p)
		}
		for _, in := range a.ListIncludes {
			if in.Target == nil && in.Fragment != "" && !pass.KB.FragmentUnloaded(in.Fragment) {
				pass.Report(diag.Diagnostic{Pos: in.IDPos, Check: "unknown",
					Message: pass.KB.UnknownFragment(&content.Include{Fragment: in.Fragment})})
			}
			checkHolds(pass, in.Target, in.List, in.Pos)
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
	case in.Target == nil && pass.KB.FragmentUnloaded(in.Fragment):
		// The fragment's own findings come first.
	case in.Target == nil:
		pass.Report(diag.Diagnostic{Pos: in.IDPos, Check: "unknown", Message: pass.KB.UnknownFragment(in)})
	default:
		checkHolds(pass, in.Target, content.StepsList, in.Pos)
	}
}

// listNames name the entries of each list a fragment may hold, as
// messages speak of them.
var listNames = map[string]string{
	content.StepsList: "steps", content.RequirementsList: "requirements",
	content.NotesList: "notes", content.TroubleshootingList: "troubleshooting entries",
}

// listPlaces say where the entries of each list are included.
var listPlaces = map[string]string{
	content.StepsList: "a procedure's steps:", content.RequirementsList: "requirements:",
	content.NotesList: "notes:", content.TroubleshootingList: "troubleshooting:",
}

// checkHolds reports an include of a fragment that holds no entries of
// the list it is included in, saying where what it holds belongs.
func checkHolds(pass *Pass, f *content.Fragment, list string, pos diag.Position) {
	if f == nil || f.Holds(list) {
		return
	}
	var goes []string
	for _, l := range []string{content.StepsList, content.RequirementsList, content.NotesList, content.TroubleshootingList} {
		if f.Holds(l) {
			goes = append(goes, fmt.Sprintf("its %s go in %s", listNames[l], listPlaces[l]))
		}
	}
	pass.Report(diag.Diagnostic{Pos: pos, Check: "kind",
		Message: fmt.Sprintf("fragment %s holds no %s; %s", f.ID, listNames[list], strings.Join(goes, ", "))})
}

// pageID is an element of the article's own that holds an id on its
// page: what it is and where.
type pageID struct {
	what string
	pos  diag.Position
}

// checkPageIDs reports the included steps, notes and troubleshooting
// entries whose ids the article's page has already: another element's,
// or those of the same fragment included twice.
func checkPageIDs(pass *Pass, a *content.Article) {
	own := map[string]pageID{}
	a.Walk(func(t *content.Text, at content.Place) {
		if t != nil || at.Fragment != nil {
			return
		}
		switch at.Role {
		case content.NotePart:
			own[at.Note.ID] = pageID{"note", at.Note.Pos}
		case content.SectionPart:
			own[at.Section.ID] = pageID{"section", at.Section.Pos}
		case content.ProcedurePart:
			own[at.Proc.ID] = pageID{"procedure", at.Proc.Pos}
		case content.StepPart:
			own[at.Step.ID] = pageID{"step", at.Step.Pos}
		case content.TroublePart:
			own[at.Trouble.ID] = pageID{"troubleshooting entry", at.Trouble.Pos}
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
			case own[s.ID].pos.IsValid():
				reported[in] = true
				pass.Report(diag.Diagnostic{Pos: in.Pos, Check: "ids",
					Message: fmt.Sprintf("fragment %s brings step %q to the page, which has a %s %q already (line %d)", s.Fragment().ID, s.ID, own[s.ID].what, s.ID, own[s.ID].pos.Line)})
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
	brought := map[string]string{}
	for id, via := range from {
		brought[id] = via.Target.ID
	}
	checkListIDs(pass, a, own, brought)
}

// checkListIDs reports the notes and troubleshooting entries an include
// brings to the page whose ids are there already: the article's own, or
// brought by an include before it. brought holds the ids included steps
// bring, with their fragments.
func checkListIDs(pass *Pass, a *content.Article, own map[string]pageID, brought map[string]string) {
	for _, in := range a.ListIncludes {
		if in.Target == nil {
			continue
		}
		var ids []string
		switch in.List {
		case content.NotesList:
			for _, n := range in.Target.Notes {
				ids = append(ids, n.ID)
			}
		case content.TroubleshootingList:
			for _, t := range in.Target.Troubleshooting {
				ids = append(ids, t.ID)
			}
		}
		what := strings.TrimSuffix(listNames[in.List], "s")
		for _, id := range ids {
			var msg string
			switch first, dup := brought[id]; {
			case own[id].pos.IsValid():
				msg = fmt.Sprintf("fragment %s brings %s %q to the page, which has a %s %q already (line %d)",
					in.Fragment, what, id, own[id].what, id, own[id].pos.Line)
			case dup && first == in.Fragment:
				msg = fmt.Sprintf("fragment %s is included twice on the page; its ids, such as %q, would be there twice", in.Fragment, id)
			case dup:
				msg = fmt.Sprintf("fragment %s brings %s %q to the page, which fragment %s brings already", in.Fragment, what, id, first)
			default:
				brought[id] = in.Fragment
				continue
			}
			pass.Report(diag.Diagnostic{Pos: in.Pos, Check: "ids", Message: msg})
			break
		}
	}
}

// checkOverflow reports a procedure cut short because the page's
// includes went past content.MaxShownSteps: fragments that include
// others more than once multiply the steps and includes they bring.
func checkOverflow(pass *Pass, p *content.Procedure) {
	in := p.Overflow()
	if in == nil {
		return
	}
	pass.Report(diag.Diagnostic{Pos: in.Outermost().Pos,
		Message: fmt.Sprintf("the page's procedures go through more than %d steps and includes, and procedure %s is cut short here: fragments that include others more than once multiply what they bring",
			content.MaxShownSteps, p.ID)})
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

// includedFragments returns the fragments that the articles keep holds
// include, directly or through other fragments. An article that includes
// a fragment is always loaded whole (see build.Plan), so the articles of
// the knowledge base say it all.
func includedFragments(kb *content.KB, keep func(*content.Article) bool) map[string]bool {
	included := map[string]bool{}
	for _, a := range kb.Articles {
		if keep(a) {
			for _, id := range a.IncludedFragments() {
				included[id] = true
			}
		}
	}
	return included
}

// checkUnused reports the fragments no article includes, directly or
// through another fragment (see includedFragments).
//
// While an article failed to load nothing is reported: it may be the one
// that includes them, and its own findings come first.
func checkUnused(pass *Pass) {
	if pass.KB.SomeUnloaded() {
		return
	}
	used := includedFragments(pass.KB, func(*content.Article) bool { return true })
	for _, f := range pass.KB.Fragments {
		if !used[f.ID] {
			pass.Report(diag.Diagnostic{Pos: f.Pos, Check: "unused", Severity: diag.Warning,
				Message: fmt.Sprintf("fragment %s is included by no article; include it with an entry \"include: %s\", or remove it", f.ID, f.ID)})
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
