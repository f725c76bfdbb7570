package content

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
	"gopkg.in/yaml.v3"
)

// decodeText parses src, a one-key mapping, and decodes the value as a
// text the way the article decoder does.
func decodeText(t *testing.T, src string) Text {
	t.Helper()
	var diags diag.List
	root, lines := contentfile.Parse("a.yaml", []byte(src), &diags)
	if root == nil || len(diags) > 0 {
		t.Fatalf("parse %q: %v", src, diags)
	}
	d := newDecoder("a.yaml", lines, 0, &diags)
	txt := d.text(root.Content[1], "k", "text")
	if len(diags) > 0 {
		t.Fatalf("decode %q: %v", src, diags)
	}
	return txt
}

func TestTextPosAt(t *testing.T) {
	tests := []struct {
		name string
		src  string
		find string // PosAt is asked for the offset of this substring
		want diag.Position
	}{
		{"plain", "text: Tap {{fig:login}} now.\n", "{{fig", diag.Position{File: "a.yaml", Line: 1, Column: 11}},
		{"plain after non-ASCII", "text: Écran — {{fig:x}}\n", "{{fig", diag.Position{File: "a.yaml", Line: 1, Column: 15}},
		{"quoted at start", "text: \"{{step:a}} first\"\n", "{{step", diag.Position{File: "a.yaml", Line: 1, Column: 8}},
		{"double-quoted", "text: \"Tap {{fig:login}}.\"\n", "{{fig", diag.Position{File: "a.yaml", Line: 1, Column: 12}},
		{"single-quoted", "text: 'Tap {{fig:login}}.'\n", "{{fig", diag.Position{File: "a.yaml", Line: 1, Column: 12}},
		{"literal first line", "text: |\n  Tap {{fig:a}}.\n  Then go on.\n", "{{fig", diag.Position{File: "a.yaml", Line: 2, Column: 7}},
		{"literal third line", "text: |\n    One.\n    Two.\n    See {{step:x}}.\n", "{{step", diag.Position{File: "a.yaml", Line: 4, Column: 9}},
		{"literal after blank line", "text: |\n\n  Tap {{fig:a}}.\n", "{{fig", diag.Position{File: "a.yaml", Line: 3, Column: 7}},
		{"literal with leading blank line", "text: |\n\n   x\n   Tap {{fig:a}}.\n", "{{fig", diag.Position{File: "a.yaml", Line: 4, Column: 8}},
		// A double-quoted scalar with escapes maps run by run, an escape
		// to its backslash.
		{"after an escape", "text: \"Tab\\there {{fig:a}}\"\n", "{{fig", diag.Position{File: "a.yaml", Line: 1, Column: 18}},
		{"after a long escape", "text: \"\\u00e9cran \\\"{{fig:a}}\\\"\"\n", "{{fig", diag.Position{File: "a.yaml", Line: 1, Column: 21}},
		{"an escape", "text: \"Say \\\"hi\\\"\"\n", "\"", diag.Position{File: "a.yaml", Line: 1, Column: 12}},
		// A folded block maps line by line.
		{"folded second line", "text: >\n  Tap\n  {{fig:a}}\n", "{{fig", diag.Position{File: "a.yaml", Line: 3, Column: 3}},
		{"folded after a paragraph", "text: >-\n    One line,\n    and on.\n\n    See {{step:x}}.\n", "{{step", diag.Position{File: "a.yaml", Line: 5, Column: 9}},
		{"folded more indented", "text: >\n  Tap:\n    - {{fig:a}}\n  done\n", "{{fig", diag.Position{File: "a.yaml", Line: 3, Column: 7}},
		// A value that goes on below maps line by line.
		{"multi-line plain", "text: Tap this\n  and {{fig:a}}\n", "{{fig", diag.Position{File: "a.yaml", Line: 2, Column: 7}},
		{"multi-line quoted", "text: \"Tap this\n    and {{fig:a}}\"\n", "{{fig", diag.Position{File: "a.yaml", Line: 2, Column: 9}},
		{"apostrophes written twice", "text: 'It''s {{fig:a}}'\n", "{{fig", diag.Position{File: "a.yaml", Line: 1, Column: 14}},
		// So does one that goes on below with escapes, a backslash that
		// ends a line joining the next to it.
		{"escaped line break", "text: \"line one \\\n    continued {{step:zz5}}\"\n", "{{step", diag.Position{File: "a.yaml", Line: 2, Column: 15}},
		{"escape on the next line", "text: \"one\n    \\\"two\\\" {{fig:a}}\"\n", "{{fig", diag.Position{File: "a.yaml", Line: 2, Column: 13}},
		{"escape then a blank line", "text: \"\\tone\n\n    two {{fig:a}}\"\n", "{{fig", diag.Position{File: "a.yaml", Line: 3, Column: 9}},
		{"apostrophes on the next line", "text: 'one\n    it''s {{fig:a}}'\n", "{{fig", diag.Position{File: "a.yaml", Line: 2, Column: 11}},
		{"closing quote on its own line", "text: \"one \\t\n    {{fig:a}}\n  \"\n", "{{fig", diag.Position{File: "a.yaml", Line: 2, Column: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			txt := decodeText(t, tt.src)
			off := strings.Index(txt.Value, tt.find)
			if off < 0 {
				t.Fatalf("%q not in %q", tt.find, txt.Value)
			}
			if got := txt.PosAt(off); got != tt.want {
				t.Errorf("PosAt(%d) = %v, want %v", off, got, tt.want)
			}
			samePositions(t, txt, 0)
		})
	}
}

