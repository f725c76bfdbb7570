package site_test

import (
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/site/sitetest"
)

// hostileKB puts hostile text in every kind of field an article page
// shows, in the source and in a translation, and a javascript: URL and a
// script title in kb.yaml's external registry.
const hostileKB = `
-- content/kb.yaml --
source_locale: en
locales: [en, fr]
platforms:
  android: {name: {en: "<b>Android</b>", fr: "Android\"><script>alert(1)</script>"}}
  ios: {name: {en: iOS, fr: iOS}}
external:
  KB66:
    url: "javascript:alert(1)"
    title: {en: "<script>alert(1)</script>", fr: "<img src=x onerror=alert(1)>"}
  KB67:
    url: "https://example.com/67\" onmouseover=\"alert(1)"
    title: {en: "\"><svg onload=alert(1)>", fr: Ailleurs}
-- content/kb1/article.yaml --
id: KB1
title: "<script>alert(1)</script> [x](javascript:alert(1))"
summary: "<img src=x onerror=alert(1)> and \"><script>alert(2)</script>"
requirements:
  - "[x](JaVaScRiPt:alert(1)) [y](javascript&colon;alert(1)) [z](java%0ascript:alert(1))"
  - "[d](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(1)> [v](vbscript:msgbox(1))"
notes:
  - {id: n, kind: warning, text: "<svg onload=alert(1)> {{kb:KB66}} {{kb:KB67}}"}
sections:
  - id: body
    title: "<a href=\"javascript:x\">x</a>"
    body: |
      <div onclick="alert(1)">raw block</div>

      - <iframe src="javascript:alert(1)"></iframe>
      - {{kb:KB1" onmouseover="x}} and {{kb:KB66#x" onclick="y}}

      > <style>body{display:none}</style>

      ` + "```" + `js" onload="alert(1)
      <script>alert(1)</script>
      ` + "```" + `
    table:
      caption: "<caption onclick=alert(1)>"
      header: ["<th onclick=alert(1)>", "&lt;script&gt;"]
      rows:
        - ["&#60;script&#62;alert(1)&#60;/script&#62;", "[x](javascript:alert(1))"]
figures:
  shot: {src: figures/shot.svg, alt: "\" onerror=\"alert(1)", caption: "<img src=x onerror=alert(1)>"}
procedures:
  - id: go
    title: "<b onmouseover=alert(1)>Go</b>"
    intro: "{{fig:shot}} {{fn:note}}"
    platforms: [android, ios]
    steps:
      - id: first
        text: "<script>alert(1)</script> {{step:second}}"
        choices:
          - when: "<img src=x onerror=alert(1)>"
            text: "[x](javascript:alert(1))"
            next: second
          - when: "\"><script>alert(1)</script>"
            text: Otherwise.
            end: true
      - id: second
        text: "<svg onload=alert(1)>"
        result: "{{kb:KB66}}"
        note: "{{kb:KB67}}"
troubleshooting:
  - id: t
    symptom: "<script>alert(1)</script>"
    cause: "[x](javascript:alert(1))"
    remedy: "{{step:first}}"
footnotes:
  - {id: note, text: "<img src=x onerror=alert(1)>"}
see_also: [KB66, KB67]
-- content/kb1/figures/shot.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>
-- content/kb1/fr.yaml --
lang: fr
title: {text: "<script>alert('fr')</script>", source: 00000000}
procedures.go.steps.first.text: {text: "<img src=x onerror=alert(1)> {{step:second}}", source: 00000000}
`

// TestHostileSite builds hostileKB and checks every page it writes.
func TestHostileSite(t *testing.T) {
	r := sitetest.Run(t, hostileKB, build.Options{})
	if r.Err != nil {
		t.Fatalf("build: %v", r.Err)
	}
	pages := checkSitePages(t, r.Out)
	if pages == 0 {
		t.Fatal("the build wrote no pages")
	}
	for _, p := range []string{"en/kb1/index.html", "fr/kb1/index.html"} {
		// The hostile text is shown, as text.
		r.AssertFile(p, "&lt;script&gt;alert(", "&lt;img src=x onerror=alert(1)&gt;")
	}
}

