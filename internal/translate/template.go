// Package translate holds the translator's side of the knowledge base:
// the templates that hand a translator exactly the units missing or stale
// in a locale (package coverage says which); what a translator is told of
// each unit besides its text, its place and page and, from the git
// history, the source a stale translation was made from; and the import
// that writes translated XLIFF documents (package xliff) back into the
// locale files (package localefile), checked first as kbc lint would.
package translate

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/localefile"
)

// WriteTemplate writes the pending units as YAML entries to paste into the
// locale file: the source text as a comment, and the current fingerprint
// with an empty text to fill in. A stale unit keeps its translation as the
// starting point, and the fingerprint it was made from: pasted as it is,
// it stays stale, as its text was not revised; a comment gives the
// fingerprint to set once it is.
func WriteTemplate(w io.Writer, a *content.Article, locale string, pending []coverage.Pending) error {
	fmt.Fprintf(w, "# %s: %d unit(s) to translate into %s\n", a.ID, len(pending), locale)
	for _, p := range pending {
		fmt.Fprintf(w, "%s:\n", p.Source.Key)
		for _, line := range strings.Split(p.Source.Value, "\n") {
			// A blank line of the source leaves no trailing space.
			fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("  # %s: %s", a.Lang, line), " "))
		}
		text, fp := "", fingerprintScalar(content.Fingerprint(p.Source.Value))
		if p.Old != nil {
			text = p.Old.Text.Value
		}
		switch {
		case p.State == coverage.Stale && p.Old != nil && p.Old.Source == "":
			fmt.Fprintf(w, "  # stale: no fingerprint says which %s text this translation was made from; check it, then set source to %s\n", a.Lang, fp)
			fp = `""`
		case p.State == coverage.Stale && p.Old != nil:
			fmt.Fprintf(w, "  # stale: the %s text changed since this translation; revise it, then set source to %s\n", a.Lang, fp)
			fp = fingerprintScalar(p.Old.Source)
		}
		fmt.Fprintf(w, "  text: %s\n", quote(text))
		if _, err := fmt.Fprintf(w, "  source: %s\n", fp); err != nil {
			return err
		}
	}
	return nil
}

// fingerprintScalar writes a fingerprint so that YAML reads it back as a
// string: hex digits such as 00768409 or 1234e567 would otherwise be read
// as a number (see content.FingerprintReadsAsNumber).
func fingerprintScalar(fp string) string {
	if content.FingerprintReadsAsNumber(fp) {
		return quote(fp)
	}
	return fp
}

// quote writes s as a double-quoted YAML scalar, which can hold any text.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// FillLocaleFile writes the article's locale file so that it holds a unit
// for every text of the source: each one it lacks is added where source
// order puts it, with an empty text to fill in, the current fingerprint,
// and the source text as a comment above it. A file that does not exist
// is created, with its lang key. Units already in the file, translated or
// not, current or stale, are left as they are, byte for byte: filling a
// template never overwrites a translation. The file is locked while it is
// read and replaced, as an import locks it, and a file that changed
// meanwhile is not replaced (a *localefile.ChangedError). It returns the
// file and how many units it added; with none to add, nothing is written.
func FillLocaleFile(a *content.Article, locale string) (path string, added int, err error) {
	path = localefile.Path(a, locale)
	e := &localefile.LocaleEdit{Article: a, Locale: locale, Path: path}
	for _, p := range coverage.UnitStates(a, locale) {
		if p.State == coverage.Missing && p.Old == nil {
			var comment strings.Builder
			for _, l := range strings.Split(strings.TrimSuffix(p.Source.Value, "\n"), "\n") {
				fmt.Fprintf(&comment, "%s: %s\n", a.Lang, l)
			}
			e.Units = append(e.Units, localefile.ImportedUnit{Key: p.Source.Key, Source: content.Fingerprint(p.Source.Value),
				Comment: strings.TrimSuffix(comment.String(), "\n")})
		}
	}
	f, err := localefile.Read(path, true)
	if err != nil {
		return path, 0, err
	}
	defer f.Release()
	if len(e.Units) == 0 && f.Exists {
		return path, 0, nil
	}
	var old []byte
	if f.Exists {
		old = f.Data
	}
	out, added, _, err := e.Render(old)
	if err != nil {
		return path, 0, err
	}
	tmp, err := localefile.WriteTemp(path, out, f.Mode)
	if err != nil {
		return path, 0, err
	}
	defer os.Remove(tmp)
	if err := f.Unchanged(); err != nil {
		return path, 0, err
	}
	return path, added, f.Replace(tmp)
}
