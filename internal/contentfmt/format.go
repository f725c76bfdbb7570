// Package contentfmt writes content files in kbc's canonical layout, as
// kbc fmt does: YAML as gopkg.in/yaml.v3 writes it with two-space
// indentation, LF line endings and no byte-order mark, the comments kept
// where they stand and a blank line kept before any key or item that had
// one.
//
// The layout is yaml.v3's own, so that a file read and written back by
// any tool built on it, kbc included, does not change. A file is rewritten
// only when the result holds the same data and every comment of the
// original; otherwise the file is left alone with a finding saying why.
package contentfmt

import (
	"bytes"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
)

// Rule names the findings of Format that are not syntax errors.
const Rule = "fmt"

// Format returns src, the text of the content file at path, in the
// canonical layout. When the file does not parse, or when its layout could
// not be changed without losing data or a comment, Format returns nil and
// findings of error severity saying why.
func Format(path string, src []byte) ([]byte, diag.List) {
	var diags diag.List
	if contentfile.Parse(path, src, &diags); diags.HasErrors() {
		return nil, errorsOnly(diags)
	}
	text := strings.ReplaceAll(string(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))), "\r\n", "\n")
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		// Parse accepted it: this cannot happen, but is no reason to panic.
		diags.Errorf(diag.Position{File: path, Line: 1, Column: 1}, contentfile.RuleSyntax, "%v", err)
		return nil, diags
	}
	out, err := encode(&doc)
	if err != nil {
		diags.Errorf(diag.Position{File: path, Line: 1, Column: 1}, Rule, "cannot write the file in the canonical layout: %v", err)
		return nil, diags
	}
	var got yaml.Node
	if err := yaml.Unmarshal(out, &got); err != nil || !contentfile.SameData(&doc, &got) {
		diags.Errorf(changedAt(path, &doc, &got), Rule, "%s", changedMessage(&doc, &got))
		return nil, diags
	}
	if n := firstLiteralLost(&doc, &got); n != nil {
		diags.Errorf(diag.Position{File: path, Line: n.Line, Column: n.Column}, Rule,
			"the canonical layout would write this literal block (|) in quotes, as yaml.v3 writes a block one of whose lines ends in white space; the file is left as it is: remove the white space at the ends of its lines (for a Markdown line break, end the line with a backslash)")
		return nil, diags
	}
	srcComments, outComments := commentLines(text, &doc), commentLines(string(out), &got)
	if line, ok := commentsKept(text, &doc, &got, srcComments, outComments); !ok {
		diags.Errorf(diag.Position{File: path, Line: line, Column: 1}, Rule,
			"the canonical layout cannot keep this comment where it stands; the file is left as it is: move the comment beside a key")
		return nil, diags
	}
	if line, ok := commentsInPlace(&doc, &got, srcComments, outComments); !ok {
		diags.Errorf(diag.Position{File: path, Line: line, Column: 1}, Rule,
			"the canonical layout would move this comment past the key or item that follows it; the file is left as it is: move the comment beside a key")
		return nil, diags
	}
	spaced := keepBlankLines(strings.Split(text, "\n"), &doc, out, &got)
	var check yaml.Node
	if yaml.Unmarshal(spaced, &check) != nil || !contentfile.SameData(&doc, &check) {
		return out, nil // the blank lines are a nicety; the data is not
	}
	return spaced, nil
}

// changedAt returns where the canonical layout would change the data: the
// first node of a whose data b does not hold, or the file's start.
func changedAt(path string, a, b *yaml.Node) diag.Position {
	if n := firstChanged(a, b); n != nil && n.Line > 0 {
		return diag.Position{File: path, Line: n.Line, Column: n.Column}
	}
	return diag.Position{File: path, Line: 1, Column: 1}
}

