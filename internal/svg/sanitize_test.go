package svg

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const svgOpen = `<svg xmlns="http://www.w3.org/2000/svg">`

func TestSanitizeKeeps(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// The declaration, comments and a byte-order mark are dropped;
		// whitespace between elements stays.
		{"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- made by hand -->\n" + svgOpen + "\n  <rect width=\"1\"/>\n</svg>\n",
			svgOpen + "\n  <rect width=\"1\"/>\n</svg>\n"},
		// Prefixes go, xlink:href becomes href, namespace declarations
		// other than the output's own are not written.
		{`<s:svg xmlns:s="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"><s:defs><s:linearGradient id="g"><s:stop offset="0" stop-color="#fff"/></s:linearGradient></s:defs><s:use xlink:href="#g"/></s:svg>`,
			svgOpen + `<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><use href="#g"/></svg>` + "\n"},
		// Style declarations are written canonically.
		{`<svg xmlns="http://www.w3.org/2000/svg" style=" FILL : url(#a) ;;stroke:rgb(1, 2,3)"><text xml:space="preserve" font-family="'Noto Sans JP', 游ゴシック, sans-serif">a &amp; b &lt; c</text></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg" style="fill: url(#a); stroke: rgb(1, 2,3)"><text xml:space="preserve" font-family="'Noto Sans JP', 游ゴシック, sans-serif">a &amp; b &lt; c</text></svg>` + "\n"},
		// Text stays text, however it was written.
		{svgOpen + `<title><![CDATA[<script>x()</script>]]></title><text>]]&gt; &#x3C;b&#x3E;</text></svg>`,
			svgOpen + `<title>&lt;script&gt;x()&lt;/script&gt;</title><text>]]&gt; &lt;b&gt;</text></svg>` + "\n"},
		// Values are escaped again; line breaks in attributes survive.
		{svgOpen + "<path d=\"M0 0\nL1 1\" transform=\"translate(1,2) rotate(-45)\"/><polygon points=\"0,0 1e2,1\"/></svg>",
			svgOpen + `<path d="M0 0&#xA;L1 1" transform="translate(1,2) rotate(-45)"/><polygon points="0,0 1e2,1"/></svg>` + "\n"},
		// CSS's white space, line breaks included, may pad a url()'s argument.
		{svgOpen + `<text style="font-family: 'a'; fill: url(&#xA;&#9; #b )">x</text></svg>`,
			svgOpen + `<text style="font-family: 'a'; fill: url(&#xA;&#x9; #b )">x</text></svg>` + "\n"},
		// Directional marks place the punctuation of right-to-left text.
		{svgOpen + "<text>تثبيت Windows 10\u200f.</text><title>KB2269\u200e:\u061c</title></svg>",
			svgOpen + "<text>تثبيت Windows 10\u200f.</text><title>KB2269\u200e:\u061c</title></svg>\n"},
		// An empty element is closed in its start tag.
		{svgOpen + `<g></g><marker id="m" orient="auto" refX="9"><path d="M0 0z"/></marker><line marker-end="url(#m)"/></svg>`,
			svgOpen + `<g/><marker id="m" orient="auto" refX="9"><path d="M0 0z"/></marker><line marker-end="url(#m)"/></svg>` + "\n"},
	} {
		out, problems := Sanitize([]byte(c.in))
		if len(problems) > 0 {
			t.Errorf("Sanitize(%q): unexpected problems %v", c.in, problems)
		}
		if string(out) != c.want {
			t.Errorf("Sanitize(%q) =\n%s\nwant\n%s", c.in, out, c.want)
		}
		again, problems := Sanitize(out)
		if string(again) != string(out) || len(problems) > 0 {
			t.Errorf("Sanitize of its own output %q gives %q, %v", out, again, problems)
		}
	}
}

