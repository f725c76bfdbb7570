// Command hugosite writes the Hugo equivalent of a kbc knowledge base, for
// the benchmark that times both on the same content: the same pages per
// locale, the same steps, choices, figures (page-bundle resources),
// troubleshooting entries and see-also links with the target's title, a
// language switcher with hreflang alternates, and a home page per locale.
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
	}
	return nil
}

func config(locales []string) string {
	var b strings.Builder
	b.WriteString("baseURL = \"https://help.example.org/\"\n")
	b.WriteString("defaultContentLanguage = \"" + locales[0] + "\"\n")
	b.WriteString("defaultContentLanguageInSubdir = true\n")
	b.WriteString("disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n")
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
	b.WriteString(text(a.Summary) + "\n\n")
	for _, r := range a.Requirements {
		b.WriteString("- " + text(r) + "\n")
	}
	for _, p := range a.Procedures {
		fmt.Fprintf(&b, "\n## %s\n", text(p.Title))
		for _, platform := range p.Branches() {
			fmt.Fprintf(&b, "\n### %s\n\n", platform)
			for i, s := range p.Branch(platform) {
				fmt.Fprintf(&b, "%d. %s\n", i+1, text(s.Text))
				for ci, c := range s.Choices {
					fmt.Fprintf(&b, "   %c. %s %s\n", 'a'+ci, text(c.When), text(c.Text))
				}
			}
		}
	}
	b.WriteString("\n## Figures\n\n")
	for _, f := range a.Figures {
		fmt.Fprintf(&b, "![%s](%s \"Figure %d\")\n\n", text(f.Alt), filepath.Base(f.Src), figNum[f.ID])
	}
	b.WriteString("## Troubleshooting\n\n")
	for _, t := range a.Troubleshooting {
		fmt.Fprintf(&b, "### %s\n\n%s\n\n%s\n\n", text(t.Symptom), text(t.Cause), text(t.Remedy))
	}
	b.WriteString("## See also\n\n")
	for _, r := range a.SeeAlso {
		fmt.Fprintf(&b, "- {{< kb \"%s\" >}}\n", strings.ToLower(r.ID))
	}
	if err := writeFile(filepath.Join(dir, "index.md"), b.String()); err != nil {
		return err
	}
	for _, f := range a.Figures {
		if err := copyFile(filepath.Join(a.Dir, filepath.FromSlash(f.Src)), filepath.Join(dir, filepath.Base(f.Src))); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path, body string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(body), 0o644)
}

func copyFile(from, to string) error {
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
