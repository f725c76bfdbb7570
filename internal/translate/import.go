package translate

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
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
	edits map[string]*LocaleEdit // by locale file
	seen  map[string]diag.Position
	// Unchanged counts units whose target is already in the locale file,
	// from the current source.
	Unchanged int
}

// LocaleEdit is what an import writes into one article's locale file.
type LocaleEdit struct {
	Article *content.Article
	Locale  string
	Path    string          // the locale file; it may not exist yet
	Units   []ImportedUnit  // in source order
	Exists  bool            // whether Path exists
	keys    map[string]bool // of Units
}

// ImportedUnit is one translated text to write, with the fingerprint of
// the source text it translates.
type ImportedUnit struct {
	Key    string
	Text   string
	Source string
	From   diag.Position // the XLIFF unit
}

// NewImport starts an import into the knowledge base.
func NewImport(kb *content.KB) *Import {
	return &Import{kb: kb, edits: map[string]*LocaleEdit{}, seen: map[string]diag.Position{}}
}

// Diagnostics returns the findings so far, sorted.
func (im *Import) Diagnostics() diag.List {
	im.diags.Sort()
	return im.diags
}

// Edits returns the locale files to write, sorted by path.
func (im *Import) Edits() []*LocaleEdit {
	var out []*LocaleEdit
	for _, e := range im.edits {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Add reads one XLIFF document; file names it in findings.
func (im *Import) Add(file string, src []byte) {
	doc := readXLIFF(file, src, &im.diags)
	if doc == nil {
		return
	}
	locale, ok := im.checkRoot(doc)
	if !ok {
		return
	}
	for _, f := range doc.Files {
		a := im.article(doc, f, locale)
		if a == nil {
			continue
		}
		texts := map[string]*content.Text{}
		var keys []string
		for _, t := range a.Texts() {
			texts[t.Key] = t
			keys = append(keys, t.Key)
		}
		for _, u := range f.Units {
			t := texts[u.ID]
			if t == nil {
				msg := fmt.Sprintf("%s has no text with key %q", a.ID, u.ID)
				if m := content.Nearest(u.ID, keys); m != "" {
					msg += fmt.Sprintf("; did you mean %q?", m)
				}
				im.errorf(u.Pos, locale, "%s", msg)
				continue
			}
			if text, ok := im.checkUnit(a, locale, t, u); ok {
				im.add(a, locale, ImportedUnit{Key: t.Key, Text: text, Source: content.Fingerprint(t.Value), From: u.Pos})
			}
		}
	}
}

func (im *Import) errorf(pos diag.Position, locale, format string, args ...any) {
	im.diags.Add(diag.Diagnostic{Pos: pos, Rule: RuleXLIFF, Severity: diag.Error, Locale: locale, Message: fmt.Sprintf(format, args...)})
}

func (im *Import) warnf(pos diag.Position, locale, format string, args ...any) {
	im.diags.Add(diag.Diagnostic{Pos: pos, Rule: RuleXLIFF, Severity: diag.Warning, Locale: locale, Message: fmt.Sprintf(format, args...)})
}

// checkRoot checks the root element and returns the configured locale the
// document translates into.
func (im *Import) checkRoot(doc *xliffDoc) (string, bool) {
	cfg := im.kb.Config
	switch {
	case doc.Local != "xliff" || doc.Namespace != XLIFFNamespace:
		im.errorf(doc.Pos, "", "root element is <%s> in namespace %q, not <xliff> in %q", doc.Local, doc.Namespace, XLIFFNamespace)
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
// tags are case-insensitive.
func configuredLocale(cfg *content.Config, tag string) string {
	for _, l := range cfg.Locales {
		if strings.EqualFold(l, tag) {
			return l
		}
	}
	return ""
}

// article returns the article a <file> translates, if it may be imported.
func (im *Import) article(doc *xliffDoc, f *xliffFile, locale string) *content.Article {
	a := im.kb.Article(f.ID)
	switch {
	case a == nil:
		var ids []string
		for _, a := range im.kb.Articles {
			ids = append(ids, a.ID)
		}
		msg := fmt.Sprintf("no article %q in the knowledge base", f.ID)
		if m := content.Nearest(f.ID, ids); m != "" {
			msg += fmt.Sprintf("; did you mean %q?", m)
		}
		im.errorf(f.Pos, locale, "%s", msg)
		return nil
	case !strings.EqualFold(a.Lang, doc.SrcLang):
		im.errorf(f.Pos, locale, "%s is written in %s, but the document's srcLang is %s", a.ID, a.Lang, doc.SrcLang)
		return nil
	case a.Lang == locale:
		im.errorf(f.Pos, locale, "%s is written in %s: its source is not translated into its own locale", a.ID, locale)
		return nil
	}
	return a
}

// checkUnit checks one unit against the source text t and returns the
// translated text, its references restored, when it may be imported.
func (im *Import) checkUnit(a *content.Article, locale string, t *content.Text, u *xliffUnit) (string, bool) {
	if u.Bad {
		return "", false
	}
	fp := content.Fingerprint(t.Value)
	n, ok := u.note(noteSource)
	switch {
	case !ok:
		im.errorf(u.Pos, locale, "unit %q has no <note category=%q>: without the fingerprint of the source it was translated from it cannot be imported", u.ID, noteSource)
		return "", false
	case strings.TrimSpace(n.Text) != fp:
		im.warnf(n.Pos, locale, "%s %s: the source text changed since the export (fingerprint %s, now %s); unit skipped, export it again",
			a.ID, u.ID, strings.TrimSpace(n.Text), fp)
		return "", false
	case u.Segments > 1:
		im.errorf(u.Pos, locale, "unit %q has %d segments: kbc exports one per unit and does not resegment", u.ID, u.Segments)
		return "", false
	}
	existing := existingText(a, locale, t.Key)
	target := u.text(sourcePlaceholders(t.Value), t.Value)
	switch {
	case u.State == "initial":
		if u.HasTarget && target != "" && target != existing {
			im.warnf(u.StatePos, locale, "unit %q has a target but its state is initial; set state=\"translated\" to import it", u.ID)
		}
		return "", false
	case !u.HasTarget || strings.TrimSpace(target) == "":
		im.errorf(u.StatePos, locale, "unit %q is %s but has no target text", u.ID, u.State)
		return "", false
	}
	refs, ok := im.checkPlaceholders(locale, t, u)
	if !ok {
		return "", false
	}
	text := u.text(refs, t.Value)
	if !sameRefs(t.Value, text) {
		im.errorf(u.TargetPos, locale, "unit %q: the target's references %s differ from the source's %s; write references as the placeholders only",
			u.ID, refList(text), refList(t.Value))
		return "", false
	}
	if tr := a.Translations[locale]; tr != nil {
		if old := tr.Units[t.Key]; old != nil && old.Text.Value == text && old.Source == fp {
			im.Unchanged++
			return "", false
		}
	}
	return text, true
}

// checkPlaceholders checks that the target holds each placeholder of the
// source exactly once, unchanged, and returns what each id stands for.
func (im *Import) checkPlaceholders(locale string, t *content.Text, u *xliffUnit) (map[string]string, bool) {
	refs := map[string]string{}
	var ids []string
	for id, r := range sourcePlaceholders(t.Value) {
		refs[id] = r
		ids = append(ids, id)
	}
	ok := true
	seen := map[string]bool{}
	for _, p := range u.Target {
		ph := p.PH
		if ph == nil {
			continue
		}
		ref, known := refs[ph.ID]
		switch {
		case !known:
			im.errorf(ph.Pos, locale, "unit %q: placeholder id %q is not in the source", u.ID, ph.ID)
			ok = false
		case seen[ph.ID]:
			im.errorf(ph.Pos, locale, "unit %q: placeholder %q (%s) appears twice; references cannot be copied", u.ID, ph.ID, ref)
			ok = false
		case ph.HasEquiv && ph.Equiv != ref:
			im.errorf(ph.Pos, locale, "unit %q: placeholder %q was changed to %q; the source has %s", u.ID, ph.ID, ph.Equiv, ref)
			ok = false
		}
		seen[ph.ID] = true
	}
	slices.Sort(ids)
	for _, id := range ids {
		if !seen[id] {
			im.errorf(u.TargetPos, locale, "unit %q: the target drops placeholder %q (%s); references cannot be deleted", u.ID, id, refs[id])
			ok = false
		}
	}
	return refs, ok
}

// sourcePlaceholders maps each placeholder id of an exported source text
// to the reference it stands for, as WriteXLIFF numbers them.
func sourcePlaceholders(source string) map[string]string {
	out := map[string]string{}
	for k, ids := range placeholderIDs(source) {
		for _, id := range ids {
			out[id] = k
		}
	}
	return out
}

// sameRefs reports whether two texts hold the same references, as a
// multiset and as written.
func sameRefs(a, b string) bool {
	ra, rb := refList(a), refList(b)
	return slices.Equal(ra, rb)
}

func refList(s string) []string {
	var out []string
	for _, r := range content.ParseRefs(s) {
		out = append(out, s[r.Start:r.End])
	}
	slices.Sort(out)
	return out
}

func existingText(a *content.Article, locale, key string) string {
	if tr := a.Translations[locale]; tr != nil {
		if u := tr.Units[key]; u != nil {
			return u.Text.Value
		}
	}
	return ""
}

// add records a unit to write, once per article, locale and key.
func (im *Import) add(a *content.Article, locale string, u ImportedUnit) {
	id := a.ID + "\x00" + locale + "\x00" + u.Key
	if first, ok := im.seen[id]; ok {
		im.errorf(u.From, locale, "%s %s is translated twice; the first, at %s, is imported", a.ID, u.Key, first)
		return
	}
	im.seen[id] = u.From
	path := localeFile(a, locale)
	e := im.edits[path]
	if e == nil {
		_, err := os.Stat(path)
		e = &LocaleEdit{Article: a, Locale: locale, Path: path, Exists: err == nil, keys: map[string]bool{}}
		im.edits[path] = e
	}
	e.Units = append(e.Units, u)
	e.keys[u.Key] = true
	order := map[string]int{}
	for i, t := range a.Texts() {
		order[t.Key] = i
	}
	sort.SliceStable(e.Units, func(i, j int) bool { return order[e.Units[i].Key] < order[e.Units[j].Key] })
}

// localeFile is the article's translation file for the locale: the one
// loaded, or the conventional name for a new one.
func localeFile(a *content.Article, locale string) string {
	if tr := a.Translations[locale]; tr != nil {
		return tr.File
	}
	for _, ext := range []string{".yaml", ".yml"} {
		p := filepath.Join(a.Dir, locale+ext)
		if _, err := os.Lstat(p); err == nil {
			return p
		}
	}
	return filepath.Join(a.Dir, locale+".yaml")
}
