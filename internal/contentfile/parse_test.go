package contentfile

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
)

// textSamples are texts with each thing checkText reports, and with
// lines it has nothing to report on, in several scripts.
var textSamples = []string{
	"title: \"Reset the phone\"\nsummary: plain\n",
	"title: \"Réinitialiser le téléphone\"\nsummary: \"Állítsa vissza\"\n",
	"title: \"電話をリセットする\"\nsteps:\n  - text: \"設定を開きます。\"\n",
	"title: trailing \nsummary: two  \n\t- tab\n",
	"a: b\r\nc: d \r\n",
	"a: \"x\u202ey\"\nb: \"zero\u200bwidth\"\nc: \"\u061c\"\n",
	"a: \"\u0085\"\nb: \"\x7f\"\nc: \"\x01\"\n",
	"a: \"\xff\xfe\"\nb: ok\n",
	"a: \"\u2028\u2029\ufeff\ufffd\"\nlast line without break",
	"\n\n  \n\t\n",
	"a: b\t\n",
	"a: \"\U0001F600 \u4e00\u00e9\"\n\nb: \"\uffff\ufffe\"\n",
	"0123456789abcdef\x7f0123456789\n0123456\x80\n",
	"a: \"x\u2028y\"\n", "a: \"x\u2029y\"\n", "a: \"x\ufffey\"\n", "a: \"x\uffffy\"\n", "a: \"x\ufffdy\"\n",
}

// TestPlainLinesArePassedOverAsSeen: checkText, which passes over the
// lines that have nothing to report whole, reports what a look at every
// character reports.
func TestPlainLinesArePassedOverAsSeen(t *testing.T) {
	for _, src := range textSamples {
		checkSkipSame(t, src)
	}
}

func FuzzCheckText(f *testing.F) {
	for _, s := range textSamples {
		f.Add(s)
	}
	f.Fuzz(checkSkipSame)
}

// checkSkipSame checks that passing over plain lines gives the findings
// of a look at every character, and that a text whose lines are all
// plain is one the fast path takes as it is.
func checkSkipSame(t *testing.T, src string) {
	var got, want [3]diag.List
	gotOK, plain := scanText("a.yaml", []byte(src), &got[0], &got[1], &got[2], true)
	wantOK, _ := scanText("a.yaml", []byte(src), &want[0], &want[1], &want[2], false)
	if gotOK != wantOK || !reflect.DeepEqual(got, want) {
		t.Errorf("%q: passing over plain lines gives %v %v, looking at every character %v %v", src, gotOK, got, wantOK, want)
	}
	if !plain {
		return
	}
	for _, line := range strings.Split(src, "\n") {
		if !safeText(line) {
			t.Errorf("%q: every line is plain, but the fast path refuses %q", src, line)
		}
	}
}

// TestPrintableASCII holds the eight-byte test to a byte-by-byte one, for
// every byte value at every place.
func TestPrintableASCII(t *testing.T) {
	for place := range 8 {
		for c := range 256 {
			b := []byte("abcdefgh")
			b[place] = byte(c)
			want := c >= ' ' && c <= '~'
			if got := printableASCII(binary.LittleEndian.Uint64(b)); got != want {
				t.Errorf("%q: printableASCII %v, want %v", b, got, want)
			}
		}
	}
}

// A file with old Mac line endings (a lone CR) is read as YAML reads it,
// one line per CR: a comment on the first line is not the whole file.
func TestLoneCRFileIsNotOneComment(t *testing.T) {
	var diags diag.List
	root, _ := Parse("a.yaml", []byte("# An article\rid: KB1\rtitle: Lone CR\r"), &diags)
	if root == nil || len(root.Content) != 4 {
		t.Fatalf("Parse = %v, %v; want the mapping of id and title", root, diags)
	}
	for _, d := range diags {
		if strings.Contains(d.Message, "empty") {
			t.Errorf("finding %v", d)
		}
	}
}

// A tab that starts a line of a literal block after the block's
// indentation is text of the value, which YAML reads, not indentation:
// the file is read, with nothing said of the tab. A tab that indents is
// an error still.
func TestTabInsideABlockIsText(t *testing.T) {
	var diags diag.List
	root, _ := Parse("a.yaml", []byte("id: KB1\nbody: |\n  One line.\n  \tA line that starts with a tab.\n"), &diags)
	if root == nil || len(diags) > 0 {
		t.Fatalf("Parse: %v, want the file read without findings", diags)
	}
	if got := root.Content[3].Value; got != "One line.\n\tA line that starts with a tab.\n" {
		t.Errorf("body = %q", got)
	}
	diags = nil
	if root, _ := Parse("a.yaml", []byte("id: KB1\nsteps:\n\t- a\n"), &diags); root != nil || len(diags) != 1 || !strings.HasPrefix(diags[0].Message, "tab character in indentation") {
		t.Errorf("a tab that indents: %v", diags)
	}
}