func TestSanitizeRefuses(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "line:col: message" of the first problem, a regexp
		out  string // what is kept; "" for nothing
	}{
		{`<svg/>`, `^1:1: <svg> is not in the SVG namespace: add xmlns=`, ""},
		{`<html xmlns="http://www.w3.org/1999/xhtml"/>`, `^1:1: the root element must be <svg> in the SVG namespace, not <html>`, ""},
		{"", `^1: the file holds no <svg> element`, ""},
		{"<svg", `^1:4: not well-formed XML: unexpected EOF`, ""},
		{svgOpen + "\n<rect x=\"1\" y=2/></svg>", `^2:15: not well-formed XML: unquoted or missing attribute value`, ""},
		{svgOpen + "<text>&amp; &xxe;</text></svg>", `^1:53: not well-formed XML: invalid character entity &xxe;`, ""},
		{svgOpen + "\n <rect  onclick = 'x()' width='1'/></svg>", `^2:9: event attribute onclick is not allowed`, svgOpen + "\n <rect width=\"1\"/></svg>\n"},
		{svgOpen + "\n<g>\n  <foreignObject><p/></foreignObject>x</g></svg>", `^3:3: <foreignObject> is not allowed in an SVG image`, ""},
		{svgOpen + `<g>text</g></svg>`, `^1:44: text in <g>; text belongs in <text>`, svgOpen + "<g/></svg>\n"},
		{svgOpen + `</svg><svg xmlns="http://www.w3.org/2000/svg"/>`, `^1:47: an SVG image has one root element; <svg> follows it`, svgOpen[:len(svgOpen)-1] + "/>\n"},
		{svgOpen + `<rect fill="red" fill="blue"/></svg>`, `^1:58: attribute fill is given twice on <rect>`, svgOpen + `<rect fill="red"/></svg>` + "\n"},
		{`<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><use href="#a" x:href="#b"/></svg>`, `attribute href is given twice`, ""},
		{svgOpen + `<rect class="c" style="fill: red; behavior: url(x.htc)"/></svg>`, `^1:47: attribute class is not allowed`, svgOpen + `<rect style="fill: red"/></svg>` + "\n"},
		{svgOpen + `<rect fill="url(#a) red" stroke="URL(//x/y#a)"/></svg>`, `^1:66: attribute stroke=.*must point into the file itself`, ""},
		{svgOpen + `<rect width="expression(alert(1))"/></svg>`, `function expression\(\) is not allowed`, ""},
		{svgOpen + "<rect fill=\"url(\u00a0#a)\"/></svg>", `must point into the file itself`, ""},
		{svgOpen + `<rect opacity="url(#a)"/></svg>`, `url\(\) is allowed only in fill, stroke, clip-path and marker properties`, ""},
		{svgOpen + `<rect fill="red !important"/></svg>`, `'!' is not allowed in a value`, ""},
		{svgOpen + `<rect style="fill: red /* x */"/></svg>`, `'/' is not allowed in a value`, ""},
		{svgOpen + `<text font-family="'a\'b'"/></svg>`, `backslash`, ""},
		{svgOpen + `<text style="font-family: '&gt;'; fill: url(#b)"/></svg>`, `'>' is not allowed in a string`, svgOpen + `<text style="fill: url(#b)"/></svg>` + "\n"},
		{svgOpen + `<rect id="a b"/></svg>`, `an id is a name`, ""},
		{svgOpen + `<path d="M0 0 url(x)"/></svg>`, `'u' is not path data`, ""},
		{svgOpen + `<rect xml:base="http://x/"/></svg>`, `attribute xml:base is not allowed`, ""},
		{svgOpen + `<use href="#a" x:href="y" xmlns:x="urn:x"/></svg>`, `attribute x:href \(namespace "urn:x"\) is not allowed`, ""},
		{svgOpen + `<rect href="#a"/></svg>`, `attribute href is not allowed on <rect>`, ""},
		{`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">` + "\n" + svgOpen + "</svg>", `^1:1: <!DOCTYPE> is not allowed`, svgOpen[:len(svgOpen)-1] + "/>\n"},
		{"<?xml-stylesheet href='x.css'?>" + svgOpen + "</svg>", `^1:1: processing instruction <\?xml-stylesheet\?> is not allowed`, svgOpen[:len(svgOpen)-1] + "/>\n"},
		{svgOpen + "\xff</svg>", `^1:41: not well-formed XML: invalid UTF-8`, ""},
		{`<?xml version="1.0" encoding="ISO-8859-1"?>` + svgOpen + "</svg>", `^1: cannot read SVG: .*ISO-8859-1`, ""},
		{svgOpen + strings.Repeat("<g>", MaxDepth) + strings.Repeat("</g>", MaxDepth) + "</svg>", `elements nest more than 64 deep`, ""},
		{svgOpen + "\n\t<text>日本語</text><desc>説明</desc><bad/></svg>", `^2:33: <bad> is not allowed`, ""},
		// A bidirectional override shows "txt.exe" as "exe.txt".
		{svgOpen + "\n<text>Open \u202etxt.exe</text></svg>", `^2:12: bidirectional control character U\+202E in text`, svgOpen + "\n<text/></svg>\n"},
		{svgOpen + "<title>a &#x2067;b</title></svg>", `^1:48: bidirectional control character U\+2067 in text`, ""},
		{svgOpen + "<title>a &#x2067;b \u2067c</title></svg>", `^1:48: bidirectional control character U\+2067 in text`, ""},
	} {
		out, problems := Sanitize([]byte(c.in))
		if len(problems) == 0 {
			t.Errorf("Sanitize(%q) finds no problem; want %s", c.in, c.want)
			continue
		}
		if got := problems[0].String(); !regexp.MustCompile(c.want).MatchString(got) {
			t.Errorf("Sanitize(%q): first problem %q, want %s", c.in, got, c.want)
		}
		if c.out != "" && string(out) != c.out {
			t.Errorf("Sanitize(%q) keeps\n%s\nwant\n%s", c.in, out, c.out)
		}
		if out != nil {
			again, problems := Sanitize(out)
			if string(again) != string(out) || len(problems) > 0 {
				t.Errorf("Sanitize of what it kept of %q (%q) gives %q, %v", c.in, out, again, problems)
			}
		}
	}
}

