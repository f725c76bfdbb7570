package theme

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/treetest"
	sitefiles "github.com/kbcdev/kbc/site"
)

// write makes a content folder with the given files.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	treetest.Write(t, root, files)
	return root
}

func load(t *testing.T, root string) *Theme {
	t.Helper()
	th, diags := Load(root)
	if th == nil || len(diags) > 0 {
		t.Fatalf("Load: %v", diags)
	}
	return th
}

// frame is the least a page's data must hold for the default templates.
type frame struct {
	Lang, Title, Heading, Description, OGType, Root, HomeHref, Canonical, Current string
	Alternates, Switch, Crumbs                                                    []string
	Site                                                                          site
	UI                                                                            ui
	Search, Frame, Moved, Home, Category, Section, Chooser, NotFound              *struct{}
	Article                                                                       string
}

type site struct {
	Name, Favicon, FaviconType  string
	Logo                        *struct{}
	Stylesheets, Header, Footer []string
	ShowIDs                     bool
}

func (frame) Dir() string { return "ltr" }

type ui struct{}

func (ui) T(id string) string { return "[" + id + "]" }

func render(t *testing.T, th *Theme) string {
	t.Helper()
	var b bytes.Buffer
	p := frame{Lang: "en", Title: "T", OGType: "website"}
	p.Site.Name = "Example Help"
	if err := th.Execute(&b, "page", p); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestWithoutTheme(t *testing.T) {
	th := load(t, write(t, map[string]string{"kb.yaml": "x"}))
	if len(th.Overrides) != 0 {
		t.Errorf("overrides without a theme: %v", th.Overrides)
	}
	if !th.HasAsset("assets/kbc.css") || th.HasAsset(StyleSheet) {
		t.Errorf("assets: kbc.css %v, theme.css %v", th.HasAsset("assets/kbc.css"), th.HasAsset(StyleSheet))
	}
	if out := render(t, th); !strings.Contains(out, `<p class="site-name">Example Help</p>`) {
		t.Errorf("kbc's footer is not rendered:\n%s", out)
	}
}

// TestOverrides redefines kbc's footer and adds a template of the theme's
// own, replaces kbc's stylesheet and adds the theme's: each is listed,
// and the page uses the theme's footer.
func TestOverrides(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/footer.html": `{{define "footer"}}<footer>{{template "slogan" .}}</footer>{{end}}` + "\n" +
			`{{define "slogan"}}<p>{{.Site.Name}}: help that helps</p>{{end}}`,
		"theme/assets/theme.css":     "body { color: black }",
		"theme/assets/kbc.css":       "/* all new */",
		"theme/assets/fonts/a.woff2": "font",
		"theme/assets/.DS_Store":     "junk",
		"theme/templates/.swp.html":  "{{",
		"theme/logo.svg":             "<svg/>",
	})
	th := load(t, root)
	want := []string{
		`assets/fonts/a.woff2 adds`,
		`assets/kbc.css replaces kbc's`,
		`assets/theme.css adds`,
		`templates/footer.html adds "slogan"`,
		`templates/footer.html overrides "footer"`,
	}
	if !slices.Equal(th.Overrides, want) {
		t.Errorf("overrides:\n got %q\nwant %q", th.Overrides, want)
	}
	if out := render(t, th); !strings.Contains(out, "<footer><p>Example Help: help that helps</p></footer>") || strings.Contains(out, `<p class="site-name">`) {
		t.Errorf("the theme's footer is not the page's:\n%s", out)
	}
	got := map[string]string{}
	if err := th.Assets(func(p string, data []byte) error { got[p] = string(data); return nil }); err != nil {
		t.Fatal(err)
	}
	if got["assets/kbc.css"] != "/* all new */" || got["assets/theme.css"] == "" || got["assets/fonts/a.woff2"] != "font" || got["assets/kbc.js"] == "" {
		t.Errorf("assets: %v", slices.Sorted(mapsKeys(got)))
	}
	if _, ok := got["assets/.DS_Store"]; ok {
		t.Error("a dot file of the theme is published")
	}
	// kbc's own templates are not changed for other knowledge bases.
	if out := render(t, load(t, t.TempDir())); !strings.Contains(out, `<p class="site-name">`) {
		t.Error("a theme changed kbc's templates for every site")
	}
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestFindings: a template that does not parse, or that cannot be
// escaped, is a finding at its line, and the theme is not loaded.
func TestFindings(t *testing.T) {
	for name, c := range map[string]struct {
		src  string
		line int
		msg  string
	}{
		"parse":  {"{{define \"footer\"}}\n<footer>\n{{.Site.Name</footer>{{end}}", 3, "bad character"},
		"escape": {"{{define \"footer\"}}\n<footer class=\"{{.Site.Name}}\n{{end}}", 1, "ends in a non-text context"},
		"end":    {"{{define \"footer\"}}\n<p>{{if .Site.Name}}x</p>\n{{end}}", 1, "{{define}} is not closed"},
	} {
		t.Run(name, func(t *testing.T) {
			root := write(t, map[string]string{"theme/templates/footer.html": c.src})
			th, diags := Load(root)
			if th != nil {
				t.Error("a theme with an error is loaded")
			}
			if len(diags) != 1 {
				t.Fatalf("findings %v, want one", diags)
			}
			d := diags[0]
			file := filepath.Join(root, "theme", "templates", "footer.html")
			if d.Pos.File != file || d.Pos.Line != c.line || d.Rule != RuleName || d.Check != Check || d.Severity != diag.Error || !strings.Contains(d.Message, c.msg) {
				t.Errorf("finding %+v, want %s:%d: %s", d, file, c.line, c.msg)
			}
		})
	}
}

