package content

import (
	"maps"
	"path"
	"slices"
)

// link connects what the files of the knowledge base name across
// folders once every folder is loaded: each include to its fragment, and
// each procedure of a loaded article to the steps it shows.
func (kb *KB) link() {
	kb.fragByID = make(map[string]*Fragment, len(kb.Fragments))
	for _, f := range kb.Fragments {
		kb.fragByID[f.ID] = f
	}
	kb.cutCycles()
	for _, f := range kb.Fragments {
		for _, in := range f.Steps().Includes {
			if in.cycle == nil {
				in.Target = kb.fragByID[in.Fragment]
			}
		}
	}
	for _, a := range kb.Articles {
		kb.linkArticle(a)
	}
}

// linkArticle connects the includes of an article to their fragments,
// once: the figures of the fragments it includes become its own.
func (kb *KB) linkArticle(a *Article) {
	if a.linked {
		return
	}
	a.linked = true
	b := &stepBudget{left: MaxShownSteps} // one for the page: its procedures share it
	for _, p := range a.Procedures {
		if len(p.Includes) == 0 {
			continue
		}
		for _, in := range p.Includes {
			in.Target = kb.fragByID[in.Fragment]
		}
		b.overflow = nil
		p.shown = p.expand(p, nil, b)
		p.overflow = b.overflow
	}
	a.linkLists(kb.Fragment)
	a.Figures = append(a.Figures, kb.includedFigures(a)...)
}

// namesOutside reports whether a figure of the article names a file
// outside its folder, which the loader reports as an error. A lean load
// keeps such an article whole, so that a check that remembers what each
// folder depends on (package incremental) knows the files it names.
func (a *Article) namesOutside() bool {
	for _, f := range a.Figures {
		if leavesFolder(path.Clean(f.Src)) {
			return true
		}
	}
	return false
}

// includesFragments reports whether the article, as its files write it,
// includes a fragment's steps or list entries.
func (a *Article) includesFragments() bool {
	if len(a.ListIncludes) > 0 {
		return true
	}
	for _, p := range a.Procedures {
		if len(p.Includes) > 0 {
			return true
		}
	}
	return false
}

// includedFigures returns the figures of the fragments the article
// includes, as the article shows them: copies whose Src leads from the
// article's folder to the fragment's, their texts still the fragment's.
func (kb *KB) includedFigures(a *Article) []*Figure {
	var figs []*Figure
	for _, id := range a.IncludedFragments() {
		f := kb.fragByID[id]
		if f == nil {
			continue
		}
		for _, fig := range f.Figures {
			c := *fig
			c.Src, c.Fragment = path.Join("..", FragmentsDir, f.ID, fig.Src), f.ID
			figs = append(figs, &c)
		}
	}
	return figs
}

// cutCycles leaves without target every include of a fragment that leads
// back to the fragment, recording the cycle; the fragments are visited
// in order of id and their includes in file order, so that the same
// includes are cut on every load.
func (kb *KB) cutCycles() {
	for _, f := range kb.Fragments {
		for _, in := range f.Steps().Includes {
			t := kb.fragByID[in.Fragment]
			if t == nil {
				continue
			}
			if path := kb.pathTo(t, f, map[*Fragment]bool{}); path != nil {
				in.cycle = append([]string{f.ID}, path...)
			}
		}
	}
}

// pathTo returns the ids of the fragments through which from includes
// to, from first and to last, along includes not cut yet; nil if none.
// visited holds the fragments the search has been through: one that did
// not lead to to will not on another path either, and without it
// fragments that include the next one twice, over and over, would be
// searched once per path, exponentially many.
func (kb *KB) pathTo(from, to *Fragment, visited map[*Fragment]bool) []string {
	if from == to {
		return []string{to.ID}
	}
	if visited[from] {
		return nil
	}
	visited[from] = true
	for _, in := range from.Steps().Includes {
		t := kb.fragByID[in.Fragment]
		if t == nil || in.cycle != nil {
			continue
		}
		if path := kb.pathTo(t, to, visited); path != nil {
			return append([]string{from.ID}, path...)
		}
	}
	return nil
}

