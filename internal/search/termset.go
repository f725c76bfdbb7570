package search

import (
	"encoding/binary"
	"errors"
	"iter"
	"math/bits"
	"slices"
	"strings"
)

// TermSet is a set of search terms, by their numbers in a Vocabulary. A
// build keeps the terms of every page it renders to its end, for the
// search indexes and the cache, so they are packed: in increasing order,
// the first number and then the difference from each to the next, as
// unsigned varints. Most differences take a byte, where a number in a
// []uint32 takes four. The zero TermSet is the empty set.
type TermSet struct {
	n      int
	packed string
}

// NewTermSet returns the set of the numbers ids. It sorts ids in place.
func NewTermSet(ids []uint32) TermSet {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	size, prev := 0, uint32(0)
	for _, id := range ids {
		size += uvarintLen(id - prev)
		prev = id
	}
	// The set is kept to the end of the build: its bytes are allocated
	// once, at their size, and never copied into a string.
	var b strings.Builder
	b.Grow(size)
	var buf [binary.MaxVarintLen32]byte
	prev = 0
	for _, id := range ids {
		b.Write(binary.AppendUvarint(buf[:0], uint64(id-prev)))
		prev = id
	}
	return TermSet{n: len(ids), packed: b.String()}
}

// uvarintLen returns how many bytes the unsigned varint of d takes.
func uvarintLen(d uint32) int {
	return max(1, (bits.Len32(d)+6)/7)
}

// Len returns how many terms the set holds.
func (t TermSet) Len() int { return t.n }

// All yields the numbers of the terms, in increasing order.
func (t TermSet) All() iter.Seq[uint32] {
	return func(yield func(uint32) bool) {
		id, s := uint32(0), t.packed
		for range t.n {
			d, w := uvarint(s)
			id += uint32(d)
			s = s[w:]
			if !yield(id) {
				return
			}
		}
	}
}

// Packed returns the set as it is packed: the layout ReadTermSet reads.
func (t TermSet) Packed() string { return t.packed }

// ReadTermSet reads a set of n terms, each numbered below limit, packed at
// the start of text as Packed returns them. It returns the set, which
// holds a slice of text, and how many bytes of text it took.
func ReadTermSet(text string, n, limit int) (TermSet, int, error) {
	limit = min(limit, 1<<32) // a number is a uint32
	at, id := 0, uint64(0)
	for i := range n {
		d, w := uvarint(text[at:])
		if w <= 0 {
			return TermSet{}, 0, errors.New("bad term number")
		}
		if i > 0 && d == 0 {
			return TermSet{}, 0, errors.New("a term is there twice")
		}
		if id += d; id >= uint64(limit) || d >= uint64(limit) {
			return TermSet{}, 0, errors.New("a term number is not one of the terms")
		}
		at += w
	}
	return TermSet{n: n, packed: text[:at]}, at, nil
}

// uvarint decodes an unsigned varint at the start of s, as
// binary.Uvarint does, without making s a []byte.
func uvarint(s string) (uint64, int) {
	var v uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				return 0, -1
			}
			return v | uint64(c)<<(7*i), i + 1
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	return 0, -1
}
