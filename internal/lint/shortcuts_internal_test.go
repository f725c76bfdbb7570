package lint

// Tests of the shortcuts the rules take for speed: each must give the
// findings the full check gives.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The SVG checks of a run are shared by content: files with the same
// bytes get the same findings, and a file that differs is decoded anew.
func TestSVGChecksShareFindingsByContent(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) (string, int64) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p, int64(len(data))
	}
	const hostile = `<svg xmlns="http://www.w3.org/2000/svg">` + "\n" + `<script>alert(1)</script></svg>`
	a, na := write("a.svg", hostile)
	b, nb := write("b.svg", hostile)
	c, nc := write("c.svg", `<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`)
	d, nd := write("d.svg", `<svg xmlns="http://www.w3.org/2000/svg"><rect`)
	checks := newSVGChecks(nil)
	for _, tc := range []struct {
		file string
		size int64
		want string // a substring of the only finding; empty: none
	}{
		{a, na, "script"}, {c, nc, ""}, {b, nb, "script"}, {d, nd, "not well-formed"}, {a, na, "script"},
	} {
		probs, err := checks.problems(tc.file, tc.size)
		if err != nil {
			t.Fatal(err)
		}
		fresh, _ := newSVGChecks(nil).problems(tc.file, tc.size)
		if len(probs) != len(fresh) || (len(probs) > 0 && probs[0] != fresh[0]) {
			t.Errorf("%s: shared check %v, fresh check %v", filepath.Base(tc.file), probs, fresh)
		}
		switch {
		case tc.want == "" && len(probs) != 0:
			t.Errorf("%s: unexpected findings %v", filepath.Base(tc.file), probs)
		case tc.want != "" && (len(probs) != 1 || !strings.Contains(probs[0].Message, tc.want)):
			t.Errorf("%s: findings %v, want one about %q", filepath.Base(tc.file), probs, tc.want)
		}
	}
	if len(checks.seen) != 3 {
		t.Errorf("%d distinct contents decoded, want 3", len(checks.seen))
	}
}
