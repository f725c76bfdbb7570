package xliff

import (
	"bytes"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/render"
)

// codeKind is the Markdown an inline code stands for.
type codeKind uint8

const (
	codeRef      codeKind = iota // {{kind:id}}: must stay, once
	codeCode                     // `code`: not translated
	codeAutoLink                 // <https://…>
	codeStrong                   // **bold**
	codeEmphasis                 // *emphasis*
	codeLink                     // [text](url)
)

// paired reports whether the code wraps text (XLIFF <pc>) rather than
// standing alone (<ph>).
func (k codeKind) paired() bool { return k >= codeStrong }

func (k codeKind) String() string {
	return [...]string{"reference", "code", "link", "bold", "emphasis", "link"}[k]
}

// inlineCode is a piece of Markdown that a translator moves but does not
// type: its data is the Markdown itself, for a paired code its opening
// and closing delimiters.
type inlineCode struct {
	ID          string
	Kind        codeKind
	Open, Close string
}

// edge is what a token of a text is: prose, a standalone code, or the
// start or end of a paired one.
type edge uint8

const (
	edgeText edge = iota
	edgeStandalone
	edgeOpen
	edgeClose
)

type token struct {
	Edge edge
	Text string      // edgeText
	Code *inlineCode // the others
	// Ref is, for a reference placed where the source has it in another
	// grammatical context ({{step:x|in}} for the source's {{step:x}}),
	// the reference as this text writes it; "" when it is the code's.
	Ref string
}

// sameRef reports whether two references are the same but for their
// grammatical context, which a translation chooses for its own grammar:
// {{step:x|from}} and {{step:x|in}} are one reference.
func sameRef(a, b string) bool {
	ra, rb := content.ParseRefs(a), content.ParseRefs(b)
	return len(ra) == 1 && len(rb) == 1 && !ra[0].Malformed && !rb[0].Malformed &&
		ra[0].End == len(a) && rb[0].End == len(b) && ra[0].Canonical() == rb[0].Canonical()
}

// markup is a text as prose and inline codes, in order. Joining the
// tokens' text and the codes' Markdown gives the text back, byte for
// byte.
type markup struct {
	Codes  []*inlineCode // by id, 1 upwards in order of appearance
	Tokens []token
}

// mark is a byte range of a text that a code takes.
type mark struct {
	start, end int
	edge       edge
	code       *inlineCode
}

// encodeMarkdown splits a text into prose and inline codes where the site
// sees Markdown (render.Tree, as a block for a section body): emphasis,
// links, code spans, autolinks, and the references ({{kind:id}}) that are
// not inside a code. Prose keeps its bytes, Markdown escapes and block
// syntax such as list markers included. A node whose delimiters cannot be
// placed exactly, which only unusual Markdown gives, stays prose.
func encodeMarkdown(src string, block bool) *markup {
	source := []byte(src)
	var marks []mark
	taken := func(start, end int) bool {
		for _, m := range marks {
			if start < m.end && m.start < end {
				return true
			}
		}
		return false
	}
	_ = ast.Walk(render.Tree(source, block), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		ms := codeMarks(n, source)
		for _, m := range ms {
			if taken(m.start, m.end) {
				return ast.WalkContinue, nil
			}
		}
		marks = append(marks, ms...)
		if len(ms) == 1 {
			return ast.WalkSkipChildren, nil // a code span or autolink: its content is data
		}
		return ast.WalkContinue, nil
	})
	for _, r := range content.ParseRefs(src) {
		if !taken(r.Start, r.End) {
			marks = append(marks, mark{r.Start, r.End, edgeStandalone, &inlineCode{Kind: codeRef, Open: src[r.Start:r.End]}})
		}
	}
	sort.Slice(marks, func(i, j int) bool { return marks[i].start < marks[j].start })
	m := &markup{}
	last := 0
	for _, mk := range marks {
		if mk.start > last {
			m.Tokens = append(m.Tokens, token{Text: src[last:mk.start]})
		}
		if mk.edge != edgeClose {
			mk.code.ID = strconv.Itoa(len(m.Codes) + 1)
			m.Codes = append(m.Codes, mk.code)
		}
		m.Tokens = append(m.Tokens, token{Edge: mk.edge, Code: mk.code})
		last = mk.end
	}
	if last < len(src) {
		m.Tokens = append(m.Tokens, token{Text: src[last:]})
	}
	return m
}

