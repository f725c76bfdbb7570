// Package render turns the inline Markdown of content texts into safe
// HTML with goldmark, expanding typed references ({{step:ID}}, {{fig:ID}},
// {{kb:KB1#anchor}}, {{fn:ID}}) through a resolver. Raw HTML is never
// rendered, link destinations other than http, https, mailto and relative
// ones lose their link, and the text a reference expands to is written as
// escaped text, so nothing in it is read as Markdown or HTML.
package render

import (
	"bufio"
	"bytes"
	"html/template"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/kbcdev/kbc/internal/content"
)

// Link is what a reference renders as.
type Link struct {
	Text  string // shown as escaped text
	Href  string // empty renders the text without a link
	Class string // extra class, such as "ref-step"
	ID    string // an id for the element, as footnote marks need for back-links
	Sup   bool   // a superscript mark, for footnotes
	Lang  string // the language of Text, where it is not that of the text around it
	// After is said after the link, in the language of the text around
	// it: which language the page it leads to is in, as " (in English)".
	After string
	// Label is the link's accessible name where its text alone does not
	// say what it is, as "Note 2" for a footnote mark "2".
	Label string
	// Parts, when set, replaces the link by several, as a step numbered
	// differently on each platform branch. Joiners holds what the
	// locale's list pattern writes around and between them: one more
	// than Parts (see i18n.ListJoiners).
	Parts   []Link
	Joiners []string
	// Variants, when set, replaces the link by one for each platform
	// branch a reader may choose, each naming its Platform: the page
	// shows the variant of the branch chosen, and the first one to a
	// reader without scripts.
	Variants []Link
	Platform string
}

// Ref is a reference as a resolver sees it: the reference, and whether
// it opens a sentence (the start of a text, a table cell or a list item,
// or what follows a full stop, question or exclamation mark), where the
// locale may write its first letter as a capital.
type Ref struct {
	content.InlineRef
	SentenceStart bool
}

// Resolver returns the link a reference renders as.
type Resolver func(Ref) Link

// Inline renders one text as inline HTML: emphasis, code, links and
// references, with no block structure (a text that looks like a list or a
// heading stays prose). Paragraph breaks become spaces.
func Inline(src string, resolve Resolver) template.HTML {
	if plain, ok := plainInline(src); ok {
		return template.HTML(plain) //nolint:gosec // nothing to escape
	}
	return convert(inlineParser, inlineRenderer, src, resolve)
}

// Block renders a Markdown body: paragraphs, lists, block quotes and code
// blocks, with the same inline rules as Inline.
func Block(src string, resolve Resolver) template.HTML {
	return convert(blockParser, blockRenderer, src, resolve)
}

// PlainText returns the text a reader sees, without markup: for <title>,
// descriptions and the search index.
func PlainText(src string, resolve Resolver) string {
	if plain, ok := plainInline(src); ok {
		return plain
	}
	source := []byte(src)
	doc := inlineParser.Parse(text.NewReader(source))
	markSentenceStarts(doc, source)
	return plainText(doc, source, resolve)
}

// Tree returns the Markdown tree of a text as Inline (block false) or
// Block (block true) reads it, references as *RefNode, without rendering
// it: for tools that must see emphasis, links, code and references where
// the site sees them, such as the XLIFF export.
func Tree(src []byte, block bool) ast.Node {
	if block {
		return blockParser.Parse(text.NewReader(src))
	}
	return inlineParser.Parse(text.NewReader(src))
}

// InlineText returns what Inline and PlainText with no resolver return
// for the same text, from one parse: a page needs both of most texts, the
// HTML to show and the plain text to index.
func InlineText(src string, resolve Resolver) (template.HTML, string) {
	if plain, ok := plainInline(src); ok {
		return template.HTML(plain), plain //nolint:gosec // nothing to escape
	}
	if html, plain, ok := refsInline(src, resolve); ok {
		return html, plain
	}
	return inlineMarkdown(src, resolve)
}

