package search

import (
	"iter"
	"slices"
	"strings"
	"sync"
)

// Vocabulary numbers the search terms of a build. Pages keep their terms
// as numbers: a term is stored once however many pages use it, which
// keeps the records of tens of thousands of pages, and the cache that
// holds them, a fraction of the size of the terms themselves.
type Vocabulary struct {
	mu    sync.RWMutex
	ids   map[string]uint32
	terms []string
}

// NewVocabulary returns a vocabulary holding terms, numbered in order, so
// that numbers recorded against terms stay valid.
func NewVocabulary(terms []string) *Vocabulary {
	v := &Vocabulary{ids: make(map[string]uint32, len(terms)), terms: terms}
	for i, t := range terms {
		v.ids[t] = uint32(i)
	}
	return v
}

// Numbers returns the numbers of the terms, adding the terms it does not
// hold. It is safe for concurrent use.
func (v *Vocabulary) Numbers(terms []string) []uint32 {
	out := make([]uint32, len(terms))
	var missing []int
	v.mu.RLock()
	for i, t := range terms {
		id, ok := v.ids[t]
		if !ok {
			missing = append(missing, i)
		}
		out[i] = id
	}
	v.mu.RUnlock()
	if len(missing) == 0 {
		return out
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, i := range missing {
		id, ok := v.ids[terms[i]]
		if !ok {
			// A term is a slice of the text of the page it was found
			// in: a copy keeps the vocabulary from holding every such
			// text for the build's length.
			t := strings.Clone(terms[i])
			id = uint32(len(v.terms))
			v.terms = append(v.terms, t)
			v.ids[t] = id
		}
		out[i] = id
	}
	return out
}

// Len returns how many terms the vocabulary holds.
func (v *Vocabulary) Len() int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return len(v.terms)
}

// Term returns the term numbered id; the caller is done adding terms.
func (v *Vocabulary) Term(id uint32) string { return v.terms[id] }

// Terms returns the terms in the order of their numbers; the caller is
// done adding terms.
func (v *Vocabulary) Terms() []string { return v.terms }

// Compact drops the terms that none of the sets uses and numbers the
// others in sorted order: the vocabulary a cache keeps then neither grows
// with every edit nor depends on the order in which the pages of a
// build, rendered on every core, added their terms. It returns renumber,
// which gives a set of terms numbered before Compact its numbers after,
// one call at a time.
func (v *Vocabulary) Compact(sets iter.Seq[TermSet]) (renumber func(TermSet) TermSet) {
	used := make([]bool, len(v.terms))
	for t := range sets {
		for id := range t.All() {
			used[id] = true
		}
	}
	var kept []string
	for id, u := range used {
		if u {
			kept = append(kept, v.terms[id])
		}
	}
	slices.Sort(kept)
	nv := NewVocabulary(kept)
	numbers := make([]uint32, len(v.terms))
	for id, u := range used {
		if u {
			numbers[id] = nv.ids[v.terms[id]]
		}
	}
	v.ids, v.terms = nv.ids, nv.terms
	var scratch []uint32
	return func(t TermSet) TermSet {
		scratch = scratch[:0]
		for id := range t.All() {
			scratch = append(scratch, numbers[id])
		}
		return NewTermSet(scratch)
	}
}
