// Command hugosite writes the Hugo equivalent of a kbc knowledge base, for
// the benchmark that times both on the same work: the same pages per
// locale holding the same texts (every text kbc's page shows, in the same
// order: content.Article.Walk, each procedure's steps once per branch),
// the figures written once (in static/, as kbc writes media/, not copied
// into every locale's page bundle), see-also links with the target's
// title, a language switcher with hreflang alternates, a home page per
// locale, a sitemap, and a search index per locale (index.json of every
// page's title, summary and text, as kbc writes its search shards).
//
//	go run ./bench/hugosite -content /tmp/corpus -o /tmp/hugo-site
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
)

func main() { os.Exit(run()) }

func run() int {
	src := flag.String("content", "", "kbc content folder (with kb.yaml)")
	out := flag.String("o", "", "Hugo site folder to write (must not exist)")
	flag.Parse()
	if *src == "" || *out == "" {
		flag.Usage()
		return 2
	}
	kb, diags, err := content.Load(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hugosite:", err)
		return 2
	}
	if diags.HasErrors() {
		fmt.Fprintf(os.Stderr, "hugosite: %s has %d findings; generate a clean corpus\n", *src, len(diags))
		return 1
	}
	if err := writeSite(kb, *out); err != nil {
		fmt.Fprintln(os.Stderr, "hugosite:", err)
		return 1
	}
	return 0
}

func writeSite(kb *content.KB, out string) error {
	if err := writeFile(filepath.Join(out, "hugo.toml"), config(kb.Config.Locales)); err != nil {
		return err
	}
	for name, body := range layouts {
		if err := writeFile(filepath.Join(out, "layouts", name), body); err != nil {
			return err
		}
	}
	for _, a := range kb.Articles {
		for _, l := range kb.Config.Locales {
			if err := writeArticle(kb, a, l, out); err != nil {
				return err
			}
		}
		if err := copyFigures(kb, a, out); err != nil {
			return err
		}
	}
	return nil
}

// copyFigures writes each image file an article shows once, under
// static/media/ at its path in the content folder, as kbc publishes it.
func copyFigures(kb *content.KB, a *content.Article, out string) error {
	seen := map[string]bool{}
	for _, f := range a.Figures {
		for _, l := range kb.Config.Locales {
			file, _ := a.FigureFile(f, l, content.IsRegularFile)
			if seen[file] {
				continue
			}
			seen[file] = true
			rel, err := filepath.Rel(kb.Root, file)
			if err != nil {
				return err
			}
			if err := copyFile(file, filepath.Join(out, "static", "media", rel)); err != nil {
				return err
			}
		}
	}
	return nil
}

func config(locales []string) string {
	var b strings.Builder
	b.WriteString("baseURL = \"https://help.example.org/\"\n")
	b.WriteString("defaultContentLanguage = \"" + locales[0] + "\"\n")
	b.WriteString("defaultContentLanguageInSubdir = true\n")
	b.WriteString("disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n")
	b.WriteString("[outputs]\nhome = [\"HTML\", \"JSON\"]\n")
	b.WriteString("[markup.goldmark.renderer]\nunsafe = false\n")
	for i, l := range locales {
		fmt.Fprintf(&b, "[languages.%s]\ncontentDir = \"content/%s\"\nweight = %d\nlanguageCode = \"%s\"\n", l, l, i+1, l)
	}
	return b.String()
}

