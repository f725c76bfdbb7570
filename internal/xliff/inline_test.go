package xliff

import (
	"strings"
	"testing"
)

// Every text splits into prose and codes that join back into it, byte for
// byte, and the codes are where the site sees Markdown.
func TestEncodeMarkdown(t *testing.T) {
	for _, tc := range []struct {
		src   string
		block bool
		want  string // tokens: prose as is, codes as <kind>…</kind> or [kind]
	}{
		{"Open **Settings**.", false, "Open <bold>Settings</bold>."},
		{"Tap *Save* and `npm i` then {{step:open}}.", false, "Tap <emphasis>Save</emphasis> and [code `npm i`] then [reference {{step:open}}]."},
		{"See [the guide](https://x.example/a_(b) \"T\") now.", false, "See <link>the guide</link> now."},
		{"***both***", false, "<emphasis><bold>both</bold></emphasis>"},
		{"**bold [link **in**](u)**", false, "<bold>bold <link>link <bold>in</bold></link></bold>"},
		{"a `{{step:x}}` b", false, "a [code `{{step:x}}`] b"},
		{"x <https://a.example> y", false, "x [link <https://a.example>] y"},
		{"Start.\n\n- It asks for **you**{{fn:a}}.\n- See {{step:open}}.\n", true, "Start.\n\n- It asks for <bold>you</bold>[reference {{fn:a}}].\n- See [reference {{step:open}}].\n"},
		{"5 * 3 and \\*not\\* and data <-> settings & more", false, "5 * 3 and \\*not\\* and data <-> settings & more"},
		{"[](u) and **b**", false, "[](u) and <bold>b</bold>"},
		{"``a ` b`` c", false, "[code ``a ` b``] c"},
		{"{{bad}} {{kb:KB1#x}}", false, "[reference {{bad}}] [reference {{kb:KB1#x}}]"},
	} {
		m := encodeMarkdown(tc.src, tc.block)
		if got := m.markdown(); got != tc.src {
			t.Errorf("%q joins back as %q", tc.src, got)
		}
		var b strings.Builder
		for _, tk := range m.Tokens {
			switch tk.Edge {
			case edgeText:
				b.WriteString(tk.Text)
			case edgeStandalone:
				b.WriteString("[" + tk.Code.Kind.String() + " " + tk.Code.Open + "]")
			case edgeOpen:
				b.WriteString("<" + tk.Code.Kind.String() + ">")
			case edgeClose:
				b.WriteString("</" + tk.Code.Kind.String() + ">")
			}
		}
		if b.String() != tc.want {
			t.Errorf("%q\n got %q\nwant %q", tc.src, b.String(), tc.want)
		}
	}
}