func TestSymlinkRefused(t *testing.T) {
	root := write(t, map[string]string{"secret.css": "x", "theme/assets/ok.css": "y"})
	if err := os.Symlink(filepath.Join(root, "secret.css"), filepath.Join(root, "theme", "assets", "link.css")); err != nil {
		t.Skip(err)
	}
	th, diags := Load(root)
	if th != nil || len(diags) != 1 || !strings.Contains(diags[0].Message, "symbolic link") {
		t.Errorf("theme %v, findings %v", th, diags)
	}
}

// TestDefaultsMatchStylesheet keeps the colours the contrast check
// assumes in step with those kbc.css gives its custom properties.
func TestDefaultsMatchStylesheet(t *testing.T) {
	css, err := sitefiles.FS.ReadFile("assets/kbc.css")
	if err != nil {
		t.Fatal(err)
	}
	s := string(css)
	dark := strings.Index(s, "@media (prefers-color-scheme: dark)")
	if dark < 0 {
		t.Fatal("kbc.css has no dark mode")
	}
	blocks := map[string]string{content.ColorLight: s[:dark], content.ColorDark: s[dark:]}
	for scheme, block := range blocks {
		for token, prop := range cssNames {
			m := regexp.MustCompile(regexp.QuoteMeta(prop) + `:\s*(#[0-9a-f]+);`).FindStringSubmatch(block)
			if m == nil {
				t.Errorf("%s: kbc.css sets no %s", scheme, prop)
				continue
			}
			if m[1] != defaults[scheme][token] {
				t.Errorf("%s: kbc.css sets %s: %s, the contrast check assumes %s", scheme, prop, m[1], defaults[scheme][token])
			}
		}
	}
}

func TestColorsCSS(t *testing.T) {
	if ColorsCSS(nil) != nil || ColorsCSS(&content.Site{}) != nil {
		t.Error("a stylesheet without colours")
	}
	s := &content.Site{Colors: []*content.Color{
		{Scheme: content.ColorLight, Token: "brand", Value: "#1d3557"},
		{Scheme: content.ColorLight, Token: "brand_text", Value: "#fff"},
		{Scheme: content.ColorDark, Token: "accent", Value: "#9fc5e8"},
	}}
	want := "/* The colours of kb.yaml's site.colors. */\n" +
		"@media screen and (prefers-color-scheme: light) {\n  :root { --brand-fg: #fff; --brand: #1d3557; }\n}\n" +
		"@media screen and (prefers-color-scheme: dark) {\n  :root { --accent: #9fc5e8; }\n}\n"
	if got := string(ColorsCSS(s)); got != want {
		t.Errorf("ColorsCSS:\n%s\nwant\n%s", got, want)
	}
	if c := Colors(s, content.ColorDark); c["accent"] != "#9fc5e8" || c["brand"] != defaults[content.ColorDark]["brand"] {
		t.Errorf("dark colours %v", c)
	}
}

