package contentfile

import (
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
)

// A syntax error that yaml.v3 reports at the block it was reading, with
// no column and its own wording, is reported at the mistake, saying what
// to do.
func TestSyntaxErrorsAtTheMistake(t *testing.T) {
	head := "id: KB1\ntitle: Reset\nprocedures:\n  - id: reset\n    title: Reset it\n    steps:\n      - id: open\n        text: Open the page.\n      - id: forgot\n"
	for _, tc := range []struct {
		name, line string
		col        int
		want       string
	}{
		{"a colon in a plain value", "        text: Tap **Forgot**. Note: it is small.", 35, "colon followed by a space"},
		{"text after a closing double quote", `        text: "Tap **Forgot**." and wait.`, 33, "closing quote is followed by more text"},
		{"an apostrophe inside single quotes", `        text: 'It's here.'`, 19, "apostrophe is written twice"},
		{"a value starting with a bracket", "        text: [Forgot] is a link.", 15, "starts with [ is read as a YAML list"},
		{"a value starting with a reference", "        text: {{step:open}} again.", 15, "starts with a reference"},
		{"a value starting with an asterisk", "        text: *Save* it.", 15, "starts with * is read as YAML syntax"},
		{"a key indented as the list's items", "      text: Tap **Forgot**.", 7, "indented as the items of the list above"},
		{"block text on the header's line", "        text: > Tap **Forgot**.", 17, "a block's text starts on the line below"},
		{"a list item after a key", "        text: - Tap **Forgot**.", 15, "read as a list item"},
		{"a value that ends with a colon", "        text: Tap this:", 23, "ends with a colon"},
		{"a key indented under a plain value", "          result: It opens.", 11, "indented more than the key above it"},
		{"a quote never closed", `        text: "Tap **Forgot**.`, 15, "never closed"},
		{"a list item one space short", "     - id: check", 6, `this list item is indented 5 spaces, and the items of the list above 6: align its "- " with theirs`},
	} {
		var diags diag.List
		root, _ := Parse("a.yaml", []byte(head+tc.line+"\n"), &diags)
		if root != nil || len(diags) != 1 {
			t.Errorf("%s: got %v, want one finding", tc.name, diags)
			continue
		}
		d := diags[0]
		if d.Pos.Line != 10 || d.Pos.Column != tc.col || d.Rule != RuleSyntax || !strings.Contains(d.Message, tc.want) {
			t.Errorf("%s: got %s, want 10:%d %q", tc.name, d, tc.col, tc.want)
		}
	}
}

// A list item one space short, far below the procedure where yaml.v3
// reports it, is found past block text and nested lists; a key between
// two indentations too.
func TestMisalignedLineFarBelow(t *testing.T) {
	src := `id: KB1
title: Reset
procedures:
  - id: reset
    title: Reset it
    steps:
      - id: open
        text: |
          Open the page.
            Indented text is text.
        choices:
          - when: It opens.
            text: Go on.
          - when: It does not.
            text: Wait.
      - id: forgot
        text: Tap **Forgot**.
%s
`
	for _, tc := range []struct {
		line string
		col  int
		want string
	}{
		{"     - id: check", 6, `this list item is indented 5 spaces, and the items of the list above 6`},
		{"       text: Check.", 8, `indented more than the list's "- " and less than the keys of its item`},
	} {
		var diags diag.List
		root, _ := Parse("a.yaml", []byte(strings.Replace(src, "%s", tc.line, 1)), &diags)
		if root != nil || len(diags) != 1 || diags[0].Pos.Line != 18 || diags[0].Pos.Column != tc.col || !strings.Contains(diags[0].Message, tc.want) {
			t.Errorf("%q: got %v, want one finding at 18:%d %q", tc.line, diags, tc.col, tc.want)
		}
	}
}

// A key between the indentation of the keys above it and that of the
// mapping holding them belongs to neither.
func TestMisalignedKey(t *testing.T) {
	var diags diag.List
	root, _ := Parse("kb.yaml", []byte("site:\n  names:\n    en: Help\n    fr: Aide\n   descriptions:\n    en: Answers\n"), &diags)
	if root != nil || len(diags) != 1 || diags[0].Pos.Line != 5 || diags[0].Pos.Column != 4 || !strings.Contains(diags[0].Message, "this line is indented 3 spaces, less than the 4 of the lines above it") {
		t.Errorf("got %v, want one finding at 5:4", diags)
	}
}

// What looks like a mistake but is not one is passed over: a colon in
// block text, a translation unit's flow mapping, a quoted value that
// goes on below, a comment; yaml.v3's own message stands, at the first
// character of its line, where no mistake is found.
func TestSyntaxErrorsPassOverWhatIsRight(t *testing.T) {
	src := "id: KB1\ntitle: {text: \"Un : deux\", source: 00000000}\nsummary: |\n  Note: this is text.\n  So is this: here.\nnote: \"a\n  b\" # why: because\nsteps:\n  - a\n  b: c\n"
	var diags diag.List
	Parse("a.yaml", []byte(src), &diags)
	if len(diags) != 1 {
		t.Fatalf("got %v, want one finding", diags)
	}
	if d := diags[0]; strings.Contains(d.Message, "colon") || strings.Contains(d.Message, "quote") || d.Pos.Line < 8 || d.Pos.Column < 1 {
		t.Errorf("got %s, want yaml.v3's message below the block text, with a column", d)
	}
}

