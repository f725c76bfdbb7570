package theme

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/kbcdev/kbc/internal/content"
)

// Colour tokens beside those kb.yaml may set (content.ColorTokens): what
// text is written on everywhere else.
const (
	Background = "background" // the page
	Panel      = "panel"      // boxes, the header by default, choices
)

// defaults are the colour tokens of kbc's stylesheet (site/assets/kbc.css),
// by scheme: what kb.yaml's colors replace, and what the colours it does
// not set are checked against. TestDefaultsMatchStylesheet keeps the two
// in step.
var defaults = map[string]map[string]string{
	content.ColorLight: {
		Background: "#ffffff", Panel: "#f6f8fa",
		"brand": "#f6f8fa", "brand_text": "#1b1f24",
		"accent": "#0a58ca", "accent_text": "#ffffff",
	},
	content.ColorDark: {
		Background: "#0f1419", Panel: "#161b22",
		"brand": "#161b22", "brand_text": "#e6edf3",
		"accent": "#6cb6ff", "accent_text": "#0f1419",
	},
}

// cssNames are the custom properties of kbc.css each token sets.
var cssNames = map[string]string{
	Background: "--bg", Panel: "--panel",
	"brand": "--brand", "brand_text": "--brand-fg",
	"accent": "--accent", "accent_text": "--accent-fg",
}

// Pair is a text colour and what it is written on, by token.
type Pair struct {
	Text, On string
	Where    string // what readers read in these colours, for a finding
}

// Pairs are the text colour pairs of the site that involve a token kb.yaml
// may set; each must keep WCAG AA contrast.
var Pairs = []Pair{
	{"brand_text", "brand", "the header's text on the brand colour"},
	{"accent", Background, "links on the page background"},
	{"accent", Panel, "links and labels on panels"},
	{"accent_text", "accent", "text on the accent colour (step numbers, buttons)"},
}

// Colors returns every colour token of the scheme: kbc's, with those
// kb.yaml sets in their place.
func Colors(site *content.Site, scheme string) map[string]string {
	out := map[string]string{}
	for k, v := range defaults[scheme] {
		if set := site.Color(scheme, k); set != "" {
			v = set
		}
		out[k] = v
	}
	return out
}

// ColorsFile is where the site publishes the stylesheet of kb.yaml's
// colours.
const ColorsFile = AssetsDir + "/colors.css"

// ColorsCSS returns the stylesheet that gives kbc's custom properties
// the colours kb.yaml sets, for the screen (print keeps its black and
// white), or nil when kb.yaml sets none. It is linked after kbc's.
func ColorsCSS(site *content.Site) []byte {
	if site == nil || len(site.Colors) == 0 {
		return nil
	}
	var b bytes.Buffer
	b.WriteString("/* The colours of kb.yaml's site.colors. */\n")
	for _, scheme := range []string{content.ColorLight, content.ColorDark} {
		var decls []string
		for _, c := range site.Colors {
			if c.Scheme == scheme {
				decls = append(decls, fmt.Sprintf("%s: %s;", cssNames[c.Token], c.Value))
			}
		}
		if len(decls) == 0 {
			continue
		}
		slices.Sort(decls)
		media := "screen and (prefers-color-scheme: light)"
		if scheme == content.ColorDark {
			media = "screen and (prefers-color-scheme: dark)"
		}
		fmt.Fprintf(&b, "@media %s {\n  :root {", media)
		for _, d := range decls {
			b.WriteString(" " + d)
		}
		b.WriteString(" }\n}\n")
	}
	return b.Bytes()
}
