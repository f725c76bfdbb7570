package lint

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/render"
	"github.com/kbcdev/kbc/internal/site"
	"github.com/kbcdev/kbc/internal/suggest"
)

// Markup checks that prose is the Markdown the site renders safely.
var Markup = &Rule{
	Name:     "markup",
	Severity: diag.Error,
	Doc: `text is Markdown without raw HTML, images or unsafe links, in every locale
Prose is inline Markdown (a section body may hold paragraphs and lists), parsed
as the site parses it. Raw HTML, inline or as a block, is not allowed: the site
does not render it, and Markdown says the same thing. A link's destination must
be an https, http or mailto URL, a relative path or a #fragment (a path that
starts with two slashes names a host, and the site does not link it), and a
#fragment one of the ids the article's page has: those of its procedures,
steps, sections, notes and troubleshooting entries. A relative path that
leads to an article's page, such as ../kb2277/index.html, is a reference
written by hand: {{kb:KB2277}} is checked, titled and kept up to date when
the article is retired or has no page in the reader's locale, so the path is
a warning, and an error when no article has that id (check article-path).
The scheme is
judged after decoding entities and percent-escapes and dropping the whitespace
and control characters that browsers ignore, so "JaVa&#9;script&colon;" counts
as javascript:. Images are not allowed in prose: declare a figure and reference
it with {{fig:ID}}, so that it is numbered, captioned and localized.
Bold that CommonMark does not open or close where it stands, between a
punctuation mark and a letter (**「設定」**を), shows its asterisks: an error.
Every text but a section's body is one paragraph on the page: a list or a
heading in it is shown as text, marks and all, which is a warning.
Some Markdown takes a parser time growing with the square of its length, so
parsing keeps to limits: block quotes and lists nest at most ` + strconv.Itoa(render.MaxNesting) + ` deep, and a
paragraph opens at most ` + strconv.Itoa(render.MaxLinks) + ` links, images or [ brackets, holds at most ` + strconv.Itoa(render.MaxEmphasis) + ` runs
of * or _, opens at most ` + strconv.Itoa(render.MaxCodeSpans) + ` code spans and has at most ` + strconv.Itoa(render.MaxDefinitions) + ` lines starting with [,
where link reference definitions are read. Beyond a limit the text is read as
plain text; the finding says which limit is crossed, and where.`,
	Checks: []Check{
		{"article-path", "a relative link to an article's page, where {{kb:}} belongs"},
	},
	Run: runMarkup,
}

// linkSchemes are the URL schemes a link may use.
var linkSchemes = []string{"https", "http", "mailto"}

func runMarkup(pass *Pass) {
	// One parser per run: rules run concurrently and a goldmark parser
	// carries state while it parses. It reads all of CommonMark, raw HTML
	// included, within the limits the site's parser keeps to.
	md := render.NewParser(parser.DefaultBlockParsers(), parser.DefaultInlineParsers(), parser.DefaultParagraphTransformers())
	for _, site := range pass.Index.Sites {
		for _, lt := range pass.Index.Localized(site) {
			checkMarkup(pass, md, lt)
		}
	}
}

