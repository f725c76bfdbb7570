package content

// Tests of the shortcuts the loader takes for speed: each must give what
// the plain way gives.

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"
)

// refExpression is what ParseRefs finds, written as a regular expression.
var refExpression = regexp.MustCompile(`\{\{([^{}]*)\}\}`)

// TestParseRefsMatchesExpression compares ParseRefs's scan with the
// expression on texts made of braces and a few other bytes, where the two
// could part ways.
func TestParseRefsMatchesExpression(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"{", "}", "{{", "}}", "step:a", ":", "#", " ", "é", "\xff"}
	for range 20000 {
		var s string
		for range rng.IntN(12) {
			s += alphabet[rng.IntN(len(alphabet))]
		}
		checkRefsAgainstExpression(t, s)
	}
	for _, s := range []string{"", "{{", "}}", "{{}}", "{{{x}}}", "{{x}}}}", "{{a{{b}}", "{{a}b}}", "{x}}{{y}}"} {
		checkRefsAgainstExpression(t, s)
	}
}

// FuzzParseRefs holds ParseRefs to the expression on any text.
func FuzzParseRefs(f *testing.F) {
	f.Add("See {{step:open-app}} and {{kb:KB1#x}}{{ {{fig:a}}")
	f.Fuzz(checkRefsAgainstExpression)
}

func checkRefsAgainstExpression(t *testing.T, s string) {
	var want [][2]int
	for _, m := range refExpression.FindAllStringIndex(s, -1) {
		want = append(want, [2]int{m[0], m[1]})
	}
	var got [][2]int
	for _, r := range ParseRefs(s) {
		got = append(got, [2]int{r.Start, r.End})
	}
	if !slices.Equal(got, want) {
		t.Fatalf("ParseRefs(%q) spans %v, the expression %v", s, got, want)
	}
}

var fingerprintExpression = regexp.MustCompile(`^[0-9a-f]{8}$`)

func TestIsFingerprintMatchesExpression(t *testing.T) {
	for _, s := range []string{"", "0123abcd", "89abcdef", "0123ABCD", "0123abc", "0123abcde", "0123abcg", "0123abc\n", "０123abcd"} {
		if got, want := isFingerprint(s), fingerprintExpression.MatchString(s); got != want {
			t.Errorf("isFingerprint(%q) = %v, want %v", s, got, want)
		}
	}
}
