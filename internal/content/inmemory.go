package content

import (
	"maps"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
)

// ParseTranslation reads src as the translation file for the locale at
// path, as Load reads that file from disk: the same checks, the same
// findings, at the same positions. It returns nil when the file could not
// be used; the findings say why. It lets a tool check a file it is about
// to write as lint will see it.
func ParseTranslation(path, lang string, src []byte) (*Translation, diag.List) {
	return parseFile(path, src, func(d *decoder, root *yaml.Node) *Translation { return d.decodeTranslation(root, lang) })
}

// ParseArticle reads src as the source file of an article at path, as Load
// reads that file from disk: the same checks and findings. It returns nil
// when the file could not be used; the findings say why. It lets a tool
// read a version of the file that is not on disk, such as one from the
// history of the knowledge base.
func ParseArticle(path string, src []byte, cfg *Config) (*Article, diag.List) {
	return parseFile(path, src, func(d *decoder, root *yaml.Node) *Article { return d.decodeArticle(root, cfg) })
}

// ParseFragment reads src as the source file of a fragment at path, as
// Load reads that file from disk: the same checks and findings. It returns
// nil when the file could not be used; the findings say why. As
// ParseArticle, it reads a version of the file that is not on disk.
func ParseFragment(path string, src []byte, cfg *Config) (*Fragment, diag.List) {
	return parseFile(path, src, func(d *decoder, root *yaml.Node) *Fragment { return d.decodeFragment(root, cfg) })
}

// parseFile reads src as Load reads the file at path, with the same
// checks and findings, and decodes its root with decode; nil when the
// file could not be used.
func parseFile[T any](path string, src []byte, decode func(*decoder, *yaml.Node) *T) (*T, diag.List) {
	var diags diag.List
	if !withinMaxSize(path, src, &diags) {
		return nil, diags
	}
	root, lines := contentfile.Parse(path, src, &diags)
	if root == nil {
		return nil, diags
	}
	d := newDecoder(path, lines, len(src), &diags)
	return decode(d, root), diags
}

// WithArticles returns a knowledge base that holds the given articles in
// place of those with the same ids and shares everything else with kb,
// which is left as it is.
func (kb *KB) WithArticles(as ...*Article) *KB {
	out := &KB{Root: kb.Root, Config: kb.Config, Articles: slices.Clone(kb.Articles), byID: maps.Clone(kb.byID),
		Fragments: slices.Clone(kb.Fragments), fragByID: maps.Clone(kb.fragByID), unloaded: kb.unloaded,
		unloadedFragments: kb.unloadedFragments}
	// Fragments first, so that an article given with a fragment it
	// includes is linked to the one given. Articles held already stay
	// linked to the fragments they were loaded with.
	for _, a := range as {
		if a.isFragment {
			out.withFragment(a)
		}
	}
	for _, a := range as {
		if a.isFragment {
			continue
		}
		if i := slices.Index(out.Articles, out.byID[a.ID]); i >= 0 {
			out.Articles[i] = a
		} else {
			out.Articles = append(out.Articles, a)
		}
		out.byID[a.ID] = a
		// An article read on its own (ParseArticle) shows the steps,
		// list entries and figures of the fragments it includes only
		// once linked to them.
		out.linkArticle(a)
	}
	slices.SortFunc(out.Articles, func(a, b *Article) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// WithFragment returns a knowledge base that holds f itself in place of
// the fragment in its folder, whose id may have been another, and shares
// everything else with kb, which is left as it is. Unlike a fragment
// given to WithArticles, which is copied, f's texts are its own: a
// fragment read again (ParseFragment), with its translations set, is
// checked as Load would have read it.
// Articles held already stay linked to the fragments they were loaded
// with; one given to WithArticles after this is linked to f.
func (kb *KB) WithFragment(f *Fragment) *KB {
	out := kb.WithArticles()
	if i := slices.IndexFunc(out.Fragments, func(g *Fragment) bool { return g.Dir == f.Dir }); i >= 0 {
		if old := out.Fragments[i]; out.fragByID[old.ID] == old {
			delete(out.fragByID, old.ID)
		}
		out.Fragments[i] = f
	} else {
		out.Fragments = append(out.Fragments, f)
	}
	out.fragByID[f.ID] = f
	return out
}

// WithTranslation returns a copy of a with tr as its translation into
// tr.Lang; a is left as it is.
func (a *Article) WithTranslation(tr *Translation) *Article {
	copied := *a
	copied.Translations = maps.Clone(a.Translations)
	if copied.Translations == nil {
		copied.Translations = map[string]*Translation{}
	}
	copied.Translations[tr.Lang] = tr
	return &copied
}

// withFragment puts the copy of a fragment's article in place of the
// fragment with its id. The texts of the steps that articles include
// still name the fragment they were loaded with; FragmentByID finds the
// copy by that fragment's id.
func (kb *KB) withFragment(a *Article) {
	f := &Fragment{Article: *a}
	kb.fragByID[f.ID] = f
	if i := slices.IndexFunc(kb.Fragments, func(g *Fragment) bool { return g.ID == f.ID }); i >= 0 {
		kb.Fragments[i] = f
	}
}
