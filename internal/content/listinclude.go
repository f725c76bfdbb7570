package content

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/diag"
)

// The lists of an article whose entries a fragment may hold, as their
// keys are written.
const (
	RequirementsList    = "requirements"
	NotesList           = "notes"
	TroubleshootingList = "troubleshooting"
	StepsList           = "steps"
)

// ListInclude is an entry "include: ID" of an article's requirements,
// notes or troubleshooting list: it stands for the fragment's entries of
// that list. Target is the fragment, once the knowledge base is linked;
// nil when no fragment has the id.
type ListInclude struct {
	List     string        // RequirementsList, NotesList or TroubleshootingList
	Fragment string        // the fragment's id
	Pos      diag.Position // of the entry
	IDPos    diag.Position // of the id
	At       int           // its place among the list's entries, counting from 0
	Target   *Fragment
}

// writtenLists are an article's lists as its file writes them.
type writtenLists struct {
	requirements []Text
	notes        []*Note
	troubles     []*Trouble
}

// Holds reports whether the fragment has entries of the list: steps,
// requirements, notes or troubleshooting entries.
func (f *Fragment) Holds(list string) bool {
	switch list {
	case StepsList:
		return len(f.Steps().Steps)+len(f.Steps().Includes) > 0
	case RequirementsList:
		return len(f.Requirements) > 0
	case NotesList:
		return len(f.Notes) > 0
	case TroubleshootingList:
		return len(f.Troubleshooting) > 0
	}
	return false
}

// decodeLists reads the requirements, notes and troubleshooting lists of
// an article or, with fragment set, of a fragment, whose lists cannot
// include another's.
func (d *decoder) decodeLists(m map[string]*yaml.Node, a *Article, fragment bool) {
	include := func(n *yaml.Node, list string, at int) bool {
		if !isInclude(n) {
			return false
		}
		if fragment {
			d.Errorf(n, "a fragment's %s cannot include another fragment; only its steps can", list)
			return true
		}
		if in := d.decodeListInclude(n, list, at); in != nil {
			a.ListIncludes = append(a.ListIncludes, in)
		}
		return true
	}
	for at, n := range d.List(m[RequirementsList], RequirementsList) {
		if !include(n, RequirementsList, at) {
			key := fmt.Sprintf("requirements.%d", len(a.Requirements))
			a.Requirements = append(a.Requirements, d.text(n, key, "requirement"))
		}
	}
	for at, n := range d.List(m[NotesList], NotesList) {
		if include(n, NotesList, at) {
			continue
		}
		if note := d.decodeNote(n); note != nil {
			a.Notes = append(a.Notes, note)
		}
	}
	for at, n := range d.List(m[TroubleshootingList], TroubleshootingList) {
		if include(n, TroubleshootingList, at) {
			continue
		}
		if t := d.decodeTrouble(n); t != nil {
			a.Troubleshooting = append(a.Troubleshooting, t)
		}
	}
	a.written = writtenLists{a.Requirements, a.Notes, a.Troubleshooting}
}

// decodeListInclude reads an include entry of an article's list.
func (d *decoder) decodeListInclude(n *yaml.Node, list string, at int) *ListInclude {
	m := d.Fields(n, "include", "include")
	if m == nil {
		return nil
	}
	in := &ListInclude{List: list, Pos: d.Pos(n), At: at}
	if v := m["include"]; v != nil {
		in.Fragment = d.id(v, "fragment id")
		in.IDPos = d.Pos(v)
	}
	return in
}

// linkLists sets the article's requirements, notes and troubleshooting
// entries to those its file writes with, in place of each include, the
// entries of that list of the fragment it names.
func (a *Article) linkLists(fragment func(id string) *Fragment) {
	if len(a.ListIncludes) == 0 {
		return
	}
	var byList = map[string][]*ListInclude{}
	for _, in := range a.ListIncludes {
		in.Target = fragment(in.Fragment)
		byList[in.List] = append(byList[in.List], in)
	}
	a.Requirements = spliceList(a.written.requirements, byList[RequirementsList], func(f *Fragment) []Text { return f.Requirements })
	a.Notes = spliceList(a.written.notes, byList[NotesList], func(f *Fragment) []*Note { return f.Notes })
	a.Troubleshooting = spliceList(a.written.troubles, byList[TroubleshootingList], func(f *Fragment) []*Trouble { return f.Troubleshooting })
}

// spliceList returns the entries written with, in place of each include,
// the entries of the fragment it names.
func spliceList[E any](written []E, includes []*ListInclude, entries func(*Fragment) []E) []E {
	if len(includes) == 0 {
		return written
	}
	var out []E
	eachEntry(len(written), includes, func(in *ListInclude) int { return in.At }, func(i int) {
		out = append(out, written[i])
	}, func(in *ListInclude) {
		if in.Target != nil {
			out = append(out, entries(in.Target)...)
		}
	})
	return out
}
