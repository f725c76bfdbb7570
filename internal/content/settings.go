package content

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// Fallback choices: what a locale's page shows while an article has no
// translation into it.
const (
	FallbackSource = "source" // the page shows the source text, with a notice
	FallbackOmit   = "omit"   // the article has no page in that locale
)

// Severities a rule setting may name; "off" drops the findings.
var Severities = []string{"error", "warning", "info", "off"}

// RuleSetting is how kb.yaml sets the severity of a lint rule's findings:
// for the whole rule, for checks inside it, and for either in one locale.
// Package lint knows the rules and their checks and says whether the
// names are right.
type RuleSetting struct {
	Rule     string
	Pos      diag.Position // of the rule's key
	Severity Setting       // for the whole rule; Value "" when unset
	Checks   []Setting     // Name is the check
	Locales  []LocaleSetting
}

// LocaleSetting is a rule's setting in one locale.
type LocaleSetting struct {
	Locale   string
	Severity Setting
	Checks   []Setting
}

// Setting is one name set to a severity.
type Setting struct {
	Name, Value string
	Pos         diag.Position // of the name
}

// decodeLifecycle reads the settings of kb.yaml that say how articles are
// published: the locales that must be complete, what a page shows for
// want of a translation, and the severity of lint rules.
func (d *decoder) decodeLifecycle(m map[string]*yaml.Node, cfg *Config) {
	cfg.Fallback = FallbackSource
	if n := m["fallback"]; n != nil {
		if s, ok := d.Str(n, "fallback"); ok {
			if s != FallbackSource && s != FallbackOmit {
				d.Errorf(n, "fallback %q is not one of %s, %s", s, FallbackSource, FallbackOmit)
			} else {
				cfg.Fallback = s
			}
		}
	}
	for _, n := range d.List(m["required_locales"], "required_locales") {
		l, ok := d.locale(n)
		switch {
		case !ok:
		case !cfg.HasLocale(l):
			d.Errorf(n, "required locale %q is not among the locales %s%s", l, strings.Join(cfg.Locales, ", "), suggest.LocaleHint(l, cfg.Locales))
		case slices.Contains(cfg.RequiredLocales, l):
			d.Errorf(n, "locale %q is listed twice", l)
		default:
			cfg.RequiredLocales = append(cfg.RequiredLocales, l)
		}
	}
	if n := m["rules"]; n != nil {
		for _, kv := range d.Pairs(n, "rules") {
			cfg.Rules = append(cfg.Rules, d.ruleSetting(kv[0], kv[1], cfg))
		}
	}
}

// ruleSetting reads one entry of rules: a severity, or a mapping of check
// names and locales to severities, a locale's value being a severity or a
// mapping of check names to severities.
func (d *decoder) ruleSetting(k, v *yaml.Node, cfg *Config) *RuleSetting {
	rs := &RuleSetting{Rule: k.Value, Pos: d.Pos(k)}
	if v.Kind == yaml.ScalarNode {
		rs.Severity = d.severity(k, v)
		return rs
	}
	for _, kv := range d.Pairs(v, "rule "+rs.Rule) {
		name := kv[0].Value
		if !cfg.HasLocale(name) {
			rs.Checks = append(rs.Checks, d.severity(kv[0], kv[1]))
			continue
		}
		ls := LocaleSetting{Locale: name}
		if kv[1].Kind == yaml.ScalarNode {
			ls.Severity = d.severity(kv[0], kv[1])
		} else {
			for _, ckv := range d.Pairs(kv[1], "rule "+rs.Rule+" in "+name) {
				ls.Checks = append(ls.Checks, d.severity(ckv[0], ckv[1]))
			}
		}
		rs.Locales = append(rs.Locales, ls)
	}
	return rs
}

func (d *decoder) severity(k, v *yaml.Node) Setting {
	st := Setting{Name: k.Value, Pos: d.Pos(k)}
	s, ok := d.Str(v, "severity")
	if !ok {
		return st
	}
	if !slices.Contains(Severities, s) {
		d.Errorf(v, "severity %q is not one of %s%s", s, strings.Join(Severities, ", "), suggest.Hint(s, Severities))
		return st
	}
	st.Value = s
	return st
}

// IsRequired reports whether missing translations into the locale are
// errors.
func (c *Config) IsRequired(locale string) bool { return slices.Contains(c.RequiredLocales, locale) }

// Article statuses.
const (
	Draft     = "draft"     // linted and previewed, never published
	Published = "published" // the default
	Retired   = "retired"   // its pages send readers to ReplacedBy
)

// Statuses are the values an article's status may take.
var Statuses = []string{Draft, Published, Retired}

// decodeStatus reads an article's status and, for a retired article, the
// article that replaces it.
func (d *decoder) decodeStatus(m map[string]*yaml.Node, a *Article) {
	a.Status = Published
	if n := m["status"]; n != nil {
		if s, ok := d.Str(n, "status"); ok {
			if !slices.Contains(Statuses, s) {
				d.Errorf(n, "status %q is not one of %s%s", s, strings.Join(Statuses, ", "), suggest.Hint(s, Statuses))
			} else {
				a.Status = s
			}
		}
	}
	n := m["replaced_by"]
	switch {
	case n != nil && a.Status != Retired:
		d.Errorf(n, "replaced_by is for a retired article; this one is %s", a.Status)
	case n != nil:
		if id := d.articleID(n, "replaced_by"); id != "" {
			a.ReplacedBy = Ref{ID: id, Pos: d.Pos(n)}
		}
	case a.Status == Retired:
		d.Errorf(m["status"], "a retired article names the article that replaces it: add replaced_by: KBnnnn, so that links to it keep working")
	}
}
