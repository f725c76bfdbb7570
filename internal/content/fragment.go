package content

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// FragmentsDir is the folder of the content folder that holds the
// fragments, one folder each, named after the fragment's id. Its
// underscore keeps it apart from article folders, which are named after
// KB ids.
const FragmentsDir = "_fragments"

// FragmentFile is the name of a fragment's source file.
const FragmentFile = "fragment.yaml"

// Fragment is a sequence of steps written once, in a folder of its own
// under _fragments/, and included by the procedures where it belongs
// with a step entry "include: ID". The included steps are numbered in
// place and take part in the step graph of every branch they are shown
// on. A fragment may also hold requirements, notes and troubleshooting
// entries, which an article's list of the same name includes with an
// entry "include: ID" (see ListInclude).
//
// A fragment is held as an article is, so that translation files,
// coverage, templates and the translations rule treat it as they treat an
// article: the embedded Article holds its id, folder, source and
// translation files, figures, and its steps in the one procedure of
// Procedures, which has neither id nor title. Its figures travel with it:
// an article that includes it shows them as its own (see Article.Owns). Its texts are keyed as its own file
// writes them (steps.ID.text, steps.ID.choices.0.when, …) and translated
// in its own files: an article that includes it needs nothing more.
type Fragment struct {
	Article
}

// Fragment returns the fragment with the given id, or nil.
func (kb *KB) Fragment(id string) *Fragment { return kb.fragByID[id] }

// Steps returns the procedure that holds the steps the fragment's file
// writes, and its includes.
func (f *Fragment) Steps() *Procedure {
	if len(f.Procedures) == 0 {
		return &Procedure{inFragment: true}
	}
	return f.Procedures[0]
}

// IsFragment reports whether the article is how a fragment is held.
func (a *Article) IsFragment() bool { return a.isFragment }

// Include is a step entry that stands for the steps of a fragment. It
// holds what the file says; Target is the fragment, once the knowledge
// base is linked.
type Include struct {
	Fragment string        // the fragment's id
	Pos      diag.Position // of the entry
	IDPos    diag.Position // of the id
	At       int           // its place among the step entries, counting from 0
	// Platforms limit the included steps to some branches of the
	// procedure; empty, they are shown on every branch.
	Platforms    []string
	PlatformsPos diag.Position
	// Target is the fragment included. It is left nil when the fragment
	// is unknown or the include would make a fragment include itself:
	// lint reports why.
	Target *Fragment
	// cycle names the fragments an include left without target leads
	// back through, the first being the one that holds it.
	cycle []string
}

// Cycle returns, for an include left without target because it would
// make a fragment include itself, the ids of the fragments of the cycle
// from the one that holds the include; nil otherwise.
func (in *Include) Cycle() []string { return in.cycle }

// Inclusion is an include as a page meets it: the include entry, and for
// an include written in a fragment, the inclusion of that fragment.
type Inclusion struct {
	*Include
	Outer *Inclusion
}

// On reports whether every include of the chain lets the steps it
// includes through to the platform branch.
func (in *Inclusion) On(platform string) bool {
	for c := in; c != nil; c = c.Outer {
		if len(c.Platforms) > 0 && !slices.Contains(c.Platforms, platform) {
			return false
		}
	}
	return true
}

// Outermost returns the include entry written in the article.
func (in *Inclusion) Outermost() *Include {
	c := in
	for c.Outer != nil {
		c = c.Outer
	}
	return c.Include
}

var fragmentKeys = []string{"id", "lang", "requirements", "notes", "figures", "steps", "troubleshooting"}

// decodeFragment builds a fragment from the root node of its source file.
func (d *decoder) decodeFragment(root *yaml.Node, cfg *Config) *Fragment {
	m := d.Fields(root, "fragment", fragmentKeys...)
	if m == nil {
		return nil
	}
	d.Require(root, m, "fragment", "id")
	if m["steps"] == nil && m["requirements"] == nil && m["notes"] == nil && m["troubleshooting"] == nil {
		d.Errorf(root, "fragment holds nothing: give it steps, requirements, notes or troubleshooting entries")
	}
	f := &Fragment{Article: Article{File: d.File, Lang: cfg.SourceLocale, Status: Published,
		Translations: map[string]*Translation{}, isFragment: true}}
	if n := m["id"]; n != nil {
		f.ID = d.id(n, "fragment id")
		d.portableID(n, f.ID, "fragment", "the fragment's folder")
		f.Pos = d.Pos(n)
	} else {
		f.Pos = diag.Position{File: d.File, Line: 1, Column: 1}
	}
	d.decodeLang(m, &f.Article, cfg)
	d.decodeLists(m, &f.Article, true)
	if n := m["figures"]; n != nil {
		for _, kv := range d.Pairs(n, "figures") {
			if fig := d.decodeFigure(kv[0], kv[1]); fig != nil {
				f.Figures = append(f.Figures, fig)
			}
		}
	}
	if n := m["steps"]; n != nil {
		p := &Procedure{Pos: d.Pos(n), inFragment: true}
		d.decodeStepList(n, p, cfg)
		f.Procedures = []*Procedure{p}
	}
	d.checkUniqueIDs(&f.Article)
	f.Walk(func(t *Text, _ Place) {
		if t != nil {
			t.from = f
		}
	})
	for _, n := range f.Notes {
		n.from = f
	}
	for _, t := range f.Troubleshooting {
		t.from = f
	}
	return f
}