// refsInline is InlineText for a text of plain runs (see plainInline) and
// references alone, such as "Tap Next ({{fig:next}}).", as goldmark
// would render it: each run as it is, each reference through its
// resolved Link, opening a sentence as markSentenceStarts would say. Most
// of the texts of a procedure's steps are such. ok is false for any other
// text, which goldmark renders. FuzzRefsInline holds it to goldmark's
// output for every text it takes.
func refsInline(src string, resolve Resolver) (html template.HTML, plain string, ok bool) {
	if strings.HasPrefix(src, " ") || !utf8.ValidString(src) {
		return "", "", false
	}
	// The whole text is read before any reference is resolved: resolving
	// has effects, such as the anchor a footnote's first mark gets, which
	// must happen once, on the way the text is rendered.
	var refs []content.InlineRef
	for i := 0; i < len(src); {
		for i < len(src) && !notPlain[src[i]] {
			i++
		}
		if i == len(src) {
			break
		}
		ref, ok := refAt(src, i)
		if !ok {
			return "", "", false
		}
		refs = append(refs, ref)
		i = ref.End
	}
	if len(refs) == 0 {
		return "", "", false // plainInline's, or not plain at all
	}
	out := outputs.Get().(*output)
	defer out.release()
	var text strings.Builder
	s := newSentences()
	writeRun := func(v string) {
		_, _ = out.w.WriteString(v)
		text.WriteString(v)
		s.text([]byte(v), false)
	}
	at := 0
	for _, ref := range refs {
		writeRun(src[at:ref.Start])
		link := Link{Text: src[ref.Start:ref.End]}
		opens := s.ref()
		if resolve != nil {
			link = resolve(Ref{InlineRef: ref, SentenceStart: opens})
		}
		writeLink(out.w, link)
		at = ref.End
	}
	writeRun(src[at:])
	_ = out.w.Flush()
	return template.HTML(strings.TrimSpace(out.buf.String())), strings.TrimSpace(text.String()), true //nolint:gosec // runs are plain, links escaped
}

// refAt returns the reference that starts at byte i of src as refParser
// reads it: "{{", no brace before the closing "}}" on the same line, and
// one reference ParseRefs finds across the whole of it. One that holds a
// control character is left to goldmark, which reads lines.
func refAt(src string, i int) (content.InlineRef, bool) {
	rest := src[i:]
	if !strings.HasPrefix(rest, "{{") {
		return content.InlineRef{}, false
	}
	end := strings.IndexAny(rest[2:], "{}")
	if end < 0 || !strings.HasPrefix(rest[2+end:], "}}") {
		return content.InlineRef{}, false
	}
	whole := rest[:end+4]
	if strings.ContainsFunc(whole, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return content.InlineRef{}, false
	}
	refs := content.ParseRefs(whole)
	if len(refs) != 1 || refs[0].Start != 0 || refs[0].End != len(whole) {
		return content.InlineRef{}, false
	}
	ref := refs[0]
	ref.Start, ref.End = i, i+len(whole)
	return ref, true
}

// inlineMarkdown is InlineText through goldmark, for every text.
func inlineMarkdown(src string, resolve Resolver) (template.HTML, string) {
	source := []byte(src)
	doc := inlineParser.Parse(text.NewReader(source))
	// The plain text is taken before the references are resolved: without
	// a resolver they stand for nothing in it, as in PlainText(src, nil).
	plain := plainText(doc, source, nil)
	return renderDoc(inlineRenderer, doc, source, resolve), plain
}

// UnlinkedText is InlineText for a text inside an element that may hold
// no link, such as a disclosure's summary: links and references are
// written as their text.
func UnlinkedText(src string, resolve Resolver) (template.HTML, string) {
	if plain, ok := plainInline(src); ok {
		return template.HTML(plain), plain //nolint:gosec // nothing to escape
	}
	source := []byte(src)
	doc := inlineParser.Parse(text.NewReader(source))
	plain := plainText(doc, source, nil)
	return renderDoc(unlinkedRenderer, doc, source, resolve), plain
}

// plainInline returns a text as Inline renders it and PlainText reads it,
// when it holds nothing that inline Markdown reads as markup and nothing
// HTML must escape: no emphasis, code, link or image, reference, backslash
// escape or character reference, no line break, no character the HTML
// renderer escapes, replaces or, as a tab, may read as indentation. Most
// texts of a knowledge base are such plain sentences, and parsing each
// with goldmark was a tenth of a cold build. FuzzPlainInline holds it to
// goldmark's output for every text it takes.
func plainInline(src string) (string, bool) {
	if strings.HasPrefix(src, " ") {
		// An indent is left to goldmark's paragraph, which trims it.
		return "", false
	}
	for i := 0; i < len(src); i++ {
		if notPlain[src[i]] {
			return "", false
		}
	}
	if !utf8.ValidString(src) {
		return "", false
	}
	return strings.TrimSpace(src), true
}

// notPlain marks the bytes that may make a text more than plain: the
// openers of emphasis, code, links and references, backslash escapes,
// character references, what HTML escapes, and control characters.
var notPlain = func() (t [256]bool) {
	for _, c := range []byte("*_`[]<>&\\{}\"") {
		t[c] = true
	}
	for c := range ' ' {
		t[c] = true
	}
	t[0x7f] = true
	return t
}()

