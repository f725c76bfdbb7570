package prose

import (
	"math/rand/v2"
	"testing"
)

// overlaps searches the merged spans; a scan of the spans as found,
// which may overlap or touch and come in any order, must give the same answers.
func TestOverlapsSearchesWhatAScanFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		var raw byteSpans
		for range rng.IntN(8) {
			start := rng.IntN(40)
			raw = append(raw, [2]int{start, start + 1 + rng.IntN(10)})
		}
		scan := func(start, end int) bool {
			for _, r := range raw {
				if start < r[1] && r[0] < end {
					return true
				}
			}
			return false
		}
		sp := merged(append(byteSpans(nil), raw...))
		for start := -1; start < 52; start++ {
			for end := start; end < start+4; end++ {
				if got, want := sp.overlaps(start, end), scan(start, end); got != want {
					t.Fatalf("spans %v: overlaps(%d, %d) = %v, a scan finds %v", raw, start, end, got, want)
				}
			}
		}
	}
}
