package render

import (
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/kbcdev/kbc/internal/i18n"
)

// safeRenderer overrides goldmark's HTML renderer where kbc is stricter:
// links keep only safe destinations, images become their alt text (figures
// are declared, not inlined), references render through their resolved
// Link, and in inline mode paragraphs add no tags.
// With unlinked, links and references are written as their text, for a
// text inside an element that may hold no link.
type safeRenderer struct{ inline, unlinked bool }

func (r safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindImage, renderImage)
	reg.Register(ast.KindRawHTML, skip)
	reg.Register(ast.KindHTMLBlock, skip)
	reg.Register(KindRef, renderRef)
	if r.inline {
		reg.Register(ast.KindParagraph, renderBareParagraph)
	}
	if r.unlinked {
		reg.Register(ast.KindLink, renderImage) // the link's text only
		reg.Register(ast.KindAutoLink, renderAutoLinkText)
		reg.Register(KindRef, renderRefText)
	}
}

func renderAutoLinkText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.Write(util.EscapeHTML(node.(*ast.AutoLink).Label(source)))
	}
	return ast.WalkContinue, nil
}

func renderRefText(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		writeText(w, node.(*RefNode).Link)
	}
	return ast.WalkContinue, nil
}

// writeText writes a reference as its text, without a link. A footnote
// mark stays a mark and keeps its id, which the footnote's back-link
// leads to.
func writeText(w util.BufWriter, l Link) {
	if writeComposite(w, l, writeText) {
		return
	}
	id := ""
	if l.ID != "" {
		id = ` id="` + string(util.EscapeHTML([]byte(l.ID))) + `"`
	}
	switch {
	case l.Sup:
		_, _ = w.WriteString(`<sup class="fn-mark"` + id + `>`)
	case id != "":
		_, _ = w.WriteString(`<span` + id + `>`)
	}
	_, _ = w.Write(util.EscapeHTML([]byte(l.Text)))
	switch {
	case l.Sup:
		_, _ = w.WriteString("</sup>")
	case id != "":
		_, _ = w.WriteString("</span>")
	}
}

// SafeURL reports whether a link destination may be rendered as a link:
// http, https and mailto URLs, and relative references (which cannot
// start with two slashes, a host in disguise). The destination is judged
// as a browser reads it (see browserForm).
func SafeURL(dest string) bool {
	d := browserForm(dest)
	if d == "" || len(d) >= 2 && isSlash(d[0]) && isSlash(d[1]) {
		return false
	}
	i := strings.IndexAny(d, ":/?#")
	if i < 0 || d[i] != ':' {
		return true
	}
	switch strings.ToLower(d[:i]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// browserForm returns a URL as the WHATWG URL parser reads it: control
// characters and spaces trimmed from both ends, tabs and newlines removed
// wherever they are. "\x01//host" and "/\t/host" both name another host.
func browserForm(dest string) string {
	d := strings.TrimFunc(dest, func(r rune) bool { return r <= ' ' || unicode.IsSpace(r) })
	return urlBreaks.Replace(d)
}

// urlBreaks removes what browserForm removes inside a URL; made once, as
// a Replacer builds its tables on first use and every link is checked.
var urlBreaks = strings.NewReplacer("\t", "", "\n", "", "\r", "")

// isSlash reports whether a browser reads c as a slash in a URL that
// does not say its scheme: a backslash counts.
func isSlash(c byte) bool { return c == '/' || c == '\\' }

// LinkDestination returns a link's destination as the site writes it,
// and whether the site links it at all: the destination is checked as
// the browser will read it, character references such as "&#58;"
// resolved (util.URLEscape). Lint judges links by it too, so that it
// reports every link the site shows as text alone.
func LinkDestination(n *ast.Link) ([]byte, bool) {
	dest := util.URLEscape(n.Destination, true)
	return dest, SafeURL(string(dest))
}

// AutoLinkDestination is LinkDestination for an autolink.
func AutoLinkDestination(n *ast.AutoLink, source []byte) ([]byte, bool) {
	url := n.URL(source)
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(string(url)), "mailto:") {
		url = append([]byte("mailto:"), url...)
	}
	dest := util.URLEscape(url, false)
	return dest, SafeURL(string(dest))
}

func renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	dest, ok := LinkDestination(n)
	if !ok {
		return ast.WalkContinue, nil
	}
	if entering {
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(dest))
		_ = w.WriteByte('"')
		if len(n.Title) > 0 {
			_, _ = w.WriteString(` title="`)
			_, _ = w.Write(util.EscapeHTML(n.Title))
			_ = w.WriteByte('"')
		}
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

func renderAutoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.AutoLink)
	if !entering {
		return ast.WalkContinue, nil
	}
	label := n.Label(source)
	dest, ok := AutoLinkDestination(n, source)
	if !ok {
		_, _ = w.Write(util.EscapeHTML(label))
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(dest))
	_, _ = w.WriteString(`">`)
	_, _ = w.Write(util.EscapeHTML(label))
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}

// renderImage writes the image's alt text (its children) and nothing else.
func renderImage(_ util.BufWriter, _ []byte, _ ast.Node, _ bool) (ast.WalkStatus, error) {
	return ast.WalkContinue, nil
}

