package render_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/render"
)

// hostileResolver resolves references the way a careless site would:
// link texts carry markup, hrefs come straight from the target (so that
// {{kb:javascript:x}} asks for a javascript: link), classes and ids carry
// quotes, step references split into several parts joined by markup,
// and figure references into variants whose platforms carry quotes.
// Whatever it returns must come out as escaped text and safe links.
func hostileResolver(r render.Ref) render.Link {
	switch r.Kind {
	case content.RefStep:
		return render.Link{Parts: []render.Link{
			{Text: "<b>step</b> " + r.Target, Href: "#" + r.Target, Class: "ref-step"},
			{Text: r.Target, Href: r.Target, Class: `x" onclick="alert(1)`, Label: `"><script>`},
		}, Joiners: []string{"<i>", `" or <b>`, "</i>"}}
	case content.RefFigure:
		return render.Link{Variants: []render.Link{
			{Text: "Figure " + r.Target, Href: "#fig-" + r.Target + `" onmouseover="x`, Class: "ref-fig", Platform: `a" onclick="x`},
			{Text: "<em>2</em>", Href: "javascript:alert(1)", Platform: "<ios>"},
		}}
	case content.RefArticle:
		return render.Link{Text: "<script>" + r.Target + "</script>", Href: r.Target + "#" + r.Anchor, Class: "ref-kb", Lang: `fr" onclick="x`}
	case content.RefFootnote:
		return render.Link{Text: r.Target, Href: "#fn-" + r.Target, ID: "fnref-" + r.Target + `" autofocus onfocus="x`, Sup: true}
	}
	return render.Link{Text: "<i>" + string(r.Kind) + ":" + r.Target, Lang: "<ja>"}
}

// markupRule says which attributes an element kbc writes may carry.
type markupRule struct {
	attrs map[string]bool
	void  bool // no end tag
}

func rule(void bool, attrs ...string) markupRule {
	m := markupRule{attrs: map[string]bool{}, void: void}
	for _, a := range attrs {
		m.attrs[a] = true
	}
	return m
}

// inlineMarkup is every element the inline renderer may write; blockMarkup
// adds the block elements of a section body. Anything else in the output,
// <script> or <img> or <div>, came from the input.
var (
	inlineMarkup = map[string]markupRule{
		"strong": rule(false), "em": rule(false), "code": rule(false),
		"a": rule(false, "href", "title", "id", "class", "aria-label", "lang", "dir"), "sup": rule(false, "class"),
		"span": rule(false, "class", "data-platform", "hidden", "lang", "dir"),
		"br":   rule(true),
	}
	blockMarkup = map[string]markupRule{
		"p": rule(false), "ul": rule(false), "ol": rule(false, "start"), "li": rule(false),
		"blockquote": rule(false), "pre": rule(false), "hr": rule(true),
		"code": rule(false, "class"),
	}
)

// The character references a text or an attribute value may hold.
var charRef = regexp.MustCompile(`^&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});`)

// tagPattern reads one start or end tag as kbc writes them: lower-case
// names, attribute values always in double quotes.
var tagPattern = regexp.MustCompile(`^<(/?)([a-z][a-z0-9]*)((?: [a-z-]+="[^"]*")*)>`)

var attrPattern = regexp.MustCompile(` ([a-z-]+)="([^"]*)"`)

// element is one start tag of the output.
type element struct {
	name  string
	attrs map[string]string
}

