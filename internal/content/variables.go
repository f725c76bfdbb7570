package content

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// Variable is a value that prose names with {{var:NAME}} instead of
// typing it: a support phone number, a URL, a minimum app version. It is
// declared once, under variables: in kb.yaml, with a value for every
// locale and its own value in the locales where it differs. A variable's
// value does not inflect: it is shown as written, in every grammatical
// context, so it holds no words that would.
type Variable struct {
	Name  string
	Pos   diag.Position // of the name
	Value Text          // shown in every locale without a value of its own
	// Locales holds the values of the locales where the value differs.
	Locales map[string]Text
	// AllowTypedNumbers says that the numbers typed into the values are
	// meant as written (a product called "Step 2 Verify"), so that the
	// hardcoded-numbers rule does not read them.
	AllowTypedNumbers bool
}

// In returns the variable's value in the locale.
func (v *Variable) In(locale string) Text {
	if t, ok := v.Locales[locale]; ok {
		return t
	}
	return v.Value
}

// Variable returns the variable with the name, or nil.
func (c *Config) Variable(name string) *Variable {
	for _, v := range c.Variables {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// UnknownVariable explains a {{var:}} reference to a name kb.yaml does
// not declare, with the nearest declared name.
func (c *Config) UnknownVariable(name string) string {
	names := make([]string, len(c.Variables))
	for i, v := range c.Variables {
		names[i] = v.Name
	}
	return "unknown variable \"" + name + "\": declare it under variables: in kb.yaml" + suggest.Hint(name, names)
}

// decodeVariables reads the variables of kb.yaml: each name maps to its
// value, or to a mapping of value, the values of the locales where it
// differs (locales) and allow_typed_numbers.
func (d *decoder) decodeVariables(n *yaml.Node, cfg *Config) {
	for _, kv := range d.Pairs(n, "variables") {
		v := &Variable{Name: d.id(kv[0], "variable name"), Pos: d.Pos(kv[0])}
		what := "variable " + v.Name
		if kv[1].Kind == yaml.ScalarNode {
			v.Value = d.variableValue(kv[1], what)
			cfg.Variables = append(cfg.Variables, v)
			continue
		}
		m := d.Fields(kv[1], what, "value", "locales", "allow_typed_numbers")
		if m == nil {
			continue
		}
		d.Require(kv[1], m, what, "value")
		if vn := m["value"]; vn != nil {
			v.Value = d.variableValue(vn, what)
		}
		if ln := m["locales"]; ln != nil {
			v.Locales = map[string]Text{}
			for _, lkv := range d.Pairs(ln, what+" locales") {
				l := lkv[0].Value
				if !cfg.HasLocale(l) {
					d.Errorf(lkv[0], "%s has a value for locale %q, which is not configured%s", what, l, suggest.LocaleHint(l, cfg.Locales))
					continue
				}
				v.Locales[l] = d.variableValue(lkv[1], what+" in "+l)
			}
		}
		if an := m["allow_typed_numbers"]; an != nil {
			v.AllowTypedNumbers = d.Boolean(an, "allow_typed_numbers")
		}
		cfg.Variables = append(cfg.Variables, v)
	}
}

// variableValue reads one value of a variable: text on one line that
// holds no reference, since it is shown as written.
func (d *decoder) variableValue(n *yaml.Node, what string) Text {
	t := d.text(n, "", what)
	switch {
	case strings.ContainsAny(t.Value, "\n\r"):
		d.Errorf(n, "%s is more than one line; a variable's value is shown inline, as written", what)
	case len(ParseRefs(t.Value)) > 0:
		d.Errorf(n, "%s holds a reference; a variable's value is shown as written, so it names no step, figure, article or variable", what)
	}
	return t
}
