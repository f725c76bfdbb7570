package xliff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/diag"
)

// spaced returns the parts of a source or target with their whitespace as
// their xml:space says: as they are under preserve, else as
// normalizeSpace handles it, each inline code standing where it is.
func spaced(parts []inlinePart, preserve bool, src *markup) []inlinePart {
	if preserve {
		return parts
	}
	// Each code is a NUL, which no XLIFF text holds (the reader refuses
	// <cp hex="0">), so that the whitespace around a code is handled as
	// around any other character that is not a space.
	var flat, srcFlat strings.Builder
	var codes []*codeUse
	for _, p := range parts {
		if p.Code != nil {
			flat.WriteByte(0)
			codes = append(codes, p.Code)
			continue
		}
		flat.WriteString(p.Text)
	}
	for _, t := range src.Tokens {
		if t.Edge == edgeText {
			srcFlat.WriteString(t.Text)
		} else {
			srcFlat.WriteByte(0)
		}
	}
	var out []inlinePart
	for i, piece := range strings.Split(normalizeSpace(flat.String(), srcFlat.String()), "\x00") {
		if i > 0 {
			out = append(out, inlinePart{Code: codes[i-1]})
		}
		if piece != "" {
			out = append(out, inlinePart{Text: piece})
		}
	}
	return out
}

// Restored is the source or target of a unit as kbc text.
type Restored struct {
	Text     string
	Problems []Problem // what makes it unusable, if anything
	tokens   []token   // Text as prose and the source's codes
}

// Restore returns the unit's source and target as kbc text, through the
// inline codes of source, the current source text (block as for
// MarkdownBlocks): each code becomes the Markdown it stands for, and the
// whitespace is what xml:space says (see spaced).
func (u *Unit) Restore(source string, block bool) (src, tgt Restored) {
	m := encodeMarkdown(source, block)
	restored := func(parts []inlinePart, preserve bool) Restored {
		text, tokens, problems := m.restore(spaced(parts, preserve, m))
		return Restored{Text: text, Problems: problems, tokens: tokens}
	}
	return restored(u.source, u.sourcePreserve), restored(u.target, u.preserve)
}

// Shape describes the inline codes of the restored text, in order, as the
// translator placed them.
func (r Restored) Shape() []string { return shape(r.tokens) }

// ReadsBack reports whether the restored text, read as the site reads it,
// has the codes the translator placed: text next to a code may read as
// Markdown, or a code may not close where it stands.
func (r Restored) ReadsBack(block bool) bool {
	return sameShape(encodeMarkdown(r.Text, block).Tokens, r.tokens)
}

// Shape describes the inline codes the site sees in a text, in order.
func Shape(text string, block bool) []string {
	return shape(encodeMarkdown(text, block).Tokens)
}

// Problem is what makes a source or target unusable, at its place (zero
// for the target as a whole).
type Problem struct {
	Pos diag.Position
	Msg string
}

// restore turns the parts of a returned source or target back into kbc
// text through the codes of the current source text, m: each code, by its
// id or, for a copy, by the id it copies (copyOf), becomes the Markdown
// it stands for. It returns the text, its tokens with m's codes, and what
// is wrong: a code m does not have or has of another kind, a reference
// copied, changed or dropped, codes that overlap (Markdown nests them) or
// do not close.
func (m *markup) restore(parts []inlinePart) (string, []token, []Problem) {
	var b strings.Builder
	var tokens []token
	var problems []Problem
	fail := func(pos diag.Position, format string, args ...any) {
		problems = append(problems, Problem{pos, fmt.Sprintf(format, args...)})
	}
	seen := map[*inlineCode]bool{}
	var open []*codeUse
	for _, p := range parts {
		use := p.Code
		if use == nil {
			b.WriteString(p.Text)
			tokens = append(tokens, token{Text: p.Text})
			continue
		}
		if use.Edge == edgeClose {
			i := slices.IndexFunc(open, func(o *codeUse) bool { return o.ID == use.ID })
			switch {
			case i < 0:
				fail(use.Pos, "<%s> closes code %q, which is not open", use.Element, use.ID)
				continue
			case i < len(open)-1:
				fail(use.Pos, "<%s> closes code %q, which is not the one open; Markdown cannot overlap codes", use.Element, use.ID)
				open = slices.Delete(open, i, i+1)
				continue
			}
			use = open[i]
			open = open[:i]
		}
		id := use.ID
		if use.CopyOf != "" {
			id = use.CopyOf
		}
		c := m.code(id)
		// The reference a placeholder writes, where it writes another
		// than the source's: its equiv, or the <data> its dataRef names.
		ref, hasRef := use.ref()
		otherRef := c != nil && c.Kind == codeRef && hasRef && ref != c.Open
		switch {
		case p.Code.Edge == edgeClose:
			if c == nil || !c.Kind.paired() {
				continue // reported at its start
			}
		case c == nil && use.Element == "ph":
			fail(use.Pos, "placeholder id %q is not in the source", id)
		case c == nil:
			fail(use.Pos, "paired code id %q is not in the source", id)
		case c.Kind.paired() != (use.Edge == edgeOpen):
			fail(use.Pos, "<%s id=%q> stands for %s, which is not a %s code", use.Element, use.ID, c.Kind, map[bool]string{true: "paired", false: "standalone"}[use.Edge == edgeOpen])
		case otherRef && !sameRef(ref, c.Open) && use.HasEquiv:
			fail(use.Pos, "placeholder %q was changed to %q; the source has %s", use.ID, ref, c.Open)
		case otherRef && !sameRef(ref, c.Open):
			fail(use.Pos, "placeholder %q refers to <data> %q; the source has %s", use.ID, ref, c.Open)
		case c.Kind == codeRef && (seen[c] || use.CopyOf != ""):
			fail(use.Pos, "placeholder %q (%s) appears twice; references cannot be copied", id, c.Open)
		case seen[c] && use.CopyOf == "":
			fail(use.Pos, "inline code %q appears twice; a copy names the code it copies with copyOf", id)
		}
		if c != nil && p.Code.Edge != edgeClose {
			seen[c] = true
		}
		if len(problems) > 0 && p.Code.Edge != edgeClose {
			if p.Code.Edge == edgeOpen {
				open = append(open, use)
			}
			continue
		}
		if p.Code.Edge == edgeOpen {
			open = append(open, use)
		}
		t := token{Edge: p.Code.Edge, Code: c}
		if otherRef {
			t.Ref = ref // the same reference in the target's own context
		}
		b.WriteString(t.markdown())
		tokens = append(tokens, t)
	}
	for _, use := range open {
		fail(use.Pos, "<%s id=%q> is never closed", use.Element, use.ID)
	}
	for _, c := range m.Codes {
		if c.Kind == codeRef && !seen[c] {
			fail(diag.Position{}, "the target drops placeholder %q (%s); references cannot be deleted", c.ID, c.Open)
		}
	}
	return b.String(), tokens, problems
}