// Two spaces after text may be a Markdown line break only where YAML
// keeps them, in a block scalar's text: there the writer decides, and
// anywhere else removing them is the fix.
func TestTrailingSpacesAreALineBreakOnlyInABlock(t *testing.T) {
	for _, tc := range []struct {
		src   string
		fixed bool
	}{
		{"id: no-switch  \n", true},
		{"steps:\n  - id: a  \n    text: Tap it.\n", true},
		{"title: \"Two\n  lines\"  \n", true},
		{"body: |\n  A line break  \n  here.\n", false},
		{"body: |-\n  Para\n    indented code  \n", false},
		{"- text: >\n    folded  \n    text\n", false},
		{"body: | # a comment\n  A line break  \n  here.\n", false},
		{"summary: |\n  text\nrequirements:\n  - One.  \n", true},
		{"- id: a\n  text: |\n    line\n- id: b  \n", true},
		{"sections:\n  - body: |\n      A line break  \n      here.\n    id: about\n", false},
		{"sections:\n  - body: |\n      text\n    id: about  \n", true},
		{"body: !!str |\n  A line break  \n  here.\n", false},
		{"body: &a |\n  A line break  \n  here.\n", false},
		{"requirements:\n  - |\n    A line break  \n    here.\n", false},
	} {
		var diags, tabs, trails diag.List
		checkText("a.yaml", []byte(tc.src), &diags, &tabs, &trails)
		if len(trails) != 1 {
			t.Fatalf("%q: findings %v, want one of trailing white space", tc.src, trails)
		}
		d := trails[0]
		if fixed := d.Fix != nil; fixed != tc.fixed || fixed == strings.Contains(d.Message, "line break") {
			t.Errorf("%q: %s (fix %v), want a fix: %v", tc.src, d.Message, d.Fix != nil, tc.fixed)
		}
	}
}

// TestDecomposedAccentsAreComposedByTheFix checks text written with
// combining accents and kana voicing marks, as text copied on macOS may
// be: a warning at the line's first such letter, whose fix composes it,
// and nothing for text already composed.
func TestDecomposedAccentsAreComposedByTheFix(t *testing.T) {
	src := "id: KB1\ntitle: \"Comme a\u0300 l\u2019e\u0301tape 3\"\nsummary: \"Already composed: étape, őrző, ガイド.\"\nnote: \"\uFA19社 ガイト\u3099\"\r\n"
	var diags diag.List
	if root, _ := Parse("a.yaml", []byte(src), &diags); root == nil {
		t.Fatalf("Parse refused the file: %v", diags)
	}
	var got []string
	var edits []diag.Edit
	for _, d := range diags {
		if strings.Contains(d.Message, "decomposed") {
			got = append(got, d.Pos.String())
			edits = append(edits, d.Fix.Edits...)
		}
	}
	if want := []string{"a.yaml:2:15", "a.yaml:4:13"}; !slices.Equal(got, want) {
		t.Errorf("findings at %q, want %q (all: %v)", got, want, diags)
	}
	fixed, n := diag.ApplyEdits([]byte(src), edits)
	// The CJK compatibility ideograph 神 (U+FA19), which NFC would make
	// U+795E, stays as written.
	want := "id: KB1\ntitle: \"Comme à l’étape 3\"\nsummary: \"Already composed: étape, őrző, ガイド.\"\nnote: \"\uFA19社 ガイド\"\r\n"
	if n != 2 || string(fixed) != want {
		t.Errorf("fixed %d edits into %q, want 2 into %q", n, fixed, want)
	}
}

// TestDecomposedAccentsInALoneCRFileHaveNoFix checks that a file whose
// lines end with a carriage return alone gets the finding at the line the
// parser counts, and no fix, whose edits count lines otherwise.
func TestDecomposedAccentsInALoneCRFileHaveNoFix(t *testing.T) {
	var diags diag.List
	Parse("a.yaml", []byte("id: KB1\rtitle: E\u0301tape\r"), &diags)
	for _, d := range diags {
		if strings.Contains(d.Message, "decomposed") {
			if d.Pos.Line != 2 || d.Fix != nil {
				t.Errorf("%v with fix %v, want line 2 and no fix", d, d.Fix)
			}
			return
		}
	}
	t.Errorf("no finding of the decomposed accent in %v", diags)
}

// TestLoneCRFileHasNoFixes checks that in a file with a carriage return
// alone, whose lines the checks count as the parser does, no finding
// carries a fix: fixes count lines by line feeds, and one would edit
// another line than its finding's.
func TestLoneCRFileHasNoFixes(t *testing.T) {
	var diags diag.List
	Parse("a.yaml", []byte("id: KB1\rlang: en\ntitle: Sxyz   \nsummary: \"a   b\"\n"), &diags)
	trailing := false
	for _, d := range diags {
		trailing = trailing || strings.Contains(d.Message, "trailing white space")
		if d.Fix != nil {
			t.Errorf("%v has a fix", d)
		}
	}
	if !trailing {
		t.Errorf("no trailing white space found in %v", diags)
	}
}

// A directional mark, which Arabic and Hebrew text needs to place its
// punctuation, is text; an override, which reorders a run, is an error.
func TestDirectionalMarksAreTextAndOverridesAreNot(t *testing.T) {
	var diags diag.List
	Parse("ar.yaml", []byte("title: \"تثبيت Windows 10\u200f.\"\nsummary: \"KB2269\u200e:\u061c\"\nnote: \"x\u202ey\"\n"), &diags)
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Column, d.Severity))
	}
	if want := []string{"3:9 error"}; !slices.Equal(got, want) {
		t.Errorf("findings %q (%v), want %q", got, diags, want)
	}
}
