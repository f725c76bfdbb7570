package lint_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
	"github.com/kbcdev/kbc/internal/treetest"
)

func TestSite(t *testing.T) {
	linttest.Run(t, "testdata/site/bad", lint.Site)
	linttest.Run(t, "testdata/site/good", lint.Site)
}

// A brand colour that is no colour is one finding, saying why: not also
// a contrast finding for its text on kbc's own brand colour, which the
// owner never chose. A colour written without quotes is a comment to
// YAML, which the finding says.
func TestUnreadColourIsOneFinding(t *testing.T) {
	for _, tc := range []struct{ brand, want string }{
		{`"#0033"`, `colour "#0033" must be written #rgb or #rrggbb`},
		{`#003366`, `colour is empty; YAML reads what follows " #" as a comment: write the value in quotes, "#003366"`},
	} {
		t.Run(tc.brand, func(t *testing.T) {
			root := t.TempDir()
			treetest.Write(t, root, map[string]string{
				"kb.yaml": "source_locale: en\nlocales: [en]\nsite:\n  colors:\n    brand: " + tc.brand + "\n    brand_text: \"#ffffff\"\n",
			})
			diags := linttest.Findings(t, root)
			if len(diags) != 1 || diags[0].Message != tc.want || diags[0].Pos.File != filepath.Join(root, "kb.yaml") || diags[0].Pos.Line != 5 {
				var got []string
				for _, d := range diags {
					got = append(got, d.String())
				}
				t.Errorf("findings:\n%s\nwant one at kb.yaml:5: %s", strings.Join(got, "\n"), tc.want)
			}
		})
	}
}

// A colour that is no colour in one scheme leaves the contrast of the
// other scheme's colours checked.
func TestUnreadColourLeavesTheOtherSchemeChecked(t *testing.T) {
	root := t.TempDir()
	treetest.Write(t, root, map[string]string{
		"kb.yaml": "source_locale: en\nlocales: [en]\nsite:\n  colors:\n    accent: \"#aaaaaa\"\n    dark: {accent: \"#12345\"}\n",
	})
	var light bool
	for _, d := range linttest.Findings(t, root) {
		light = light || strings.Contains(d.Message, "in light mode")
	}
	if !light {
		t.Error("a light accent below contrast, and a dark one that is no colour: no light-mode contrast finding")
	}
}

// A comment after a key is a comment: no advice to quote it.
func TestEmptyValueBeforeACommentIsNoColour(t *testing.T) {
	root := t.TempDir()
	treetest.Write(t, root, map[string]string{
		"kb.yaml": "source_locale: en\nlocales: [en]\nsite:\n  feedback: # set once the form exists\n",
	})
	for _, d := range linttest.Findings(t, root) {
		if strings.Contains(d.Message, "in quotes") {
			t.Errorf("finding %v, want no advice to quote a comment", d)
		}
	}
}
