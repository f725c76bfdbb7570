package contentfmt

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/diag"
)

// Each case's source, written in the canonical layout: two-space
// indentation, sequences indented under their key, comments and blank
// lines kept, LF endings, no byte-order mark.
func TestFormat(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"canonical already",
			"# An article.\nid: KB1\n\nprocedures:\n  - id: pay # the only one\n    steps:\n      - id: open\n        text: |\n          # Not a comment\n          Open it.\n",
			"# An article.\nid: KB1\n\nprocedures:\n  - id: pay # the only one\n    steps:\n      - id: open\n        text: |\n          # Not a comment\n          Open it.\n"},
		{"four-space indentation, sequences at the key's column",
			"id: KB1\nprocedures:\n- id: pay\n  steps:\n  -   id: open\n      text: Open it.   # why\n",
			"id: KB1\nprocedures:\n  - id: pay\n    steps:\n      - id: open\n        text: Open it. # why\n"},
		{"comments between items and at the end, blank lines kept",
			"procedures:\n    - id: a\n\n    # The second procedure.\n    - id: b\n# The end.\n",
			"procedures:\n  - id: a\n\n  # The second procedure.\n  - id: b\n# The end.\n"},
		{"flow mappings of translation units stay flow",
			"lang: fr\ntitle: {text: \"Payer : vite\",   source: \"00768409\"}\n",
			"lang: fr\ntitle: {text: \"Payer : vite\", source: \"00768409\"}\n"},
		{"a folded block followed by a key: one blank line, as yaml.v3 writes it",
			"summary: >\n  Get a new password\n  when you forgot it.\nprocedures: []\n",
			"summary: >\n  Get a new password when you forgot it.\n\nprocedures: []\n"},
		{"a blank line in the source where yaml.v3 writes one is not doubled",
			"summary: >\n  Get it.\n\nprocedures: []\n",
			"summary: >\n  Get it.\n\nprocedures: []\n"},
		{"CRLF and byte-order mark",
			"\ufeffid: KB1\r\ntitle: Pay\r\n",
			"id: KB1\ntitle: Pay\n"},
	} {
		got, diags := Format("article.yaml", []byte(tc.src))
		if len(diags) > 0 {
			t.Errorf("%s: findings %v", tc.name, diags)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tc.name, got, tc.want)
		}
		again, _ := Format("article.yaml", got)
		if string(again) != string(got) {
			t.Errorf("%s: formatting twice changes the file:\n%s", tc.name, again)
		}
	}
}

// A file that does not parse is not formatted: its syntax errors are
// returned at their positions.
func TestFormatRefusesSyntaxErrors(t *testing.T) {
	for _, src := range []string{"id: KB1\n\ttitle: x\n", "a: [\n", "a: &x 1\nb: *x\n", ""} {
		got, diags := Format("kb1/article.yaml", []byte(src))
		if got != nil || !diags.HasErrors() {
			t.Errorf("%q: got %q, %v; want nil and an error finding", src, got, diags)
			continue
		}
		for _, d := range diags {
			if d.Pos.File != "kb1/article.yaml" || d.Pos.Line < 1 {
				t.Errorf("%q: finding without a position: %s", src, d)
			}
		}
	}
}

// A comment that yaml.v3 would move past another key or item, into the
// next step for instance, is not moved: the file is left as it is, with
// a finding at the comment's line.
func TestFormatRefusesToMoveAComment(t *testing.T) {
	src := "steps:\n  - id: open\n    text: Open it.\n    # about open\n# an old step was here\n  - id: done\n    text: Done.\n"
	got, diags := Format("article.yaml", []byte(src))
	if got != nil || len(diags) != 1 || diags[0].Pos.Line != 5 || diags[0].Rule != Rule {
		t.Fatalf("got %q, %v; want nil and one fmt finding at line 5", got, diags)
	}
}