// MaxShownSteps bounds the steps and includes the procedures of a page
// go through as their includes are expanded. A fragment may be included
// more than once, on other branches or in another procedure, so each
// inclusion brings its steps; but fragments that each include the next
// one twice would bring 2^n copies of the last one's steps, or make 2^n
// includes that bring none, taking time and memory without end. No page
// a reader follows comes near the bound.
const MaxShownSteps = 10_000

// stepBudget is what is left of MaxShownSteps as a page's procedures are
// expanded, and the inclusion that went past it in the procedure being
// expanded, if one did.
type stepBudget struct {
	left     int
	overflow *Inclusion
}

// expand returns the steps of the step list src (a procedure's, or an
// included fragment's) as the procedure into shows them: those written,
// and in place of each include the steps of its fragment. outer is the
// inclusion src came through, nil for the procedure's own list. Once the
// budget is spent, no more steps are brought in, and the inclusion that
// spent it is recorded.
func (src *Procedure) expand(into *Procedure, outer *Inclusion, b *stepBudget) []*Step {
	var out []*Step
	eachEntry(len(src.Steps), src.Includes, func(in *Include) int { return in.At }, func(i int) {
		s := src.Steps[i]
		b.left--
		if outer == nil {
			out = append(out, s) // the procedure's own, which its file bounds
			return
		}
		if b.left < 0 {
			if b.overflow == nil {
				b.overflow = outer
			}
			return
		}
		if c := includedStep(into, s, outer); c != nil {
			out = append(out, c)
		}
	}, func(in *Include) {
		if in.Target == nil || b.overflow != nil {
			return
		}
		via := &Inclusion{Include: in, Outer: outer}
		if b.left--; b.left < 0 {
			b.overflow = via
			return
		}
		out = append(out, in.Target.Steps().expand(into, via, b)...)
	})
	return out
}

// includedStep returns the copy of a fragment's step that the procedure
// shows through the inclusion, or nil when no branch of the procedure
// shows it. Its platforms are the branches that show it, none when all do.
func includedStep(into *Procedure, s *Step, via *Inclusion) *Step {
	c := *s
	c.Proc, c.Via, c.Origin = into, via, s
	if len(into.Platforms) == 0 {
		c.Platforms = nil
		return &c
	}
	var on []string
	for _, b := range into.Platforms {
		if s.On(b) && via.On(b) {
			on = append(on, b)
		}
	}
	switch len(on) {
	case 0:
		return nil
	case len(into.Platforms):
		c.Platforms = nil
	default:
		c.Platforms = on
	}
	return &c
}

// eachEntry goes through a step list as its file writes it: written
// counts the steps, includes stand at their places among them.
// at gives an include's place among the entries.
func eachEntry[I any](written int, includes []I, at func(I) int, step func(i int), include func(I)) {
	w, k := 0, 0
	for pos := 0; w < written || k < len(includes); pos++ {
		if k < len(includes) && (at(includes[k]) <= pos || w == written) {
			include(includes[k])
			k++
			continue
		}
		step(w)
		w++
	}
}

// IncludedFragments returns, sorted, the ids of the fragments whose steps
// the article's procedures include, directly or through other fragments,
// and whose entries its requirements, notes and troubleshooting include,
// and of those they name that do not exist: the fragments whose files its
// pages depend on.
func (a *Article) IncludedFragments() []string {
	set := map[string]bool{}
	var add func(includes []*Include)
	add = func(includes []*Include) {
		for _, in := range includes {
			if set[in.Fragment] {
				continue
			}
			set[in.Fragment] = true
			if in.Target != nil {
				add(in.Target.Steps().Includes)
			}
		}
	}
	for _, p := range a.Procedures {
		add(p.Includes)
	}
	for _, in := range a.ListIncludes {
		set[in.Fragment] = true
	}
	delete(set, "")
	return slices.Sorted(maps.Keys(set))
}

// ReplacementOf returns the article readers of a retired article are sent
// to, following replaced_by through other retired articles, each found by
// article; nil when the chain leads to no article or circles. An article
// that is not retired is its own.
func ReplacementOf(a *Article, article func(id string) *Article) *Article {
	var seen []string
	for a != nil && a.Status == Retired {
		if slices.Contains(seen, a.ID) {
			return nil
		}
		seen = append(seen, a.ID)
		a = article(a.ReplacedBy.ID)
	}
	return a
}
