package render

import (
	"fmt"
	"slices"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Goldmark takes time growing with the square of the text for some ways
// of writing Markdown (corpus.SlowMarkdown lists them): 400 KB of "[a]("
// or of "> " took minutes. The parsers of this package, and those lint
// builds with NewParser, keep within the limits below, so that the time
// to parse grows linearly with the text; what lies beyond a limit is read
// as plain text, and the markup rule reports it.
const (
	// MaxNesting bounds block quotes and lists inside one another: goldmark
	// measures the indentation of a line from its start once per level.
	MaxNesting = 32
	// MaxLinks bounds the "[" and "![" that may open a link or an image
	// in one paragraph: after each "](" the destination is scanned to the
	// end of the line.
	MaxLinks = 32
	// MaxEmphasis bounds the runs of * and _ in one paragraph: every run
	// that may close emphasis looks back at every run before it.
	MaxEmphasis = 256
	// MaxCodeSpans bounds the backtick runs that may open a code span in
	// one paragraph: each is looked for to the end of the paragraph.
	MaxCodeSpans = 64
	// MaxDefinitions bounds the lines starting with "[" in one paragraph,
	// where link reference definitions are read: each definition found
	// is cut out by copying the lines after it.
	MaxDefinitions = 32
)

// A Cut is where a text crosses one of the limits.
type Cut struct {
	Offset  int    // in bytes, where the text crosses the limit
	Message string // what crosses which limit, for a finding
}

// limit is one of the limits, as the parse counts it.
type limit int

const (
	limitNesting limit = iota
	limitLinks
	limitEmphasis
	limitCodeSpans
	limitDefinitions
	numLimits
)

var limitMax = [numLimits]int{MaxNesting, MaxLinks, MaxEmphasis, MaxCodeSpans, MaxDefinitions}

// message says what a text holds, count of it, beyond a limit.
func (l limit) message(count int) string {
	max := limitMax[l]
	switch l {
	case limitNesting:
		return fmt.Sprintf("block quotes and lists nest %d deep; the limit is %d", count, max)
	case limitLinks:
		return fmt.Sprintf("a paragraph opens %d links, images or [ brackets; the limit is %d", count, max)
	case limitEmphasis:
		return fmt.Sprintf("a paragraph holds %d runs of * or _, which mark emphasis; the limit is %d", count, max)
	case limitCodeSpans:
		// Once spans are refused, an opening backtick cannot be told from
		// a closing one: only the limit is known.
		return fmt.Sprintf("a paragraph opens more than %d code spans; the limit is %d", max, max)
	}
	return fmt.Sprintf("a paragraph has %d lines starting with [, read as link reference definitions; the limit is %d", count, max)
}

// NewParser returns a goldmark parser of the given block and inline
// parsers and paragraph transformers that keeps within the limits. Parse
// with it through Parse to learn where a text crosses them.
func NewParser(blocks, inlines, transformers []util.PrioritizedValue) parser.Parser {
	wrap := func(vs []util.PrioritizedValue, f func(any) any) []util.PrioritizedValue {
		out := make([]util.PrioritizedValue, len(vs))
		for i, v := range vs {
			out[i] = util.Prioritized(f(v.Value), v.Priority)
		}
		return out
	}
	return parser.NewParser(
		parser.WithBlockParsers(wrap(blocks, func(v any) any { return nestingLimit{v.(parser.BlockParser)} })...),
		parser.WithInlineParsers(wrap(inlines, func(v any) any { return paragraphLimits{v.(parser.InlineParser)} })...),
		parser.WithParagraphTransformers(wrap(transformers, func(v any) any { return definitionLimit{v.(parser.ParagraphTransformer)} })...),
	)
}

// Parse parses src with a parser from NewParser and returns the document
// and where src crosses the limits: one Cut per limit crossed, the first
// place it is crossed, in the order of the text.
func Parse(p parser.Parser, src []byte) (ast.Node, []Cut) {
	pc := parser.NewContext()
	doc := p.Parse(text.NewReader(src), parser.WithContext(pc))
	st, ok := pc.Get(limitsKey).(*limitState)
	if !ok {
		return doc, nil
	}
	var cuts []Cut
	for l, c := range st.cuts {
		if c.count > 0 {
			cuts = append(cuts, Cut{Offset: c.offset, Message: limit(l).message(c.count)})
		}
	}
	slices.SortFunc(cuts, func(a, b Cut) int { return a.Offset - b.Offset })
	return doc, cuts
}

var limitsKey = parser.NewContextKey()

// limitState is what one parse counts: for each limit its first crossing,
// and what the paragraph being parsed holds so far.
type limitState struct {
	cuts      [numLimits]crossing
	paragraph ast.Node
	counts    [numLimits]int
}

// crossing is where a limit is first crossed: its offset, how much of
// what the limit bounds is there, and for the limits of a paragraph, the
// paragraph, whose count grows as it is parsed.
type crossing struct {
	offset, count int
	paragraph     ast.Node
}

func limitsOf(pc parser.Context) *limitState {
	return pc.ComputeIfAbsent(limitsKey, func() any { return &limitState{} }).(*limitState)
}

// cross records that the text crosses l at offset, with count of what l
// bounds there, in paragraph when l bounds a paragraph's content.
func (st *limitState) cross(l limit, offset, count int, paragraph ast.Node) {
	switch c := &st.cuts[l]; {
	case c.count == 0:
		*c = crossing{offset, count, paragraph}
	case paragraph != nil && paragraph == c.paragraph:
		c.count = count
	}
}

// nestingLimit is a block parser that opens no block quote or list deeper
// than MaxNesting: the rest of the line is read as it would be inside
// the deepest one, as a paragraph or a code block.
type nestingLimit struct{ parser.BlockParser }

func (p nestingLimit) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, at := reader.Position()
	node, state := p.BlockParser.Open(parent, reader, pc)
	if node == nil || node.Kind() != ast.KindBlockquote && node.Kind() != ast.KindList {
		return node, state
	}
	depth := nesting(parent)
	if depth < MaxNesting {
		return node, state
	}
	reader.SetPosition(line, at)
	rest, _ := reader.PeekLine()
	limitsOf(pc).cross(limitNesting, at.Start, depth+containerMarkers(rest), nil)
	return nil, parser.NoChildren
}

