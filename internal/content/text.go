package content

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kbcdev/kbc/internal/diag"
)

// scalarShape records how a YAML scalar was written.
type scalarShape struct {
	kind   shapeKind
	quoted bool  // for inline scalars: the value starts after a quote
	indent int32 // for literal blocks: the column of the content, 1-based
	// pieces, for escaped and folded scalars, maps the value to the file.
	pieces *[]shapePiece
}

type shapeKind uint8

const (
	shapeUnknown shapeKind = iota
	shapeInline            // plain or quoted on one line: offsets map to columns
	shapeLiteral           // a literal block: lines map to lines
	shapePieces            // escaped or folded: pieces map offsets to positions
)

// A shapePiece is a run of a scalar's value written in the file as it is
// in the value, from offset off, at line:col; or, for an escape, one
// character of the value written otherwise (escape set).
type shapePiece struct {
	off, line, col int32
	escape         bool
}

// PosAt returns the source position of the byte at offset off in t.Value.
// It is exact for single-line scalars, literal blocks, and double-quoted
// scalars with escapes and folded blocks on the lines they are written
// on; for other shapes it falls back to the start of the scalar.
func (t Text) PosAt(off int) diag.Position {
	if off < 0 || off > len(t.Value) {
		return t.Pos
	}
	p := t.Pos
	switch t.shape.kind {
	case shapeInline:
		if strings.Contains(t.Value[:off], "\n") {
			return t.Pos
		}
		p.Column += utf8.RuneCountInString(t.Value[:off])
		if t.shape.quoted {
			p.Column++
		}
	case shapeLiteral:
		before := t.Value[:off]
		nl := strings.Count(before, "\n")
		p.Line += 1 + nl
		lineStart := strings.LastIndexByte(before, '\n') + 1
		p.Column = int(t.shape.indent) + utf8.RuneCountInString(before[lineStart:])
	case shapePieces:
		pieces := *t.shape.pieces
		i := sort.Search(len(pieces), func(i int) bool { return int(pieces[i].off) > off }) - 1
		if i < 0 {
			return t.Pos
		}
		pc := pieces[i]
		p.Line, p.Column = int(pc.line), int(pc.col)
		if !pc.escape {
			p.Column += utf8.RuneCountInString(t.Value[pc.off:off])
		}
	}
	return p
}

// ExactPosAt returns the source position of the byte at offset off in
// t.Value, and whether the text between them is written in the file as it
// is in the value, so that an edit of the value at off can be made to the
// file there: single-line scalars without escapes and literal blocks.
func (t Text) ExactPosAt(off int) (diag.Position, bool) {
	switch {
	case off < 0 || off > len(t.Value):
		return t.Pos, false
	case t.shape.kind == shapeInline && !strings.Contains(t.Value[:off], "\n"), t.shape.kind == shapeLiteral:
		return t.PosAt(off), true
	}
	return t.Pos, false
}

// Fingerprint returns the short hash that a translation unit stores to name
// the source text it was translated from. Text is NFC-normalised first so
// that an editor's choice of composed or decomposed accents changes nothing.
func Fingerprint(s string) string {
	sum := sha256.Sum256([]byte(norm.NFC.String(s)))
	return hex.EncodeToString(sum[:4])
}

// Texts returns every translatable text of the article's source, in the
// order of Walk. Their keys are what translation files are keyed by. The
// texts of the fragments it includes are not among them: the fragments'
// own files translate them.
func (a *Article) Texts() []*Text {
	var ts []*Text
	a.Walk(func(t *Text, at Place) {
		if t != nil && at.Fragment == nil {
			ts = append(ts, t)
		}
	})
	return ts
}

// Localize returns the text of t in the locale: the translation when the
// article has one, else the source text. Translated reports which it was;
// Stale reports a translation made from an older source text.
func (a *Article) Localize(t Text, locale string) (out Text, translated, stale bool) {
	if f := t.from; f != nil && a != &f.Article {
		return f.Localize(t, locale)
	}
	if locale == a.Lang || t.Key == "" {
		return t, true, false
	}
	tr := a.Translations[locale]
	if tr == nil {
		return t, false, false
	}
	if a.digest != nil {
		return a.digest.localizeTitle(t, locale)
	}
	u := tr.Units[t.Key]
	if u == nil || u.Text.Value == "" {
		return t, false, false
	}
	return u.Text, true, u.Source != Fingerprint(t.Value)
}

// Locales returns the locales the article exists in: its source locale and
// those of its translation files, in the configured order.
func (a *Article) Locales(cfg *Config) []string {
	var ls []string
	for _, l := range cfg.Locales {
		if l == a.Lang || a.Translations[l] != nil {
			ls = append(ls, l)
		}
	}
	return ls
}
