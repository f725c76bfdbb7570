package i18n

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// PluralFormNames lists the CLDR plural categories in their usual order.
var PluralFormNames = []string{"zero", "one", "two", "few", "many", "other"}

// reservedKeys are the keys of a go-i18n message map that are not forms.
var reservedKeys = []string{"id", "description", "hash", "leftDelim", "rightDelim"}

// MessageDef is one message as written in a message file, with the
// positions the ui-strings rule reports at.
type MessageDef struct {
	ID     string
	File   string // set by Layers.Messages: the file, in its layer's folder
	Layer  int    // set by Layers.Messages: the index of that layer
	Line   int
	Column int
	// Forms maps each plural form written to its text; a message written
	// as a plain string has the single form "other".
	Forms  map[string]Form
	Plural bool // written as a map of plural forms
	// LeftDelim and RightDelim are the delimiters of the message's
	// placeholders, "{{" and "}}" unless the message sets its own.
	LeftDelim, RightDelim string
}

// Form is one text of a message, at its place in the file: the text of
// a plain message, or of one of its plural forms.
type Form struct {
	Text         string
	Line, Column int
}

// ReadMessageFile reads a go-i18n YAML message file keeping the position
// of every message, which go-i18n itself does not report. A file that
// go-i18n would not read, or that is no well-formed UTF-8 YAML, is a
// *SyntaxError at its first problem: lint then reports it where it is,
// rather than the build failing on it.
func ReadMessageFile(fsys fs.FS, name string) ([]*MessageDef, error) {
	buf, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	if onlyComments(buf) {
		return nil, nil
	}
	var diags diag.List
	root, _ := contentfile.Parse(name, buf, &diags)
	aliases := false
	for _, d := range diags {
		switch {
		case d.Severity != diag.Error:
		case d.Message == contentfile.AliasesRefused:
			aliases = true
		default:
			return nil, &SyntaxError{Line: d.Pos.Line, Column: d.Pos.Column, Msg: d.Message}
		}
	}
	if aliases {
		// go-i18n reads anchors and aliases, which content files may not
		// hold: the text passed the other checks, and yaml.v3 bounds the
		// aliasing it expands.
		var doc yaml.Node
		if err := yaml.Unmarshal(buf, &doc); err != nil || len(doc.Content) == 0 {
			return nil, &SyntaxError{Line: 1, Column: 1, Msg: fmt.Sprint(err)}
		}
		root = doc.Content[0]
	}
	if root == nil {
		return nil, &SyntaxError{Line: 1, Column: 1, Msg: "cannot be read as YAML"} // Parse reported why as an error
	}
	if root.Kind != yaml.MappingNode {
		return nil, syntaxError(root, "a message file is a mapping from message id to text")
	}
	var defs []*MessageDef
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], unaliased(root.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str" {
			return nil, syntaxError(k, "a message id is a text: quote it, as %q", k.Value)
		}
		if first := seen[k.Value]; first != nil {
			return nil, syntaxError(k, "message %s is defined twice; the first is at line %d", k.Value, first.Line)
		}
		seen[k.Value] = k
		d, err := readMessage(k, v)
		if err != nil {
			return nil, err
		}
		defs = append(defs, d)
	}
	return defs, nil
}

// readMessage reads the message whose id is k and whose text, or map of
// plural forms and settings, is v.
func readMessage(k, v *yaml.Node) (*MessageDef, error) {
	d := &MessageDef{ID: k.Value, Line: k.Line, Column: k.Column, Forms: map[string]Form{}, LeftDelim: "{{", RightDelim: "}}"}
	switch v.Kind {
	case yaml.ScalarNode:
		if err := checkText(d.ID, "", v); err != nil {
			return nil, err
		}
		d.Forms["other"] = Form{v.Value, v.Line, v.Column}
	case yaml.MappingNode:
		seen := map[string]*yaml.Node{}
		for j := 0; j+1 < len(v.Content); j += 2 {
			kj, vj := v.Content[j], unaliased(v.Content[j+1])
			key := kj.Value
			if first := seen[key]; first != nil {
				return nil, syntaxError(kj, "message %s has %s twice; the first is at line %d", d.ID, key, first.Line)
			}
			seen[key] = kj
			if !slices.Contains(PluralFormNames, key) && !slices.Contains(reservedKeys, key) {
				return nil, syntaxError(kj, "message %s has unknown key %q; a message is a text, or a map of the plural forms %s", d.ID, key, strings.Join(PluralFormNames, ", "))
			}
			if err := checkText(d.ID, key, vj); err != nil {
				return nil, err
			}
			switch {
			case slices.Contains(PluralFormNames, key):
				d.Forms[key] = Form{vj.Value, vj.Line, vj.Column}
				d.Plural = true
			case key == "leftDelim" && vj.Value != "":
				d.LeftDelim = vj.Value
			case key == "rightDelim" && vj.Value != "":
				d.RightDelim = vj.Value
			}
		}
	default:
		return nil, syntaxError(v, "message %s is neither a text nor a map of plural forms", d.ID)
	}
	return d, nil
}

