package content

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
)

// Rule names of the findings the loader reports. They are lint rules in
// their own right: the lint package lists them with their docs.
const (
	RuleSyntax = contentfile.RuleSyntax // the file is not well-formed YAML or text
	RuleSchema = contentfile.RuleSchema // the YAML does not have the shape of a content file
)

// decoder turns yaml.v3 nodes of one content file into model values
// (see contentfile.Decoder).
type decoder struct {
	contentfile.Decoder
}

func newDecoder(file string, lines []string, diags *diag.List) *decoder {
	return &decoder{contentfile.Decoder{File: file, Lines: lines, Diags: diags}}
}

// text returns a prose value with its translation key and position.
func (d *decoder) text(n *yaml.Node, key, what string) Text {
	s, ok := d.Str(n, what)
	if !ok {
		return Text{}
	}
	if strings.TrimSpace(s) == "" {
		d.Errorf(n, "%s is empty", what)
	}
	return Text{Key: key, Value: s, Pos: d.Pos(n), shape: d.shapeOf(n)}
}

// shapeOf works out whether offsets in a scalar's value map straight onto
// source columns (one-line scalars without escapes) or lines (literal
// blocks).
func (d *decoder) shapeOf(n *yaml.Node) scalarShape {
	if n.Line < 1 || n.Line > len(d.Lines) {
		return scalarShape{}
	}
	line := d.Lines[n.Line-1]
	start := byteOffsetOfColumn(line, n.Column)
	switch n.Style {
	case 0, yaml.FlowStyle:
		if strings.HasPrefix(line[start:], n.Value) {
			return scalarShape{kind: shapeInline}
		}
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		if start+1 <= len(line) && strings.HasPrefix(line[start+1:], n.Value) {
			return scalarShape{kind: shapeInline, quoted: true}
		}
	case yaml.LiteralStyle:
		// The content's indentation is that of its first non-blank line;
		// leading blank lines say nothing about it.
		for _, next := range d.Lines[n.Line:] {
			if strings.TrimSpace(next) != "" {
				indent := len(next) - len(strings.TrimLeft(next, " "))
				return scalarShape{kind: shapeLiteral, indent: indent + 1}
			}
		}
	}
	return scalarShape{}
}

func byteOffsetOfColumn(line string, col int) int {
	i := 0
	for c := 1; c < col && i < len(line); c++ {
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	return i
}

var (
	elementID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	articleID = regexp.MustCompile(`^KB[0-9]{1,12}$`)
)

// IsArticleID reports whether s has the form of a KB id, such as KB2277.
func IsArticleID(s string) bool { return articleID.MatchString(s) }

// id returns an element id, reporting one that is not lower-case words
// joined by hyphens: ids become URL fragments and translation keys.
func (d *decoder) id(n *yaml.Node, what string) string {
	if n != nil && n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		// Quoting the number would only make it a string naming a number.
		d.Errorf(n, "%s %s is a number; an id names what it stands for, like \"open-app\": numbers are derived from order", what, n.Value)
		return ""
	}
	s, ok := d.Str(n, what)
	if !ok {
		return ""
	}
	if !elementID.MatchString(s) {
		d.Errorf(n, "invalid %s %q: use lower-case letters, digits and single hyphens, like \"open-app\"", what, s)
	}
	return s
}

func (d *decoder) articleID(n *yaml.Node, what string) string {
	s, ok := d.Str(n, what)
	if !ok {
		return ""
	}
	if !articleID.MatchString(s) {
		d.Errorf(n, "invalid %s %q: a KB id is \"KB\" followed by one to twelve digits, like \"KB2277\"", what, s)
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
