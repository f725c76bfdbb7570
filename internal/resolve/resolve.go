// Package resolve derives what an article's readers meet but its source
// does not spell out: the step graph of every procedure branch, with the
// numbers of its steps; the steps, figures and footnotes by id; and the
// numbers of figures and footnotes in reading order. Lint checks the
// article against it and the site renders from it, so that both see one
// structure.
package resolve

import "github.com/kbcdev/kbc/internal/content"

// Article is an article's derived structure. It is read-only once made,
// and may be shared across goroutines.
type Article struct {
	Article   *content.Article
	steps     map[string]*content.Step
	figures   map[string]*content.Figure
	footnotes map[string]*content.Footnote
	graphs    map[*content.Procedure]map[string]*Graph
}

// New derives the structure of a loaded article. Where an id is declared
// twice, an error the loader reports, the first declaration counts.
func New(a *content.Article) *Article {
	r := &Article{
		Article:   a,
		steps:     map[string]*content.Step{},
		figures:   make(map[string]*content.Figure, len(a.Figures)),
		footnotes: make(map[string]*content.Footnote, len(a.Footnotes)),
		graphs:    make(map[*content.Procedure]map[string]*Graph, len(a.Procedures)),
	}
	for _, p := range a.Procedures {
		for _, s := range p.Shown() {
			if _, dup := r.steps[s.ID]; !dup {
				r.steps[s.ID] = s
			}
		}
		branches := map[string]*Graph{}
		for _, b := range p.Branches() {
			branches[b] = buildGraph(p, b)
		}
		r.graphs[p] = branches
	}
	for _, f := range a.Figures {
		if _, dup := r.figures[f.ID]; !dup {
			r.figures[f.ID] = f
		}
	}
	for _, f := range a.Footnotes {
		if _, dup := r.footnotes[f.ID]; !dup {
			r.footnotes[f.ID] = f
		}
	}
	return r
}

// Step returns the step of the article with the given id, or nil.
func (r *Article) Step(id string) *content.Step { return r.steps[id] }

// Figure returns the figure with the given id, or nil.
func (r *Article) Figure(id string) *content.Figure { return r.figures[id] }

// Footnote returns the footnote with the given id, or nil.
func (r *Article) Footnote(id string) *content.Footnote { return r.footnotes[id] }

// Graph returns the step graph of a branch of one of the article's
// procedures ("" for a procedure without branches), or nil.
func (r *Article) Graph(p *content.Procedure, branch string) *Graph {
	return r.graphs[p][branch]
}