// checkSitePages checks every HTML page under out and returns how many
// it read.
func checkSitePages(t *testing.T, out string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		if err := checkPage(string(data)); err != nil {
			rel, _ := filepath.Rel(out, p)
			t.Errorf("%s: %v", rel, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var (
	pageTag  = regexp.MustCompile(`^<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'=<>/]+(?:="[^"]*")?)*)\s*/?>`)
	pageAttr = regexp.MustCompile(`\s([^\s"'=<>/]+)(?:="([^"]*)")?`)
	// Elements that run code, load other documents or restyle the page:
	// none comes from kbc's templates, so any one came from content.
	deniedElements = map[string]bool{
		"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true, "applet": true,
		"style": true, "base": true, "svg": true, "math": true, "template": true,
		"audio": true, "video": true, "textarea": true,
	}
	urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "poster": true, "srcset": true, "xlink:href": true, "data": true}
)

// checkPage reads a page as a browser would find its elements and returns
// the first way content could run or inject markup: an element that runs
// code or loads a document, an inline or off-site script, an event
// handler or inline style, a URL a browser would run or send off-site
// under another scheme, or a "<" that starts no well-formed tag.
func checkPage(page string) error {
	for i := 0; i < len(page); i++ {
		if page[i] != '<' {
			continue
		}
		rest := page[i:]
		if strings.HasPrefix(rest, "<!DOCTYPE html>") {
			continue
		}
		if len(rest) > 1 && !isTagStart(rest[1]) {
			continue
		}
		m := pageTag.FindStringSubmatch(rest)
		if m == nil {
			return fmt.Errorf("%q starts no well-formed tag", rest[:min(len(rest), 40)])
		}
		name := strings.ToLower(m[2])
		if m[1] == "/" {
			continue
		}
		if deniedElements[name] {
			return fmt.Errorf("element <%s>: %q", name, m[0])
		}
		attrs := map[string]string{}
		for _, a := range pageAttr.FindAllStringSubmatch(m[3], -1) {
			key := strings.ToLower(a[1])
			value := html.UnescapeString(a[2])
			attrs[key] = value
			switch {
			case strings.HasPrefix(key, "on"):
				return fmt.Errorf("event handler in %q", m[0])
			case key == "style":
				return fmt.Errorf("inline style in %q", m[0])
			case urlAttrs[key]:
				if err := checkPageURL(value); err != nil {
					return fmt.Errorf("%v in %q", err, m[0])
				}
			}
		}
		if name == "script" {
			src := attrs["src"]
			if src == "" || !strings.HasSuffix(src, ".js") || strings.Contains(src, ":") {
				return fmt.Errorf("script that is not one of the site's files: %q", m[0])
			}
			if !strings.HasPrefix(page[i+len(m[0]):], "</script>") {
				return fmt.Errorf("script element with inline code: %q", rest[:min(len(rest), 60)])
			}
		}
		if name == "meta" && attrs["http-equiv"] != "" && !strings.EqualFold(attrs["http-equiv"], "content-security-policy") {
			return fmt.Errorf("meta http-equiv: %q", m[0])
		}
	}
	return nil
}

func isTagStart(c byte) bool {
	return c == '/' || c == '!' || c == '?' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

var (
	urlBrowserForm = strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/")
	urlScheme      = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)
)

// checkPageURL reads a URL the way a browser's URL parser does: leading
// controls and spaces dropped, tabs and newlines removed anywhere, a
// backslash read as a slash. Only http, https and mailto URLs and paths
// within the site are allowed.
func checkPageURL(u string) error {
	s := strings.TrimLeftFunc(u, func(r rune) bool { return r <= ' ' })
	s = urlBrowserForm.Replace(s)
	if m := urlScheme.FindStringSubmatch(s); m != nil {
		switch strings.ToLower(m[1]) {
		case "http", "https", "mailto":
			return nil
		}
		return fmt.Errorf("URL %q with the %s: scheme", u, m[1])
	}
	if strings.HasPrefix(s, "//") {
		return fmt.Errorf("URL %q leads to another host", u)
	}
	return nil
}

// TestCheckPageCatches makes sure the page oracle is not blind.
func TestCheckPageCatches(t *testing.T) {
	for _, page := range []string{
		`<p>x</p><script>alert(1)</script>`,
		`<script src="https://evil.example/x.js"></script>`,
		`<img src=x onerror=alert(1)>`,
		`<p onclick="x">`,
		`<a href="javascript:alert(1)">`,
		`<a href="&#x6A;avascript:alert(1)">`,
		`<a href=" java&#9;script:x">`,
		`<a href="/\evil.example">`,
		`<img src="data:image/svg+xml,x">`,
		`<div style="background:url(x)">`,
		`<svg><a>`,
		`<iframe src="https://example.com">`,
		`<a href="x" <b>`,
	} {
		if err := checkPage(page); err == nil {
			t.Errorf("checkPage accepts %q", page)
		}
	}
	ok := `<!DOCTYPE html><html lang="en"><a href="../kb2/index.html#s">a &lt;b&gt; 1 < 2</a><script src="../../assets/kbc.js" defer></script>`
	if err := checkPage(ok); err != nil {
		t.Errorf("checkPage refuses %q: %v", ok, err)
	}
}
