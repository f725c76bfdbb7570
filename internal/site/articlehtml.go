package site

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"github.com/kbcdev/kbc/internal/i18n"
	"github.com/kbcdev/kbc/internal/render"
)

// The body of an article page is written here in Go rather than by a
// template: it is most of every page, and html/template calls an escaper
// by reflection for each of the hundreds of values a page shows, which
// cost a third of the CPU time of rendering. A compiled template library
// (github.com/a-h/templ) was measured on the same bodies
// (BenchmarkArticleBody): about ten times the time and thirty times the
// allocations of this writer, so it was not taken. The page frame, which
// a theme may override, stays a template.
//
// Markup is written only from string literals (raw), values only through
// methods that escape them for where they go, as html/template escapes
// them there, and rendered texts only as package render made them;
// TestWriterMarkupIsConstant holds the writer to that.

// articleHTML renders the article of a page.
func articleHTML(v *articleView, ui *i18n.Strings) template.HTML {
	w := htmlWriters.Get().(*htmlWriter)
	defer w.release()
	w.ui = ui
	w.article(v)
	return template.HTML(w.buf.String()) //nolint:gosec // every value is escaped as it is written
}

// htmlWriter writes HTML: markup as it is, values escaped for where they
// go. Rendered text (template.HTML) is written as it is.
type htmlWriter struct {
	buf bytes.Buffer
	ui  *i18n.Strings
}

var htmlWriters = sync.Pool{New: func() any { return new(htmlWriter) }}

// maxPooledArticle bounds the buffers kept for reuse.
const maxPooledArticle = 1 << 20

func (w *htmlWriter) release() {
	if w.buf.Cap() > maxPooledArticle {
		return
	}
	w.buf.Reset()
	w.ui = nil
	htmlWriters.Put(w)
}

// raw writes markup. Its argument is always a constant: values go
// through the escaping methods below (TestWriterMarkupIsConstant).
func (w *htmlWriter) raw(s string) { w.buf.WriteString(s) }

// prose writes a rendered text, in a span that names its language when
// it is not the page's.
func (w *htmlWriter) prose(p prose) {
	if p.Lang == "" {
		w.rendered(p.HTML)
		return
	}
	w.raw("<span")
	w.lang(p.Lang)
	w.raw(">")
	w.rendered(p.HTML)
	w.raw("</span>")
}

// proseBlock is prose for block content, in a div when it names its
// language.
func (w *htmlWriter) proseBlock(p prose) {
	if p.Lang == "" {
		w.rendered(p.HTML)
		return
	}
	w.raw("<div")
	w.lang(p.Lang)
	w.raw(">")
	w.rendered(p.HTML)
	w.raw("</div>")
}

// lang writes the lang and dir attributes of an element in another
// language than the text around it: its own direction lays it out and
// isolates it, so that an English sentence on an Arabic page ends with
// its full stop on its right, as English does.
func (w *htmlWriter) lang(lang string) {
	w.raw(" lang=\"")
	w.text(lang)
	w.raw("\" dir=\"")
	w.text(i18n.Direction(lang))
	w.raw("\"")
}

// rendered writes HTML that package render made from a text: safe by
// construction (see render's doc).
func (w *htmlWriter) rendered(h template.HTML) { w.buf.WriteString(string(h)) }

// text writes a string as text or as a quoted attribute value: the two
// escape alike.
func (w *htmlWriter) text(s string) { escapeHTMLOnto(&w.buf, s) }

// label writes a label, such as a figure's number: its text, or one span
// per platform branch, all but the first hidden until kbc.js shows the
// one of the branch the reader chose.
func (w *htmlWriter) label(l render.Link) {
	if len(l.Variants) == 0 {
		w.text(l.Text)
		return
	}
	w.raw("<span class=\"by-platform\">")
	for i, v := range l.Variants {
		w.raw("<span data-platform=\"")
		w.text(v.Platform)
		w.raw("\"")
		if i > 0 {
			w.raw(" hidden")
		}
		w.raw(">")
		w.text(v.Text)
		w.raw("</span>")
	}
	w.raw("</span>")
}