func checkMarkup(pass *Pass, md parser.Parser, lt LocalizedText) {
	// Everything this rule reports starts with "<" (raw HTML, autolinks)
	// or "[" (links, images), or crosses a limit: most texts do neither
	// and need no parse.
	block := isSectionBody(lt.Site)
	// Bold is parsed only where a run of asterisks may have failed, as
	// failedBold reads the text before Markdown does: most bold holds.
	v := lt.Text.Value
	runs := doubleAsterisks(v)
	if !strings.ContainsAny(v, "<[") && !render.MayCrossLimits(v) && failedBold(v, runs, 0, len(v)) < 0 && (block || !mayHoldBlocks(v)) {
		return
	}
	src := []byte(lt.Text.Value)
	doc, cuts := render.Parse(md, src)
	at := lt.Text.Positions()
	for _, c := range cuts {
		pass.ReportLocalef(at.At(c.Offset), localeOf(lt), "%s", c.Message)
	}
	at = lt.Text.Positions()
	posOf := func(n ast.Node) diag.Position {
		if off := nodeOffset(n); off >= 0 {
			return at.At(off)
		}
		return lt.Text.Pos
	}
	report := func(n ast.Node, format string, args ...any) {
		pass.ReportLocalef(posOf(n), localeOf(lt), format, args...)
	}
	// A "<" typed as text, as a translator may type "<Client>", reads as
	// HTML: the finding says how to write it as text.
	const rawHTML = "raw HTML is not allowed; use Markdown instead of %s, or write \\< for a \"<\" the reader is to see"
	asterisks := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			report(n, rawHTML, excerpt(segmentsText(n.Segments, src)))
		case *ast.HTMLBlock:
			report(n, rawHTML, excerpt(segmentsText(n.Lines(), src)))
		case *ast.Image:
			report(n, "images are not allowed in prose; declare a figure and reference it with {{fig:ID}}")
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			return ast.WalkSkipChildren, nil // its asterisks are shown as written
		case *ast.Text:
			// Once per text: the asterisks that open bold and those that
			// were to close it are shown alike, and one mend is for both.
			if i := failedBold(v, runs, n.Segment.Start, n.Segment.Stop); i >= 0 && !asterisks {
				asterisks = true
				pass.ReportLocalef(at.At(i), localeOf(lt), "these ** are shown as asterisks: CommonMark does not read them as bold where they stand, "+
					"between a punctuation mark and a letter (**…？**を, **「…」**を); keep the punctuation out of the bold (**…**？を, **…**を), or write \\*\\* for asterisks")
			}
		case *ast.List, *ast.Heading, *ast.Blockquote, *ast.FencedCodeBlock:
			// On one line, "- 5 GB free" is text the writer means as such,
			// and so is a text that opens with a number and a dot, such as
			// a Hungarian date (2024. január 1-től), a one-item list to
			// CommonMark.
			if !block && bytes.Contains(bytes.TrimRight(src, "\n"), []byte("\n")) && !oneItemList(n) {
				pass.Report(diag.Diagnostic{Pos: at.At(max(nodeOffset(n), 0)), Locale: localeOf(lt), Severity: diag.Warning,
					Message: fmt.Sprintf("this text is one paragraph on the page: its %s is shown as text, marks and all; only a section's body holds lists and paragraphs: write the items as steps, choices or requirements",
						blockName(n))})
				return ast.WalkSkipChildren, nil
			}
		case *ast.Link:
			dest, linked := render.LinkDestination(n)
			if msg := linkProblem(string(n.Destination), linked); msg != "" {
				report(n, "%s", msg)
			} else if msg := pageFragmentProblem(pass, lt.Site.Article, string(dest)); msg != "" {
				report(n, "%s", msg)
			} else if d, ok := articlePathProblem(pass.KB, lt.Locale, string(dest)); ok {
				d.Pos, d.Locale = posOf(n), localeOf(lt)
				pass.Report(d)
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				_, linked := render.AutoLinkDestination(n, src)
				if msg := linkProblem(string(n.URL(src)), linked); msg != "" {
					report(n, "%s", msg)
				}
			}
		}
		return ast.WalkContinue, nil
	})
}

// failedBold returns the offset in src of the first run of exactly two
// asterisks in src[start:end] that bold would have opened or closed but
// for where it stands: between a punctuation mark or a symbol on one
// side and a letter or a digit on the other, where CommonMark neither
// opens nor closes it; or -1. Other runs of asterisks shown as such, a
// masked number (**** 1234), a rating (*****), 2**10 or "a ** b", are
// what the writer means.
// A lone run, such as a footnote's mark, is never bold, nor is a run at
// the text's edge, where the edge counts as a space. runs are the text's
// runs of two asterisks (doubleAsterisks), found once for the whole text.
func failedBold(text string, runs []int, start, end int) int {
	if len(runs) < 2 {
		return -1
	}
	for _, i := range runs[sort.SearchInts(runs, start):] {
		if i+2 > end {
			break
		}
		before, n := utf8.DecodeLastRuneInString(text[:i])
		after, m := utf8.DecodeRuneInString(text[i+2:])
		if n == 0 || m == 0 {
			continue
		}
		if punctuation(before) && wordRune(after) || wordRune(before) && punctuation(after) {
			return i
		}
	}
	return -1
}