var layouts = map[string]string{
	"_default/baseof.html": `<!doctype html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<nav>{{ range .AllTranslations }}<a href="{{ .RelPermalink }}">{{ .Language.Lang }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
`,
	"_default/single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}
`,
	"_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
	"shortcodes/kb.html": `{{ with .Site.GetPage (printf "/%s" (.Get 0)) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`,
	// The locale's search index: what kbc's search shards hold, as one
	// file.
	"index.json": `{{- $docs := slice -}}
{{- range .Site.RegularPages -}}
{{- $docs = $docs | append (dict "title" .Title "href" .RelPermalink "summary" .Params.summary "text" .Plain) -}}
{{- end -}}
{{- jsonify $docs -}}
`,
}

// refPattern matches kbc's typed references, which the Hugo page writes as
// plain labels, shortcodes or links.
var refPattern = regexp.MustCompile(`\{\{(step|fig|kb|fn):([^}#]+)(#[^}]*)?\}\}`)

func writeArticle(kb *content.KB, a *content.Article, locale, out string) error {
	dir := filepath.Join(out, "content", locale, strings.ToLower(a.ID))
	figNum := map[string]int{}
	for i, f := range a.Figures {
		figNum[f.ID] = i + 1
	}
	stepNum := map[string]int{}
	for _, p := range a.Procedures {
		for i, s := range p.Branch(p.Branches()[0]) {
			stepNum[s.ID] = i + 1
		}
	}
	text := func(t content.Text) string {
		lt, _, _ := a.Localize(t, locale)
		return refPattern.ReplaceAllStringFunc(lt.Value, func(m string) string {
			sub := refPattern.FindStringSubmatch(m)
			switch sub[1] {
			case "step":
				return fmt.Sprintf("[step %d](#%s)", stepNum[sub[2]], sub[2])
			case "fig":
				return fmt.Sprintf("[Figure %d](#fig-%s)", figNum[sub[2]], sub[2])
			case "kb":
				return fmt.Sprintf(`{{< kb "%s" >}}`, strings.ToLower(sub[2]))
			}
			return ""
		})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\nsummary: %q\n---\n\n", text(a.Title), text(a.Summary))
	figures := map[string]*content.Figure{}
	for _, f := range a.Figures {
		figures[f.ID] = f
	}
	// Every text kbc's page shows, in its reading order: procedures once
	// per branch, each step numbered on its branch; a figure is shown
	// where it is first referenced.
	shown := map[string]bool{}
	a.WalkBranches(func(p *content.Procedure) []string { return p.Branches() }, func(t *content.Text, at content.Place) {
		switch at.Role {
		case content.ProcedurePart:
			return
		case content.BranchPart:
			fmt.Fprintf(&b, "\n### %s\n\n", at.Branch)
			return
		case content.Title, content.FigureAlt, content.FigureCaption:
			return
		}
		if t == nil {
			return
		}
		switch at.Role {
		case content.ProcedureTitle, content.SectionTitle:
			fmt.Fprintf(&b, "\n## %s\n\n", text(*t))
		case content.StepText:
			fmt.Fprintf(&b, "1. %s\n", text(*t))
		case content.ChoiceWhen, content.ChoiceText, content.StepResult, content.StepNote:
			fmt.Fprintf(&b, "   %s\n", text(*t))
		case content.TroubleSymptom:
			fmt.Fprintf(&b, "\n### %s\n\n", text(*t))
		default:
			b.WriteString(text(*t) + "\n\n")
		}
		for _, r := range content.ParseRefs(t.Value) {
			if f := figures[r.Target]; r.Kind == content.RefFigure && f != nil && !shown[f.ID+at.Branch] {
				shown[f.ID+at.Branch] = true
				file, _ := a.FigureFile(f, locale, content.IsRegularFile)
				rel, _ := filepath.Rel(kb.Root, file)
				fmt.Fprintf(&b, "\n![%s](/media/%s \"Figure %d\")\n\n", text(f.Alt), filepath.ToSlash(rel), figNum[f.ID])
			}
		}
	})
	b.WriteString("## See also\n\n")
	for _, r := range a.SeeAlso {
		fmt.Fprintf(&b, "- {{< kb \"%s\" >}}\n", strings.ToLower(r.ID))
	}
	return writeFile(filepath.Join(dir, "index.md"), b.String())
}

func writeFile(path, body string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(body), 0o644)
}

func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
