package xliff

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/diag"
)

// FuzzInlineCodes writes any text as XLIFF inline content and reads it
// back. The codes join back into the text byte for byte, and the text as
// a translator returns it untouched, read and restored through the codes,
// is the text again, with the same formatting when parsed anew.
func FuzzInlineCodes(f *testing.F) {
	for _, s := range []string{
		"Tap **Clear data**, then go back to {{step:open}}.",
		"***x*** and [a *b* `c`](u \"t\") <https://e.example> \\*n\\*",
		"Start.\n\n- It asks for **you**{{fn:a}}.\n  - nested `x`\n",
		"``a ` b`` [](u) **{{step:x}}** _u_ __v__ [x][y] [z]",
		"a & b <-> c \n d",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, block bool) {
		if !utf8.ValidString(src) || strings.ContainsFunc(src, func(r rune) bool { return !isXMLChar(r) }) {
			return // not text an XML document can carry
		}
		if strings.ContainsRune(src, '\r') {
			return // not text a content file holds: its line breaks are line feeds, as a CR in a target reads (lineBreaks)
		}
		timer := time.AfterFunc(10*time.Second, func() {
			panic(fmt.Sprintf("inline codes took longer than 10s on %q", src))
		})
		defer timer.Stop()
		m := encodeMarkdown(src, block)
		if got := m.markdown(); got != src {
			t.Fatalf("%q joins back as %q", src, got)
		}
		body := inlineXML(m.Tokens, dataRefs{})
		doc := `<xliff xmlns="` + Namespace + `" version="2.0" srcLang="en" trgLang="fr"><file id="KB1" xml:space="preserve">` +
			`<unit id="u"><segment state="translated"><source>` + body + `</source><target>` + body + `</target></segment></unit></file></xliff>`
		var diags diag.List
		x := Read("a.xlf", []byte(doc), &diags)
		if x == nil || len(diags) > 0 || len(x.Files) != 1 || len(x.Files[0].Units) != 1 {
			t.Fatalf("%q: the document does not read back: %v\n%s", src, diags, doc)
		}
		u := x.Files[0].Units[0]
		for _, parts := range [][]inlinePart{u.source, u.target} {
			text, tokens, problems := m.restore(parts)
			if len(problems) > 0 || text != src {
				t.Fatalf("%q restores as %q, problems %v\n%s", src, text, problems, doc)
			}
			if again := encodeMarkdown(text, block); !sameShape(again.Tokens, tokens) {
				t.Fatalf("%q reads back as %v, not %v", src, shape(again.Tokens), shape(tokens))
			}
		}
	})
}
