package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/kbcdev/kbc/internal/corpus"
)

// handedOver records what the limits let through to goldmark's parsers:
// per paragraph, the links, emphasis runs and code spans its inline
// parsers opened, and the most lines starting with "[" in a paragraph
// its definition parser read.
type handedOver struct {
	opened      map[ast.Node]*[numLimits]int
	definitions int
}

type countingInline struct {
	parser.InlineParser
	seen *handedOver
}

func (p countingInline) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	n := p.InlineParser.Parse(parent, block, pc)
	if l, ok := inlineLimit(line); ok && n != nil {
		if p.seen.opened[parent] == nil {
			p.seen.opened[parent] = &[numLimits]int{}
		}
		p.seen.opened[parent][l]++
	}
	return n
}

func (p countingInline) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := p.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

type countingDefinitions struct {
	parser.ParagraphTransformer
	seen *handedOver
}

func (t countingDefinitions) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	n := 0
	for i := range node.Lines().Len() {
		seg := node.Lines().At(i)
		if v := util.TrimLeftSpace(seg.Value(reader.Source())); len(v) > 0 && v[0] == '[' {
			n++
		}
	}
	t.seen.definitions = max(t.seen.definitions, n)
	t.ParagraphTransformer.Transform(node, reader, pc)
}

// countingParser is the parser lint uses, with goldmark's inline parsers
// and definition parser counting what they are handed.
func countingParser(seen *handedOver) parser.Parser {
	var inlines []util.PrioritizedValue
	for _, v := range parser.DefaultInlineParsers() {
		inlines = append(inlines, util.Prioritized(countingInline{v.Value.(parser.InlineParser), seen}, v.Priority))
	}
	var transformers []util.PrioritizedValue
	for _, v := range parser.DefaultParagraphTransformers() {
		transformers = append(transformers, util.Prioritized(countingDefinitions{v.Value.(parser.ParagraphTransformer), seen}, v.Priority))
	}
	return NewParser(parser.DefaultBlockParsers(), inlines, transformers)
}

// deepest returns how many block quotes and lists the deepest node of the
// tree is in.
func deepest(n ast.Node) int {
	d := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		d = max(d, deepest(c))
	}
	if k := n.Kind(); k == ast.KindBlockquote || k == ast.KindList {
		d++
	}
	return d
}

// TestLimitsCutTheParse parses 64 KiB of each slow shape of Markdown and
// checks that goldmark was handed no more than the limits allow: no block
// quote or list deeper than MaxNesting, no paragraph with more links,
// emphasis runs or code spans opened than their limits, no paragraph
// with more definition lines read. That the shapes are reported is
// tested by the markup rule's tests.
func TestLimitsCutTheParse(t *testing.T) {
	for _, shape := range corpus.SlowMarkdown {
		seen := &handedOver{opened: map[ast.Node]*[numLimits]int{}}
		doc, cuts := Parse(countingParser(seen), []byte(shape.Text(64<<10)))
		if d := deepest(doc); d > MaxNesting {
			t.Errorf("%s: block quotes and lists nest %d deep", shape.Name, d)
		}
		for _, counts := range seen.opened {
			for l := limitLinks; l <= limitCodeSpans; l++ {
				if counts[l] > limitMax[l] {
					t.Errorf("%s: goldmark was handed %s", shape.Name, l.message(counts[l]))
				}
			}
		}
		if seen.definitions > MaxDefinitions {
			t.Errorf("%s: goldmark read definitions in %s", shape.Name, limitDefinitions.message(seen.definitions))
		}
		for _, c := range cuts {
			if !strings.Contains(c.Message, "the limit is") || c.Offset < 0 || c.Offset >= 64<<10 {
				t.Errorf("%s: cut %+v", shape.Name, c)
			}
		}
	}
}

// TestLimitsInRendering renders texts just within and just beyond the
// limits, as the site does.
func TestLimitsInRendering(t *testing.T) {
	for _, tc := range []struct {
		src, tag string
		want     int
	}{
		{strings.Repeat("> ", MaxNesting) + "a", "<blockquote>", MaxNesting},
		{strings.Repeat("> ", 200) + "a", "<blockquote>", MaxNesting},
		{strings.Repeat("- ", 100) + "a", "<ul>", MaxNesting},
		{strings.Repeat("[a](b) ", MaxLinks), "<a href", MaxLinks},
		{strings.Repeat("[a](b) ", 1000), "<a href", MaxLinks},
		{strings.Repeat("*a* ", MaxEmphasis/2), "<em>", MaxEmphasis / 2},
		{strings.Repeat("*a* ", 1000), "<em>", MaxEmphasis / 2},
		{strings.Repeat("`a` ", 1000), "<code>", MaxCodeSpans},
		{strings.Repeat("[a](b)\n", 1000), "<a href", MaxLinks},
		// Paragraphs are counted apart.
		{strings.Repeat(strings.Repeat("[a](b) ", MaxLinks)+"\n\n", 10), "<a href", 10 * MaxLinks},
	} {
		got := string(Block(tc.src, nil))
		if n := strings.Count(got, tc.tag); n != tc.want {
			t.Errorf("Block(%.30q…) has %d %s, want %d", tc.src, n, tc.tag, tc.want)
		}
	}
	// A reference to the first of MaxDefinitions definitions is a link;
	// with one definition more, none is read.
	var defs []string
	for i := range MaxDefinitions + 1 {
		defs = append(defs, fmt.Sprintf("[d%d]: /b", i))
	}
	within := strings.Join(defs[:MaxDefinitions], "\n")
	if got := string(Block("[d0]\n\n"+within, nil)); !strings.Contains(got, `<a href="/b">d0</a>`) {
		t.Errorf("definitions within the limit were not read: %.100s", got)
	}
	beyond := strings.Join(defs, "\n")
	if got := string(Block("[d0]\n\n"+beyond, nil)); strings.Contains(got, "<a href") {
		t.Errorf("definitions beyond the limit were read: %.100s", got)
	}
}