// plainText walks a parsed inline text and returns what the reader sees.
func plainText(doc ast.Node, source []byte, resolve Resolver) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Kind() == ast.KindParagraph && n.NextSibling() != nil {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *RefNode:
			if resolve != nil {
				b.WriteString(resolve(Ref{InlineRef: n.Ref, SentenceStart: n.SentenceStart}).PlainText())
			}
		case *ast.Text:
			b.Write(plainValue(n, source))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(source))
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					b.Write(t.Segment.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

func convert(p parser.Parser, r renderer.Renderer, src string, resolve Resolver) template.HTML {
	source := []byte(src)
	return renderDoc(r, p.Parse(text.NewReader(source)), source, resolve)
}

// renderDoc resolves the references of a parsed text and renders it.
func renderDoc(r renderer.Renderer, doc ast.Node, source []byte, resolve Resolver) template.HTML {
	markSentenceStarts(doc, source)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if ref, ok := n.(*RefNode); ok && entering {
			if resolve != nil {
				ref.Link = resolve(Ref{InlineRef: ref.Ref, SentenceStart: ref.SentenceStart})
			} else {
				ref.Link = Link{Text: string(source[ref.Ref.Start:ref.Ref.End])}
			}
		}
		return ast.WalkContinue, nil
	})
	out := outputs.Get().(*output)
	defer out.release()
	if err := r.Render(out.w, source, doc); err != nil {
		// Rendering into a buffer fails only on a renderer bug; show the
		// text escaped rather than nothing.
		return template.HTML(template.HTMLEscapeString(string(source)))
	}
	// The renderers below escape every text and attribute they write.
	return template.HTML(strings.TrimSpace(out.buf.String())) //nolint:gosec
}

// output is where a text is rendered. Goldmark writes through a buffered
// writer and makes a new 4 KiB one for every text unless given one; a
// site renders hundreds of thousands of short texts, so writers and their
// buffers are pooled.
type output struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var outputs = sync.Pool{New: func() any {
	o := &output{}
	o.w = bufio.NewWriter(&o.buf)
	return o
}}

// maxPooledOutput bounds the buffers kept for reuse, so that one huge text
// does not hold its memory for the rest of the build.
const maxPooledOutput = 64 << 10

func (o *output) release() {
	if o.buf.Cap() > maxPooledOutput {
		return
	}
	o.buf.Reset()
	o.w.Reset(&o.buf)
	outputs.Put(o)
}

// indentedParagraphParser is goldmark's paragraph parser that also opens
// on a line indented by four spaces or a tab. Inline text has no code
// blocks, so no other parser would take such a line: its text would
// vanish from the page. The paragraph trims the indent, as it trims a
// shorter one.
type indentedParagraphParser struct{ parser.BlockParser }

func (indentedParagraphParser) CanAcceptIndentedLine() bool { return true }

var (
	inlineParsers = []util.PrioritizedValue{
		util.Prioritized(refParser{}, 50),
		util.Prioritized(parser.NewCodeSpanParser(), 100),
		util.Prioritized(parser.NewLinkParser(), 200),
		util.Prioritized(parser.NewAutoLinkParser(), 300),
		// No raw HTML parser: "<b>" stays text and is escaped.
		util.Prioritized(parser.NewEmphasisParser(), 500),
	}
	inlineParser = NewParser(
		[]util.PrioritizedValue{util.Prioritized(indentedParagraphParser{parser.NewParagraphParser()}, 1000)},
		inlineParsers,
		parser.DefaultParagraphTransformers(),
	)
	blockParser = NewParser(
		[]util.PrioritizedValue{
			util.Prioritized(parser.NewThematicBreakParser(), 200),
			util.Prioritized(parser.NewListParser(), 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(parser.NewBlockquoteParser(), 800),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		},
		inlineParsers,
		parser.DefaultParagraphTransformers(),
	)
	inlineRenderer = renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(), 1000),
		util.Prioritized(safeRenderer{inline: true}, 100),
	))
	unlinkedRenderer = renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(), 1000),
		util.Prioritized(safeRenderer{inline: true, unlinked: true}, 100),
	))
	blockRenderer = renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(), 1000),
		util.Prioritized(safeRenderer{}, 100),
	))
)

// plainValue returns a text node as the reader sees it: backslash escapes,
// numeric character references and entity names resolved, as the HTML
// renderer would show them.
func plainValue(n *ast.Text, source []byte) []byte {
	v := n.Segment.Value(source)
	if n.IsRaw() {
		return v
	}
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
}