// The guard against lost comments: a comment line of the source missing
// from the output, or a node's comment changed, is reported at its line.
func TestCommentsKept(t *testing.T) {
	src := "a: 1\n# keep me\nb: 2\n"
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := commentsKept(src, &doc, &doc, commentLines(src, &doc), commentLines(src, &doc)); !ok {
		t.Error("the source itself loses a comment")
	}
	lost := "a: 1\nb: 2\n"
	var other yaml.Node
	if err := yaml.Unmarshal([]byte(lost), &other); err != nil {
		t.Fatal(err)
	}
	if line, ok := commentsKept(src, &doc, &other, commentLines(src, &doc), commentLines(lost, &other)); ok || line != 2 {
		t.Errorf("comment lost: got line %d, %v; want line 2, false", line, ok)
	}
	if line, ok := commentsKept(src, &doc, &doc, commentLines(src, &doc), commentLines(lost, &doc)); ok || line != 2 {
		t.Errorf("comment line missing from the text: got line %d, %v; want line 2, false", line, ok)
	}
}

// Every file of the bundled knowledge base formats to a file with the
// same data and comments, and formatting is idempotent; a property of the
// layout, whatever articles the content holds.
func TestFormatBundledContent(t *testing.T) {
	files, err := filepath.Glob("../../content/*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "../../content/kb.yaml")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, diags := Format(f, src)
		if len(diags) > 0 {
			t.Errorf("%s: %v", f, diags)
			continue
		}
		if again, _ := Format(f, got); string(again) != string(got) {
			t.Errorf("%s: formatting twice changes the file", f)
		}
		if strings.Count(string(got), "#") < strings.Count(string(src), "#") {
			t.Errorf("%s: fewer # after formatting", f)
		}
	}
}

// A line of a block's text that starts with # is text, not a comment:
// a folded block that yaml.v3 joins into one line is formatted, and one
// literal block's lines stay as they are.
func TestFormatKeepsHashLinesOfBlockText(t *testing.T) {
	src := "id: KB1\nsummary: >\n  Call us on\n  # 5 to reach support.\nnote: |\n  # Not a comment\n  x\n# A comment.\ntitle: Done\n"
	got, diags := Format("article.yaml", []byte(src))
	if len(diags) > 0 || got == nil {
		t.Fatalf("findings %v", diags)
	}
	want := "id: KB1\nsummary: >\n  Call us on # 5 to reach support.\n\nnote: |\n  # Not a comment\n  x\n# A comment.\ntitle: Done\n"
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if again, _ := Format("article.yaml", got); string(again) != string(got) {
		t.Errorf("formatting twice changes the file:\n%s", again)
	}
}

// A folded block yaml.v3 cannot write back as it is leaves the file as it
// is, with a finding at the block that says what to write instead.
func TestFormatRefusesAFoldedBlockItCannotKeep(t *testing.T) {
	for _, src := range []string{
		"id: KB1\nsummary: >\n  a:\n\n    indented\n  back\n",
		"id: KB1\nsummary: >+\n  kept\n\n",
	} {
		got, diags := Format("article.yaml", []byte(src))
		if got != nil || len(diags) != 1 || diags[0].Pos.Line != 2 || !strings.Contains(diags[0].Message, "write the block as a literal one") {
			t.Errorf("%q: got %q, %v; want nil and one finding at line 2", src, got, diags)
		}
	}
}

// A literal block yaml.v3 would write in quotes, as it does one with a
// line that ends in white space, leaves the file as it is, with a finding
// at the block: a literal block keeps its lines.
func TestFormatRefusesToQuoteALiteralBlock(t *testing.T) {
	src := "id:   KB1\nsummary: |\n  A line break  \n  here.\n"
	got, diags := Format("article.yaml", []byte(src))
	errs := slices.DeleteFunc(diags, func(d diag.Diagnostic) bool { return d.Severity != diag.Error })
	if got != nil || len(errs) != 1 || errs[0].Pos.Line != 2 || !strings.Contains(errs[0].Message, "would write this literal block (|) in quotes") {
		t.Errorf("got %q, %v; want nil and one error at line 2", got, diags)
	}
}