// codeMarks returns the marks of the code a node is, if it is one whose
// delimiters are where the Markdown syntax says.
func codeMarks(n ast.Node, src []byte) []mark {
	switch n := n.(type) {
	case *ast.CodeSpan, *ast.AutoLink:
		start, end, ok := span(n, src)
		if !ok {
			return nil
		}
		kind := codeCode
		if _, auto := n.(*ast.AutoLink); auto {
			kind = codeAutoLink
		}
		return []mark{{start, end, edgeStandalone, &inlineCode{Kind: kind, Open: string(src[start:end])}}}
	case *ast.Emphasis, *ast.Link:
		start, end, ok := span(n, src)
		if !ok {
			return nil
		}
		first, last, ok := childSpan(n, src)
		kind, open := codeLink, 1
		if e, ok := n.(*ast.Emphasis); ok {
			kind, open = codeEmphasis, e.Level
			if e.Level == 2 {
				kind = codeStrong
			}
		}
		if !ok {
			return nil
		}
		c := &inlineCode{Kind: kind, Open: string(src[start:first]), Close: string(src[last:end])}
		if first-start != open {
			return nil
		}
		return []mark{{start, first, edgeOpen, c}, {last, end, edgeClose, c}}
	}
	return nil
}

// span returns the byte range of a node in the text, delimiters included,
// for the nodes a code can be made of or hold.
func span(n ast.Node, src []byte) (start, end int, ok bool) {
	switch n := n.(type) {
	case *ast.Text:
		return n.Segment.Start, n.Segment.Stop, true
	case *render.RefNode:
		return n.Ref.Start, n.Ref.End, true
	case *ast.CodeSpan:
		start = n.Pos()
		if start < 0 || start >= len(src) || src[start] != '`' {
			return 0, 0, false
		}
		ticks := backticks(src, start)
		for i := start + ticks; i < len(src); {
			if src[i] != '`' {
				i++
				continue
			}
			run := backticks(src, i)
			if run == ticks {
				return start, i + run, true
			}
			i += run
		}
	case *ast.AutoLink:
		start = n.Pos()
		if start >= 0 && start < len(src) && src[start] == '<' {
			if i := bytes.IndexByte(src[start:], '>'); i > 0 {
				return start, start + i + 1, true
			}
		}
	case *ast.Emphasis:
		first, last, ok := childSpan(n, src)
		start, end = first-n.Level, last+n.Level
		if !ok || start < 0 || end > len(src) {
			return 0, 0, false
		}
		c := src[start]
		if c != '*' && c != '_' || strings.Trim(string(src[start:first])+string(src[last:end]), string(c)) != "" {
			return 0, 0, false
		}
		return start, end, true
	case *ast.Link:
		start = n.Pos()
		if start < 0 || start >= len(src) || src[start] != '[' {
			return 0, 0, false
		}
		last := start + 1
		if n.ChildCount() > 0 {
			var first int
			if first, last, ok = childSpan(n, src); !ok || first != start+1 {
				return 0, 0, false
			}
		}
		if end, ok = linkTailEnd(src, last, n.Reference); ok {
			return start, end, true
		}
	}
	return 0, 0, false
}

func backticks(src []byte, i int) int {
	n := 0
	for i+n < len(src) && src[i+n] == '`' {
		n++
	}
	return n
}

// childSpan returns where the first child of a node starts and where its
// last one ends. An only child is looked at once: emphasis nested in
// emphasis, as a long run of asterisks parses, would otherwise have each
// level look at the next twice, in time exponential in the depth.
func childSpan(n ast.Node, src []byte) (first, last int, ok bool) {
	if n.FirstChild() == nil {
		return 0, 0, false
	}
	if n.FirstChild() == n.LastChild() {
		first, last, ok = span(n.FirstChild(), src)
		return first, last, ok && first <= last
	}
	first, _, ok1 := span(n.FirstChild(), src)
	_, last, ok2 := span(n.LastChild(), src)
	return first, last, ok1 && ok2 && first <= last
}