// changedMessage says what the canonical layout would change, and what to
// write instead where yaml.v3 is known not to write a value back as it
// is: a folded block with lines indented more than the others, or that
// keeps its final line breaks (>+).
func changedMessage(a, b *yaml.Node) string {
	if n := firstChanged(a, b); n != nil && n.Kind == yaml.ScalarNode && n.Style&yaml.FoldedStyle != 0 {
		return "the canonical layout would change this folded block's text, which yaml.v3 cannot write back as it is; the file is left as it is: write the block as a literal one (|)"
	}
	return "the canonical layout would change this value; the file is left as it is"
}

// firstLiteralLost returns the first literal block of a, in document
// order, that b, the same data written out, does not write as one: the
// README promises a literal block keeps its lines.
func firstLiteralLost(a, b *yaml.Node) *yaml.Node {
	if a.Kind == yaml.ScalarNode && a.Style&yaml.LiteralStyle != 0 && b.Style&yaml.LiteralStyle == 0 {
		return a
	}
	for i, c := range a.Content {
		if i < len(b.Content) {
			if n := firstLiteralLost(c, b.Content[i]); n != nil {
				return n
			}
		}
	}
	return nil
}

// firstChanged returns the first node of a, in document order, whose kind,
// tag or value b does not have at the same place, or nil.
func firstChanged(a, b *yaml.Node) *yaml.Node {
	if b == nil || a.Kind != b.Kind || a.ShortTag() != b.ShortTag() || (a.Kind == yaml.ScalarNode && a.Value != b.Value) {
		return a
	}
	for i, c := range a.Content {
		var d *yaml.Node
		if i < len(b.Content) {
			d = b.Content[i]
		}
		if n := firstChanged(c, d); n != nil {
			return n
		}
	}
	if len(b.Content) > len(a.Content) {
		return a
	}
	return nil
}

func errorsOnly(l diag.List) diag.List {
	return slices.DeleteFunc(l, func(d diag.Diagnostic) bool { return d.Severity != diag.Error })
}

func encode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// commentsKept reports whether the output keeps every comment: the
// comments yaml.v3 attached to nodes, in order, and every line of the
// source that is a comment on its own (which yaml.v3 might have failed to
// attach), the comment lines of src and of the output (see commentLines).
// When one is lost, it returns the source line of the first.
func commentsKept(src string, a, b *yaml.Node, srcComments, outComments []commentLine) (int, bool) {
	if ca, cb := comments(a, nil), comments(b, nil); !slices.Equal(ca, cb) {
		for i, c := range ca {
			if i >= len(cb) || cb[i] != c {
				return lineOf(src, c), false
			}
		}
		return 1, false
	}
	left := map[string]int{}
	for _, c := range outComments {
		left[c.text]++
	}
	for _, c := range srcComments {
		if left[c.text] == 0 {
			return c.line, false
		}
		left[c.text]--
	}
	return 0, true
}

// commentsInPlace reports whether every comment line of the output comes
// before the same key, item or value as in the source: yaml.v3 may attach
// a comment that ends a nested block to the next node in the output,
// inside another step. Comment lines with the same text are paired in
// order. When one moved, it returns its source line.
func commentsInPlace(a, b *yaml.Node, srcComments, outComments []commentLine) (int, bool) {
	la, lb := nodeLines(a, nil), nodeLines(b, nil)
	if len(la) != len(lb) {
		return 1, false
	}
	seen := map[string]int{}
	for _, c := range srcComments {
		n := seen[c.text]
		seen[c.text]++
		o, ok := nthComment(outComments, c.text, n)
		if !ok || following(la, c.line) != following(lb, o) {
			return c.line, false
		}
	}
	return 0, true
}

type commentLine struct {
	line int
	text string
}

// commentLines returns the lines of text, parsed as doc, that hold only a
// comment: a line of a block scalar's text that starts with # is text.
func commentLines(text string, doc *yaml.Node) []commentLine {
	var out []commentLine
	lines := strings.Split(text, "\n")
	inText := blockText(doc, lines)
	for i, l := range lines {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "#") && !inText[i+1] {
			out = append(out, commentLine{i + 1, t})
		}
	}
	return out
}

