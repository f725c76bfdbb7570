package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/contrast"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/site"
	"github.com/kbcdev/kbc/internal/suggest"
	"github.com/kbcdev/kbc/internal/theme"
	"github.com/kbcdev/kbc/locales"
)

// Site checks what kb.yaml's site settings and the theme/ folder give the
// help site.
var Site = &Rule{
	Name:     theme.RuleName,
	Severity: diag.Error,
	Doc: `the site's logo, favicon, colours and theme are usable
The logo and favicon that kb.yaml's site: names exist inside the content
folder. They are published as figures are: an SVG keeps to the allow-list of
package internal/svg, each thing outside it reported at its line in the SVG,
and a PNG favicon must be a PNG. Each text colour kb.yaml sets keeps WCAG AA
contrast (4.5:1) with what it is written on, in light and in dark mode, the
colours it does not set being kbc's own: the header's text on the brand
colour, links on the page and on panels, and text on the accent colour.
A template in theme/templates that does not parse, that writes a value
where no escaping is safe, that does not end even without data (it writes
over 64 MB or runs over 30 seconds), or that asks the pages' data for a field
or method it does not have there, calls a function with the wrong arguments
or ranges over what cannot be ranged over (the first such problem), is
reported at its line, and so is, as a
warning, markup the site's Content-Security-Policy blocks (an inline script or
style, an event attribute, a file from another site), which would do nothing; so is a file of the theme
kbc will not publish (a symbolic link, a special file, one over 16 MiB), or
that the site writes over from kb.yaml's settings (theme/assets/colors.css
with site.colors, logo.svg with site.logo, site-icon.* with site.favicon).`,
	Checks: []Check{
		{"logo", "the logo is missing or not a safe SVG"},
		{"favicon", "the favicon is missing or not a safe SVG or PNG"},
		{"contrast", "a text colour below WCAG AA contrast"},
		{theme.Check, "a theme file that does not parse, does not fit the pages' data, does not end, or cannot be published"},
	},
	Run: runSite,
}

func runSite(pass *Pass) {
	diags := pass.perRun("theme", func() any {
		th, diags := theme.Load(pass.KB.Root)
		if th != nil {
			diags = append(diags, site.CheckTheme(th)...)
			diags = append(diags, themeMessages(pass.KB, th.Messages())...)
		}
		return diags
	}).(diag.List)
	for _, d := range diags {
		pass.Report(diag.Diagnostic{Pos: d.Pos, Check: theme.Check, Severity: d.Severity, Message: d.Message})
	}
	s := pass.KB.Config.Site
	if s == nil {
		return
	}
	checkShadowedAssets(pass, s)
	checkSiteFile(pass, s.Logo, "logo")
	checkSiteFile(pass, s.Favicon, "favicon")
	checkContrast(pass, s)
}

// checkShadowedAssets reports a file of the theme's assets at a path the
// site writes from kb.yaml's settings, which would silently win over it.
func checkShadowedAssets(pass *Pass, s *content.Site) {
	for _, p := range theme.Generated(s) {
		file := filepath.Join(pass.KB.Root, content.ThemeDir, filepath.FromSlash(p))
		if _, err := os.Lstat(file); err != nil {
			continue
		}
		pass.Report(diag.Diagnostic{Pos: diag.Position{File: file}, Check: theme.Check,
			Message: fmt.Sprintf("%s is never published: the site writes %s from kb.yaml's site settings; rename the file, or change the setting in kb.yaml", filepath.ToSlash(filepath.Join(content.ThemeDir, p)), p)})
	}
}