func skip(_ util.BufWriter, _ []byte, _ ast.Node, _ bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

func renderBareParagraph(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering && node.NextSibling() != nil {
		_ = w.WriteByte(' ')
	}
	return ast.WalkContinue, nil
}

func renderRef(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	writeLink(w, node.(*RefNode).Link)
	return ast.WalkContinue, nil
}

func writeLink(w util.BufWriter, l Link) {
	if writeComposite(w, l, writeLink) {
		return
	}
	text := util.EscapeHTML([]byte(l.Text))
	if l.Sup {
		_, _ = w.WriteString(`<sup class="fn-mark">`)
	}
	if l.Href != "" && SafeURL(l.Href) {
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML([]byte(l.Href)))
		_ = w.WriteByte('"')
		if l.ID != "" {
			_, _ = w.WriteString(` id="`)
			_, _ = w.Write(util.EscapeHTML([]byte(l.ID)))
			_ = w.WriteByte('"')
		}
		if l.Label != "" {
			_, _ = w.WriteString(` aria-label="`)
			_, _ = w.Write(util.EscapeHTML([]byte(l.Label)))
			_ = w.WriteByte('"')
		}
		writeLang(w, l.Lang)
		_, _ = w.WriteString(` class="ref`)
		if l.Class != "" {
			_ = w.WriteByte(' ')
			_, _ = w.Write(util.EscapeHTML([]byte(l.Class)))
		}
		_, _ = w.WriteString(`">`)
		_, _ = w.Write(text)
		_, _ = w.WriteString("</a>")
		if l.After != "" {
			_, _ = w.WriteString(`<span class="in-language">`)
			_, _ = w.Write(util.EscapeHTML([]byte(l.After)))
			_, _ = w.WriteString("</span>")
		}
	} else if l.Lang != "" {
		_, _ = w.WriteString(`<span`)
		writeLang(w, l.Lang)
		_ = w.WriteByte('>')
		_, _ = w.Write(text)
		_, _ = w.WriteString(`</span>`)
	} else {
		_, _ = w.Write(text)
	}
	if l.Sup {
		_, _ = w.WriteString("</sup>")
	}
}

// writeComposite writes a link made of others, each as write writes it (a
// link, or its text): one variant per platform branch, or parts between
// the locale's joiners. It reports whether l was one.
func writeComposite(w util.BufWriter, l Link, write func(util.BufWriter, Link)) bool {
	switch {
	case len(l.Variants) > 0:
		writeVariants(w, l.Variants, write)
	case len(l.Parts) > 0:
		for i, p := range l.Parts {
			writeJoiner(w, l.Joiners, i)
			write(w, p)
		}
		writeJoiner(w, l.Joiners, len(l.Parts))
	default:
		return false
	}
	return true
}

// writeLang writes the lang attribute of a text in another language,
// when there is one, and its dir: its own direction isolates it, so that
// the full stop of an English title stays at its end on an Arabic page.
func writeLang(w util.BufWriter, lang string) {
	if lang != "" {
		_, _ = w.WriteString(` lang="`)
		_, _ = w.Write(util.EscapeHTML([]byte(lang)))
		_, _ = w.WriteString(`" dir="`)
		_, _ = w.WriteString(i18n.Direction(lang))
		_ = w.WriteByte('"')
	}
}

// writeJoiner writes the i-th joiner of a list of parts, if there is one.
func writeJoiner(w util.BufWriter, joiners []string, i int) {
	if i < len(joiners) {
		_, _ = w.Write(util.EscapeHTML([]byte(joiners[i])))
	}
}

// writeVariants writes one span per platform branch, each marked with
// its platform and holding its variant as write writes it (a link, or
// its text); all but the first are hidden until a script shows the one
// of the branch the reader chose.
func writeVariants(w util.BufWriter, variants []Link, write func(util.BufWriter, Link)) {
	_, _ = w.WriteString(`<span class="by-platform">`)
	for i, v := range variants {
		_, _ = w.WriteString(`<span data-platform="`)
		_, _ = w.Write(util.EscapeHTML([]byte(v.Platform)))
		_ = w.WriteByte('"')
		if i > 0 {
			_, _ = w.WriteString(` hidden=""`)
		}
		_ = w.WriteByte('>')
		v.Variants = nil
		write(w, v)
		_, _ = w.WriteString(`</span>`)
	}
	_, _ = w.WriteString(`</span>`)
}

// PlainText returns the text a reader without scripts sees of the link.
func (l Link) PlainText() string {
	switch {
	case len(l.Variants) > 0:
		first := l.Variants[0]
		first.Variants = nil
		return first.PlainText()
	case len(l.Parts) > 0:
		var b strings.Builder
		for i, p := range l.Parts {
			if i < len(l.Joiners) {
				b.WriteString(l.Joiners[i])
			}
			b.WriteString(p.PlainText())
		}
		if len(l.Parts) < len(l.Joiners) {
			b.WriteString(l.Joiners[len(l.Parts)])
		}
		return b.String()
	}
	return l.Text
}
