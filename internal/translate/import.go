package translate

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/localefile"
	"github.com/kbcdev/kbc/internal/suggest"
	"github.com/kbcdev/kbc/internal/xliff"
)

// Import gathers the translations of XLIFF documents into edits of the
// locale files, checking every document and unit against the knowledge
// base. A document that is not XLIFF 2 for a configured locale is skipped
// whole; a unit with a problem is skipped and the others are kept, so
// that the findings cover them all. Prepare and Commit write the edits;
// kbc writes none when there is an error finding.
type Import struct {
	kb    *content.KB
	diags diag.List
	edits map[string]*localefile.LocaleEdit // by locale file
	seen  map[string]diag.Position
	// Units counts the units of the documents; Unchanged those whose
	// target is already in the locale file, from the current source.
	Units, Unchanged int
	// Skipped lists the units left out, in the order read.
	Skipped []Skipped
}

// Skipped is a unit of an XLIFF document that an import leaves out, and
// why: not translated yet, stale on arrival, or refused with an error.
type Skipped struct {
	Pos    diag.Position // the unit in the document
	Unit   string
	Reason string
}

// NewImport starts an import into the knowledge base.
func NewImport(kb *content.KB) *Import {
	return &Import{kb: kb, edits: map[string]*localefile.LocaleEdit{}, seen: map[string]diag.Position{}}
}

// Diagnostics returns the findings so far, sorted.
func (im *Import) Diagnostics() diag.List {
	im.diags.Sort()
	return im.diags
}

// Edits returns the locale files to write, sorted by path.
func (im *Import) Edits() []*localefile.LocaleEdit {
	var out []*localefile.LocaleEdit
	for _, e := range im.edits {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func (im *Import) errorf(pos diag.Position, locale, format string, args ...any) {
	im.diags.Add(diag.Diagnostic{Pos: pos, Rule: xliff.Rule, Severity: diag.Error, Locale: locale, Message: fmt.Sprintf(format, args...)})
}

// checkRoot checks the root element and returns the configured locale the
// document translates into.
func (im *Import) checkRoot(doc *xliff.Document) (string, bool) {
	cfg := im.kb.Config
	switch {
	case doc.Local == "xliff" && strings.HasPrefix(doc.Namespace, "urn:oasis:names:tc:xliff:document:1."):
		im.errorf(doc.Pos, "", "an XLIFF %s document (namespace %q): kbc reads XLIFF 2.0 and 2.1, which kbc i18n export writes; have the translation tool save the document as XLIFF 2", strings.TrimPrefix(doc.Namespace, "urn:oasis:names:tc:xliff:document:"), doc.Namespace)
		return "", false
	case doc.Local != "xliff" || doc.Namespace != xliff.Namespace:
		im.errorf(doc.Pos, "", "root element is <%s> in namespace %q, not <xliff> in %q", doc.Local, doc.Namespace, xliff.Namespace)
		return "", false
	case doc.Version != "2.0" && doc.Version != "2.1":
		im.errorf(doc.Pos, "", "XLIFF version %q: kbc reads XLIFF 2.0 and 2.1", doc.Version)
		return "", false
	case doc.TrgLang == "":
		im.errorf(doc.Pos, "", "the document has no trgLang: the locale to import into")
		return "", false
	}
	locale := configuredLocale(cfg, doc.TrgLang)
	if locale == "" {
		im.errorf(doc.Pos, "", "trgLang %q is not one of the configured locales %s", doc.TrgLang, strings.Join(cfg.Locales, ", "))
		return "", false
	}
	if configuredLocale(cfg, doc.SrcLang) == "" {
		im.errorf(doc.Pos, locale, "srcLang %q is not one of the configured locales %s", doc.SrcLang, strings.Join(cfg.Locales, ", "))
		return "", false
	}
	return locale, true
}

// configuredLocale returns the configured locale that tag names; language
// tags are case-insensitive. A tag with a region or script the locales do
// not have, as CAT tools write (fr-FR), names the configured locale of its
// language alone (fr), when there is one.
func configuredLocale(cfg *content.Config, tag string) string {
	if base, _, found := strings.Cut(tag, "-"); found && base != "" && !slices.ContainsFunc(cfg.Locales, func(l string) bool { return strings.EqualFold(l, tag) }) {
		tag = base
	}
	for _, l := range cfg.Locales {
		if strings.EqualFold(l, tag) {
			return l
		}
	}
	return ""
}

// article returns the article a <file> translates, if it may be imported.
func (im *Import) article(doc *xliff.Document, f *xliff.DocumentFile, locale string) *content.Article {
	a := im.kb.Article(f.ID)
	if fr := im.kb.Fragment(f.ID); a == nil && fr != nil {
		a = &fr.Article
	}
	switch {
	case a == nil:
		var ids []string
		for _, a := range im.kb.Translatable() {
			ids = append(ids, a.ID)
		}
		im.errorf(f.Pos, locale, "%s", fmt.Sprintf("no article %q in the knowledge base", f.ID)+suggest.Hint(f.ID, ids))
		return nil
	case configuredLocale(im.kb.Config, doc.SrcLang) != a.Lang:
		im.errorf(f.Pos, locale, "%s is written in %s, but the document's srcLang is %s", a.ID, a.Lang, doc.SrcLang)
		return nil
	case a.Lang == locale:
		im.errorf(f.Pos, locale, "%s is written in %s: its source is not translated into its own locale", a.ID, locale)
		return nil
	}
	return a
}

// sameRefs reports whether two texts hold the same references, as a
// multiset, each as content.InlineRef.Canonical writes it: a translation
// may say a step reference in a context of its own grammar.
func sameRefs(a, b string) bool {
	ra, rb := refList(a), refList(b)
	return slices.Equal(ra, rb)
}

func refList(s string) []string {
	var out []string
	for _, r := range content.ParseRefs(s) {
		out = append(out, r.Canonical())
	}
	slices.Sort(out)
	return out
}

// add records a unit to write, once per article, locale and key.
func (im *Import) add(a *content.Article, locale string, u localefile.ImportedUnit) {
	id := a.ID + "\x00" + locale + "\x00" + u.Key
	if first, ok := im.seen[id]; ok {
		im.errorf(u.From, locale, "%s %s is translated twice; the first is at %s: keep one of the two", a.ID, u.Key, first)
		im.Skipped = append(im.Skipped, Skipped{Pos: u.From, Unit: u.Key, Reason: fmt.Sprintf("refused: translated twice; the first is at %s", first)})
		return
	}
	im.seen[id] = u.From
	path := localefile.Path(a, locale)
	e := im.edits[path]
	if e == nil {
		_, err := os.Stat(path)
		e = &localefile.LocaleEdit{Article: a, Locale: locale, Path: path, Exists: err == nil}
		im.edits[path] = e
	}
	e.Units = append(e.Units, u)
	order := map[string]int{}
	for i, t := range a.Texts() {
		order[t.Key] = i
	}
	sort.SliceStable(e.Units, func(i, j int) bool { return order[e.Units[i].Key] < order[e.Units[j].Key] })
}