func (w *htmlWriter) int(n int) { w.buf.WriteString(strconv.Itoa(n)) }

// url writes a link's destination in a quoted href or src attribute.
func (w *htmlWriter) url(s string) {
	if !isSafeURL(s) {
		s = "#ZgotmplZ" // html/template's value for a refused URL
	}
	escapeHTMLOnto(&w.buf, processURL(s, true))
}

// fragment writes the part of a quoted href after its "#".
func (w *htmlWriter) fragment(s string) {
	escapeHTMLOnto(&w.buf, processURL(s, false))
}

func (w *htmlWriter) t(id string) { w.text(w.ui.T(id)) }

func (w *htmlWriter) article(v *articleView) {
	w.raw("\n<article class=\"article\" data-kb=\"")
	w.text(v.ID)
	if v.Platforms != "" {
		w.raw("\" data-platforms=\"")
		w.text(v.Platforms)
	}
	w.raw("\">")
	if v.Draft {
		w.raw("\n<p class=\"notice notice-draft\" role=\"note\">")
		w.t("draftBanner")
		w.raw("</p>")
	}
	w.raw("\n<h1>")
	w.prose(v.Title)
	w.raw("</h1>")
	if v.Stale {
		w.raw("\n<p class=\"notice notice-stale\" role=\"note\">")
		w.t("staleNotice")
		w.raw("</p>")
	}
	if v.Fallback {
		w.raw("\n<p class=\"notice notice-fallback\" role=\"note\">")
		w.text(v.FallbackNotice)
		w.raw("</p>")
	}
	if !v.Summary.IsZero() {
		w.raw("\n<p class=\"summary\">")
		w.prose(v.Summary)
		w.raw("</p>")
	}
	w.requirements(v.Requirements)
	for _, n := range v.Notes {
		w.raw("\n<aside role=\"note\" class=\"note note-")
		w.text(n.Kind)
		w.raw("\" id=\"")
		w.text(n.ID)
		w.raw("\"><strong class=\"note-label\">")
		w.text(n.Label)
		w.raw("</strong>")
		w.t("labelSeparator")
		w.prose(n.Text)
		w.raw("</aside>")
	}
	w.figures(v.TopFigures)
	for i := range v.Sections {
		w.section(&v.Sections[i])
	}
	for i := range v.Procedures {
		w.procedure(&v.Procedures[i])
	}
	w.trouble(v.Trouble)
	w.seeAlso(v.SeeAlso)
	w.footnotes(v.Footnotes)
	w.figures(v.EndFigures)
	w.raw("\n</article>\n")
}

func (w *htmlWriter) requirements(reqs []prose) {
	if len(reqs) == 0 {
		return
	}
	w.raw("\n<section class=\"requirements\" aria-labelledby=\"_requirements\">\n<h2 id=\"_requirements\">")
	w.t("requirements")
	w.raw("</h2>\n<ul>")
	for _, r := range reqs {
		w.raw("\n<li>")
		w.prose(r)
		w.raw("</li>")
	}
	w.raw("\n</ul>\n</section>")
}

// figures writes a list of figures. It ends with a newline, figures or
// not, so that the block after it starts on a line of its own.
func (w *htmlWriter) figures(figs []*figureView) {
	if len(figs) > 0 {
		w.raw("\n<div class=\"figures\">")
		for _, f := range figs {
			w.figure(f)
		}
		w.raw("\n</div>")
	}
	w.raw("\n")
}

func (w *htmlWriter) figure(f *figureView) {
	w.raw("\n<figure class=\"figure")
	if f.HasSize && f.Height > f.Width {
		w.raw(" figure-tall")
	}
	w.raw("\" id=\"")
	w.text(f.ID)
	w.raw("\">")
	if f.Src != "" {
		w.raw("\n<img src=\"")
		w.url(f.Src)
		w.raw("\" alt=\"")
		w.text(f.Alt)
		w.raw("\"")
		if f.HasSize {
			w.raw(" width=\"")
			w.int(f.Width)
			w.raw("\" height=\"")
			w.int(f.Height)
			w.raw("\"")
		}
		w.raw(" loading=\"lazy\" decoding=\"async\">")
	}
	w.raw("\n<figcaption><span class=\"figure-label\">")
	w.label(f.Label)
	w.raw("</span>")
	if !f.Caption.IsZero() {
		w.t("labelSeparator")
		w.prose(f.Caption)
	}
	w.raw("</figcaption>\n</figure>")
}

