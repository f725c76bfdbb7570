package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestTermSetHoldsEachNumberOnceInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 50, 1000} {
		var ids []uint32
		for range n {
			// Small numbers repeat; large ones take several bytes.
			ids = append(ids, []uint32{rng.Uint32N(40), rng.Uint32N(1 << 20), rng.Uint32()}[rng.IntN(3)])
		}
		want := slices.Compact(slices.Sorted(slices.Values(ids)))
		set := NewTermSet(slices.Clone(ids))
		if got := slices.Collect(set.All()); !slices.Equal(got, want) || set.Len() != len(want) {
			t.Errorf("%d numbers: the set holds %d: %v, want %d", n, set.Len(), got, len(want))
		}
		if len(want) > 0 && len(set.Packed()) > 5*len(want) {
			t.Errorf("%d numbers packed in %d bytes", len(want), len(set.Packed()))
		}
		read, used, err := ReadTermSet(set.Packed()+"rest", set.Len(), 1<<32)
		if err != nil || used != len(set.Packed()) || read != set {
			t.Errorf("%d numbers: read back %v, %d bytes, %v", n, slices.Collect(read.All()), used, err)
		}
	}
}

func TestReadTermSetRefusesWhatNoSetPacks(t *testing.T) {
	for _, c := range []struct {
		name, text string
		n, limit   int
	}{
		{"cut short", "\x01\x02", 3, 10},
		{"a varint without its end", "\x81", 1, 10},
		{"a varint too long", strings.Repeat("\xff", 10) + "\x01", 1, 1 << 32},
		{"a number twice", "\x01\x00", 2, 10},
		{"a number past the terms", "\x04\x06", 2, 10},
		{"a number past what a uint32 holds", "\x80\x80\x80\x80\x10", 1, 1 << 40},
		{"a difference that would wrap", "\x05\xff\xff\xff\xff\xff\xff\xff\xff\x01", 2, 10},
	} {
		if set, _, err := ReadTermSet(c.text, c.n, c.limit); err == nil {
			t.Errorf("%s: read %v", c.name, slices.Collect(set.All()))
		}
	}
}

func TestCompactRenumbersInTheOrderOfTheTerms(t *testing.T) {
	vocab := NewVocabulary(nil)
	pages := []TermSet{IndexTerms(vocab, "zebra apple"), IndexTerms(vocab, "mango zebra"), {}}
	vocab.Numbers([]string{"unused"})
	named := func(v *Vocabulary, set TermSet) []string {
		var out []string
		for id := range set.All() {
			out = append(out, v.Term(id))
		}
		slices.Sort(out)
		return out
	}
	var before [][]string
	for _, p := range pages {
		before = append(before, named(vocab, p))
	}
	renumber := vocab.Compact(slices.Values(pages))
	if got, want := vocab.Terms(), []string{"apple", "mango", "zebra"}; !slices.Equal(got, want) {
		t.Errorf("terms after Compact: %q, want %q", got, want)
	}
	for i, p := range pages {
		if got := named(vocab, renumber(p)); !slices.Equal(got, before[i]) {
			t.Errorf("page %d: %q after Compact, %q before", i, got, before[i])
		}
	}
}