// nesting counts the block quotes and lists n is in, itself included.
func nesting(n ast.Node) int {
	depth := 0
	for ; n != nil; n = n.Parent() {
		if k := n.Kind(); k == ast.KindBlockquote || k == ast.KindList {
			depth++
		}
	}
	return depth
}

// containerMarkers counts the block quote and list markers that start
// line one after another, each after at most three spaces: how deep the
// line would nest without the limit. It is what the finding reports.
func containerMarkers(line []byte) int {
	n := 0
	for i := 0; ; n++ {
		for s := 0; s < 3 && i < len(line) && line[i] == ' '; s++ {
			i++
		}
		if i < len(line) && line[i] == '>' {
			i++
			continue
		}
		j := i
		for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
			j++
		}
		switch {
		case j > i && j < len(line) && (line[j] == '.' || line[j] == ')'):
			j++
		case j == i && i < len(line) && (line[i] == '-' || line[i] == '+' || line[i] == '*'):
			j++
		default:
			return n
		}
		if j < len(line) && line[j] != ' ' && line[j] != '\t' && line[j] != '\n' {
			return n
		}
		i = j
	}
}

// paragraphLimits is an inline parser that opens no more links, emphasis
// runs and code spans in a paragraph than the limits allow: the rest are
// read as text.
type paragraphLimits struct{ parser.InlineParser }

// inlineLimit returns the limit that bounds what starts line, if any.
func inlineLimit(line []byte) (limit, bool) {
	switch line[0] {
	case '[':
		return limitLinks, true
	case '!':
		return limitLinks, len(line) > 1 && line[1] == '['
	case '*', '_':
		return limitEmphasis, true
	case '`':
		return limitCodeSpans, true
	}
	return 0, false
}

func (p paragraphLimits) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	l, ok := inlineLimit(line)
	if !ok {
		return p.InlineParser.Parse(parent, block, pc)
	}
	st := limitsOf(pc)
	if st.paragraph != parent {
		st.paragraph, st.counts = parent, [numLimits]int{}
	}
	if st.counts[l] < limitMax[l] {
		node := p.InlineParser.Parse(parent, block, pc)
		if node != nil {
			st.counts[l]++
		}
		return node
	}
	// Beyond the limit. The rest of a run of * or ` that was refused
	// comes back one character at a time, and so does the [ of a refused
	// "![": count each once.
	prev := block.PrecendingCharacter()
	if l == limitLinks && !(line[0] == '[' && prev == '!') || l != limitLinks && prev != rune(line[0]) {
		st.counts[l]++
		st.cross(l, seg.Start, st.counts[l], parent)
	}
	return nil
}

// CloseBlock passes the end of a block on to the parser, which may keep
// state across it (the link parser does).
func (p paragraphLimits) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := p.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// definitionLimit is a paragraph transformer that reads only paragraphs
// of at most MaxDefinitions lines that start with "[", the lines where a
// link reference definition may start: goldmark's transformer reads them.
type definitionLimit struct{ parser.ParagraphTransformer }

func (t definitionLimit) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	count, at := 0, 0
	for i := range lines.Len() {
		seg := lines.At(i)
		if v := util.TrimLeftSpace(seg.Value(reader.Source())); len(v) > 0 && v[0] == '[' {
			if count++; count == MaxDefinitions+1 {
				at = seg.Start
			}
		}
	}
	if count > MaxDefinitions {
		limitsOf(pc).cross(limitDefinitions, at, count, nil)
		return
	}
	t.ParagraphTransformer.Transform(node, reader, pc)
}

// MayCrossLimits reports whether s holds enough of the characters the
// limits count to cross one of them; a text that does not keeps within
// them without being parsed. Any "[" may start a link or a definition.
func MayCrossLimits(s string) bool {
	markers, runs, ticks := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			return true
		case '>', '-', '+', '.', ')':
			markers++
		case '*':
			markers++
			runs++
		case '_':
			runs++
		case '`':
			ticks++
		}
	}
	return markers > MaxNesting || runs > MaxEmphasis || ticks > MaxCodeSpans
}