// An error while a theme's template runs names the template's file, as
// the theme folder holds it, at its line and column; one of kbc's own
// templates keeps its name.
func TestExecuteErrorNamesTheThemeFile(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/x.html": `{{define "footer"}}<p>{{.Nope}}</p>{{end}}`,
	})
	th := load(t, root)
	err := th.Execute(&bytes.Buffer{}, "footer", struct{}{})
	want := filepath.Join(root, content.ThemeDir, TemplatesDir, "x.html") + ":1:24: executing"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Execute = %v, want an error starting %q", err, want)
	}
	// A theme file named as one of kbc's own, which holds kbc's page
	// template, takes no blame for an error in that template.
	th = load(t, write(t, map[string]string{
		"theme/templates/page.html": `{{define "note"}}<p>{{.Nope}}</p>{{end}}{{define "footer"}}{{template "note" .}}{{end}}`,
	}))
	err = th.Execute(&bytes.Buffer{}, "page", struct{}{})
	if err == nil || !strings.HasPrefix(err.Error(), "template: site/page.html:") {
		t.Errorf("Execute of kbc's own template = %v, want text/template's error naming kbc's page.html", err)
	}
}

// A theme's template may call another theme file by its name, as
// html/template names a parsed file.
func TestThemeTemplateCallsAnotherFileByName(t *testing.T) {
	th := load(t, write(t, map[string]string{
		"theme/templates/banner.html": `<p class="banner">Acme</p>`,
		"theme/templates/footer.html": `{{define "footer"}}<footer>{{template "banner.html" .}}</footer>{{end}}`,
	}))
	var b bytes.Buffer
	if err := th.Execute(&b, "footer", nil); err != nil || !strings.Contains(b.String(), `<p class="banner">Acme</p>`) {
		t.Errorf("Execute = %q, %v; want the banner file's text", b.String(), err)
	}
}

// A theme's template may call the functions html/template defines.
func TestThemeTemplateCallsBuiltinFunctions(t *testing.T) {
	th := load(t, write(t, map[string]string{
		"theme/templates/x.html": `{{define "footer"}}{{if eq .Lang "fr"}}Bonjour{{end}} {{len .Crumbs}} {{printf "%s!" .Title}} {{index .Crumbs 0}} {{and .Lang (not .Article)}}{{end}}`,
	}))
	var b bytes.Buffer
	if err := th.Execute(&b, "footer", frame{Lang: "fr", Title: "T", Crumbs: []string{"a", "b"}}); err != nil || b.String() != "Bonjour 2 T! a true" {
		t.Errorf("Execute = %q, %v; want %q", b.String(), err, "Bonjour 2 T! a true")
	}
}

// A file of the templates folder that is no template is said to be
// ignored, rather than overriding nothing in silence.
func TestFileThatIsNoTemplateIsAWarning(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/footer.htm":      `{{define "footer"}}<footer>Acme</footer>{{end}}`,
		"theme/templates/parts/note.html": `{{define "note"}}x{{end}}`,
	})
	th, diags := Load(root)
	if th == nil || len(diags) != 2 {
		t.Fatalf("Load: %v, want a theme and two warnings", diags)
	}
	for _, d := range diags {
		if d.Severity != diag.Warning || !strings.Contains(d.Message, "not a template, and ignored") {
			t.Errorf("finding %v, want a warning that the file is ignored", d)
		}
	}
}

