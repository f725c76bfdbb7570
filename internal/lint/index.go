package lint

import (
	"slices"
	"sync"

	"github.com/kbcdev/kbc/internal/content"
)

// Index holds what several rules need, computed once per run: every text
// with the place it was written, the anchors and figures of each article,
// and the step graph of each procedure branch. Of an article that is a
// digest (content.Article.IsDigest) it holds the anchors only. It is read-only once built,
// so rules may share it across goroutines.
type Index struct {
	// Sites lists every source text with its context, in document order.
	Sites []*TextSite
	// SiteByKey finds a source text's site by article and translation key.
	SiteByKey map[*content.Article]map[string]*TextSite
	// Anchors maps each article to its fragment ids: procedures, steps,
	// sections, notes and troubleshooting entries.
	Anchors map[*content.Article]map[string]bool
	// Steps maps each article to its steps by id.
	Steps map[*content.Article]map[string]*content.Step
	// Figures maps each article to its figures by id.
	Figures map[*content.Article]map[string]*content.Figure
	// Graphs holds the step graph of every procedure branch.
	Graphs map[*content.Procedure]map[string]*Graph
}

// TextSite is one source text and where it sits: the article, and the
// procedure and step when it is part of one.
type TextSite struct {
	Article *content.Article
	Text    *content.Text
	Proc    *content.Procedure // nil outside procedures
	Step    *content.Step      // nil outside steps
	Refs    []content.InlineRef

	// The text in every locale, computed once for all the rules that ask.
	localizedOnce sync.Once
	localized     []LocalizedText
}

// LocalizedText is a site's text in one locale.
type LocalizedText struct {
	Site   *TextSite
	Locale string
	Text   content.Text // the source text, or the translation's
	Refs   []content.InlineRef
}

// allAnchors returns the anchors of every article, which references from
// any article may name; read-only, it is shared by the index of every
// batch.
func allAnchors(kb *content.KB) map[*content.Article]map[string]bool {
	all := make(map[*content.Article]map[string]bool, len(kb.Articles))
	for _, a := range kb.Articles {
		anchors := map[string]bool{}
		for _, id := range a.Anchors() {
			anchors[id] = true
		}
		all[a] = anchors
	}
	return all
}

// newBatchIndex builds the index of some of the loaded articles: their
// texts, steps, figures and step graphs, with the anchors of every
// article.
func newBatchIndex(anchors map[*content.Article]map[string]bool, batch []*content.Article) *Index {
	idx := emptyIndex()
	idx.Anchors = anchors
	for _, a := range batch {
		idx.addTexts(a)
		idx.addStructure(a)
	}
	return idx
}

func emptyIndex() *Index {
	return &Index{
		SiteByKey: map[*content.Article]map[string]*TextSite{},
		Anchors:   map[*content.Article]map[string]bool{},
		Steps:     map[*content.Article]map[string]*content.Step{},
		Figures:   map[*content.Article]map[string]*content.Figure{},
		Graphs:    map[*content.Procedure]map[string]*Graph{},
	}
}

func (idx *Index) addAnchors(a *content.Article) {
	anchors := map[string]bool{}
	for _, id := range a.Anchors() {
		anchors[id] = true
	}
	idx.Anchors[a] = anchors
}

// addTexts adds the article's texts, each with its procedure and step.
func (idx *Index) addTexts(a *content.Article) {
	keys := map[string]*TextSite{}
	idx.SiteByKey[a] = keys
	add := func(t *content.Text, proc *content.Procedure, step *content.Step) {
		if t.IsZero() {
			return
		}
		s := &TextSite{Article: a, Text: t, Proc: proc, Step: step, Refs: content.ParseRefs(t.Value)}
		idx.Sites = append(idx.Sites, s)
		keys[t.Key] = s
	}
	// Walk in the order of Article.Texts, attaching context to each text.
	inProc := map[*content.Text]*content.Procedure{}
	inStep := map[*content.Text]*content.Step{}
	for _, p := range a.Procedures {
		inProc[&p.Title], inProc[&p.Intro] = p, p
		for _, s := range p.Steps {
			for _, t := range []*content.Text{&s.Text, &s.Result, &s.Note} {
				inProc[t], inStep[t] = p, s
			}
			for _, c := range s.Choices {
				inProc[&c.When], inStep[&c.When] = p, s
				inProc[&c.Text], inStep[&c.Text] = p, s
			}
		}
	}
	for _, t := range a.Texts() {
		add(t, inProc[t], inStep[t])
	}
}

// addStructure adds the article's steps, step graphs and figures.
func (idx *Index) addStructure(a *content.Article) {
	steps := map[string]*content.Step{}
	for _, p := range a.Procedures {
		for _, s := range p.Steps {
			if _, dup := steps[s.ID]; !dup {
				steps[s.ID] = s
			}
		}
		branches := map[string]*Graph{}
		for _, b := range p.Branches() {
			branches[b] = buildGraph(p, b)
		}
		idx.Graphs[p] = branches
	}
	idx.Steps[a] = steps

	figs := map[string]*content.Figure{}
	for _, f := range a.Figures {
		if _, dup := figs[f.ID]; !dup {
			figs[f.ID] = f
		}
	}
	idx.Figures[a] = figs
}

// Localized returns the site's text in every locale the article has: the
// source text, then each translation's unit for this key, if any.
func (idx *Index) Localized(s *TextSite) []LocalizedText {
	s.localizedOnce.Do(func() { s.localized = slices.Clip(localized(s)) })
	return s.localized
}

func localized(s *TextSite) []LocalizedText {
	out := make([]LocalizedText, 1, 1+len(s.Article.Translations))
	out[0] = LocalizedText{Site: s, Locale: s.Article.Lang, Text: *s.Text, Refs: s.Refs}
	for _, l := range sortedLocales(s.Article) {
		u := s.Article.Translations[l].Units[s.Text.Key]
		if u == nil || u.Text.IsZero() {
			continue
		}
		out = append(out, LocalizedText{Site: s, Locale: l, Text: u.Text, Refs: content.ParseRefs(u.Text.Value)})
	}
	return out
}

func sortedLocales(a *content.Article) []string {
	locales := make([]string, 0, len(a.Translations))
	for l := range a.Translations {
		locales = append(locales, l)
	}
	slices.Sort(locales)
	return locales
}

// NewArticleIndex builds the index of one article without its texts:
// its anchors, steps, figures and step graphs, enough to number and link
// its steps and figures.
func NewArticleIndex(a *content.Article) *Index {
	idx := emptyIndex()
	idx.addAnchors(a)
	idx.addStructure(a)
	return idx
}
