package content

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// Rule names of the findings the loader reports. They are lint rules in
// their own right: the lint package lists them with their docs.
const (
	RuleSyntax = contentfile.RuleSyntax // the file is not well-formed YAML or text
	RuleSchema = "schema"               // the YAML does not have the shape of a content file
)

// decoder turns yaml.v3 nodes of one file into model values, reporting
// every shape problem at its node's position instead of stopping at the
// first one.
type decoder struct {
	file  string
	lines []string // the source, for mapping scalars back to columns
	diags *diag.List
}

func (d *decoder) pos(n *yaml.Node) diag.Position {
	return diag.Position{File: d.file, Line: n.Line, Column: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.diags.Errorf(d.pos(n), RuleSchema, format, args...)
}

func (d *decoder) warnf(n *yaml.Node, format string, args ...any) {
	d.diags.Warnf(d.pos(n), RuleSchema, format, args...)
}

// kindName describes a node's kind the way a writer thinks of it.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "empty"
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "a number"
		}
		return "a string"
	}
	return "nothing"
}

// fields checks that n is a mapping whose keys are all among known and
// returns the value node of each key present. Unknown keys are reported
// with the nearest known key as a hint; duplicate keys, by pairs, with the
// position of the first.
func (d *decoder) fields(n *yaml.Node, what string, known ...string) map[string]*yaml.Node {
	kvs, ok := d.knownPairs(n, what, known...)
	if !ok {
		return nil
	}
	m := make(map[string]*yaml.Node, len(kvs))
	for _, kv := range kvs {
		m[kv[0].Value] = kv[1]
	}
	return m
}

// knownPairs checks what fields checks and returns the pairs of n whose
// keys are among known; ok is false when n is not a mapping.
func (d *decoder) knownPairs(n *yaml.Node, what string, known ...string) (kvs [][2]*yaml.Node, ok bool) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping, not %s", what, kindName(n))
		return nil, false
	}
	all := d.pairs(n, what)
	kvs = all[:0] // filtered in place: pairs made the slice for us
	for _, kv := range all {
		if k := kv[0]; !contains(known, k.Value) {
			d.errorf(k, "unknown key %q in %s%s", k.Value, what, suggest.Hint(k.Value, known))
			continue
		}
		kvs = append(kvs, kv)
	}
	return kvs, true
}

// valueOf returns the value of key among kvs, or nil.
func valueOf(kvs [][2]*yaml.Node, key string) *yaml.Node {
	for _, kv := range kvs {
		if kv[0].Value == key {
			return kv[1]
		}
	}
	return nil
}

// pairs returns the key and value nodes of a mapping whose keys are ids
// chosen by the writer, reporting duplicates.
func (d *decoder) pairs(n *yaml.Node, what string) [][2]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping, not %s", what, kindName(n))
		return nil
	}
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	// Most mappings have a few keys, among which a scan finds a duplicate
	// sooner than a map is made; a translation file has hundreds.
	var seen map[string]*yaml.Node
	if len(n.Content)/2 > smallMapping {
		seen = make(map[string]*yaml.Node, len(n.Content)/2)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s keys must be strings, not %s", what, kindName(k))
			continue
		}
		if first := firstKey(out, seen, k.Value); first != nil {
			d.diags.Add(diag.Diagnostic{
				Pos: d.pos(k), Rule: RuleSchema, Severity: diag.Error,
				Message: fmt.Sprintf("duplicate key %q in %s (first at line %d)", k.Value, what, first.Line),
				Related: []diag.Related{{Pos: d.pos(first), Message: "first defined here"}},
			})
			continue
		}
		if seen != nil {
			seen[k.Value] = k
		}
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

// smallMapping is the most keys a mapping has for pairs to look for
// duplicates without a map.
const smallMapping = 16

// firstKey returns the key node of the pair in out with the given key, or
// nil; seen, when not nil, maps the keys of out to their nodes.
func firstKey(out [][2]*yaml.Node, seen map[string]*yaml.Node, key string) *yaml.Node {
	if seen != nil {
		return seen[key]
	}
	for _, kv := range out {
		if kv[0].Value == key {
			return kv[0]
		}
	}
	return nil
}

// require reports each key that m lacks.
func (d *decoder) require(n *yaml.Node, m map[string]*yaml.Node, what string, keys ...string) {
	if m == nil {
		return
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			d.missingKey(n, what, k)
		}
	}
}

// requirePairs reports each key that kvs, from knownPairs, lacks.
func (d *decoder) requirePairs(n *yaml.Node, kvs [][2]*yaml.Node, what string, keys ...string) {
	for _, k := range keys {
		if valueOf(kvs, k) == nil {
			d.missingKey(n, what, k)
		}
	}
}

func (d *decoder) missingKey(n *yaml.Node, what, key string) {
	d.errorf(n, "%s is missing required key %q", what, key)
}

// list checks that n is a sequence and returns its items.
func (d *decoder) list(n *yaml.Node, what string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s must be a list, not %s", what, kindName(n))
		return nil
	}
	return n.Content
}

// str returns the value of a string scalar. Numbers and booleans are
// rejected: a writer who typed `title: 2024` meant text, and a schema
// editor would flag it too.
func (d *decoder) str(n *yaml.Node, what string) (string, bool) {
	if n == nil {
		return "", false
	}
	// A plain 2024-01-01 resolves to !!timestamp, but YAML 1.2 editors and
	// JSON Schema see it as the string it is.
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "" && n.Tag != "!!timestamp") {
		d.errorf(n, "%s must be a string, not %s", what, kindName(n))
		return "", false
	}
	return n.Value, true
}

// text returns a prose value with its translation key and position.
func (d *decoder) text(n *yaml.Node, key, what string) Text {
	s, ok := d.str(n, what)
	if !ok {
		return Text{}
	}
	if strings.TrimSpace(s) == "" {
		d.errorf(n, "%s is empty", what)
	}
	return Text{Key: key, Value: s, Pos: d.pos(n), shape: d.shapeOf(n)}
}

// shapeOf works out whether offsets in a scalar's value map straight onto
// source columns (one-line scalars without escapes) or lines (literal
// blocks).
func (d *decoder) shapeOf(n *yaml.Node) scalarShape {
	if n.Line < 1 || n.Line > len(d.lines) {
		return scalarShape{}
	}
	line := d.lines[n.Line-1]
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
		for _, next := range d.lines[n.Line:] {
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

func (d *decoder) boolean(n *yaml.Node, what string) bool {
	if n == nil {
		return false
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errorf(n, "%s must be true or false, not %s", what, kindName(n))
		return false
	}
	return n.Value == "true"
}

var (
	elementID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	articleID = regexp.MustCompile(`^KB[0-9]+$`)
)

// IsArticleID reports whether s has the form of a KB id, such as KB2277.
func IsArticleID(s string) bool { return articleID.MatchString(s) }

// id returns an element id, reporting one that is not lower-case words
// joined by hyphens: ids become URL fragments and translation keys.
func (d *decoder) id(n *yaml.Node, what string) string {
	s, ok := d.str(n, what)
	if !ok {
		return ""
	}
	if !elementID.MatchString(s) {
		d.errorf(n, "invalid %s %q: use lower-case letters, digits and single hyphens, like \"open-app\"", what, s)
	}
	return s
}

func (d *decoder) articleID(n *yaml.Node, what string) string {
	s, ok := d.str(n, what)
	if !ok {
		return ""
	}
	if !articleID.MatchString(s) {
		d.errorf(n, "invalid %s %q: a KB id is \"KB\" followed by digits, like \"KB2277\"", what, s)
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