func (w *htmlWriter) section(s *sectionView) {
	// A section without a title has no heading: it is a block of the
	// article, not a section of its outline.
	if s.Title.IsZero() {
		w.raw("\n<div class=\"section\" id=\"")
		w.text(s.ID)
		w.raw("\">")
	} else {
		w.raw("\n<section class=\"section\" id=\"")
		w.text(s.ID)
		w.raw("\">\n<h2>")
		w.prose(s.Title)
		w.raw("</h2>")
	}
	if !s.Body.IsZero() {
		w.raw("\n<div class=\"prose\">")
		w.proseBlock(s.Body)
		w.raw("</div>")
	}
	if s.Table != nil {
		w.table(s.Table, s.Title)
	}
	w.figures(s.Figures)
	if s.Title.IsZero() {
		w.raw("\n</div>")
	} else {
		w.raw("\n</section>")
	}
}

// table writes a table in a frame that scrolls on a narrow screen, which
// the keyboard must be able to reach, and a screen reader to name: by the
// table's caption, or else by the title of its section.
func (w *htmlWriter) table(t *tableView, section prose) {
	w.raw("\n<div class=\"table-wrap\" tabindex=\"0\"")
	name := t.Caption
	if name.IsZero() {
		name = section
	}
	if !name.IsZero() {
		w.raw(" role=\"region\" aria-label=\"")
		w.text(plainOf(name.HTML))
		w.raw("\"")
	}
	w.raw(">\n<table>")
	if !t.Caption.IsZero() {
		w.raw("\n<caption>")
		w.prose(t.Caption)
		w.raw("</caption>")
	}
	w.raw("\n<thead><tr>")
	for _, h := range t.Header {
		w.raw("<th scope=\"col\">")
		w.prose(h)
		w.raw("</th>")
	}
	w.raw("</tr></thead>\n<tbody>")
	for _, row := range t.Rows {
		w.raw("\n<tr>")
		for _, c := range row {
			w.raw("<td>")
			w.prose(c)
			w.raw("</td>")
		}
		w.raw("</tr>")
	}
	w.raw("\n</tbody>\n</table>\n</div>")
}

func (w *htmlWriter) procedure(p *procView) {
	w.raw("\n<section class=\"procedure\" id=\"")
	w.text(p.ID)
	w.raw("\">\n<h2>")
	w.prose(p.Title)
	w.raw("</h2>")
	if !p.Intro.IsZero() {
		w.raw("\n<p class=\"intro\">")
		w.prose(p.Intro)
		w.raw("</p>")
	}
	w.figures(p.Figures)
	if p.Tabs {
		w.raw("\n<div class=\"branches\" data-tabs>\n<div class=\"tablist\" role=\"tablist\" aria-label=\"")
		w.t("platforms")
		w.raw("\" hidden>")
		for _, b := range p.Branches {
			w.raw("\n<button type=\"button\" role=\"tab\" id=\"")
			w.text(b.TabID)
			w.raw("\" aria-controls=\"")
			w.text(b.PanelID)
			w.raw("\" data-platform=\"")
			w.text(b.Platform)
			w.raw("\" aria-selected=\"false\" tabindex=\"-1\">")
			w.text(b.Name)
			w.raw("</button>")
		}
		w.raw("\n</div>")
	}
	for i := range p.Branches {
		w.branch(&p.Branches[i], p.Tabs)
	}
	if p.Tabs {
		w.raw("\n</div>")
	}
	w.raw("\n</section>")
}