// doubleAsterisks returns the offsets, in order, of the runs of exactly
// two asterisks in text.
func doubleAsterisks(text string) []int {
	var runs []int
	for i := strings.Index(text, "**"); i >= 0 && i+1 < len(text); {
		if (i == 0 || text[i-1] != '*') && (i+2 >= len(text) || text[i+2] != '*') {
			runs = append(runs, i)
		}
		next := strings.Index(text[i+1:], "**")
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return runs
}

// punctuation and wordRune are the classes of characters CommonMark's
// rules for opening and closing emphasis set apart.
func punctuation(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }
func wordRune(r rune) bool    { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// oneItemList reports whether n is a list of one item, as a text that
// opens with "2024." or "- " reads to CommonMark.
func oneItemList(n ast.Node) bool {
	l, ok := n.(*ast.List)
	return ok && l.ChildCount() == 1 && l.PreviousSibling() == nil && l.Parent() != nil && l.Parent().Kind() == ast.KindDocument
}

// isSectionBody reports whether the site's text is a section's body, the
// one kind of text the site renders with paragraphs and lists; every
// other text is one paragraph (render.Inline).
func isSectionBody(site *TextSite) bool {
	for _, sec := range site.Article.Sections {
		if &sec.Body == site.Text {
			return true
		}
	}
	return false
}

// blockLine matches the start of a line of Markdown block structure: a
// list item, a heading, a block quote or a code fence.
var blockLine = regexp.MustCompile("(?m)^ {0,3}(?:[-*+] |\\d{1,9}[.)] |#{1,6} |> ?|```|~~~)")

// mayHoldBlocks reports whether a text has a line that may start block
// structure, which a text the site renders as one paragraph shows as text.
func mayHoldBlocks(s string) bool {
	return strings.Contains(s, "\n") && blockLine.MatchString(s)
}

// blockName names a node of block structure for a finding.
func blockName(n ast.Node) string {
	switch n.(type) {
	case *ast.List:
		return "list"
	case *ast.Heading:
		return "heading"
	case *ast.Blockquote:
		return "block quote"
	}
	return "code block"
}

// nodeOffset returns the byte offset in the source where goldmark saw the
// node, or -1 when it does not say.
func nodeOffset(n ast.Node) int {
	switch n := n.(type) {
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			return n.Segments.At(0).Start
		}
	case *ast.HTMLBlock:
		if n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
	}
	if p := n.Pos(); p >= 0 {
		return p
	}
	// Fall back on the first text inside the node, such as a link's label.
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return -1
}

func segmentsText(segs *text.Segments, src []byte) string {
	var b strings.Builder
	for i := range segs.Len() {
		seg := segs.At(i)
		b.Write(seg.Value(src))
	}
	return b.String()
}

// excerpt quotes the start of s for a message.
func excerpt(s string) string {
	s = strings.TrimSpace(s)
	if line, _, cut := strings.Cut(s, "\n"); cut {
		s = line + " …"
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// pageFragmentProblem returns what is wrong with a link to a #fragment
// of the article's own page, or "": the page has an element of that id,
// as it does for its procedures, steps, sections, notes and
// troubleshooting entries and those of the fragments it includes, and
// for kbc's own, which start with "_"; #top is the top of any page, as
// browsers read it. A fragment's text is on the pages of the articles
// that include it, which are not known here.
func pageFragmentProblem(pass *Pass, a *content.Article, dest string) string {
	frag, ok := strings.CutPrefix(dest, "#")
	if !ok || frag == "" || strings.EqualFold(frag, "top") || strings.HasPrefix(frag, "_") || a.IsFragment() {
		return ""
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	anchors := slices.Clone(pass.Index.AnchorsOf(a))
	for _, id := range a.IncludedFragments() {
		if f := pass.KB.Fragment(id); f != nil {
			anchors = append(anchors, f.Anchors()...)
		}
	}
	if slices.Contains(anchors, frag) {
		return ""
	}
	return fmt.Sprintf("link to %s: the page has no element of id %q, only its procedures, steps, sections, notes and troubleshooting entries have ids; a step is better referred to with {{step:ID}}, which numbers it%s",
		excerpt(dest), frag, suggest.Hint(frag, anchors))
}

// articlePathProblem returns the finding for a link whose relative path,
// followed from an article page of the locale, leads to an article's page
// or its folder (site.ArticlePath): a warning that {{kb:}} belongs there,
// or an error when no article has that id; ok is false for any other
// link. Every article page lies at the same depth, so where the path
// leads does not depend on whose page it is on.
func articlePathProblem(kb *content.KB, locale, dest string) (d diag.Diagnostic, ok bool) {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return d, false
	}
	// The page's own folder is named "_", which no article id is: a path
	// within the page itself leads to no other article.
	page := &url.URL{Path: "/" + site.ArticlePath("_", locale)}
	id, ok, exact := articleAt(kb, strings.TrimPrefix(page.ResolveReference(u).Path, "/"))
	if !ok {
		return d, false
	}
	ref := id
	if u.Fragment != "" {
		ref += "#" + u.Fragment
	}
	d.Check, d.Severity = "article-path", diag.Error
	switch {
	case kb.Config.ExternalRef(id) != nil:
		d.Message = fmt.Sprintf("link to %s leads to no page: %s is an external reference, which has none on this site; write {{kb:%s}}, which links to it", excerpt(dest), id, id)
		return d, true
	case kb.Article(id) == nil:
		d.Message = fmt.Sprintf("link to %s leads to the page of %s, which is no article of the knowledge base: the link is broken on the site%s",
			excerpt(dest), id, suggest.Hint(id, articleIDs(kb)))
		return d, true
	case !exact:
		// Most hosts tell the cases of a path apart.
		d.Message = fmt.Sprintf("link to %s is the page of %s in the wrong case: hosts that tell cases apart, as GitHub Pages does, have no page there; write {{kb:%s}}", excerpt(dest), id, ref)
		return d, true
	}
	d.Severity = diag.Warning
	d.Message = fmt.Sprintf("link to %s is the page of %s by its path; write {{kb:%s}}, which the site checks, titles, and leads to the article's replacement or another locale's page where it must", excerpt(dest), id, ref)
	return d, true
}

// articleAt returns the id of the article whose page, in one of the
// knowledge base's locales, is at p, a path from the site's top, or whose
// page's folder p is, in any case: whether or not the knowledge base has
// the article.
// exact reports whether p names it in the case the site does.
func articleAt(kb *content.KB, p string) (id string, ok, exact bool) {
	locale, rest, _ := strings.Cut(p, "/")
	folder, _, _ := strings.Cut(rest, "/")
	id = strings.ToUpper(folder)
	if !slices.Contains(kb.Config.Locales, locale) || !content.IsArticleID(id) {
		return "", false, false
	}
	page := site.ArticlePath(id, locale)
	folderOf := path.Dir(page)
	for _, at := range []string{page, folderOf, folderOf + "/"} {
		if strings.EqualFold(p, at) {
			return id, true, p == at
		}
	}
	return "", false, false
}

// linkProblem returns what is wrong with a link destination, or "": a
// scheme other than linkSchemes, or anything else for which the site
// shows the link's text without a link (linked is false, as
// render.LinkDestination says).
func linkProblem(dest string, linked bool) string {
	if linked {
		return ""
	}
	scheme := urlScheme(dest)
	switch {
	case scheme != "" && !slices.Contains(linkSchemes, scheme):
		return fmt.Sprintf("link to %s uses the %s: scheme; links may only be https, http or mailto URLs, relative paths or #fragments", excerpt(dest), scheme)
	case strings.TrimSpace(dest) == "":
		return "link has no destination; the site shows its text without a link"
	case scheme == "":
		// Two slashes (or backslashes) start a host, not a path.
		return fmt.Sprintf("link to %s names a host without a scheme, which the site does not link to; write https:// before it for another site, or a path without the leading slashes for a page of this one", excerpt(dest))
	}
	return fmt.Sprintf("link to %s is not one the site links to; links may only be https, http or mailto URLs, relative paths or #fragments", excerpt(dest))
}

var schemePattern = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*):`)

// urlScheme returns the lower-cased scheme a browser would see in dest, or
// "" for a relative URL. Entities, backslash escapes and percent-escapes
// are decoded (repeatedly, as renderers and browsers may each decode once)
// and the whitespace and control characters browsers skip are dropped
// before the scheme is read.
func urlScheme(dest string) string {
	s := dest
	for range 4 {
		next := percentDecode(html.UnescapeString(unescapePunct(s)))
		if next == s {
			break
		}
		s = next
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	m := schemePattern.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return strings.ToLower(m[1])
}

// unescapePunct drops the backslash of Markdown's backslash escapes, which
// any ASCII punctuation character may take.
func unescapePunct(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(asciiPunct, s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

const asciiPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// percentDecode decodes the valid %XX escapes of s and keeps the rest as
// written, as a browser does.
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
