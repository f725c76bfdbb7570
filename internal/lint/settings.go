package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// Check is a kind of finding inside a rule that kb.yaml may give a
// severity of its own, such as "missing" in translations.
type Check struct {
	Name string
	Doc  string // one line
}

// off is the severity of findings a setting turns off.
const off diag.Severity = -1

// settings are the severities kb.yaml sets, by rule, check and locale
// ("" for any).
type settings map[settingKey]diag.Severity

type settingKey struct{ rule, check, locale string }

// severity returns the severity of a finding of the rule and check in
// the locale: the most specific setting, a locale's before the
// knowledge base's and a check's before its rule's, else def.
func (s settings) severity(rule, check, locale string, def diag.Severity) diag.Severity {
	for _, k := range []settingKey{{rule, check, locale}, {rule, "", locale}, {rule, check, ""}, {rule, "", ""}} {
		if sev, ok := s[k]; ok {
			return sev
		}
	}
	return def
}

// compileSettings reads the rule settings of kb.yaml against the rules:
// an unknown rule or check is a finding at its name, and the rules whose
// findings the loader reports cannot be set.
func compileSettings(cfg *content.Config, rules []*Rule) (settings, diag.List) {
	s := settings{}
	var diags diag.List
	names := make([]string, len(rules))
	for i, r := range rules {
		names[i] = r.Name
	}
	for _, rs := range cfg.Rules {
		i := slices.IndexFunc(rules, func(r *Rule) bool { return r.Name == rs.Rule })
		if i < 0 {
			msg := fmt.Sprintf("unknown rule %q", rs.Rule)
			if m := suggest.Nearest(rs.Rule, names); m != "" {
				msg += fmt.Sprintf("; did you mean %q?", m)
			} else {
				msg += "; kbc lint --list-rules names the rules"
			}
			diags.Errorf(rs.Pos, content.RuleSchema, "%s", msg)
			continue
		}
		r := rules[i]
		if r.Run == nil {
			diags.Errorf(rs.Pos, content.RuleSchema, "the %s rule cannot be set: a file kbc cannot read whole can be neither checked nor published", r.Name)
			continue
		}
		s.set(r, "", rs.Severity)
		for _, c := range rs.Checks {
			s.setCheck(r, "", c, cfg.Locales, &diags)
		}
		for _, ls := range rs.Locales {
			s.set(r, ls.Locale, ls.Severity)
			for _, c := range ls.Checks {
				s.setCheck(r, ls.Locale, c, cfg.Locales, &diags)
			}
		}
	}
	return s, diags
}

func (s settings) set(r *Rule, locale string, st content.Setting) {
	if st.Value != "" {
		s[settingKey{r.Name, "", locale}] = parseSeverity(st.Value)
	}
}

func (s settings) setCheck(r *Rule, locale string, st content.Setting, locales []string, diags *diag.List) {
	if !slices.ContainsFunc(r.Checks, func(c Check) bool { return c.Name == st.Name }) {
		var names []string
		for _, c := range r.Checks {
			names = append(names, c.Name)
		}
		msg := fmt.Sprintf("rule %s has no check %q", r.Name, st.Name)
		switch {
		case locale == "" && isLanguageTag(st.Name):
			// A locale removed from kb.yaml, or not yet added to it.
			msg = fmt.Sprintf("rule %s is set for locale %q, which is not configured (%s)%s", r.Name, st.Name, strings.Join(locales, ", "), suggest.LocaleHint(st.Name, locales))
		case len(names) == 0:
			msg += "; set the rule's severity as a whole, or per locale"
		case suggest.Nearest(st.Name, names) != "":
			msg += suggest.Hint(st.Name, names)
		default:
			msg += fmt.Sprintf("; its checks are %v, and a key may also be a configured locale", names)
		}
		diags.Errorf(st.Pos, content.RuleSchema, "%s", msg)
		return
	}
	if st.Value != "" {
		s[settingKey{r.Name, st.Name, locale}] = parseSeverity(st.Value)
	}
}

func parseSeverity(v string) diag.Severity {
	switch v {
	case "error":
		return diag.Error
	case "warning":
		return diag.Warning
	case "info":
		return diag.Info
	}
	return off
}