// checkText refuses a value of a message that go-i18n does not read as
// text: a number or a boolean, which it takes for a nested message, or
// a list or a map. key is the plural form or setting, "" for the text
// of a plain message.
func checkText(id, key string, v *yaml.Node) error {
	what := "message " + id
	if key != "" {
		what += "'s " + key
	}
	switch {
	case v.Kind != yaml.ScalarNode:
		return syntaxError(v, "%s is not a text", what)
	case v.ShortTag() != "!!str" && v.ShortTag() != "!!null":
		return syntaxError(v, "%s, %s, is not a text: quote it, as %q", what, v.Value, v.Value)
	}
	return nil
}

// unaliased returns the node an alias stands for, or n.
func unaliased(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// SyntaxError is a message file that go-i18n would not read, or that is
// no well-formed UTF-8 YAML, at its first problem.
type SyntaxError struct {
	Line, Column int
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

func syntaxError(n *yaml.Node, format string, args ...any) *SyntaxError {
	return &SyntaxError{Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)}
}

// onlyComments reports whether a file holds nothing but comments and
// blank lines: a catalog with no message, which go-i18n reads as one.
func onlyComments(buf []byte) bool {
	for line := range bytes.Lines(buf) {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			return false
		}
	}
	return true
}

var pluralCache sync.Map // locale -> []string

// pluralProbes are counts that between them reach every CLDR plural
// category of the languages go-i18n knows: small integers, the teens and
// hundreds some rules single out, a million (French "many"), decimals.
var pluralProbes = func() []any {
	var ps []any
	for n := 0; n <= 120; n++ {
		ps = append(ps, n)
	}
	for _, n := range []int{200, 1000, 10000, 100000, 1000000, 2000000} {
		ps = append(ps, n)
	}
	return append(ps, "0.5", "1.5", "2.5", "0.0", "1.0", "1.25")
}()

// PluralForms returns the CLDR plural forms a message needs in the locale
// to be formatted for every count, as go-i18n's rules for the locale
// select them.
func PluralForms(locale string) []string {
	if v, ok := pluralCache.Load(locale); ok {
		return v.([]string)
	}
	tag := language.Make(locale)
	b := i18n.NewBundle(tag)
	msg := &i18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	if err := b.AddMessages(tag, msg); err != nil {
		return []string{"other"}
	}
	loc := i18n.NewLocalizer(b, locale)
	seen := map[string]bool{}
	for _, p := range pluralProbes {
		if s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "probe", PluralCount: p}); err == nil {
			seen[s] = true
		}
	}
	var forms []string
	for _, f := range PluralFormNames {
		if seen[f] {
			forms = append(forms, f)
		}
	}
	pluralCache.Store(locale, forms)
	return forms
}

// SampleCount returns a count that takes the plural form in the locale,
// so that a message's text for that form can be shown to code that
// selects forms itself, as Intl.PluralRules in the browser does.
func SampleCount(locale, form string) (int, bool) {
	key := locale + " " + form
	if v, ok := sampleCache.Load(key); ok {
		return v.(int), v.(int) >= 0
	}
	n, ok := sampleCount(locale, form)
	if !ok {
		n = -1
	}
	sampleCache.Store(key, n)
	return max(n, 0), ok
}

// sampleCache holds what SampleCount found, by locale and form, or -1 for
// a form the locale lacks: every build asks for every locale's forms, and
// each answer costs a bundle of go-i18n's plural rules.
var sampleCache sync.Map

func sampleCount(locale, form string) (int, bool) {
	tag := language.Make(locale)
	b := i18n.NewBundle(tag)
	msg := &i18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	if err := b.AddMessages(tag, msg); err != nil {
		return 0, false
	}
	loc := i18n.NewLocalizer(b, locale)
	for _, p := range pluralProbes {
		n, ok := p.(int)
		if !ok {
			continue
		}
		if s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "probe", PluralCount: n}); err == nil && s == form {
			return n, true
		}
	}
	return 0, false
}
