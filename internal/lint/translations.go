package lint

import (
	"fmt"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/coverage"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// Translations checks every article's translation files against its source.
var Translations = &Rule{
	Name:     "translations",
	Severity: diag.Error,
	Doc: `every source text is translated in every locale, from its current version, with the same references
For each article and each configured locale other than the article's source
locale: a missing translation file is reported once at the article id, and a
missing unit at the source text it would translate (figure alt text included,
since a figure must be described in every locale). A unit whose source:
fingerprint no longer matches the source text is stale: the page still shows
it, marked as outdated, until the translator catches up. A unit whose key names
no source text is orphaned, left over from a renamed or removed element.
Translations carry text, not structure: a current unit must hold the same
{{kind:target}} references as its source, no more and no fewer.

Articles are published in their source locale first and translated later: in a
locale kb.yaml does not list under required_locales, missing, stale and orphaned
units are info, and the page shows the source text with a notice. In a required
locale, missing and orphaned units are errors and stale ones warnings, once the
article is published: a draft's are info, as in any other locale, and so are
a fragment's while no published article includes it. An orphan
whose key is one slip away from a text the file does not translate is that
text's translation under a misspelled key: it is at least a warning, with the
missing translation folded under it. kb.yaml's rules setting changes any of
these, per check and per locale.

A fingerprint written unquoted that YAML reads as a number other than its
digits, such as 00768409 or 1218e646, is info: kbc reads the digits, another
YAML tool would not. kbc lint --fix quotes it.`,
	Checks: []Check{
		{"missing", "a source text with no translation into the locale"},
		{"stale", "a translation made from an older version of its source text"},
		{"orphan", "a unit that translates no text of the source"},
		{"references", "a translation that adds or drops a reference of its source"},
		{"fingerprint", "a fingerprint that YAML reads as a number other than its digits"},
	},
	Run: runTranslations,
}

// Severities of the translations rule's checks by default: in a required
// locale, and in one published with fallbacks.
var (
	requiredSeverity = map[string]diag.Severity{"missing": diag.Error, "stale": diag.Warning, "orphan": diag.Error}
	optionalSeverity = map[string]diag.Severity{"missing": diag.Info, "stale": diag.Info, "orphan": diag.Info}
)

// reportCheck reports a finding of one of the rule's checks in a locale,
// at the check's default severity there.
func reportCheck(pass *Pass, a translated, check, locale string, pos diag.Position, format string, args ...any) {
	pass.Report(diag.Diagnostic{Pos: pos, Check: check, Locale: locale, Severity: checkSeverity(pass, a, check, locale), Message: fmt.Sprintf(format, args...)})
}

// checkSeverity is the default severity of one of the rule's checks in a
// locale, for an article: a draft, which is not published, is held to
// the locales kb.yaml requires only once it is.
func checkSeverity(pass *Pass, a translated, check, locale string) diag.Severity {
	if pass.KB.Config.IsRequired(locale) && a.published {
		return requiredSeverity[check]
	}
	return optionalSeverity[check]
}

// translated is an article or a fragment whose translations are
// checked, and whether readers see it: a published article, or a
// fragment that one includes. Only then are the findings of a required
// locale errors: a fragment only drafts include is a draft's text.
type translated struct {
	*content.Article
	published bool
}

func runTranslations(pass *Pass) {
	var checked []translated
	for _, a := range pass.Articles() {
		checked = append(checked, translated{a, a.Status != content.Draft})
	}
	// A fragment is translated once, in its own files, whatever includes
	// it: it is checked as an article is (in every batch, as the findings
	// about the whole knowledge base are).
	if len(pass.KB.Fragments) > 0 {
		shown := includedFragments(pass.KB, func(a *content.Article) bool {
			return a.Status != content.Draft && a.Status != content.Retired
		})
		for _, f := range pass.KB.Fragments {
			checked = append(checked, translated{&f.Article, shown[f.ID]})
		}
	}
	for _, a := range checked {
		if a.Status == content.Retired {
			continue // its pages only send the reader on
		}
		for _, l := range pass.KB.Config.Locales {
			if l != a.Lang {
				checkTranslation(pass, a, l)
			}
		}
	}
}

func checkTranslation(pass *Pass, a translated, locale string) {
	if a.FailedTranslations[locale] {
		return // the file's own findings come first
	}
	pending := coverage.PendingUnits(a.Article, locale)
	if a.Translations[locale] == nil {
		if n := len(pending); n > 0 {
			reportCheck(pass, a, "missing", locale, a.Pos, "no %s translation: %s untranslated", locale, unitCount(n))
		}
		return
	}
	stale := map[string]bool{}
	for _, p := range pending {
		switch p.State {
		case coverage.Missing:
			reportCheck(pass, a, "missing", locale, p.Source.Pos, "%s has no %s translation", unitName(p.Source.Key), locale)
		case coverage.Stale:
			stale[p.Source.Key] = true
			pos := p.Old.SourcePos
			if !pos.IsValid() {
				// Written without a source fingerprint (the loader reports
				// that): point at the unit's key instead of nowhere.
				pos = p.Old.KeyPos
			}
			reportCheck(pass, a, "stale", locale, pos, "%s translation of %s is stale: the source text changed (fingerprint now %s)",
				locale, p.Source.Key, content.Fingerprint(p.Source.Value))
		}
	}
	for _, u := range a.Translations[locale].Order {
		if u.SourceNumber {
			reportNumericFingerprint(pass, locale, u)
		}
	}
	orphans := coverage.OrphanUnits(a.Article, locale)
	reportOrphans(pass, a, locale, orphans)
	for _, u := range a.Translations[locale].Order {
		site := pass.Index.SiteByKey[a.Article][u.Key]
		// A stale unit is redone anyway, and a source edit that changes a
		// reference must not turn every locale red until translators catch
		// up; the step-graph and figures rules still check what it points at.
		if site == nil || stale[u.Key] || u.Text.Value == "" {
			continue
		}
		compareRefs(pass, locale, site, u)
	}
}

// reportNumericFingerprint notes a fingerprint that YAML reads as a
// number other than its digits; quoting it is the fix.
func reportNumericFingerprint(pass *Pass, locale string, u *content.Unit) {
	p := u.SourcePos
	pass.Report(diag.Diagnostic{Pos: p, Check: "fingerprint", Locale: locale, Severity: diag.Info,
		Message: fmt.Sprintf("fingerprint %s reads as a number in YAML; quote it so that every YAML tool reads its digits", u.Source),
		Fix:     &diag.Fix{Message: "quote the fingerprint", Edits: []diag.Edit{diag.NewEdit(p.Line, p.Column, u.Source, `"`+u.Source+`"`)}},
	})
}

func reportOrphans(pass *Pass, a translated, locale string, orphans []*content.Unit) {
	if len(orphans) == 0 {
		return
	}
	var keys []string
	for _, t := range a.Texts() {
		keys = append(keys, t.Key)
	}
	units := a.Translations[locale].Units
	for _, u := range orphans {
		msg := fmt.Sprintf("%s unit %q translates no text of the source", locale, u.Key) + suggest.Hint(u.Key, keys)
		near := suggest.Nearest(u.Key, keys)
		if near == "" || units[near] != nil {
			reportCheck(pass, a, "orphan", locale, u.KeyPos, "%s", msg)
			continue
		}
		// A key one slip away from a text the file does not translate is
		// that text's translation, misspelled: the page shows the source
		// text instead, which a writer must hear of even where orphans
		// left over from a renamed element are only noted. The guessed
		// fix lets lint.Fold fold the missing translation under it.
		sev := max(checkSeverity(pass, a, "orphan", locale), diag.Warning)
		pass.Report(diag.Diagnostic{Pos: u.KeyPos, Check: "orphan", Locale: locale, Severity: sev, Message: msg,
			Fix: &diag.Fix{Message: fmt.Sprintf("rename the unit to %q", near), Guess: true,
				Edits: []diag.Edit{diag.NewEdit(u.KeyPos.Line, u.KeyPos.Column, u.Key, near)}}})
	}
}

// compareRefs reports references that the unit adds to or drops from its
// source text. References are compared as a multiset: order may change
// with the language's word order, but every one must be there exactly as
// often. Malformed references are the markup rule's business.
func compareRefs(pass *Pass, locale string, site *TextSite, u *content.Unit) {
	want := map[string]int{}
	var order []string
	for _, r := range site.Refs {
		if r.Malformed {
			continue
		}
		k := refString(r)
		if want[k] == 0 {
			order = append(order, k)
		}
		want[k]++
	}
	have := map[string]int{}
	at := u.Text.Positions()
	for _, r := range unitRefs(pass, site, locale, u) {
		if r.Malformed {
			continue
		}
		k := refString(r)
		have[k]++
		if have[k] > want[k] {
			msg := fmt.Sprintf("%s text adds %s", locale, k)
			if want[k] > 0 {
				msg += fmt.Sprintf(": the source has it %s", refTimes(want[k]))
			}
			pass.Report(diag.Diagnostic{Pos: at.At(r.Start), Check: "references", Locale: locale,
				Message: msg + "; translations cannot add or drop references"})
		}
	}
	for _, k := range order {
		if n := have[k]; n < want[k] {
			msg := fmt.Sprintf("%s text drops %s", locale, k)
			if n > 0 {
				msg += fmt.Sprintf(": the source has it %s, the translation %s", refTimes(want[k]), refTimes(n))
			}
			pass.Report(diag.Diagnostic{Pos: u.Text.Pos, Check: "references", Locale: locale,
				Message: msg + "; translations cannot add or drop references"})
		}
	}
}

// unitRefs returns the references of a unit's text, which the index has
// parsed for the rules that read every locale.
func unitRefs(pass *Pass, site *TextSite, locale string, u *content.Unit) []content.InlineRef {
	for _, lt := range pass.Index.Localized(site) {
		if lt.Locale == locale {
			return lt.Refs
		}
	}
	return content.ParseRefs(u.Text.Value)
}

// refString writes a reference the canonical way, so that spacing inside
// the braces, or the grammatical context a translation chooses, does not
// make two references differ.
func refString(r content.InlineRef) string { return r.Canonical() }

// unitName names a unit in a message by its key, saying what it is where
// the key alone does not make it plain.
func unitName(key string) string {
	if strings.HasPrefix(key, "figures.") && strings.HasSuffix(key, ".alt") {
		return "figure alt text " + key
	}
	return key
}

func unitCount(n int) string {
	if n == 1 {
		return "1 unit"
	}
	return fmt.Sprintf("%d units", n)
}

func refTimes(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}
