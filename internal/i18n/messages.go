package i18n

import (
	"fmt"
	"io/fs"
	"slices"
	"sync"

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
// of every message, which go-i18n itself does not report.
func ReadMessageFile(fsys fs.FS, name string) ([]*MessageDef, error) {
	buf, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(buf, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: a message file is a mapping from message id to text", root.Line)
	}
	var defs []*MessageDef
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		d := &MessageDef{ID: k.Value, Line: k.Line, Column: k.Column, Forms: map[string]Form{}, LeftDelim: "{{", RightDelim: "}}"}
		switch v.Kind {
		case yaml.ScalarNode:
			d.Forms["other"] = Form{v.Value, v.Line, v.Column}
		case yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				key := v.Content[j].Value
				if slices.Contains(PluralFormNames, key) {
					f := v.Content[j+1]
					d.Forms[key] = Form{f.Value, f.Line, f.Column}
					d.Plural = true
				} else if key == "leftDelim" && v.Content[j+1].Value != "" {
					d.LeftDelim = v.Content[j+1].Value
				} else if key == "rightDelim" && v.Content[j+1].Value != "" {
					d.RightDelim = v.Content[j+1].Value
				} else if !slices.Contains(reservedKeys, key) {
					return nil, fmt.Errorf("line %d: message %s has unknown key %q", v.Content[j].Line, d.ID, key)
				}
			}
		default:
			return nil, fmt.Errorf("line %d: message %s is neither a string nor a map of plural forms", v.Line, d.ID)
		}
		defs = append(defs, d)
	}
	return defs, nil
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