// isInclude reports whether a step entry is an include: a mapping with an
// include key.
func isInclude(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "include" {
			return true
		}
	}
	return false
}

// decodeInclude reads an include entry among the steps of p.
func (d *decoder) decodeInclude(n *yaml.Node, at int, p *Procedure, cfg *Config) *Include {
	m := d.Fields(n, "include", "include", "platforms")
	if m == nil {
		return nil
	}
	in := &Include{Pos: d.Pos(n), At: at}
	if v := m["include"]; v != nil {
		in.Fragment = d.id(v, "fragment id")
		in.IDPos = d.Pos(v)
	}
	if v := m["platforms"]; v != nil {
		in.Platforms, in.PlatformsPos = d.entryPlatforms(v, p, cfg, fmt.Sprintf("include of %q", in.Fragment))
	}
	return in
}

// loadFragments loads every fragment folder under the fragments folder of
// root, sorted by id, reporting a second fragment with an id.
func loadFragments(root string, cfg *Config, diags *diag.List) ([]*Fragment, map[string]bool) {
	dir := filepath.Join(root, FragmentsDir)
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		diags.Errorf(diag.Position{File: dir}, RuleSyntax, "cannot read folder: %v", unwrapPathError(err))
		return nil, nil
	}
	var dirs []string
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case strings.HasPrefix(e.Name(), "."):
		case e.IsDir():
			dirs = append(dirs, p)
		case e.Type()&os.ModeSymlink != 0:
			diags.Errorf(diag.Position{File: p}, RuleSchema, "symbolic links are not followed in the content tree")
		default:
			diags.Errorf(diag.Position{File: p}, RuleSchema, "unexpected file: fragments live in folders of their own, as %s",
				filepath.Join(dir, "install-app", FragmentFile))
		}
	}
	frags := make([]*Fragment, len(dirs))
	lists := make([]diag.List, len(dirs))
	onEach(len(dirs), func(i int) {
		loadFolder(dirs[i], FragmentFile, cfg, &lists[i], func(path string) *Article {
			d, root := openFile(path, &lists[i])
			if d == nil {
				return nil
			}
			if frags[i] = d.decodeFragment(root, cfg); frags[i] == nil {
				return nil
			}
			return &frags[i].Article
		})
	})
	var out []*Fragment
	var unloaded map[string]bool
	byID := map[string]*Fragment{}
	for i, f := range frags {
		*diags = append(*diags, lists[i]...)
		if f == nil || f.ID == "" || f.Dir == "" {
			if lists[i].HasErrors() {
				if unloaded == nil {
					unloaded = map[string]bool{}
				}
				unloaded[filepath.Base(dirs[i])] = true
			}
			continue
		}
		if filepath.Base(f.Dir) != f.ID {
			diags.Warnf(f.Pos, RuleSchema, "fragment %s lives in folder %q; name the folder %q", f.ID, filepath.Base(f.Dir), f.ID)
		}
		if first := byID[f.ID]; first != nil {
			diags.Add(diag.Diagnostic{
				Pos: f.Pos, Rule: RuleSchema, Severity: diag.Error,
				Message: fmt.Sprintf("duplicate fragment id %s: %s has it already", f.ID, first.File),
				Related: []diag.Related{{Pos: first.Pos, Message: "first declared here"}},
			})
			continue
		}
		byID[f.ID] = f
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, unloaded
}

// FragmentUnloaded reports whether id names a fragment folder that failed
// to load, going by the folder's name: its findings say why, and what
// includes it cannot be checked until they are fixed.
func (kb *KB) FragmentUnloaded(id string) bool { return kb.unloadedFragments[id] }

// FragmentIDs returns the ids of the fragments, sorted.
func (kb *KB) FragmentIDs() []string {
	ids := make([]string, len(kb.Fragments))
	for i, f := range kb.Fragments {
		ids[i] = f.ID
	}
	return ids
}

// UnknownFragment explains an include of an id no fragment has, with the
// nearest id of a fragment.
func (kb *KB) UnknownFragment(in *Include) string {
	return fmt.Sprintf("unknown fragment %q: no folder %s/%s holds a %s", in.Fragment, FragmentsDir, in.Fragment, FragmentFile) +
		suggest.Hint(in.Fragment, kb.FragmentIDs())
}

// Translatable returns what is translated in files of its own: the
// articles, then the fragments, each once, held as articles are.
func (kb *KB) Translatable() []*Article {
	out := make([]*Article, 0, len(kb.Articles)+len(kb.Fragments))
	out = append(out, kb.Articles...)
	for _, f := range kb.Fragments {
		out = append(out, &f.Article)
	}
	return out
}

// IncludedBy returns, in order of id, the ids of the articles that
// include the fragment, directly or through other fragments.
func (kb *KB) IncludedBy(f *Fragment) []string {
	var ids []string
	for _, a := range kb.Articles {
		if slices.Contains(a.IncludedFragments(), f.ID) {
			ids = append(ids, a.ID)
		}
	}
	return ids
}
