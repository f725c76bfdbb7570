package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/suggest"
	"github.com/kbcdev/kbc/locales"
	"golang.org/x/text/language"
)

// UIStrings checks the UI catalogs in effect for the knowledge base, the
// embedded ones and its own, against the locales kb.yaml configures.
var UIStrings = NewUIStrings(locales.Layers)

// NewUIStrings returns the ui-strings rule over the catalogs that layers
// returns for a knowledge base's content folder; the first layer is the
// one that defines which messages exist.
func NewUIStrings(layers func(root string) i18n.Layers) *Rule {
	return &Rule{
		Name:     "ui-strings",
		Severity: diag.Error,
		Checks: []Check{
			{"english", "a message of a locale kbc carries no catalog for that is still kbc's English text"},
		},
		Doc: `every configured locale has every UI string of the site, in every plural form it needs
The site's labels, notices and counts come from go-i18n message files, one
per locale: those kbc carries, changed or added to by the knowledge base's own
locales/ folder beside its content folder, whose messages replace kbc's one by
one. A locale without a file in either, a message the site uses or another
locale defines that is missing from a locale's catalog, a plural message
without a CLDR form the locale needs (French "many", for instance), and a
message of the knowledge base's own that is no UI string of the site (a
misspelled id) are reported at the message in the locale file. A locale whose
language CLDR has no list patterns for (kbc carries those of every language it
has) is a warning at kb.yaml's locales: its lists are joined in English. A
message's text is a phrase with the placeholders the site fills in ({{.N}}),
as kbc's own catalogs show them, and nothing else: a text that is no
well-formed template, holds another action (a range, a function) or a
placeholder the site does not fill in is reported at the text. A catalog
that go-i18n, which the build reads them with, cannot read (a message defined
twice, a number, a boolean or a list where a text goes, a key that is no plural
form) or that is no well-formed UTF-8 YAML is reported at its first problem,
and a plural form the locale never selects (French has no "few") is a warning:
its text is never shown.`,
		// The catalogs are the knowledge base's as a whole: they are
		// read and checked once per run, not once per batch of articles.
		Run: func(p *Pass) {
			p.perRun("ui-strings", func() any { runUIStrings(p, layers(p.KB.Root)); return nil })
		},
	}
}

