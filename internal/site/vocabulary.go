package site

import "sync"

// vocabulary numbers the search terms of a build. Pages keep their terms
// as numbers: a term is stored once however many pages use it, which
// keeps the records of tens of thousands of pages, and the cache that
// holds them, a fraction of the size of the terms themselves.
type vocabulary struct {
	mu    sync.RWMutex
	ids   map[string]uint32
	terms []string
}

// newVocabulary returns a vocabulary holding terms, numbered in order, so
// that numbers recorded against terms stay valid.
func newVocabulary(terms []string) *vocabulary {
	v := &vocabulary{ids: make(map[string]uint32, len(terms)), terms: terms}
	for i, t := range terms {
		v.ids[t] = uint32(i)
	}
	return v
}

// numbers returns the numbers of the terms, adding the terms it does not
// hold. It is safe for concurrent use.
func (v *vocabulary) numbers(terms []string) []uint32 {
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
			id = uint32(len(v.terms))
			v.terms = append(v.terms, terms[i])
			v.ids[terms[i]] = id
		}
		out[i] = id
	}
	return out
}

// term returns the term numbered id; the caller is done adding terms.
func (v *vocabulary) term(id uint32) string { return v.terms[id] }

// compact drops the terms no record uses and renumbers the records, so
// that the vocabulary a cache keeps does not grow with every edit.
func (v *vocabulary) compact(records map[string]record) {
	renumber := make([]uint32, len(v.terms))
	used := make([]bool, len(v.terms))
	for _, r := range records {
		for _, id := range r.Doc.TitleTerms {
			used[id] = true
		}
		for _, id := range r.Doc.BodyTerms {
			used[id] = true
		}
	}
	var kept []string
	for id, u := range used {
		if u {
			renumber[id] = uint32(len(kept))
			kept = append(kept, v.terms[id])
		}
	}
	if len(kept) == len(v.terms) {
		return
	}
	for _, r := range records {
		for i, id := range r.Doc.TitleTerms {
			r.Doc.TitleTerms[i] = renumber[id]
		}
		for i, id := range r.Doc.BodyTerms {
			r.Doc.BodyTerms[i] = renumber[id]
		}
	}
	*v = *newVocabulary(kept)
}
