package contentfile

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// RuleSchema names the findings about the shape of a file: the YAML does
// not have the shape of a content file.
const RuleSchema = "schema"

// Decoder turns yaml.v3 nodes of one file into values, reporting every
// shape problem at its node's position instead of stopping at the first
// one.
type Decoder struct {
	File  string
	Lines []string // the source, for mapping scalars back to columns
	Diags *diag.List
}

func (d *Decoder) Pos(n *yaml.Node) diag.Position {
	return diag.Position{File: d.File, Line: n.Line, Column: n.Column}
}

func (d *Decoder) Errorf(n *yaml.Node, format string, args ...any) {
	d.Diags.Errorf(d.Pos(n), RuleSchema, format, args...)
}

func (d *Decoder) Warnf(n *yaml.Node, format string, args ...any) {
	d.Diags.Warnf(d.Pos(n), RuleSchema, format, args...)
}

// KindName describes a node's kind the way a writer thinks of it.
func KindName(n *yaml.Node) string {
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
		case "!!str", "":
			return "a string"
		}
		// !!binary, !!timestamp where a string is not allowed, or a tag
		// of the writer's own: a string is what they were not taken for.
		return "a value tagged " + n.Tag
	}
	return "nothing"
}

// Fields checks that n is a mapping whose keys are all among known and
// returns the value node of each key present. Unknown keys are reported
// with the nearest known key as a hint; duplicate keys, by Pairs, with the
// position of the first.
func (d *Decoder) Fields(n *yaml.Node, what string, known ...string) map[string]*yaml.Node {
	kvs, ok := d.KnownPairs(n, what, known...)
	if !ok {
		return nil
	}
	m := make(map[string]*yaml.Node, len(kvs))
	for _, kv := range kvs {
		m[kv[0].Value] = kv[1]
	}
	return m
}

// KnownPairs checks what Fields checks and returns the pairs of n whose
// keys are among known; ok is false when n is not a mapping.
func (d *Decoder) KnownPairs(n *yaml.Node, what string, known ...string) (kvs [][2]*yaml.Node, ok bool) {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "%s must be a mapping, not %s", what, KindName(n))
		return nil, false
	}
	all := d.Pairs(n, what)
	kvs = all[:0] // filtered in place: pairs made the slice for us
	for _, kv := range all {
		if k := kv[0]; !slices.Contains(known, k.Value) {
			d.unknownKey(k, what, known)
			continue
		}
		kvs = append(kvs, kv)
	}
	return kvs, true
}

// misplacedKeys explains the keys writers put where they do not belong,
// by "what.key": the nearest known key would be no help there.
var misplacedKeys = map[string]string{
	"step.next": "a step goes on to the step below it; next, back and end belong to a choice, under choices:",
	"step.end":  "a procedure ends after its last step; next, back and end belong to a choice, under choices:",
	"step.back": "next, back and end belong to a choice, under choices:",
}

// unknownKey reports a key that is not among known. The known key nearest
// to it, if any, is the finding's guessed fix, which lets kbc lint tell
// the findings that follow from the misspelling.
func (d *Decoder) unknownKey(k *yaml.Node, what string, known []string) {
	if hint, ok := misplacedKeys[what+"."+k.Value]; ok {
		d.Errorf(k, "%s has no key %q: %s", what, k.Value, hint)
		return
	}
	f := diag.Diagnostic{Pos: d.Pos(k), Rule: RuleSchema, Severity: diag.Error,
		Message: fmt.Sprintf("unknown key %q in %s%s", k.Value, what, suggest.Hint(k.Value, known))}
	if near := suggest.Nearest(k.Value, known); near != "" && k.Style == 0 {
		f.Fix = &diag.Fix{Message: fmt.Sprintf("rename the key to %q", near), Guess: true,
			Edits: []diag.Edit{diag.NewEdit(k.Line, k.Column, k.Value, near)}}
	}
	d.Diags.Add(f)
}

// ValueOf returns the value of key among kvs, or nil.
func ValueOf(kvs [][2]*yaml.Node, key string) *yaml.Node {
	for _, kv := range kvs {
		if kv[0].Value == key {
			return kv[1]
		}
	}
	return nil
}

