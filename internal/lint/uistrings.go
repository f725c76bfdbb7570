package lint

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/locales"
)

// UIStrings checks the help site's bundled UI catalogs against the
// locales kb.yaml configures.
var UIStrings = NewUIStrings(locales.FS, "locales")

// NewUIStrings returns the ui-strings rule over the message files
// <locale>.yaml of fsys, reported under the folder name dir.
func NewUIStrings(fsys fs.FS, dir string) *Rule {
	return &Rule{
		Name:     "ui-strings",
		Severity: diag.Error,
		Doc: `every configured locale has every UI string of the site, in every plural form it needs
The site's labels, notices and counts come from go-i18n message files, one
per locale. A locale without a file, a message the site uses or another
locale defines that is missing from a locale's file, and a plural message
without a CLDR form the locale needs (French "many", for instance) are
reported at the message in the locale file. A locale whose language kbc has no
CLDR list patterns for (see internal/i18n/cldr) is reported at kb.yaml's locales:
its lists would be joined in English.`,
		Run: func(p *Pass) { runUIStrings(p, fsys, dir) },
	}
}

func runUIStrings(pass *Pass, fsys fs.FS, dir string) {
	cfg := pass.KB.Config
	if cfg == nil {
		return
	}
	type catalog struct {
		file string
		defs map[string]*i18n.MessageDef
	}
	cats := map[string]*catalog{}
	var ids []string
	plural := map[string]bool{}
	for _, l := range cfg.Locales {
		if !i18n.HasListPatterns(l) {
			pass.Report(diag.Diagnostic{Pos: cfg.LocalesPos, Locale: l,
				Message: "kbc has no CLDR list patterns for locale " + l + "; add its listPatterns.json to internal/i18n/cldr"})
		}
		name := l + ".yaml"
		file := path.Join(dir, name)
		defs, err := i18n.ReadMessageFile(fsys, name)
		if err != nil {
			pos := cfg.LocalesPos
			msg := "no UI strings for locale " + l + ": " + err.Error()
			if _, statErr := fs.Stat(fsys, name); statErr == nil {
				pos, msg = diag.Position{File: file}, err.Error()
			}
			pass.Report(diag.Diagnostic{Pos: pos, Locale: l, Message: msg})
			continue
		}
		c := &catalog{file: file, defs: map[string]*i18n.MessageDef{}}
		for _, d := range defs {
			c.defs[d.ID] = d
			if !slices.Contains(ids, d.ID) {
				ids = append(ids, d.ID)
			}
			plural[d.ID] = plural[d.ID] || d.Plural
		}
		cats[l] = c
	}
	for _, id := range i18n.SiteMessages {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, l := range cfg.Locales {
		c := cats[l]
		if c == nil {
			continue
		}
		need := i18n.PluralForms(l)
		for _, id := range ids {
			d := c.defs[id]
			if d == nil {
				pass.Report(diag.Diagnostic{Pos: diag.Position{File: c.file, Line: 1}, Locale: l,
					Message: "message " + id + " is missing in " + l + elsewhere(id, l, cfg.Locales, func(o string) bool { return cats[o] != nil && cats[o].defs[id] != nil })})
				continue
			}
			if !plural[id] {
				continue
			}
			var missing []string
			for _, f := range need {
				if _, ok := d.Forms[f]; !ok {
					missing = append(missing, f)
				}
			}
			if len(missing) > 0 {
				pass.Report(diag.Diagnostic{Pos: diag.Position{File: c.file, Line: d.Line, Column: d.Column}, Locale: l,
					Message: "plural message " + id + " lacks the CLDR form" + plS(missing) + " " + strings.Join(missing, ", ") + " that " + l + " needs"})
			}
		}
	}
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