// What checkText refuses in the text is refused when an escape of a
// double-quoted value makes it: a terminal escape, a NUL, a bidirectional
// override; a zero-width character is a warning; a newline or a tab is
// text. Each is reported at its escape's backslash.
func TestEscapesMakeNoControlCharacters(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  diag.Severity // 0: no finding
	}{
		{`"Choose \e[31mred"`, diag.Error},
		{`"Choose \x00"`, diag.Error},
		{`"Choose \u202e red"`, diag.Error},
		{`"a\r\nb"`, diag.Error},
		{`"zero\u200bwidth"`, diag.Warning},
		{`"two\nlines\tand a tab"`, 0},
		{`"caf\u00e9"`, 0},
	} {
		var diags diag.List
		root, _ := Parse("a.yaml", []byte("id: KB1\ntitle: "+tc.value+"\n"), &diags)
		switch {
		case tc.want == 0 && (len(diags) > 0 || root == nil):
			t.Errorf("%s: got %v, want no finding", tc.value, diags)
		case tc.want != 0 && (len(diags) != 1 || diags[0].Severity != tc.want || diags[0].Pos.Line != 2 || diags[0].Pos.Column != 8+strings.Index(tc.value, `\`)):
			t.Errorf("%s: got %v, want one %v at the backslash", tc.value, diags, tc.want)
		case tc.want == diag.Error && root != nil:
			t.Errorf("%s: the file was used", tc.value)
		}
	}
}

// Every escape of a value on one line that makes such a character is
// reported, each at its backslash; in a value that goes on below, the
// first is, at the value.
func TestEscapesReportedWhereTheyAre(t *testing.T) {
	var diags diag.List
	Parse("a.yaml", []byte("id: KB1\ntitle: \"\\e and \\u202e\"\n"), &diags)
	if len(diags) != 2 || diags[0].Pos.Column != 9 || diags[1].Pos.Column != 16 || !strings.Contains(diags[1].Message, `the escape \u202e makes bidirectional`) {
		t.Errorf("got %v, want two findings at 2:9 and 2:16", diags)
	}
	diags = nil
	Parse("a.yaml", []byte("id: KB1\ntitle: \"one\n  \\e two\"\n"), &diags)
	if len(diags) != 1 || diags[0].Pos.Line != 2 || diags[0].Pos.Column != 8 {
		t.Errorf("got %v, want one finding at the value, 2:8", diags)
	}
}

// The quoting mistakes of a value are found in a translation unit's flow
// mapping too, at their column; a correct unit is passed over.
func TestSyntaxErrorsInTranslationUnits(t *testing.T) {
	for _, tc := range []struct {
		unit string
		col  int
		want string
	}{
		{`title: {text: "Un "bel" ordinateur", source: 000625fa}`, 20, "closing quote is followed by more text"},
		{`title: {text: 'L'ordinateur', source: 000625fa}`, 18, "apostrophe is written twice"},
		{`procedures.p.steps.s.text: {text: Touchez **Réglages** ({{fig:settings}})., source: ffd04895}`, 57, `a { inside a value of a one-line {…} mapping is read as YAML syntax: put the whole value in double quotes`},
		{`title: {text: Le menu [Fichier], source: 000625fa}`, 23, `a [ inside a value`},
	} {
		var diags diag.List
		root, _ := Parse("fr.yaml", []byte("lang: fr\n"+tc.unit+"\n"), &diags)
		if root != nil || len(diags) != 1 || diags[0].Pos.Line != 2 || diags[0].Pos.Column != tc.col || !strings.Contains(diags[0].Message, tc.want) {
			t.Errorf("%s: got %v, want one finding at 2:%d %q", tc.unit, diags, tc.col, tc.want)
		}
	}
	var diags diag.List
	if root, _ := Parse("fr.yaml", []byte("lang: fr\ntitle: {text: \"Un « bel » {{fig:a}} [ordinateur] : oui\", source: 000625fa}\n"), &diags); root == nil || len(diags) > 0 {
		t.Errorf("a correct unit: %v", diags)
	}
	// A one-line mapping that is no unit may hold a list: a mistake below
	// it is not blamed on it.
	diags = nil
	terms := "pin:\n  en: PIN\n  fr: {term: code PIN, forbidden: [mot de passe]}\n note: misaligned\n"
	Parse("terms.yaml", []byte(terms), &diags)
	for _, d := range diags {
		if strings.Contains(d.Message, "inside a value of a one-line") {
			t.Errorf("a term base's list blamed: %v", d)
		}
	}
}

// A %YAML 1.2 directive, which yaml.v3 refuses, is named as a directive,
// not as a value starting with %.
func TestYAMLDirectiveIsNamedSo(t *testing.T) {
	var diags diag.List
	Parse("a.yaml", []byte("%YAML 1.2\n---\nid: KB1\ntitle: Reset\n"), &diags)
	if len(diags) != 1 || diags[0].Pos.Line != 1 || diags[0].Pos.Column != 1 || !strings.HasPrefix(diags[0].Message, "a YAML directive: ") {
		t.Errorf("got %v, want the directive named at 1:1", diags)
	}
	// Text that goes on onto a line starting with % is no directive.
	diags = nil
	Parse("a.yaml", []byte("id: KB1\nsummary: Save up to\n%20 on your order.\n"), &diags)
	for _, d := range diags {
		if strings.Contains(d.Message, "directive") {
			t.Errorf("a line of text starting with %%: %s", d)
		}
	}
}