// checkMarkup parses out as the narrow HTML kbc writes and returns the
// first way it could be unsafe: an element or attribute kbc never writes,
// an event handler, a link a browser would run or send off-site, markup
// characters left unescaped in text, or tags that do not nest.
func checkMarkup(out string, block bool) ([]element, error) {
	var elems []element
	var open []string
	for i := 0; i < len(out); {
		switch out[i] {
		case '<':
			m := tagPattern.FindStringSubmatch(out[i:])
			if m == nil {
				return nil, fmt.Errorf("unescaped %q at byte %d", excerpt(out, i), i)
			}
			name := m[2]
			r, ok := inlineMarkup[name]
			if br, inBlock := blockMarkup[name]; block && inBlock {
				r, ok = br, true
			}
			if !ok {
				return nil, fmt.Errorf("element <%s> is not markup kbc writes: %q", name, m[0])
			}
			if m[1] == "/" {
				if m[3] != "" || len(open) == 0 || open[len(open)-1] != name {
					return nil, fmt.Errorf("end tag %q does not close the open element (open: %v)", m[0], open)
				}
				open = open[:len(open)-1]
			} else {
				e, err := checkAttrs(name, m[3], r)
				if err != nil {
					return nil, err
				}
				elems = append(elems, e)
				if !r.void {
					open = append(open, name)
				}
			}
			i += len(m[0])
		case '>', '"':
			return nil, fmt.Errorf("unescaped %q in text at byte %d", out[i], i)
		case '&':
			if !charRef.MatchString(out[i:]) {
				return nil, fmt.Errorf("bare & at byte %d: %q", i, excerpt(out, i))
			}
			i++
		default:
			i++
		}
	}
	if len(open) > 0 {
		return nil, fmt.Errorf("elements left open: %v", open)
	}
	return elems, nil
}

func checkAttrs(name, attrs string, r markupRule) (element, error) {
	e := element{name: name, attrs: map[string]string{}}
	for _, a := range attrPattern.FindAllStringSubmatch(attrs, -1) {
		key, raw := a[1], a[2]
		if strings.HasPrefix(key, "on") {
			return e, fmt.Errorf("event handler %s= on <%s>", key, name)
		}
		if !r.attrs[key] {
			return e, fmt.Errorf("attribute %s= is not one kbc writes on <%s>", key, name)
		}
		if _, dup := e.attrs[key]; dup {
			return e, fmt.Errorf("attribute %s= twice on <%s>", key, name)
		}
		if strings.ContainsAny(raw, "<>") {
			return e, fmt.Errorf("unescaped markup in %s=%q", key, raw)
		}
		for j := range len(raw) {
			if raw[j] == '&' && !charRef.MatchString(raw[j:]) {
				return e, fmt.Errorf("bare & in %s=%q", key, raw)
			}
		}
		value := html.UnescapeString(raw)
		e.attrs[key] = value
		if key == "href" {
			if err := checkHref(value); err != nil {
				return e, err
			}
		}
	}
	switch {
	case name == "code" && e.attrs["class"] != "" && !strings.HasPrefix(e.attrs["class"], "language-"):
		return e, fmt.Errorf("<code> with class %q", e.attrs["class"])
	case name == "a" && e.attrs["href"] == "":
		return e, fmt.Errorf("<a> without a destination")
	}
	return e, nil
}

