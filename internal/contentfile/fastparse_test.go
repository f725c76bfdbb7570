package contentfile

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// checkArena is the arena checkFast parses in, reused from one text to the
// next as a loader reuses one: the tests that call checkFast, and the
// fuzz targets, do not run in parallel.
var checkArena Arena

// checkFast parses src with the fast path and, when it takes it, with
// yaml.v3, and fails the test where the two differ; it reports whether
// the fast path took the text.
func checkFast(t *testing.T, src string) bool {
	t.Helper()
	defer checkArena.Reset()
	got, ok := parseFast(strings.Split(src, "\n"), false, &checkArena)
	if !ok {
		return false
	}
	dec := yaml.NewDecoder(strings.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("the fast path took a text yaml.v3 refuses (%v):\n%s", err, src)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		t.Fatalf("the fast path took a text of more than one document:\n%s", src)
	}
	if len(doc.Content) != 1 {
		t.Fatalf("the fast path took a text yaml.v3 reads as %d nodes:\n%s", len(doc.Content), src)
	}
	if diff := nodeDiff(got, doc.Content[0], "root"); diff != "" {
		t.Fatalf("fast path and yaml.v3 differ: %s\n%s", diff, src)
	}
	return true
}

// nodeDiff describes the first difference between two node trees, but
// for their comments, which the fast path does not keep.
func nodeDiff(a, b *yaml.Node, at string) string {
	type fields struct {
		Kind         yaml.Kind
		Style        yaml.Style
		Tag, Value   string
		Anchor       string
		Alias        bool
		Line, Column int
		Children     int
	}
	fa := fields{a.Kind, a.Style, a.Tag, a.Value, a.Anchor, a.Alias != nil, a.Line, a.Column, len(a.Content)}
	fb := fields{b.Kind, b.Style, b.Tag, b.Value, b.Anchor, b.Alias != nil, b.Line, b.Column, len(b.Content)}
	if fa != fb {
		return fmt.Sprintf("at %s: fast %+v, yaml.v3 %+v", at, fa, fb)
	}
	for i := range a.Content {
		if d := nodeDiff(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// fastSamples are texts at the edges of the subset.
var fastSamples = []string{
	"lang: fr\n",
	"lang: fr",
	"# yaml-language-server: $schema=x\nlang: fr\ntitle:\n  text: \"Présentation\"\n  source: \"a6b426ee\"\n",
	"a:\n  b:\n    c: \"d\"\n  e: f\ng: h\n",
	"a: {text: \"é à\", source: \"ab\"}\nb: {x: z}\n",
	"body:\n  text: |\n    one\n\n      two\n    # not a comment\n\n\n  source: \"x\"\n",
	"body:\n  text: |-\n    one\n    two\n  source: \"x\"\n",
	"body: |\n  last line without a break",
	"body: |-\n  a\n\n",
	"a:\n\n  # comment\n  b: \"c\"\n# comment\nd: \"e\"\n",
	"emoji: \"😀 ok\"\n",
	"k: \"\"\n",
	"id: KB1\ntitle: IBKRモバイル認証（IB Key）の概要\nrequirements:\n  - バージョン6.0以降（{{kb:KB2264}}）。\n  - \"b\"\nplatforms: [android, ios]\nsee_also: []\n",
	"procedures:\n  - id: main\n    steps:\n      - id: s1\n        text: \"Open\"\n        choices:\n          - when: \"a\"\n            next: s2\n      - id: s2\n        text: Done, then [more] {x}\n    title: T\nnotes:\n- id: note\n  text: |\n    body\n- plain item\n",
	"a:\n  - |\n    one\n  - {k: v}\n  - [x, \"y z\"]\n",
	// Left to yaml.v3.
	"a: true\n",
	"a: null\n",
	"a: 12\n",
	"a: b # c\n",
	"a: \"b\\\"c\"\n",
	"a: \"b\" \n",
	"a:\n",
	"a: b\na: c\n",
	"  a: b\n",
	"a:\n  b: c\n    d: e\n",
	"- a\n",
	"---\na: b\n",
	"a: b\n---\nc: d\n",
	"a: {b: c, b: d}\n",
	"a: {b: c,d: e}\n",
	"a: |\n\n  b\n",
	"a: |\n  b\n   \n  c\n",
	"a: |+\n  b\n",
	"a: \"b\u2028c\"\n",
	"a: \"b\x85c\"\n",
	"a: \"b\tc\"\n",
	"a:\tb\n",
	"a: 'b'\n",
	"a: >\n  b\n",
	"a: &x b\n",
	"a: b\n  c\n",
	"a: b\n  # c\nd: e\n",
	"a: b: c\n",
	"a: b #c\n",
	"a: b:\n",
	"a: True\n",
	"a: -b\n",
	"a: 'b\n",
	"a:\n  -\n",
	"a:\n  - b\n  c: d\n",
	"a:\n  - b\n   - c\n",
	"a:\n  - - b\n",
	"a: [b,c]\n",
	"a: [b, [c]]\n",
	"- a: b\n",
}

func TestParseFastIsYAMLv3(t *testing.T) {
	taken := 0
	for _, src := range fastSamples {
		if checkFast(t, src) {
			taken++
		}
	}
	if taken != 15 {
		t.Errorf("the fast path took %d samples, want the 15 of the subset", taken)
	}
}

// TestParseFastLeavesDeepNestingToYAMLv3: yaml.v3 refuses a text nested
// 10,000 deep; the fast path declines far sooner.
func TestParseFastLeavesDeepNestingToYAMLv3(t *testing.T) {
	nested := func(depth int) []string {
		var lines []string
		for i := range depth {
			lines = append(lines, strings.Repeat(" ", i)+"a:")
		}
		return append(lines, strings.Repeat(" ", depth)+"b: c")
	}
	if _, ok := parseFast(nested(maxDepth-1), false, nil); !ok {
		t.Errorf("%d mappings deep: declined", maxDepth)
	}
	if _, ok := parseFast(nested(maxDepth), false, nil); ok {
		t.Errorf("%d mappings deep: taken", maxDepth+1)
	}
}

func FuzzParseFast(f *testing.F) {
	for _, s := range fastSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkFast(t, src)
	})
}
