package render

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/kbcdev/kbc/internal/content"
)

// KindRef is the node kind of a typed reference.
var KindRef = ast.NewNodeKind("Ref")

// RefNode is a typed reference in the Markdown tree. Link is filled in by
// the resolver before rendering.
type RefNode struct {
	ast.BaseInline
	Ref  content.InlineRef
	Link Link
}

// Kind implements ast.Node.
func (n *RefNode) Kind() ast.NodeKind { return KindRef }

// Dump implements ast.Node.
func (n *RefNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Kind": string(n.Ref.Kind), "Target": n.Ref.Target}, nil)
}

// refParser reads "{{kind:target}}" as one node, before emphasis or links
// can see its characters: an id such as a_b_c stays whole.
type refParser struct{}

func (refParser) Trigger() []byte { return []byte{'{'} }

func (refParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("{{")) {
		return nil
	}
	// A reference holds no brace: the first one after "{{" must start the
	// closing "}}". Looking no further keeps a line of "{{" linear.
	end := bytes.IndexAny(line[2:], "{}")
	if end < 0 || !bytes.HasPrefix(line[2+end:], []byte("}}")) {
		return nil
	}
	whole := string(line[:end+4])
	refs := content.ParseRefs(whole)
	if len(refs) != 1 || refs[0].Start != 0 || refs[0].End != len(whole) {
		return nil
	}
	block.Advance(len(whole))
	// Offsets in the whole text, as ParseRefs gives them, not in the line.
	ref := refs[0]
	ref.Start, ref.End = seg.Start, seg.Start+len(whole)
	return &RefNode{Ref: ref}
}