// branch writes a branch's steps: a tab panel when the procedure has
// tabs, else a plain block.
func (w *htmlWriter) branch(b *branchView, tabs bool) {
	if tabs {
		w.raw("\n<section class=\"branch\" id=\"")
		w.text(b.PanelID)
		w.raw("\" data-platform=\"")
		w.text(b.Platform)
		w.raw("\" aria-labelledby=\"")
		w.text(b.TitleID)
		w.raw("\">\n<h3 class=\"branch-title\" id=\"")
		w.text(b.TitleID)
		w.raw("\">")
		w.text(b.Name)
		w.raw("</h3>")
	} else {
		w.raw("\n<div class=\"branch\" data-platform=\"")
		w.text(b.Platform)
		w.raw("\">")
	}
	w.raw("\n<p class=\"step-count\">")
	w.text(b.StepCount)
	w.raw("</p>\n<ol class=\"steps\">")
	for i := range b.Steps {
		w.step(&b.Steps[i])
	}
	w.raw("\n</ol>")
	if tabs {
		w.raw("\n</section>")
	} else {
		w.raw("\n</div>")
	}
}

func (w *htmlWriter) step(s *stepView) {
	w.raw("\n<li class=\"step\" id=\"")
	w.text(s.AnchorID)
	w.raw("\" value=\"")
	w.int(s.Number)
	w.raw("\">")
	if s.ExtraID != "" {
		w.raw("<span class=\"anchor\" id=\"")
		w.text(s.ExtraID)
		w.raw("\"></span>")
	}
	w.raw("\n<span class=\"step-label\">")
	w.text(s.Label)
	w.raw("</span>\n<div class=\"step-body\">")
	if !s.Text.IsZero() {
		w.raw("\n<p class=\"step-text\">")
		w.prose(s.Text)
		w.raw("</p>")
	}
	if len(s.Choices) > 0 {
		w.raw("\n<ol class=\"choices\">")
		for _, c := range s.Choices {
			w.choice(c)
		}
		w.raw("\n</ol>")
	}
	if !s.Result.IsZero() {
		w.raw("\n<p class=\"result\"><strong class=\"result-label\">")
		w.t("result")
		w.raw("</strong>")
		w.t("labelSeparator")
		w.prose(s.Result)
		w.raw("</p>")
	}
	if !s.Note.IsZero() {
		w.raw("\n<p class=\"step-note\"><strong class=\"note-label\">")
		w.t("noteKind_note")
		w.raw("</strong>")
		w.t("labelSeparator")
		w.prose(s.Note)
		w.raw("</p>")
	}
	w.figures(s.Figures)
	w.raw("\n</div>\n</li>")
}

// choice writes a choice: its label, then its condition, what to do and
// where it leads, each a block of its own, so that no separator between
// them is needed in any language. The condition starts with the
// locale's "Condition:", for those who hear the page rather than see it:
// a label of its own, as the condition is a sentence of its own, with
// its capital.
func (w *htmlWriter) choice(c choiceView) {
	w.raw("\n<li><span class=\"choice-label\">")
	w.text(c.Label)
	w.raw("</span>")
	if !c.When.IsZero() {
		// The separator is the label's, hidden with it: a full-width
		// space, as Japanese puts after a label, would otherwise indent
		// the condition, as white space that starts a line does not.
		w.raw("<div class=\"when\"><span class=\"visually-hidden\">")
		w.t("choiceWhen")
		w.t("labelSeparator")
		w.raw("</span>")
		w.prose(c.When)
		w.raw("</div>")
	}
	if !c.Text.IsZero() {
		w.raw("<div class=\"choice-text\">")
		w.prose(c.Text)
		w.raw("</div>")
	}
	if c.Next != "" {
		w.raw("<div class=\"next\">")
		if c.NextHref != "" {
			w.raw("<a class=\"ref ref-step\" href=\"")
			w.url(c.NextHref)
			w.raw("\">")
			w.text(c.Next)
			w.raw("</a>")
		} else {
			w.text(c.Next)
		}
		w.raw("</div>")
	}
	w.raw("</li>")
}