// checkHref reads a link destination the way a browser's URL parser does,
// independently of render.SafeURL: leading C0 controls and spaces are
// dropped, tabs and newlines anywhere are removed, and a backslash counts
// as a slash. The result must be http, https or mailto, or relative to
// this site.
func checkHref(href string) error {
	u := strings.TrimLeft(href, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	u = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(u)
	if s := strings.ReplaceAll(u, `\`, "/"); strings.HasPrefix(s, "//") {
		return fmt.Errorf("href %q leads to another host", href)
	}
	if m := schemePattern.FindStringSubmatch(u); m != nil {
		switch strings.ToLower(m[1]) {
		case "http", "https", "mailto":
		default:
			return fmt.Errorf("href %q uses the %s: scheme", href, strings.ToLower(m[1]))
		}
	}
	return nil
}

var schemePattern = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)

// autolinkPattern matches CommonMark autolinks: <scheme:...> and <email>.
var autolinkPattern = regexp.MustCompile(`<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\x00-\x20]*>|<[A-Za-z0-9.!#$%&'*+/=?^_` + "`" + `{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>`)

// checkDelimiters bounds each kind of element by the Markdown syntax that
// can produce it, so that an element copied from raw HTML in the input
// (which kbc must escape) shows up as one element too many: emphasis
// needs a pair of * or _ per level, a code span a pair of backticks, a
// link a [ or an autolink or a reference (which may expand to two links
// with hostileResolver), a footnote mark a reference, a line break a
// newline.
func checkDelimiters(src string, elems []element, block bool) error {
	count := map[string]int{}
	for _, e := range elems {
		count[e.name]++
	}
	emphasis := strings.Count(src, "*") + strings.Count(src, "_")
	refs := strings.Count(src, "{{")
	bounds := []struct {
		what       string
		used, have int
	}{
		{"emphasis delimiters", 2*count["em"] + 4*count["strong"], emphasis},
		{"links", count["a"], strings.Count(src, "[") + len(autolinkPattern.FindAllString(src, -1)) + 2*refs},
		{"footnote marks", count["sup"], refs},
		{"line breaks", count["br"], strings.Count(src, "\n")},
	}
	if !block {
		bounds = append(bounds, struct {
			what       string
			used, have int
		}{"backticks", 2 * count["code"], strings.Count(src, "`")})
	}
	for _, b := range bounds {
		if b.used > b.have {
			return fmt.Errorf("%d %s used, the input has %d: markup came from the input", b.used, b.what, b.have)
		}
	}
	return nil
}

func excerpt(s string, i int) string {
	return s[i:min(len(s), i+24)]
}

// checkRendered asserts that both renderers turn src into safe markup.
func checkRendered(t *testing.T, src string) {
	t.Helper()
	for _, block := range []bool{false, true} {
		render1 := render.Inline
		if block {
			render1 = render.Block
		}
		out := string(render1(src, hostileResolver))
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("block=%v: %q renders live script: %q", block, src, out)
		}
		elems, err := checkMarkup(out, block)
		if err == nil {
			err = checkDelimiters(src, elems, block)
		}
		if err != nil {
			t.Fatalf("block=%v: %q renders as %q: %v", block, src, out, err)
		}
		if again := string(render1(src, hostileResolver)); again != out {
			t.Fatalf("block=%v: %q renders differently the second time:\n%q\n%q", block, src, out, again)
		}
		// Without a resolver a reference shows its own text, escaped.
		if _, err := checkMarkup(string(render1(src, nil)), block); err != nil {
			t.Fatalf("block=%v, no resolver: %q: %v", block, src, err)
		}
	}
	_ = render.PlainText(src, hostileResolver)
	_ = render.PlainText(src, nil)
}

// FuzzRenderInline renders fuzzed prose with the inline and the block
// renderer and checks the output against checkMarkup and checkDelimiters.
func FuzzRenderInline(f *testing.F) {
	for _, h := range hostileInputs {
		f.Add(h.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkRendered(t, src)
	})
}

// TestCheckMarkupCatches makes sure the oracle is not blind: output that
// lets markup through is refused.
func TestCheckMarkupCatches(t *testing.T) {
	for _, tt := range []struct{ src, out string }{
		{"x", `<script>alert(1)</script>`},
		{"x", `<img src=x onerror=alert(1)>`},
		{"[x](y)", `<a href="javascript:alert(1)">x</a>`},
		{"[x](y)", `<a href="&#x6A;avascript:alert(1)">x</a>`},
		{"[x](y)", `<a href=" java&#9;script:alert(1)">x</a>`},
		{"[x](y)", `<a href="/\evil.example">x</a>`},
		{"[x](y)", `<a href="data:text/html,x">x</a>`},
		{"[x](y)", `<a href="#" onclick="x">x</a>`},
		{"x", `<em>x</em>`},
		{"*x*", `<em>x</em><em>y</em>`},
		{"a\nb", `<br><br>`},
		{"x", `<sup class="fn-mark">1</sup>`},
		{"x", `a "quoted" word`},
		{"x", `a & b`},
		{"x", `<strong>x</em>`},
	} {
		elems, err := checkMarkup(tt.out, false)
		if err == nil {
			err = checkDelimiters(tt.src, elems, false)
		}
		if err == nil {
			t.Errorf("checkMarkup accepts %q for input %q", tt.out, tt.src)
		}
	}
	for _, out := range []string{
		`<strong>Tap</strong> <a href="https://example.com/a?b=1&amp;c=2" title="t">x</a>`,
		`<sup class="fn-mark"><a href="#fn-a" id="fnref-a" class="ref">1</a></sup>`,
	} {
		if _, err := checkMarkup(out, false); err != nil {
			t.Errorf("checkMarkup refuses kbc's own markup %q: %v", out, err)
		}
	}
}
