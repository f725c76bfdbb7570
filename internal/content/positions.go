package content

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/diag"
)

// Positions gives the source positions of offsets in one text, as PosAt
// does. PosAt counts the characters from the start of the text, or of
// its piece, on every call: a check that reports one finding per
// reference of a long text would take time quadratic in its length.
// Positions counts from the offset it was last asked for, so that
// offsets asked in increasing order cost, in all, the length of the
// text. An offset before the last, or inside a character, is counted
// afresh.
type Positions struct {
	t    Text
	off  int           // the offset last asked for, or 0
	pos  diag.Position // its position
	text bool          // off and pos are of an earlier call, not the start
	// For inline scalars: a line break lies before off, so that every
	// later offset is at the start of the scalar, as PosAt has it.
	broken bool
	piece  int // for pieces: the piece off lies in
}

// Positions returns the positions of offsets in t.
func (t Text) Positions() *Positions { return &Positions{t: t} }

// At returns the source position of the byte at offset off in the text's
// value: t.PosAt(off).
func (p *Positions) At(off int) diag.Position {
	t := p.t
	if off < 0 || off > len(t.Value) || off < len(t.Value) && !utf8.RuneStart(t.Value[off]) ||
		!p.text || off < p.off {
		return p.fresh(off)
	}
	seg := t.Value[p.off:off]
	switch t.shape.kind {
	case shapeInline:
		if p.broken || strings.Contains(seg, "\n") {
			p.broken = true
			p.pos = t.Pos
		} else {
			p.pos.Column += utf8.RuneCountInString(seg)
		}
	case shapeLiteral:
		if i := strings.LastIndexByte(seg, '\n'); i >= 0 {
			p.pos.Line += strings.Count(seg, "\n")
			p.pos.Column = int(t.shape.indent) + utf8.RuneCountInString(seg[i+1:])
		} else {
			p.pos.Column += utf8.RuneCountInString(seg)
		}
	case shapePieces:
		pieces := *t.shape.pieces
		if p.piece+1 < len(pieces) && int(pieces[p.piece+1].off) <= off || pieces[p.piece].escape {
			return p.fresh(off)
		}
		p.pos.Column += utf8.RuneCountInString(seg)
	default:
		p.pos = t.Pos
	}
	p.off = off
	return p.pos
}

// fresh is At counted from the start, as PosAt counts.
func (p *Positions) fresh(off int) diag.Position {
	t := p.t
	pos := t.PosAt(off)
	if off < 0 || off > len(t.Value) {
		return pos
	}
	// An offset inside a character is no place to count on from.
	p.off, p.pos, p.text = off, pos, off == len(t.Value) || utf8.RuneStart(t.Value[off])
	switch t.shape.kind {
	case shapeInline:
		p.broken = strings.Contains(t.Value[:off], "\n")
	case shapePieces:
		pieces := *t.shape.pieces
		p.piece = sort.Search(len(pieces), func(i int) bool { return int(pieces[i].off) > off }) - 1
		if p.piece < 0 {
			p.text = false // before the first piece: PosAt gives the start
		}
	}
	return pos
}
