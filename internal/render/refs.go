package render

import (
	"bytes"
	"unicode"
	"unicode/utf8"

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
	// SentenceStart is set when the reference opens a sentence; see
	// markSentenceStarts.
	SentenceStart bool
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

// markSentenceStarts sets SentenceStart on the references of a parsed
// text that open a sentence: those that come first in a paragraph (a
// text, a table cell, a list item) and those after a full stop, question
// or exclamation mark and a space, closing quotes and brackets allowed
// between. Emphasis and links around a reference do not count; a colon
// does not end a sentence.
func markSentenceStarts(doc ast.Node, source []byte) {
	s := newSentences()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *RefNode:
			n.SentenceStart = s.ref()
		case *ast.Text:
			s.text(plainValue(n, source), n.SoftLineBreak() || n.HardLineBreak())
		case *ast.String:
			if len(bytes.TrimSpace(n.Value)) > 0 {
				s.word()
			}
		case *ast.CodeSpan, *ast.AutoLink:
			s.word()
			return ast.WalkSkipChildren, nil
		default:
			if n.Type() == ast.TypeBlock {
				s = newSentences()
			}
		}
		return ast.WalkContinue, nil
	})
}

// sentences follows a paragraph read in order, to tell whether a
// reference read now opens a sentence: the way markSentenceStarts walks
// a parsed text, and refsInline a text it renders without a parse.
type sentences struct{ ended, spaced bool }

// newSentences is at a paragraph's start, where a sentence opens.
func newSentences() sentences { return sentences{ended: true, spaced: true} }

// text reads a run of text; broken tells that a line break ends it.
func (s *sentences) text(v []byte, broken bool) {
	body := bytes.TrimRightFunc(v, unicode.IsSpace)
	if len(body) > 0 {
		s.ended, s.spaced = endsSentence(body), false
	}
	if len(body) < len(v) || broken {
		s.spaced = true
	}
}

// ref reads a reference and reports whether it opens a sentence.
func (s *sentences) ref() bool {
	opens := s.ended && s.spaced
	s.word()
	return opens
}

// word reads what stands inside a sentence: code, a link's address.
func (s *sentences) word() { s.ended, s.spaced = false, false }

// endsSentence reports whether text ends with a full stop, question or
// exclamation mark, maybe followed by closing quotes or brackets.
func endsSentence(text []byte) bool {
	for len(text) > 0 {
		r, size := utf8.DecodeLastRune(text)
		switch {
		case r == '.' || r == '!' || r == '?':
			return true
		case unicode.In(r, unicode.Pe, unicode.Pf) || r == '"' || r == '\'':
			text = text[:len(text)-size]
		default:
			return false
		}
	}
	return false
}