// checkSiteFile checks a file kb.yaml names for the site as the figures
// rule checks an image.
func checkSiteFile(pass *Pass, f *content.SiteFile, check string) {
	if f == nil {
		return
	}
	report := func(format string, args ...any) {
		pass.Report(diag.Diagnostic{Pos: f.Pos, Check: check, Message: fmt.Sprintf("%s %s: ", check, f.Path) + fmt.Sprintf(format, args...)})
	}
	root := pass.KB.Root
	file := filepath.Join(root, filepath.FromSlash(f.Path))
	st, link, err := statImage(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		report("no such file%s", nearestFile(root, f.Path))
		return
	case err != nil:
		report("cannot read: %v", unwrapPathError(err))
		return
	case !st.Mode().IsRegular():
		report("not a regular file")
		return
	}
	if link {
		resolved, err := absResolved(file)
		if err != nil || !within(resolvedRoot(root), resolved) {
			report("leads outside the content folder; the site publishes only files inside it")
			return
		}
	}
	if strings.EqualFold(filepath.Ext(file), ".svg") {
		probs, err := newSVGChecks(nil).problems(file, st.Size())
		if err != nil {
			report("%v", err)
		}
		for _, p := range probs {
			pass.Report(diag.Diagnostic{Pos: diag.Position{File: file, Line: p.Line, Column: p.Column}, Check: check,
				Message: p.Message, Related: []diag.Related{{Pos: f.Pos, Message: "the site's " + check}}})
		}
		return
	}
	if err := checkRaster(file, strings.ToLower(filepath.Ext(file))); err != nil {
		report("%v", err)
	}
}

// themeMessages reports the UI messages the theme's templates ask for
// that no configured locale's catalog has, which every page would show
// as [id]. One that some locales lack is the ui-strings rule's to report:
// their pages show the source locale's text.
func themeMessages(kb *content.KB, uses []theme.MessageUse) diag.List {
	if len(uses) == 0 {
		return nil
	}
	layers := locales.Layers(kb.Root)
	var catalogs []map[string]*i18n.MessageDef // those that can be read, in the order of the locales
	for _, l := range kb.Config.Locales {
		// A catalog that cannot be read is ui-strings' finding.
		if defs, _, _ := layers.Messages(l); defs != nil {
			catalogs = append(catalogs, defs)
		}
	}
	if len(catalogs) == 0 {
		return nil
	}
	known := slices.Sorted(maps.Keys(catalogs[len(catalogs)-1]))
	var out diag.List
	for _, u := range uses {
		if slices.ContainsFunc(catalogs, func(defs map[string]*i18n.MessageDef) bool { return defs[u.ID] != nil }) {
			continue
		}
		msg := fmt.Sprintf("message %q is in no catalog: every page would show [%s]; a theme's own messages are defined in %s for every locale, with ids that start with %s",
			u.ID, u.ID, filepath.Join(locales.LocalDir(kb.Root), "LOCALE.yaml"), i18n.ThemeMessagePrefix) + suggest.Hint(u.ID, known)
		out = append(out, diag.Diagnostic{Pos: u.Pos, Rule: theme.RuleName, Check: theme.Check, Severity: diag.Error, Message: msg})
	}
	return out
}

// checkContrast reports each pair of colours readers read text in whose
// contrast is below WCAG AA, at the colour kb.yaml sets. A pair with a
// colour kb.yaml sets to something that is no colour is left alone: the
// site would pair the other with kbc's instead, which the owner did not
// choose, and the colour's own finding comes first.
func checkContrast(pass *Pass, s *content.Site) {
	for _, scheme := range []string{content.ColorLight, content.ColorDark} {
		colors := theme.Colors(s, scheme)
		for _, p := range theme.Pairs {
			if colorIn(s.UnreadColors, scheme, p.Text) != nil || colorIn(s.UnreadColors, scheme, p.On) != nil {
				continue
			}
			at := colorIn(s.Colors, scheme, p.Text)
			if at == nil {
				at = colorIn(s.Colors, scheme, p.On)
			}
			if at == nil {
				continue // kbc's own colours, which its tests check
			}
			text, err1 := contrast.Parse(colors[p.Text])
			on, err2 := contrast.Parse(colors[p.On])
			if err1 != nil || err2 != nil || contrast.MeetsAA(text, on) {
				continue
			}
			pass.Report(diag.Diagnostic{Pos: at.Pos, Check: "contrast",
				Message: fmt.Sprintf("%s in %s mode: %s on %s has a contrast of %.2f:1, below the 4.5:1 WCAG AA asks of text",
					p.Where, scheme, colors[p.Text], colors[p.On], contrast.Ratio(text, on))})
		}
	}
}

// colorIn returns the colour of cs set for the token in the scheme, or
// nil: of kb.yaml's colours (Site.Colors), or of those that are no
// colour (Site.UnreadColors).
func colorIn(cs []*content.Color, scheme, token string) *content.Color {
	for _, c := range cs {
		if c.Scheme == scheme && c.Token == token {
			return c
		}
	}
	return nil
}
