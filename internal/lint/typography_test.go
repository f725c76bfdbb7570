package lint_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestTypography(t *testing.T) {
	got := linttest.Run(t, "testdata/typography/bad", lint.Typography)
	linttest.Run(t, "testdata/typography/good", lint.Typography)
	// Each finding must sit on the character it is about: the plain space,
	// the mark without a space, the straight quote or the ASCII mark.
	mark := regexp.MustCompile(`^(?:no space (?:before|after)|ASCII) "(.)"`)
	for _, d := range got {
		want := ""
		switch m := mark.FindStringSubmatch(d.Message); {
		case strings.HasPrefix(d.Message, "plain space"):
			want = " "
		case strings.HasPrefix(d.Message, "straight quote"):
			want = `"`
		case strings.HasPrefix(d.Message, "straight apostrophe"):
			want = "'"
		case m != nil:
			want = m[1]
		default:
			t.Errorf("%s: unexpected message: %s", d.Pos, d.Message)
			continue
		}
		// In a double-quoted value, a straight quote is written escaped.
		if at := textAt(t, d.Pos); !strings.HasPrefix(at, want) && !strings.HasPrefix(at, `\`+want) {
			t.Errorf("%s: finding %q points at %q, not at %q", d.Pos, d.Message, at, want)
		}
	}
}