// TestAllowListDocumented keeps the package doc, which is the allow-list
// readers see, in step with the tables.
func TestAllowListDocumented(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for _, w := range regexp.MustCompile(`[A-Za-z][A-Za-z0-9:-]*`).FindAllString(string(src), -1) {
		words[w] = true
	}
	var names []string
	for _, m := range []map[string]bool{elements, textElements, hrefElements, properties, urlProperties} {
		for n := range m {
			names = append(names, n)
		}
	}
	for n := range attributes {
		names = append(names, n)
	}
	for n := range xmlAttributes {
		names = append(names, "xml:"+n)
	}
	for _, n := range names {
		if !words[n] {
			t.Errorf("%s is allowed but the package doc does not list it", n)
		}
	}
}

// emptyElement is an element written with an end tag and no content,
// which the output closes in its start tag.
var emptyElement = regexp.MustCompile(`<([A-Za-z]+)([^<>]*)></([A-Za-z]+)>`)

// TestBundledFigures sanitizes every figure of the bundled content: each
// is kept whole, byte for byte but for empty elements.
func TestBundledFigures(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../content/*/figures/*.svg", "../../content/*/figures/*/*.svg"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no bundled figures found")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out, problems := Sanitize(data)
		for _, p := range problems {
			t.Errorf("%s:%s", f, p)
		}
		want := emptyElement.ReplaceAllStringFunc(string(data), func(m string) string {
			if p := emptyElement.FindStringSubmatch(m); p[1] == p[3] {
				return "<" + p[1] + p[2] + "/>"
			}
			return m
		})
		if string(out) != want {
			t.Errorf("%s is not published as it is:\n%s", f, out)
		}
	}
}

// BenchmarkSanitize sanitizes the bundled figures, the size of a
// screenshot-like diagram each; lint and the site sanitize every figure
// once per run.
func BenchmarkSanitize(b *testing.B) {
	files, err := filepath.Glob("../../content/*/figures/*.svg")
	if err != nil || len(files) == 0 {
		b.Fatalf("no bundled figures: %v", err)
	}
	var figures [][]byte
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		figures = append(figures, data)
		size += len(data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range figures {
			Sanitize(data)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(figures)), "ns/figure")
}
