// Package coverage says how far the knowledge base is translated: where
// each source text stands in a locale (current, stale or missing), the
// units of a locale file that translate no text, and the counts and
// publication state of each article in each locale that kbc i18n status
// reports.
package coverage

import "github.com/kbcdev/kbc/internal/content"

// State is where a unit stands in one locale.
type State int

const (
	Current State = iota // translated from the current source text
	Missing              // no translation
	Stale                // translated from an older source text
)

func (s State) String() string {
	return [...]string{"current", "missing", "stale"}[s]
}

// Pending is a source unit and where it stands in a locale.
type Pending struct {
	Source *content.Text
	State  State
	Old    *content.Unit // the unit of the locale file, if any: stale, empty (missing), or current in UnitStates
}

// UnitStates returns every source unit of the article with its state in
// the locale, in document order.
func UnitStates(a *content.Article, locale string) []Pending {
	tr := a.Translations[locale]
	var out []Pending
	for _, t := range a.Texts() {
		var u *content.Unit
		if tr != nil {
			u = tr.Units[t.Key]
		}
		switch {
		case u == nil:
			out = append(out, Pending{Source: t, State: Missing})
		case u.Text.Value == "":
			// A unit left empty, as a filled-in template has them, is
			// not translated yet: the page shows the source text.
			out = append(out, Pending{Source: t, State: Missing, Old: u})
		case u.Source != content.Fingerprint(t.Value):
			out = append(out, Pending{Source: t, State: Stale, Old: u})
		default:
			out = append(out, Pending{Source: t, State: Current, Old: u})
		}
	}
	return out
}

// PendingUnits returns the units of the article that are missing or stale
// in the locale, in document order.
func PendingUnits(a *content.Article, locale string) []Pending {
	var out []Pending
	for _, p := range UnitStates(a, locale) {
		if p.State != Current {
			out = append(out, p)
		}
	}
	return out
}

// OrphanUnits returns the units of the locale's file whose keys name no text
// of the article's source, in file order: left over from a removed or
// renamed element, or mistyped.
func OrphanUnits(a *content.Article, locale string) []*content.Unit {
	tr := a.Translations[locale]
	if tr == nil {
		return nil
	}
	keys := map[string]bool{}
	for _, t := range a.Texts() {
		keys[t.Key] = true
	}
	var out []*content.Unit
	for _, u := range tr.Order {
		if !keys[u.Key] {
			out = append(out, u)
		}
	}
	return out
}
