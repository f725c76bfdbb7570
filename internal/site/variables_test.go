package site_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/site/sitetest"
)

const variableFiles = `
-- content/kb.yaml --
source_locale: en
locales: [en, fr, hu, ja]
variables:
  support-phone:
    value: "+1 877 442 2757"
    locales: {hu: "+36 1 555 <0100>", ja: 03-5555-0100}
  portal: https://www.example.com/portal
-- content/kb1/article.yaml --
id: KB1
title: Call support
summary: Call {{var:support-phone}}.
procedures:
  - id: call
    title: Call
    steps:
      - id: dial
        text: Dial **{{var:support-phone}}** or open {{var:portal}}.
-- content/kb1/fr.yaml --
lang: fr
title: {text: "Appeler le support", source: 4b5c7f6d}
summary: {text: "Appelez le {{var:support-phone}}.", source: 00000000}
-- content/kb1/hu.yaml --
lang: hu
title: {text: "Az ügyfélszolgálat hívása", source: 4b5c7f6d}
summary: {text: "Hívja a {{var:support-phone}} számot.", source: 00000000}
-- content/kb1/ja.yaml --
lang: ja
title: {text: "サポートに電話する", source: 4b5c7f6d}
summary: {text: "{{var:support-phone}} にお電話ください。", source: 00000000}
`

// TestVariablesRenderedPerLocale shows each locale its own value of a
// variable, or the value every other locale shares, escaped as text; a
// URL value is a link.
func TestVariablesRenderedPerLocale(t *testing.T) {
	r := sitetest.Build(t, variableFiles)
	r.AssertFile("en/kb1/index.html", `Call +1 877 442 2757.`, `Dial <strong>+1 877 442 2757</strong>`,
		`<a href="https://www.example.com/portal" class="ref ref-var">https://www.example.com/portal</a>`, `! {{var:`)
	r.AssertFile("fr/kb1/index.html", `Appelez le +1 877 442 2757.`, `! {{var:`)
	r.AssertFile("hu/kb1/index.html", `Hívja a +36 1 555 &lt;0100&gt; számot.`, `! {{var:`)
	r.AssertFile("ja/kb1/index.html", `03-5555-0100 にお電話ください。`, `Dial <strong>03-5555-0100</strong>`)
}

// TestVariablesInEveryPage: summaries shown outside the article page, on
// the home page and in the search index, show values too, never the
// reference.
func TestVariablesInEveryPage(t *testing.T) {
	r := sitetest.Build(t, variableFiles)
	for _, l := range []string{"en", "fr", "hu", "ja"} {
		r.AssertFile(l+"/index.html", `! {{var:`)
	}
	r.AssertFile("en/index.html", `Call &#43;1 877 442 2757.`)
	r.AssertFile("hu/index.html", `Hívja a &#43;36 1 555 &lt;0100&gt; számot.`)
}