// blockText returns the lines (1-based) of lines, parsed as doc, that are
// the text of a literal or folded block: from the line after its header,
// as long as they are blank or indented as its first line of text.
func blockText(doc *yaml.Node, lines []string) map[int]bool {
	text := map[int]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && n.Line >= 1 {
			indent := -1
			for j := n.Line; j < len(lines); j++ { // lines[j] is line j+1
				l := lines[j]
				if strings.TrimSpace(l) == "" {
					text[j+1] = true
					continue
				}
				in := len(l) - len(strings.TrimLeft(l, " "))
				if indent < 0 {
					indent = in
				}
				if in < indent || in == 0 {
					break
				}
				text[j+1] = true
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc)
	return text
}

// nthComment returns the line of the n-th (from 0) comment line with the
// given text.
func nthComment(lines []commentLine, text string, n int) (int, bool) {
	for _, c := range lines {
		if c.text == text {
			if n == 0 {
				return c.line, true
			}
			n--
		}
	}
	return 0, false
}

// nodeLines appends the line of n's descendants in document order, in
// which their lines never decrease.
func nodeLines(n *yaml.Node, out []int) []int {
	for _, c := range n.Content {
		out = append(out, c.Line)
		out = nodeLines(c, out)
	}
	return out
}

// following returns the index in lines of the first node below line.
func following(lines []int, line int) int {
	i, _ := slices.BinarySearch(lines, line+1)
	return i
}

// comments appends the comment lines of n and its descendants, in tree
// order.
func comments(n *yaml.Node, out []string) []string {
	for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
		for l := range strings.SplitSeq(c, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
	}
	for _, c := range n.Content {
		out = comments(c, out)
	}
	return out
}

// lineOf returns the first line of src that holds the comment c, or 1.
func lineOf(src, c string) int {
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, c) {
			return i + 1
		}
	}
	return 1
}

// keepBlankLines puts a blank line back before each key and sequence item
// of out that had one in the source (before its head comment, if any):
// yaml.v3 drops them, and writers use them to separate procedures.
func keepBlankLines(src []string, a *yaml.Node, out []byte, b *yaml.Node) []byte {
	blankBefore := map[int]bool{} // lines of out
	var walk func(a, b *yaml.Node)
	walk = func(a, b *yaml.Node) {
		for i := range a.Content {
			ca, cb := a.Content[i], b.Content[i]
			item := a.Kind == yaml.SequenceNode || (a.Kind == yaml.MappingNode && i%2 == 0)
			if item && blankAbove(src, firstLine(ca)) {
				blankBefore[firstLine(cb)] = true
			}
			walk(ca, cb)
		}
	}
	walk(a, b)
	if len(blankBefore) == 0 {
		return out
	}
	lines := strings.SplitAfter(string(out), "\n")
	var buf strings.Builder
	for i, l := range lines {
		// yaml.v3 writes a blank line of its own after a folded block.
		if blankBefore[i+1] && i > 0 && strings.TrimSpace(lines[i-1]) != "" {
			buf.WriteString("\n")
		}
		buf.WriteString(l)
	}
	return []byte(buf.String())
}

// firstLine is the line where a node's text starts: its head comment's
// first line, if it has one.
func firstLine(n *yaml.Node) int {
	if n.HeadComment == "" {
		return n.Line
	}
	return n.Line - strings.Count(n.HeadComment, "\n") - 1
}

// blankAbove reports whether the source line above line is blank.
func blankAbove(src []string, line int) bool {
	return line >= 2 && line-2 < len(src) && strings.TrimSpace(src[line-2]) == ""
}

// Differs describes, for kbc fmt --check, the first line at which src and
// its canonical layout differ.
func Differs(src, formatted []byte) (line int, differs bool) {
	if bytes.Equal(src, formatted) {
		return 0, false
	}
	a, b := strings.Split(string(src), "\n"), strings.Split(string(formatted), "\n")
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i + 1, true
		}
	}
	return min(len(a), len(b)), true
}
