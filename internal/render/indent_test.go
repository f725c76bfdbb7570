package render

import (
	"strings"
	"testing"
)

// An inline text indented as a code block would be, at its start or
// after a blank line, shows its words: inline text has no code blocks.
func TestIndentedInlineTextIsShown(t *testing.T) {
	for src, want := range map[string]string{
		"    Tap Restart.":          "Tap Restart.",
		"\tTap Restart.":            "Tap Restart.",
		"        Tap **Restart**.":  "Tap <strong>Restart</strong>.",
		"Open it.\n\n    Tap Next.": "Open it.",
	} {
		html, plain := InlineText(src, nil)
		if !strings.Contains(string(html), want) {
			t.Errorf("InlineText(%q) = %q, want it to hold %q", src, html, want)
		}
		for _, word := range strings.Fields(strings.NewReplacer("*", "", "\t", " ").Replace(src)) {
			if !strings.Contains(plain, word) {
				t.Errorf("InlineText(%q) plain text %q lacks %q", src, plain, word)
			}
			if p := PlainText(src, nil); !strings.Contains(p, word) {
				t.Errorf("PlainText(%q) = %q lacks %q", src, p, word)
			}
			if _, p := UnlinkedText(src, nil); !strings.Contains(p, word) {
				t.Errorf("UnlinkedText(%q) plain text %q lacks %q", src, p, word)
			}
		}
	}
}
