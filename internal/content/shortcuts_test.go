package content

// Tests of the shortcuts the loader takes for speed: each must give what
// the plain way gives.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
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

// ReadLimited gives what reading through an os.File gives: the same bytes,
// the same limit and the same errors.
func TestReadLimitedMatchesPortable(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := strings.Repeat("0123456789", 1000)
	paths := []string{
		write("empty.yaml", ""),
		write("small.yaml", "lang: fr\n"),
		write("big.yaml", big),
		filepath.Join(dir, "missing.yaml"),
		dir, // a folder: opens, but does not read
	}
	for _, p := range paths {
		for _, limit := range []int64{0, 1, 100, 9999, 10000, 10001, 1 << 20} {
			var got, want bytes.Buffer
			got.WriteString("kept:")
			want.WriteString("kept:")
			gotErr, wantErr := ReadLimited(p, limit, &got), readLimitedPortable(p, limit, &want)
			if got.String() != want.String() || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("%s, limit %d: read %d bytes, %v; os.File reads %d bytes, %v",
					filepath.Base(p), limit, got.Len(), gotErr, want.Len(), wantErr)
			}
		}
	}
}