func TestTextPosAtOutOfRange(t *testing.T) {
	txt := decodeText(t, "text: Short.\n")
	for _, off := range []int{-1, len(txt.Value) + 1} {
		if got := txt.PosAt(off); got != txt.Pos {
			t.Errorf("PosAt(%d) = %v, want the start %v", off, got, txt.Pos)
		}
	}
	if got, want := txt.PosAt(len(txt.Value)), (diag.Position{File: "a.yaml", Line: 1, Column: 13}); got != want {
		t.Errorf("PosAt(end) = %v, want %v", got, want)
	}
}

func TestFingerprint(t *testing.T) {
	nfc := "Activer la clé de sécurité"
	nfd := "Activer la cle\u0301 de se\u0301curite\u0301"
	if nfc == nfd {
		t.Fatal("the test strings must differ in their bytes")
	}
	if Fingerprint(nfc) != Fingerprint(nfd) {
		t.Errorf("composed and decomposed accents fingerprint differently: %s, %s", Fingerprint(nfc), Fingerprint(nfd))
	}
	fp := Fingerprint(nfc)
	if !isFingerprint(fp) {
		t.Errorf("Fingerprint = %q, want 8 lower-case hex digits", fp)
	}
	if Fingerprint(nfc+".") == fp {
		t.Error("a changed text keeps its fingerprint")
	}
	if Fingerprint(nfc) != fp {
		t.Error("Fingerprint is not deterministic")
	}
}