// Markup the site's Content-Security-Policy blocks is a warning at its
// line: it would be published and do nothing. Scripts and files of the
// site's own, and text that only looks like an attribute, are not.
func TestMarkupThePolicyBlocksIsAWarning(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/footer.html": `{{define "footer"}}<footer>
<p style="color: red">Acme</p>
<script>document.title = "x"</script>
{{if .Site.Name}}<button onclick="go()">Go</button>{{end}}
<style>p { color: red }</style>
<img src="https://cdn.example/logo.png" alt="">
<script src="{{.Root}}assets/acme.js"></script>
<p>Open it only = when asked; style=plain text.</p>
<a href="https://acme.example/">Acme</a>
<script async src="//cdn.example/chat.js"></script><script src = "/assets/x.js"></script>
<script type="application/ld+json">{"@type": "Organization"}</script>
<link rel="alternate" href="https://acme.example/feed.xml"><link rel="me" href="https://social.example/@acme">
<link rel="stylesheet" href="https://fonts.example/acme.css">
</footer>{{end}}`,
		"theme/assets/acme.js": "",
		"theme/assets/x.js":    "",
	})
	th, diags := Load(root)
	if th == nil {
		t.Fatalf("Load: %v, want a theme", diags)
	}
	var got []string
	for _, d := range diags {
		if d.Severity != diag.Warning {
			t.Errorf("finding %v, want warnings only", d)
		}
		got = append(got, fmt.Sprintf("%d %s", d.Pos.Line, strings.SplitN(d.Message, ":", 2)[0]))
	}
	want := []string{
		"2 a style attribute does not apply",
		"3 an inline <script> does not run",
		"4 an event attribute does not run",
		"5 a <style> element does not apply",
		"6 this loads a file from another site, which the site's Content-Security-Policy blocks",
		"10 this loads a file from another site, which the site's Content-Security-Policy blocks",
		"13 this loads a file from another site, which the site's Content-Security-Policy blocks",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// kbc's own templates keep to the policy: a theme that starts from a
// copy of them has no warning of it.
func TestCopyOfKbcTemplatesKeepsThePolicy(t *testing.T) {
	files := map[string]string{}
	for _, name := range []string{"page.html", "article.html", "lists.html", "other.html"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "site", "templates", name))
		if err != nil {
			t.Fatal(err)
		}
		files["theme/templates/"+name] = string(data)
	}
	if _, diags := Load(write(t, files)); len(diags) > 0 {
		t.Errorf("a copy of kbc's templates: %v", diags)
	}
}

// A theme whose head writes another policy, or none, is not held to
// kbc's; a head that leaves out what kbc's loads is a warning, at its
// definition.
func TestThemeWithItsOwnPolicyIsNotHeldToKbcs(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/head.html":   `{{define "head"}}<meta charset="utf-8"><title>{{.Title}}</title>{{end}}`,
		"theme/templates/footer.html": `{{define "footer"}}<footer><script>track()</script><p style="color: red">Acme</p></footer>{{end}}`,
	})
	_, diags := Load(root)
	if len(diags) != 1 || diags[0].Severity != diag.Warning || diags[0].Pos.Line != 1 ||
		!strings.Contains(diags[0].Message, `template "head" writes the pages' head without what kbc's loads: assets/kbc.css (the pages' layout), {{range .Site.Stylesheets}}`) ||
		!strings.Contains(diags[0].Message, "assets/search.js (the search box)") {
		t.Errorf("Load: %v, want one warning of what the head leaves out", diags)
	}
}

// A theme's head that writes kbc's policy tag as it is, as a copy of
// kbc's head does, holds the theme to it; so does a theme's page that
// calls kbc's head.
func TestCopyOfKbcsHeadKeepsThePolicyChecked(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("..", "..", "site", "templates", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	head := string(page[strings.Index(string(page), `{{define "head"}}`):])
	if next := strings.Index(head[1:], "{{define"); next >= 0 {
		head = head[:next+1]
	}
	footer := `{{define "footer"}}<footer><script>track()</script></footer>{{end}}`
	// kbc's policy tag written otherwise: other spacing, a closing slash.
	reformatted := strings.Replace(strings.Replace(head, `'self'; script-src`, `'self';  script-src`, 1), `form-action 'self'">`, `form-action 'self'" />`, 1)
	if reformatted == head {
		t.Fatal("kbc's head has no policy tag to reformat")
	}
	for name, files := range map[string]map[string]string{
		"head copied":              {"theme/templates/head.html": head, "theme/templates/footer.html": footer},
		"head copied, reformatted": {"theme/templates/head.html": reformatted, "theme/templates/footer.html": footer},
		"page calling kbc's head through one of its own": {
			"theme/templates/page.html":   `{{define "page"}}<!DOCTYPE html><html><head>{{template "myhead" .}}</head><body>{{template "footer" .}}</body></html>{{end}}{{define "myhead"}}{{template "head" .}}{{end}}`,
			"theme/templates/footer.html": footer,
		},
		"page calling kbc's head": {
			"theme/templates/page.html":   `{{define "page"}}<!DOCTYPE html><html><head>{{template "head" .}}</head><body>{{template "footer" .}}</body></html>{{end}}`,
			"theme/templates/footer.html": footer,
		},
	} {
		_, diags := Load(write(t, files))
		if len(diags) != 1 || !strings.Contains(diags[0].Message, "an inline <script> does not run") {
			t.Errorf("%s: %v, want the inline script reported", name, diags)
		}
	}
}

// What kbc's head loads may come from another of the theme's templates:
// a head that leaves the scripts to the footer is not warned of them.
func TestHeadWhoseScriptsTheFooterLoadsIsNotAWarning(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("..", "..", "site", "templates", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	head := string(page[strings.Index(string(page), `{{define "head"}}`):])
	head = head[:strings.Index(head[1:], "{{define")+1]
	var scripts []string
	for _, line := range strings.Split(head, "\n") {
		if strings.Contains(line, "<script") {
			scripts = append(scripts, line)
			head = strings.Replace(head, line+"\n", "", 1)
		}
	}
	if len(scripts) == 0 {
		t.Fatal("kbc's head loads no script")
	}
	root := write(t, map[string]string{
		"theme/templates/head.html":   head,
		"theme/templates/footer.html": "{{define \"footer\"}}<footer>\n" + strings.Join(scripts, "\n") + "\n</footer>{{end}}",
	})
	if _, diags := Load(root); len(diags) != 0 {
		t.Errorf("Load: %v, want no finding", diags)
	}
}

// A tag that actions write part of is read whole: its attributes are the
// theme's own text. Each finding is at its line and column.
func TestTagWithActionsInItIsRead(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/footer.html": "{{define \"footer\"}}<footer>\n" +
			"  <button onclick=\"track({{.Lang}})\">x</button>\n" +
			"<img src=\"https://cdn.example/{{.Lang}}/b.png\" alt=\"\"> <img alt=\"{{.Site.Name}}\" src=\"https://cdn.example/b.png\">\n" +
			"<p style=\"color: {{.Site.Name}}\">é</p>{{/* <script>x()</script> */}}{{\"<script>y()</script>\"}}\n" +
			"</footer>{{end}}",
	})
	_, diags := Load(root)
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Column, strings.SplitN(d.Message, ":", 2)[0]))
	}
	want := []string{
		"2:3 an event attribute does not run",
		"3:1 this loads a file from another site, which the site's Content-Security-Policy blocks",
		"3:56 this loads a file from another site, which the site's Content-Security-Policy blocks",
		"4:1 a style attribute does not apply",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Text outside {{define}} that no template calls by the file's name is
// never shown, which a warning says at its line.
func TestTextNoTemplateCallsIsAWarning(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/owner.html": "{{define \"footer\"}}<footer>Acme</footer>{{end}}\n<p>Opening hours</p>\n",
	})
	th, diags := Load(root)
	if th == nil || len(diags) != 1 || diags[0].Severity != diag.Warning || diags[0].Pos.Line != 2 ||
		!strings.Contains(diags[0].Message, `text outside {{define}} is never shown: it is a template named "owner.html", which no template calls`) {
		t.Errorf("Load: %v, want a warning that the text is never shown", diags)
	}
}

// An asset too large to publish is a finding when the theme is loaded,
// as lint loads it, not an error of the build that publishes it.
func TestAssetTooLargeIsAFinding(t *testing.T) {
	root := write(t, map[string]string{"theme/assets/theme.css": "body{}"})
	big := filepath.Join(root, "theme", "assets", "big.bin")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, maxFileSize+1); err != nil {
		t.Fatal(err)
	}
	th, diags := Load(root)
	if th != nil || len(diags) != 1 || diags[0].Pos.File != big || diags[0].Message != "larger than 16 MiB" {
		t.Errorf("Load: %v, want the asset reported", diags)
	}
}

// A template the theme defines in two files is replaced by the one read
// last, by file name, and one the page never calls is never shown: both
// are said, where the definition that has no effect is.
func TestDefinitionWithoutEffectIsAWarning(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/footer.html": "\n{{define \"footer\"}}<footer>Mine</footer>{{end}}",
		"theme/templates/page.html":   `{{define "footer"}}<footer>Copied</footer>{{end}}`,
		"theme/templates/header.html": `{{define "logo"}}x{{end}} {{define "foter"}}<p>Typo</p>{{end}}{{define "header"}}{{template "logo"}}{{end}}`,
	})
	_, diags := Load(root)
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s: %s", filepath.Base(d.Pos.File), d.Pos.Line, d.Pos.Column, d.Severity, d.Message))
	}
	want := []string{
		`footer.html:2:1: warning: template "footer" is defined again in templates/page.html, whose definition pages use: a file read later replaces it, and files are read in the order of their names; keep one`,
		`header.html:1:27: warning: template "foter" is never shown: no template calls it, and it is not one of kbc's, which a theme replaces by defining it; did you mean "footer"?`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A theme asset that replaces one of kbc's scripts, or that is a page of
// its own, runs script on the site: lint says so, for the change to be
// reviewed as code. A stylesheet or an image is said nothing of.
func TestAssetThatRunsScriptIsAWarning(t *testing.T) {
	root := write(t, map[string]string{
		"theme/assets/kbc.js":         `document.title = "replaced";`,
		"theme/assets/extra.js":       `console.log("added, run only if a template loads it");`,
		"theme/assets/help/page.html": `<script>alert(1)</script>`,
		"theme/assets/theme.css":      `body { color: #222 }`,
		"theme/assets/img/logo.png":   "\x89PNG",
		"theme/assets/img/icon.svg":   `<svg xmlns="http://www.w3.org/2000/svg" style="fill:red"><path d="M0 0h1v1z"/></svg>`,
		"theme/assets/img/bad.svg":    "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"1\" height=\"1\" onload=\"alert(1)\"/></svg>",
	})
	_, diags := Load(root)
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s: %s: %s", filepath.Base(d.Pos.File), d.Severity, d.Message))
	}
	want := []string{
		"page.html: warning: is published as a page of the site, assets/help/page.html, without kbc's Content-Security-Policy: a script in it runs there; put pages' markup in templates/",
		"kbc.js: warning: replaces kbc's script assets/kbc.js, which every page runs with the site's own permissions: review it as code",
		"bad.svg: warning: is an SVG image with a script, an event attribute or a javascript: link, which run on the site when the image is opened on its own: theme assets are published as they are; remove it",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// What a theme folder holds that kbc does not read, and that looks meant
// to be read, is a warning: a misspelt folder, a template or stylesheet
// beside templates/ and assets/. A logo there is kb.yaml's to name.
func TestThemeFolderWarnsOfWhatItDoesNotRead(t *testing.T) {
	root := write(t, map[string]string{
		"theme/template/footer.html": `{{define "footer"}}<footer>Acme</footer>{{end}}`,
		"theme/footer.html":          `{{define "footer"}}<footer>Acme</footer>{{end}}`,
		"theme/theme.css":            `body { color: #222 }`,
		"theme/logo.svg":             `<svg xmlns="http://www.w3.org/2000/svg"/>`,
		"theme/assets/theme.css":     `body { color: #222 }`,
	})
	_, diags := Load(root)
	var got []string
	for _, d := range diags {
		rel, _ := filepath.Rel(root, d.Pos.File)
		got = append(got, fmt.Sprintf("%s %v %s", filepath.ToSlash(rel), d.Severity, d.Message))
	}
	want := []string{
		"theme/footer.html warning not read: a theme's templates are in " + filepath.Join(root, "theme", "templates"),
		"theme/template warning not read: a theme's files are in templates/ and assets/; did you mean \"templates\"?",
		"theme/theme.css warning not published: a theme's assets are in " + filepath.Join(root, "theme", "assets"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A theme folder beside the content folder, where the catalogs are, is
// not read, which a warning says.
func TestThemeBesideTheContentFolderIsAWarning(t *testing.T) {
	top := write(t, map[string]string{
		"theme/templates/footer.html": `{{define "footer"}}<footer>Acme</footer>{{end}}`,
		"content/kb.yaml":             "source_locale: en\n",
	})
	root := filepath.Join(top, "content")
	_, diags := Load(root)
	if len(diags) != 1 || diags[0].Pos.File != filepath.Join(root, "kb.yaml") || diags[0].Severity != diag.Warning ||
		diags[0].Message != filepath.Join(root, "..", "theme")+" is not read: a knowledge base's theme is the folder theme inside the content folder, "+filepath.Join(root, "theme") {
		t.Errorf("Load: %v, want a warning that the theme beside the content folder is not read", diags)
	}
	treetest.Write(t, root, map[string]string{"theme/assets/theme.css": "body { color: #222 }"})
	if _, diags := Load(root); len(diags) != 0 {
		t.Errorf("with a theme in the content folder: %v, want no finding", diags)
	}
}

// A template or stylesheet of the theme that names an asset the site
// does not publish is a warning at the reference; kbc's assets, the
// theme's and those kb.yaml's settings write are published, and a name an
// action writes is not checked.
func TestReferenceToAnAssetTheSiteLacksIsAWarning(t *testing.T) {
	root := write(t, map[string]string{
		"theme/templates/home.html": "{{define \"footer\"}}<footer>\n" +
			"<img src=\"{{.Root}}assets/hero.png\" alt=\"\"><img src=\"{{.Root}}assets/logo.svg\" alt=\"\">\n" +
			"<script src=\"{{.Root}}assets/kbc.js\"></script><img src=\"{{.Root}}assets/{{.Lang}}.png\" alt=\"\"><img src=\"{{.Root}}assets/team.png\" alt=\"\">\n" +
			"<a href=\"https://brand.example/assets/guide.pdf\">Brand files: assets/brand-kit</a><img srcset=\"{{.Root}}assets/team.png 1x, {{.Root}}assets/team@2x.png 2x\" src=\"{{.Root}}assets/my%20team.png\" alt=\"\">\n" +
			"</footer>{{end}}",
		"theme/assets/team.png":    "",
		"theme/assets/team@2x.png": "",
		"theme/assets/my team.png": "",
		"theme/assets/theme.css": "@font-face { src: url(\"fonts/acme.woff2\") }\n/* body { background: url(old.png) } */ i { background: url(\"my%20team.png\") }\n" +
			"body { background: url(team.png) } a { background: url(data:image/png;base64,AAAA) } b { background: url(https://cdn.example/b.png) }",
	})
	_, diags := Load(root)
	var got []string
	for _, d := range diags {
		rel, _ := filepath.Rel(root, d.Pos.File)
		got = append(got, fmt.Sprintf("%s:%d:%d %s", filepath.ToSlash(rel), d.Pos.Line, d.Pos.Column, d.Message))
	}
	want := []string{
		"theme/templates/home.html:2:20 assets/hero.png is not an asset of the site: neither kbc nor the theme's assets folder has it, and the page shows it broken; did you mean \"assets/team.png\"?",
		"theme/assets/theme.css:1:24 assets/fonts/acme.woff2 is not an asset of the site: neither kbc nor the theme's assets folder has it, and the page shows it broken",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A template file that ends inside a block or an action is reported at
// the block or action left open, not at a line past the file's end.
func TestTemplateLeftOpenIsReportedWhereItOpens(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"{{define \"footer\"}}<footer>\n  {{if .Site.Name}}<p>x</p>\n</footer>{{end}}\n",
			"1:1 {{define}} is not closed: the file ends before its {{end}}; each {{if}}, {{range}} and {{with}} in it needs an {{end}} of its own"},
		{"{{define \"footer\"}}<footer>\n  {{if(eq .Lang \"en\")}}<p>x</p>\n</footer>\n",
			"2:3 {{if}} is not closed: the file ends before its {{end}}; each {{if}}, {{range}} and {{with}} in it needs an {{end}} of its own"},
		{"{{define \"footer\"}}<footer>\n  {{range .Site.Footer}}{{if .Title}}<p>x</p>{{end}}\n</footer>\n",
			"2:3 {{range}} is not closed: the file ends before its {{end}}; each {{if}}, {{range}} and {{with}} in it needs an {{end}} of its own"},
		{"{{define \"footer\"}}<footer>\n<p>é <b>{{.Site.Name<b>}}</p>{{end}}\n", "2:21 bad character U+003C '<'"},
		{"{{define \"footer\"}}<footer>\n<p>{{ .Site.Name\n", "2:0 an action ({{…}}) on this line is not closed with }}"},
	} {
		root := write(t, map[string]string{"theme/templates/footer.html": tc.text})
		_, diags := Load(root)
		if len(diags) != 1 || fmt.Sprintf("%d:%d %s", diags[0].Pos.Line, diags[0].Pos.Column, diags[0].Message) != tc.want {
			t.Errorf("%q: %v, want %s", tc.text, diags, tc.want)
		}
	}
}