func (w *htmlWriter) trouble(ts []troubleView) {
	if len(ts) == 0 {
		return
	}
	w.raw("\n<section class=\"troubleshooting\" aria-labelledby=\"_troubleshooting\">\n<h2 id=\"_troubleshooting\">")
	w.t("troubleshooting")
	w.raw("</h2>")
	for i := range ts {
		t := &ts[i]
		w.raw("\n<details class=\"trouble\" id=\"")
		w.text(t.ID)
		w.raw("\">\n<summary>")
		w.prose(t.Symptom)
		w.raw("</summary>\n<dl>")
		if !t.Cause.IsZero() {
			w.raw("\n<dt>")
			w.t("cause")
			w.raw("</dt><dd>")
			w.prose(t.Cause)
			w.raw("</dd>")
		}
		if !t.Remedy.IsZero() {
			w.raw("\n<dt>")
			w.t("remedy")
			w.raw("</dt><dd>")
			w.prose(t.Remedy)
			w.raw("</dd>")
		}
		w.raw("\n</dl>")
		w.figures(t.Figures)
		w.raw("\n</details>")
	}
	w.raw("\n</section>")
}

func (w *htmlWriter) seeAlso(links []seeAlsoView) {
	if len(links) == 0 {
		return
	}
	w.raw("\n<section class=\"see-also\" aria-labelledby=\"_see-also\">\n<h2 id=\"_see-also\">")
	w.t("seeAlso")
	w.raw("</h2>\n<ul>")
	for _, l := range links {
		w.raw("\n<li><a href=\"")
		w.url(l.Href)
		w.raw("\"")
		if l.External {
			w.raw(" rel=\"external\"")
		}
		if l.Lang != "" {
			w.lang(l.Lang)
		}
		w.raw(">")
		w.text(l.Title)
		w.raw("</a>")
		if l.LangLabel != "" {
			w.raw("<span class=\"in-language\">")
			w.text(l.LangLabel)
			w.raw("</span>")
		}
		if l.External {
			w.raw("<span class=\"external\">")
			w.t("external")
			w.raw("</span>")
		}
		w.raw("</li>")
	}
	w.raw("\n</ul>\n</section>")
}

func (w *htmlWriter) footnotes(fns []footnoteView) {
	if len(fns) == 0 {
		return
	}
	w.raw("\n<section class=\"footnotes\" aria-labelledby=\"_footnotes\">\n<h2 id=\"_footnotes\">")
	w.t("footnotes")
	w.raw("</h2>\n<ol>")
	for _, f := range fns {
		w.raw("\n<li id=\"")
		w.text(f.ID)
		w.raw("\" value=\"")
		w.text(f.Number)
		w.raw("\">")
		w.prose(f.Text)
		if f.BackHref != "" {
			w.t("labelSeparator")
			w.raw("<a class=\"back\" href=\"")
			w.url(f.BackHref)
			w.raw("\" aria-label=\"")
			w.t("backToRef")
			w.raw("\">↩</a>")
		}
		w.raw("</li>")
	}
	w.raw("\n</ol>\n</section>")
}

// The escapers below are html/template's for the contexts above.

// escapeHTMLOnto writes s to b escaped as html/template escapes text and
// quoted attribute values: NUL becomes U+FFFD, and " & ' + < > character
// references. Every byte it replaces is ASCII, so it can go byte by byte:
// the bytes of a multi-byte rune, or of invalid UTF-8, are all 0x80 or
// above.
func escapeHTMLOnto(b *bytes.Buffer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		if repl := htmlEscapes[s[i]]; repl != "" {
			b.WriteString(s[written:i])
			b.WriteString(repl)
			written = i + 1
		}
	}
	b.WriteString(s[written:])
}

var htmlEscapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// isSafeURL reports whether html/template lets a URL through: one
// without a scheme, or with http, https or mailto.
func isSafeURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}

// processURL percent-encodes the bytes of a URL that html/template
// encodes: with norm (a whole URL) all but unreserved and reserved
// characters and valid escapes; without (a query or fragment part) all
// but unreserved ones.
func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlByteStays(s, i, norm) {
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

const lowerHex = "0123456789abcdef"

func urlByteStays(s string, i int, norm bool) bool {
	switch c := s[i]; c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return norm
	case '-', '.', '_', '~':
		return true
	case '%':
		return norm && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2])
	default:
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