func runUIStrings(pass *Pass, layers i18n.Layers) {
	cfg := pass.KB.Config
	if cfg == nil || len(layers) == 0 {
		return
	}
	known, filled := baseMessages(layers[0], cfg.Locales)
	type catalog struct {
		defs map[string]*i18n.MessageDef
		file string // where a missing message is added
	}
	cats := map[string]catalog{}
	var ids []string
	plural := map[string]bool{}
	for _, l := range cfg.Locales {
		if !i18n.HasListPatterns(l) {
			// kbc carries the patterns of every language CLDR has, so
			// the knowledge base cannot supply them; its pages are no
			// less whole for lists joined in English.
			pass.Report(diag.Diagnostic{Pos: cfg.LocalesPos, Locale: l, Severity: diag.Warning,
				Message: "CLDR has no list patterns for the language of locale " + l + `: its pages join lists ("step 2 or step 3") as English does`})
		}
		defs, file, err := layers.Messages(l)
		if err != nil {
			pos, msg := cfg.LocalesPos, "no UI strings for locale "+l+": "+err.Error()
			if fe := (*i18n.FileError)(nil); errors.As(err, &fe) {
				pos, msg = diag.Position{File: fe.File}, fe.Err.Error()
				if se := (*i18n.SyntaxError)(nil); errors.As(err, &se) {
					pos.Line, pos.Column, msg = se.Line, se.Column, se.Msg
				}
			} else if errors.Is(err, fs.ErrNotExist) {
				msg = "no UI strings for locale " + l + ": add " + l + ".yaml to " + locales.LocalDir(pass.KB.Root) + ", beside the content folder"
			}
			pass.Report(diag.Diagnostic{Pos: pos, Locale: l, Message: msg})
			continue
		}
		cats[l] = catalog{defs, file}
		for _, id := range slices.Sorted(maps.Keys(defs)) {
			d := defs[id]
			if !known[id] && !strings.HasPrefix(id, i18n.ThemeMessagePrefix) {
				pass.Report(diag.Diagnostic{Pos: diag.Position{File: d.File, Line: d.Line, Column: d.Column}, Locale: l,
					Message: "message " + id + " is not a UI string of the site" + suggest.Hint(id, slices.Sorted(maps.Keys(known)))})
				continue
			}
			if d.Layer > 0 {
				// The first layer's messages are what the others are held
				// to: their placeholders are filled by definition, and
				// kbc's own are held to text and placeholders by its tests.
				checkPlaceholders(pass, l, d, filled[id])
				checkLeadingSpace(pass, l, d)
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
			plural[id] = (plural[id] || d.Plural) && !slices.Contains(i18n.DayFormMessages, id)
		}
	}
	for _, id := range i18n.SiteMessages {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, l := range cfg.Locales {
		c, ok := cats[l]
		if !ok {
			continue
		}
		need := i18n.PluralForms(l)
		// Where a message the locale lacks is to be written: its catalog,
		// or, where kbc's own catalog of the locale is all it has, the
		// knowledge base's, still to be made.
		missingAt, where := diag.Position{File: c.file, Line: 1}, ""
		if _, err := os.Stat(c.file); errors.Is(err, fs.ErrNotExist) {
			missingAt, where = diag.Position{File: c.file}, "; add it in "+c.file+", which does not exist yet"
		}
		for _, id := range ids {
			d := c.defs[id]
			if d == nil {
				pass.Report(diag.Diagnostic{Pos: missingAt, Locale: l,
					Message: "message " + id + " is missing in " + l + elsewhere(id, l, cfg.Locales, func(o string) bool { return cats[o].defs[id] != nil }) + where})
				continue
			}
			// A message whose forms a day chooses may be a plain string;
			// written with forms, it has every form its locale needs.
			if !plural[id] && !(d.Plural && slices.Contains(i18n.DayFormMessages, id)) {
				continue
			}
			var missing []string
			for _, f := range need {
				if _, ok := d.Forms[f]; !ok {
					missing = append(missing, f)
				}
			}
			if len(missing) > 0 {
				pass.Report(diag.Diagnostic{Pos: diag.Position{File: d.File, Line: d.Line, Column: d.Column}, Locale: l,
					Message: "plural message " + id + " lacks the CLDR form" + plS(missing) + " " + strings.Join(missing, ", ") + " that " + l + " needs"})
			}
			reportUnusedForms(pass, l, d, need)
		}
	}
	defsOf := map[string]map[string]*i18n.MessageDef{}
	for l, c := range cats {
		defsOf[l] = c.defs
	}
	reportEnglishLeft(pass, layers, defsOf)
	if len(cats) == len(cfg.Locales) {
		// Every catalog was read as the checks read it: go-i18n, which
		// the build reads them with, must read them too, or the build
		// would fail where lint passed.
		if _, err := layers.Catalog(cfg.Locales); err != nil {
			pos, msg := cfg.LocalesPos, err.Error()
			if fe := (*i18n.FileError)(nil); errors.As(err, &fe) {
				pos, msg = diag.Position{File: fe.File}, fe.Err.Error()
			}
			pass.Report(diag.Diagnostic{Pos: pos, Message: "go-i18n cannot read the catalog: " + msg})
		}
	}
}

// reportEnglishLeft warns of each message that is still kbc's English
// text in the catalog of a locale kbc carries none for: kbc init writes
// such a catalog as a copy of the English one, for a translator to
// translate, and the site would otherwise speak English around the
// locale's articles without a word. A text with no letter, such as
// "{{.N}}", is the same in every language.
func reportEnglishLeft(pass *Pass, layers i18n.Layers, defsOf map[string]map[string]*i18n.MessageDef) {
	english, err := i18n.ReadMessageFile(layers[0].FS, "en.yaml")
	if err != nil {
		return
	}
	en := map[string]*i18n.MessageDef{}
	for _, d := range english {
		en[d.ID] = d
	}
	for _, l := range pass.KB.Config.Locales {
		if base, _ := language.Make(l).Base(); base.String() == "en" || defsOf[l] == nil {
			continue
		}
		if _, err := fs.Stat(layers[0].FS, l+".yaml"); err == nil {
			continue // a catalog of kbc's, which a knowledge base's messages change one by one
		}
		defs := defsOf[l]
		for _, id := range slices.Sorted(maps.Keys(defs)) {
			d, e := defs[id], en[id]
			if e == nil || d.Layer == 0 || id == "choiceLetters" {
				// Many alphabets letter choices a, b, c as English does.
				continue
			}
			for _, form := range slices.Sorted(maps.Keys(d.Forms)) {
				f := d.Forms[form]
				if ef, ok := e.Forms[form]; ok && f.Text == ef.Text && hasLetter(f.Text) {
					pass.Report(diag.Diagnostic{Pos: diag.Position{File: d.File, Line: f.Line, Column: f.Column}, Locale: l, Severity: diag.Warning, Check: "english",
						Message: fmt.Sprintf("message %s is still kbc's English text %q: translate it, or %s readers see it so", id, f.Text, l)})
					break
				}
			}
		}
	}
}

// hasLetter reports whether s has a letter outside its placeholders.
func hasLetter(s string) bool {
	for {
		start := strings.Index(s, "{{")
		if start < 0 {
			break
		}
		end := strings.Index(s[start:], "}}")
		if end < 0 {
			break
		}
		s = s[:start] + " " + s[start+end+2:]
	}
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// reportUnusedForms warns of the plural forms of a message that the
// locale never selects, as French has no "few": their text is never
// shown, and was likely meant for a form the locale has.
func reportUnusedForms(pass *Pass, locale string, d *i18n.MessageDef, need []string) {
	for _, form := range i18n.PluralFormNames {
		f, ok := d.Forms[form]
		if !ok || slices.Contains(need, form) {
			continue
		}
		pass.Report(diag.Diagnostic{Pos: diag.Position{File: d.File, Line: f.Line, Column: f.Column}, Locale: locale, Severity: diag.Warning,
			Message: "message " + d.ID + ": " + locale + " has no plural form " + form + ", so this text is never shown; its forms are " + strings.Join(need, ", ")})
	}
}

// baseMessages reads the first layer's catalogs once and returns the
// messages that exist, those the site uses and those the layer defines
// in any configured locale, and by message the placeholders the site
// fills in: N and Article in a numbered message, and those the layer
// uses in one locale or another, as the site gives every locale the
// same ones.
func baseMessages(base i18n.Layer, locales []string) (known map[string]bool, filled map[string][]string) {
	known, filled = map[string]bool{}, map[string][]string{}
	for _, id := range i18n.SiteMessages {
		known[id] = true
	}
	for _, id := range i18n.NumberedMessages {
		filled[id] = []string{"N", "Article"}
	}
	files, _ := fs.Glob(base.FS, "*.yaml")
	for _, name := range files {
		defs, err := i18n.ReadMessageFile(base.FS, name)
		if err != nil {
			continue
		}
		configured := slices.Contains(locales, strings.TrimSuffix(name, ".yaml"))
		for _, d := range defs {
			if configured {
				known[d.ID] = true
			}
			for _, f := range d.Forms {
				fields, _ := i18n.Placeholders(f.Text)
				for _, field := range fields {
					if !slices.Contains(filled[d.ID], field) {
						filled[d.ID] = append(filled[d.ID], field)
					}
				}
			}
		}
	}
	return known, filled
}

// spacedMessages are written right after other text, with the space
// their language puts before them as their own first character: kbc's
// templates add none, as Japanese wants none before "（英語）".
var spacedMessages = map[string]string{"inLanguage": "a title in another language"}

// checkLeadingSpace warns of a message of spacedMessages whose text
// starts with a character of a script written with spaces, without one:
// it would be glued to what it follows, "Title(in English)".
func checkLeadingSpace(pass *Pass, locale string, d *i18n.MessageDef) {
	what, ok := spacedMessages[d.ID]
	if !ok {
		return
	}
	for _, form := range slices.Sorted(maps.Keys(d.Forms)) {
		f := d.Forms[form]
		if r, _ := utf8.DecodeRuneInString(f.Text); r < utf8.RuneSelf && r != ' ' && f.Text != "" {
			pass.Report(diag.Diagnostic{Pos: diag.Position{File: d.File, Line: f.Line, Column: f.Column}, Locale: locale, Severity: diag.Warning,
				Message: fmt.Sprintf("message %s follows %s with nothing between them: start it with the space your language puts there, as %q", d.ID, what, " "+f.Text)})
		}
	}
}

// checkPlaceholders reports a text of the message that is not a phrase
// with placeholders, or that has a placeholder the site does not fill
// in, which would show as "<no value>".
func checkPlaceholders(pass *Pass, locale string, d *i18n.MessageDef, filled []string) {
	for _, form := range slices.Sorted(maps.Keys(d.Forms)) {
		f := d.Forms[form]
		pos := diag.Position{File: d.File, Line: f.Line, Column: f.Column}
		fields, err := i18n.PlaceholdersWithin(f.Text, d.LeftDelim, d.RightDelim)
		if err != nil {
			pass.Report(diag.Diagnostic{Pos: pos, Locale: locale, Message: "message " + d.ID + ": " + err.Error()})
			continue
		}
		for _, field := range fields {
			if !slices.Contains(filled, field) {
				pass.Report(diag.Diagnostic{Pos: pos, Locale: locale,
					Message: "message " + d.ID + ": the site fills in no {{." + field + "}}; it fills in " + placeholderList(filled)})
			}
		}
	}
}

func placeholderList(fields []string) string {
	if len(fields) == 0 {
		return "none in this message"
	}
	var out []string
	for _, f := range slices.Sorted(slices.Values(fields)) {
		out = append(out, "{{."+f+"}}")
	}
	return strings.Join(out, ", ")
}

func elsewhere(id, l string, locales []string, has func(string) bool) string {
	var in []string
	for _, o := range locales {
		if o != l && has(o) {
			in = append(in, o)
		}
	}
	if len(in) == 0 {
		return " (the site uses it)"
	}
	return " (defined in " + strings.Join(in, ", ") + ")"
}

func plS(s []string) string {
	if len(s) > 1 {
		return "s"
	}
	return ""
}