// linkTailEnd returns where a link ends whose text ends at i, at its
// closing bracket: after the destination and title of an inline link, or
// after the label of a full or collapsed reference link, as CommonMark
// reads them.
func linkTailEnd(src []byte, i int, ref *ast.ReferenceLink) (int, bool) {
	if i >= len(src) || src[i] != ']' {
		return 0, false
	}
	i++
	if ref != nil {
		if ref.Type == ast.ReferenceLinkShortcut {
			return i, true
		}
		if i < len(src) && src[i] == '[' {
			if j := closingBracket(src, i+1); j >= 0 {
				return j + 1, true
			}
		}
		return 0, false
	}
	if i >= len(src) || src[i] != '(' {
		return 0, false
	}
	i = skipLinkSpace(src, i+1)
	if i < len(src) && src[i] == '<' {
		for i++; i < len(src) && src[i] != '>'; i++ {
			if src[i] == '\\' {
				i++
			}
		}
		i++
	} else {
		depth := 0
		for ; i < len(src) && src[i] > ' '; i++ {
			switch src[i] {
			case '\\':
				i++
			case '(':
				depth++
			case ')':
				if depth == 0 {
					goto dest
				}
				depth--
			}
		}
	}
dest:
	i = skipLinkSpace(src, i)
	if i < len(src) && (src[i] == '"' || src[i] == '\'' || src[i] == '(') {
		closer := src[i]
		if closer == '(' {
			closer = ')'
		}
		for i++; i < len(src) && src[i] != closer; i++ {
			if src[i] == '\\' {
				i++
			}
		}
		i = skipLinkSpace(src, i+1)
	}
	if i < len(src) && src[i] == ')' {
		return i + 1, true
	}
	return 0, false
}

func skipLinkSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n') {
		i++
	}
	return i
}

// closingBracket returns the index of the first unescaped ']' from i, or -1.
func closingBracket(src []byte, i int) int {
	for ; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case ']':
			return i
		}
	}
	return -1
}

// markdown joins the tokens back into kbc text.
func (m *markup) markdown() string {
	var b strings.Builder
	for _, t := range m.Tokens {
		b.WriteString(t.markdown())
	}
	return b.String()
}

func (t token) markdown() string {
	switch t.Edge {
	case edgeText:
		return t.Text
	case edgeClose:
		return t.Code.Close
	}
	if t.Ref != "" {
		return t.Ref
	}
	return t.Code.Open
}

// code returns the code with the given id, or nil.
func (m *markup) code(id string) *inlineCode {
	for _, c := range m.Codes {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// shape describes the codes of a token list in order, for a message and
// to compare two texts' formatting.
func shape(tokens []token) []string {
	var out []string
	for _, t := range tokens {
		switch t.Edge {
		case edgeStandalone:
			out = append(out, t.Code.Kind.String()+" "+t.markdown())
		case edgeOpen:
			out = append(out, t.Code.Kind.String()+" "+t.Code.Open)
		case edgeClose:
			out = append(out, "end of "+t.Code.Kind.String()+" "+t.Code.Close)
		}
	}
	return out
}

// alignTo gives the codes of a translation the ids of the source's codes
// they match, in order, by kind and Markdown (a reference whatever its
// context, which the token keeps): a stale translation is exported as a
// draft whose codes correspond to the source's. A code that matches none
// of the source's is written back into the prose as Markdown, for the
// translator to see and redo.
func (m *markup) alignTo(src *markup) []token {
	used := map[*inlineCode]bool{}
	match := map[*inlineCode]*inlineCode{}
	for _, c := range m.Codes {
		for _, s := range src.Codes {
			same := s.Open == c.Open || s.Kind == codeRef && sameRef(s.Open, c.Open)
			if !used[s] && s.Kind == c.Kind && same && s.Close == c.Close {
				used[s], match[c] = true, s
				break
			}
		}
	}
	var out []token
	for _, t := range m.Tokens {
		switch {
		case t.Edge == edgeText:
		case match[t.Code] != nil:
			if own := t.Code.Open; own != match[t.Code].Open && t.Edge == edgeStandalone {
				t.Ref = own
			}
			t.Code = match[t.Code]
		default:
			t = token{Text: t.markdown()}
		}
		if n := len(out); t.Edge == edgeText && n > 0 && out[n-1].Edge == edgeText {
			out[n-1].Text += t.Text
			continue
		}
		out = append(out, t)
	}
	return out
}

// sameShape reports whether two token lists have the same codes, by kind
// and Markdown, in the same order.
func sameShape(a, b []token) bool {
	return slices.Equal(shape(a), shape(b))
}

// MarkdownBlocks returns the keys of the article's texts that the site
// reads as Markdown blocks (paragraphs, lists) rather than inline text.
func MarkdownBlocks(a *content.Article) map[string]bool {
	out := map[string]bool{}
	a.Walk(func(t *content.Text, at content.Place) {
		if t != nil && at.Role == content.SectionBody {
			out[t.Key] = true
		}
	})
	return out
}