func TestParseRefs(t *testing.T) {
	s := "See {{step:open-app}}, {{ fig : login }} and {{kb:KB2269#pin}}{{fn:data}}; {{kb:KB1}} {{nosuch:x}} {{step:}} {{plain}} {{x"
	got := ParseRefs(s)
	want := []InlineRef{
		{Kind: RefStep, Target: "open-app"},
		{Kind: RefFigure, Target: "login"},
		{Kind: RefArticle, Target: "KB2269", Anchor: "pin"},
		{Kind: RefFootnote, Target: "data"},
		{Kind: RefArticle, Target: "KB1"},
		{Kind: "nosuch", Target: "x", Malformed: true},
		{Kind: RefStep, Target: "", Malformed: true},
		{Kind: "plain", Target: "", Malformed: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d refs, want %d: %+v", len(got), len(want), got)
	}
	for i, r := range got {
		w := want[i]
		if r.Kind != w.Kind || r.Target != w.Target || r.Anchor != w.Anchor || r.Malformed != w.Malformed {
			t.Errorf("ref %d = %+v, want %+v", i, r, w)
		}
		if text := s[r.Start:r.End]; !strings.HasPrefix(text, "{{") || !strings.HasSuffix(text, "}}") {
			t.Errorf("ref %d spans %q, not a whole {{...}}", i, text)
		}
	}
	if got[0].Start != strings.Index(s, "{{step:open-app}}") {
		t.Errorf("first ref starts at %d", got[0].Start)
	}
	if refs := ParseRefs("no references {here}"); len(refs) != 0 {
		t.Errorf("ParseRefs found %+v in plain text", refs)
	}
}

func TestParseRefsContext(t *testing.T) {
	for s, want := range map[string]InlineRef{
		"{{step:open-app|from}}":      {Kind: RefStep, Target: "open-app", Context: "from", HasContext: true},
		"{{ step : x | to }}":         {Kind: RefStep, Target: "x", Context: "to", HasContext: true},
		"{{step:x|}}":                 {Kind: RefStep, Target: "x", HasContext: true},
		"{{kb:KB1#anchor|in}}":        {Kind: RefArticle, Target: "KB1", Anchor: "anchor", Context: "in", HasContext: true},
		"{{step:|from}}":              {Kind: RefStep, Context: "from", HasContext: true, Malformed: true},
		"{{step:plain-without-pipe}}": {Kind: RefStep, Target: "plain-without-pipe"},
	} {
		refs := ParseRefs(s)
		if len(refs) != 1 {
			t.Fatalf("ParseRefs(%q) = %+v", s, refs)
		}
		r := refs[0]
		r.Start, r.End = 0, 0
		if r != want {
			t.Errorf("ParseRefs(%q) = %+v, want %+v", s, r, want)
		}
	}
}

// FuzzTextPosAt writes a fuzzed text as a double-quoted value, escapes
// and all, and as a folded block, as yaml.v3 writes them, and holds PosAt
// to pointing, for every byte of the value, at a place of the file: on
// the character itself where it is written as it is, at the backslash of
// its escape otherwise.
func FuzzTextPosAt(f *testing.F) {
	for _, s := range []string{"Tap {{fig:a}}.", "Say \"hi\" \u202e\t\\ ok", "é\x1bx", "One line,\nand on.\n\n  More.", "a: b # c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if !utf8.ValidString(v) || strings.ContainsAny(v, "\r\u0085\u2028\u2029") || len(v) > 200 {
			return
		}
		for _, style := range []yaml.Style{yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle, yaml.FoldedStyle, yaml.LiteralStyle, 0} {
			doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Value: "text"},
				{Kind: yaml.ScalarNode, Value: v, Style: style},
			}}
			src, err := yaml.Marshal(doc)
			if err != nil {
				return
			}
			var diags diag.List
			root, lines := contentfile.Parse("a.yaml", src, &diags)
			if root == nil || len(root.Content) < 2 || root.Content[1].Value != v || root.Content[1].ShortTag() != "!!str" {
				continue // written otherwise, read as another type, or refused: not this test's concern
			}
			d := newDecoder("a.yaml", lines, 0, &diags)
			txt := d.text(root.Content[1], "k", "text")
			samePositions(t, txt, style)
			for off := range len(v) {
				p := txt.PosAt(off)
				if p.Line < 1 || p.Line > len(lines) || p.Column < 1 {
					t.Fatalf("%q (style %v): PosAt(%d) = %v, outside the file:\n%s", v, style, off, p, src)
				}
				if txt.shape.kind != shapePieces {
					continue
				}
				line := lines[p.Line-1]
				at := line[contentfile.ColumnOffset(line, p.Column):]
				r, _ := utf8.DecodeRuneInString(v[off:])
				// White space may be a line break YAML folded, which is
				// no character of any line.
				folded := strings.TrimSpace(string(r)) == ""
				if !folded && !strings.HasPrefix(at, string(r)) && !strings.HasPrefix(at, `\`) && !strings.HasPrefix(at, "''") && utf8.RuneStart(v[off]) {
					t.Fatalf("%q (style %v): PosAt(%d) = %v points at %q, not at %q or an escape:\n%s", v, style, off, p, at, string(r), src)
				}
			}
		}
	})
}

// samePositions checks that Positions gives what PosAt gives, for every
// offset in increasing order, and for offsets that go back.
func samePositions(t *testing.T, txt Text, style yaml.Style) {
	t.Helper()
	at := txt.Positions()
	for off := -1; off <= len(txt.Value)+1; off++ {
		if got, want := at.At(off), txt.PosAt(off); got != want {
			t.Fatalf("%q (style %v): Positions.At(%d) = %v, PosAt = %v", txt.Value, style, off, got, want)
		}
	}
	at = txt.Positions()
	for off := len(txt.Value); off > 0; off /= 2 {
		for _, o := range []int{off, off / 3, off - 1} {
			if got, want := at.At(o), txt.PosAt(o); got != want {
				t.Fatalf("%q (style %v): Positions.At(%d) after others = %v, PosAt = %v", txt.Value, style, o, got, want)
			}
		}
	}
}
