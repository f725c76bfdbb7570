package lint_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestHardcodedNumbers(t *testing.T) {
	got := linttest.Run(t, "testdata/hardcoded-numbers/bad", lint.HardcodedNumbers)
	linttest.Run(t, "testdata/hardcoded-numbers/good", lint.HardcodedNumbers)
	// Each finding quotes what was typed; it must sit exactly where that
	// text starts in the file.
	quotedMatch := regexp.MustCompile(`^"([^"]+)"`)
	for _, d := range got {
		m := quotedMatch.FindStringSubmatch(d.Message)
		if m == nil {
			t.Errorf("%s: message does not start with the quoted match: %s", d.Pos, d.Message)
			continue
		}
		if at := textAt(t, d.Pos); !strings.HasPrefix(at, m[1]) {
			t.Errorf("%s: finding for %q points at %q", d.Pos, m[1], at)
		}
	}
}

// textAt returns the rest of the line from a position; columns count code
// points.
func textAt(t *testing.T, pos diag.Position) string {
	t.Helper()
	src, err := os.ReadFile(pos.File)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	if pos.Line < 1 || pos.Line > len(lines) || pos.Column < 1 {
		t.Fatalf("%s: position outside the file", pos)
	}
	line := []rune(lines[pos.Line-1])
	if pos.Column-1 > len(line) {
		t.Fatalf("%s: column past the end of the line", pos)
	}
	return string(line[pos.Column-1:])
}
