// Package translate holds the translator's side of the knowledge base:
// which units of an article are missing or stale in a locale, and the
// templates that hand exactly those units to a translator.
package translate

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
)

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

// WriteTemplate writes the pending units as YAML entries to paste into the
// locale file: the source text as a comment, the previous translation (if
// stale) as the starting point, and the current fingerprint.
func WriteTemplate(w io.Writer, a *content.Article, locale string, pending []Pending) error {
	fmt.Fprintf(w, "# %s: %d unit(s) to translate into %s\n", a.ID, len(pending), locale)
	for _, p := range pending {
		fmt.Fprintf(w, "%s:\n", p.Source.Key)
		for _, line := range strings.Split(p.Source.Value, "\n") {
			fmt.Fprintf(w, "  # %s: %s\n", a.Lang, line)
		}
		text := ""
		if p.Old != nil {
			text = p.Old.Text.Value
		}
		fmt.Fprintf(w, "  text: %s\n", quote(text))
		if _, err := fmt.Fprintf(w, "  source: %s\n", fingerprintScalar(content.Fingerprint(p.Source.Value))); err != nil {
			return err
		}
	}
	return nil
}

// fingerprintScalar writes a fingerprint so that YAML reads it back as a
// string: hex digits such as 00768409 or 1234e567 would otherwise be read
// as a number, which the loader rejects.
func fingerprintScalar(fp string) string {
	if strings.Trim(fp, "0123456789eE") == "" {
		return quote(fp)
	}
	return fp
}

// quote writes s as a double-quoted YAML scalar, which can hold any text.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
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

// FillLocaleFile writes the article's locale file so that it holds a unit
// for every text of the source: each one it lacks is added where source
// order puts it, with an empty text to fill in, the current fingerprint,
// and the source text as a comment above it. A file that does not exist
// is created, with its lang key. Units already in the file, translated or
// not, current or stale, are left as they are, byte for byte: filling a
// template never overwrites a translation. The file is locked while it is
// read and replaced, as an import locks it, and a file that changed
// meanwhile is not replaced (a *ChangedError). It returns the file and
// how many units it added; with none to add, nothing is written.
func FillLocaleFile(a *content.Article, locale string) (path string, added int, err error) {
	path = localeFile(a, locale)
	e := &LocaleEdit{Article: a, Locale: locale, Path: path, keys: map[string]bool{}}
	for _, p := range UnitStates(a, locale) {
		if p.State == Missing && p.Old == nil {
			var comment strings.Builder
			for _, l := range strings.Split(strings.TrimSuffix(p.Source.Value, "\n"), "\n") {
				fmt.Fprintf(&comment, "%s: %s\n", a.Lang, l)
			}
			e.Units = append(e.Units, ImportedUnit{Key: p.Source.Key, Source: content.Fingerprint(p.Source.Value),
				Comment: strings.TrimSuffix(comment.String(), "\n")})
		}
	}
	f, err := readLocked(path, true)
	if err != nil {
		return path, 0, err
	}
	defer f.release()
	if len(e.Units) == 0 && f.exists {
		return path, 0, nil
	}
	var old []byte
	if f.exists {
		old = f.data
	}
	out, added, _, err := e.Render(old)
	if err != nil {
		return path, 0, err
	}
	tmp, err := writeTemp(path, out, f.mode)
	if err != nil {
		return path, 0, err
	}
	defer os.Remove(tmp)
	if err := f.unchanged(); err != nil {
		return path, 0, err
	}
	return path, added, f.replace(tmp)
}
