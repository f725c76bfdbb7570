package lint

import (
	"slices"
	"sync"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/resolve"
)

// Index holds what several rules need, computed once per run: every text
// with the place it was written, the anchors of every article, and the
// derived structure (package resolve) of each article checked. Of an
// article that is a digest (content.Article.IsDigest) it holds the
// anchors only. It is read-only once built, so rules may share it across
// goroutines.
type Index struct {
	// Sites lists every source text with its context, in reading order.
	Sites []*TextSite
	// SiteByKey finds a source text's site by article and translation key.
	SiteByKey map[*content.Article]map[string]*TextSite
	// anchors holds, sorted, the fragment ids of every article by its id
	// (see AnchorsOf).
	anchors map[string][]string
	// Resolved holds the derived structure of each article checked.
	Resolved map[*content.Article]*resolve.Article
	// fragments are the fragments of the knowledge base by id: the texts
	// of included steps are translated in their files.
	fragments map[string]*content.Fragment
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

// allAnchors returns the anchors of every article by its id, which
// references from any article may name; read-only, it is shared by the
// index of every batch. They are kept by id, not by article, as a batch
// holds whole the articles the rest of the lint sees as stand-ins, with
// the same anchors; a stand-in's are its digest's, not a copy.
func allAnchors(kb *content.KB) map[string][]string {
	all := make(map[string][]string, len(kb.Articles))
	for _, a := range kb.Articles {
		all[a.ID] = a.Anchors()
	}
	return all
}

// AnchorsOf returns, sorted, the fragment ids of the article that other
// articles may link to: its procedures, steps, sections, notes and
// troubleshooting entries.
func (idx *Index) AnchorsOf(a *content.Article) []string { return idx.anchors[a.ID] }

// HasAnchor reports whether the article has the fragment id.
func (idx *Index) HasAnchor(a *content.Article, id string) bool {
	_, found := slices.BinarySearch(idx.AnchorsOf(a), id)
	return found
}

// newBatchIndex builds the index of some of the loaded articles: their
// texts and structure, with the anchors of every article.
func newBatchIndex(kb *content.KB, anchors map[string][]string, batch []*content.Article) *Index {
	idx := &Index{
		SiteByKey: make(map[*content.Article]map[string]*TextSite, len(batch)),
		anchors:   anchors,
		Resolved:  make(map[*content.Article]*resolve.Article, len(batch)),
	}
	for _, a := range batch {
		idx.addTexts(a)
		idx.Resolved[a] = resolve.New(a)
	}
	idx.fragments = make(map[string]*content.Fragment, len(kb.Fragments))
	for _, f := range kb.Fragments {
		idx.fragments[f.ID] = f
		idx.addFragmentKeys(f)
	}
	return idx
}

// addFragmentKeys makes a fragment's texts known by key, for the rules
// that read its translation files. They are not among Sites: the rules
// that read every text check them where articles include them.
func (idx *Index) addFragmentKeys(f *content.Fragment) {
	keys := map[string]*TextSite{}
	idx.SiteByKey[&f.Article] = keys
	for _, t := range f.Texts() {
		keys[t.Key] = &TextSite{Article: &f.Article, Text: t, Refs: content.ParseRefs(t.Value)}
	}
}

// addTexts adds the article's texts, each with its procedure and step.
func (idx *Index) addTexts(a *content.Article) {
	keys := map[string]*TextSite{}
	idx.SiteByKey[a] = keys
	a.Walk(func(t *content.Text, at content.Place) {
		if t == nil {
			return
		}
		s := &TextSite{Article: a, Text: t, Proc: at.Proc, Step: at.Step, Refs: content.ParseRefs(t.Value)}
		idx.Sites = append(idx.Sites, s)
		if at.Fragment == nil {
			keys[t.Key] = s
		}
	})
}

// Localized returns the site's text in every locale the article has: the
// source text, then each translation's unit for this key, if any, that is
// not empty.
func (idx *Index) Localized(s *TextSite) []LocalizedText {
	s.localizedOnce.Do(func() { s.localized = slices.Clip(idx.localized(s)) })
	return s.localized
}

// The text of a fragment the article includes is translated in the
// files of the fragment of its id in the knowledge base checked.
func (idx *Index) localized(s *TextSite) []LocalizedText {
	owner := s.Article
	if f := s.Text.Fragment(); f != nil {
		owner = &f.Article
		if g := idx.fragments[f.ID]; g != nil {
			owner = &g.Article
		}
	}
	out := make([]LocalizedText, 1, 1+len(owner.Translations))
	out[0] = LocalizedText{Site: s, Locale: owner.Lang, Text: *s.Text, Refs: s.Refs}
	for _, l := range sortedLocales(owner) {
		u := owner.Translations[l].Units[s.Text.Key]
		if u == nil || u.Text.Value == "" {
			// An empty unit is one not translated yet, as kbc i18n
			// template -w writes it: the page shows the source text.
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