// Pairs returns the key and value nodes of a mapping whose keys are ids
// chosen by the writer, reporting duplicates.
func (d *Decoder) Pairs(n *yaml.Node, what string) [][2]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "%s must be a mapping, not %s", what, KindName(n))
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
			d.Errorf(k, "%s keys must be strings, not %s", what, KindName(k))
			continue
		}
		if first := firstKey(out, seen, k.Value); first != nil {
			d.Diags.Add(diag.Diagnostic{
				Pos: d.Pos(k), Rule: RuleSchema, Severity: diag.Error,
				Message: fmt.Sprintf("duplicate key %q in %s (first at line %d)", k.Value, what, first.Line),
				Related: []diag.Related{{Pos: d.Pos(first), Message: "first defined here"}},
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

// smallMapping is the most keys a mapping has for Pairs to look for
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

// Require reports each key that m lacks.
func (d *Decoder) Require(n *yaml.Node, m map[string]*yaml.Node, what string, keys ...string) {
	if m == nil {
		return
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			d.missingKey(n, what, k)
		}
	}
}

// RequirePairs reports each key that kvs, from KnownPairs, lacks.
func (d *Decoder) RequirePairs(n *yaml.Node, kvs [][2]*yaml.Node, what string, keys ...string) {
	for _, k := range keys {
		if ValueOf(kvs, k) == nil {
			d.missingKey(n, what, k)
		}
	}
}

func (d *Decoder) missingKey(n *yaml.Node, what, key string) {
	d.Errorf(n, "%s is missing required key %q", what, key)
}

// List checks that n is a sequence and returns its items.
func (d *Decoder) List(n *yaml.Node, what string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, "%s must be a list, not %s", what, KindName(n))
		return nil
	}
	return n.Content
}

// Str returns the value of a string scalar. Numbers and booleans are
// rejected: a writer who typed `title: 2024` meant text, and a schema
// editor would flag it too.
func (d *Decoder) Str(n *yaml.Node, what string) (string, bool) {
	if n == nil {
		return "", false
	}
	// A plain 2024-01-01 resolves to !!timestamp, but YAML 1.2 editors and
	// JSON Schema see it as the string it is.
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		// The wording of an empty text, as the decoders of texts say it.
		d.Errorf(n, "%s is empty%s", what, d.commentHint(n))
		return "", false
	}
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "" && n.Tag != "!!timestamp") {
		d.Errorf(n, "%s must be a string, not %s%s", what, KindName(n), flowHint(n))
		return "", false
	}
	return n.Value, true
}

// commentHint explains an empty value where the line goes on with what
// reads as a value that starts with #, such as a colour, written without
// quotes: a # then no space. A comment ("# set it later") is one.
func (d *Decoder) commentHint(n *yaml.Node) string {
	if n.Line < 1 || n.Line > len(d.Lines) || n.Column < 1 {
		return ""
	}
	line := []rune(d.Lines[n.Line-1])
	if n.Column > len(line) {
		return ""
	}
	rest := strings.TrimLeft(string(line[n.Column-1:]), " ")
	if !strings.HasPrefix(rest, "#") || len(rest) < 2 || rest[1] == ' ' || rest[1] == '\t' {
		return ""
	}
	return fmt.Sprintf("; YAML reads what follows \" #\" as a comment: write the value in quotes, %q", strings.TrimSpace(rest))
}

// flowHint explains a text that starts with a reference, which YAML reads
// as a mapping in a mapping ("{{step:open}}").
func flowHint(n *yaml.Node) string {
	if n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle != 0 && len(n.Content) > 0 && n.Content[0].Kind == yaml.MappingNode {
		return "; a value that starts with a reference is read as a mapping: put the whole value in double quotes"
	}
	return ""
}

func (d *Decoder) Boolean(n *yaml.Node, what string) bool {
	if n == nil {
		return false
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.Errorf(n, "%s must be true or false, not %s", what, KindName(n))
		return false
	}
	return n.Value == "true"
}

// SameData reports whether two trees hold the same data: kinds, resolved
// tags, values and order, however they are written. A tool that rewrites
// a file checks with it that the rewrite changed only how it is written.
func SameData(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || a.ShortTag() != b.ShortTag() || a.Value != b.Value || len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !SameData(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}
