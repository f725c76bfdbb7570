package translate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/localefile"
)

// Add reads one XLIFF document; file names it in findings.
func (im *Import) Add(file string, src []byte) {
	doc := readXLIFF(file, src, &im.diags)
	if doc == nil {
		return
	}
	for _, f := range doc.Files {
		im.Units += len(f.Units)
	}
	locale, ok := im.checkRoot(doc)
	if !ok {
		for _, f := range doc.Files {
			im.skipAll(f, "the document is refused (see its error)")
		}
		return
	}
	for _, f := range doc.Files {
		a := im.article(doc, f, locale)
		if a == nil {
			im.skipAll(f, "its <file> is refused (see its error)")
			continue
		}
		texts := map[string]*content.Text{}
		var keys []string
		for _, t := range a.Texts() {
			texts[t.Key] = t
			keys = append(keys, t.Key)
		}
		blocks := markdownBlocks(a)
		for _, u := range f.Units {
			t := texts[u.ID]
			if t == nil {
				msg := fmt.Sprintf("%s has no text with key %q", a.ID, u.ID)
				if m := content.Nearest(u.ID, keys); m != "" {
					msg += fmt.Sprintf("; did you mean %q?", m)
				}
				im.refuse(u, u.Pos, locale, "%s", msg)
				continue
			}
			if text, ok := im.checkUnit(a, locale, t, u, blocks[t.Key]); ok {
				im.add(a, locale, localefile.ImportedUnit{Key: t.Key, Text: text, Source: content.Fingerprint(t.Value), From: u.Pos})
			}
		}
	}
}

// skip leaves a unit out, saying why.
func (im *Import) skip(u *xliffUnit, format string, args ...any) {
	im.Skipped = append(im.Skipped, Skipped{Pos: u.Pos, Unit: u.ID, Reason: fmt.Sprintf(format, args...)})
}

// refuse reports an error in a unit, at pos, and leaves the unit out.
func (im *Import) refuse(u *xliffUnit, pos diag.Position, locale, format string, args ...any) {
	im.errorf(pos, locale, format, args...)
	im.skip(u, "refused: "+format, args...)
}

func (im *Import) skipAll(f *xliffFile, reason string) {
	for _, u := range f.Units {
		im.skip(u, "%s", reason)
	}
}

// segmentStates are the values of a segment's state in XLIFF 2.0.
var segmentStates = []string{"initial", "translated", "reviewed", "final"}

// checkUnit checks one unit against the source text t and returns the
// translated text, its Markdown restored, when it may be imported. A unit
// not translated yet, or translated from another source text than the
// current one, is skipped; a broken one is refused with an error. block
// says whether the text is Markdown blocks (see markdownBlocks).
func (im *Import) checkUnit(a *content.Article, locale string, t *content.Text, u *xliffUnit, block bool) (string, bool) {
	if u.Bad {
		im.skip(u, "refused: its errors are reported above")
		return "", false
	}
	src := encodeMarkdown(t.Value, block)
	fp := content.Fingerprint(t.Value)
	n, noted := u.note(noteSource)
	returned, _, problems := src.restore(spaced(u.Source, u.SourcePreserve, src))
	switch {
	case noted && strings.TrimSpace(n.Text) != fp:
		im.skip(u, "stale on arrival: the source text changed since the export (fingerprint %s, now %s); export it again", strings.TrimSpace(n.Text), fp)
		return "", false
	case !u.HasSource:
		im.refuse(u, u.Pos, locale, "unit %q has no <source>", u.ID)
		return "", false
	case u.Segments > 1:
		im.refuse(u, u.Pos, locale, "unit %q has %d segments: kbc exports one per unit and does not resegment", u.ID, u.Segments)
		return "", false
	case len(problems) > 0 || returned != t.Value:
		im.skip(u, "stale on arrival: its <source> is not the current source text of %s %s; export it again", a.ID, t.Key)
		return "", false
	case !slices.Contains(segmentStates, u.State):
		im.refuse(u, u.StatePos, locale, "unit %q: state %q is not one of XLIFF 2.0's %s", u.ID, u.State, strings.Join(segmentStates, ", "))
		return "", false
	case u.State == "initial":
		im.skip(u, `not translated: the segment's state is "initial"; set state="translated" when the target is done`)
		return "", false
	}
	text, tokens, problems := src.restore(spaced(u.Target, u.Preserve, src))
	switch {
	case !u.HasTarget || strings.TrimSpace(text) == "":
		im.refuse(u, u.StatePos, locale, "unit %q is %s but has no target text", u.ID, u.State)
		return "", false
	case len(problems) > 0:
		for _, p := range problems {
			pos := p.Pos
			if !pos.IsValid() {
				pos = u.TargetPos
			}
			im.errorf(pos, locale, "unit %q: %s", u.ID, p.Msg)
		}
		im.skip(u, "refused: %s", problems[0].Msg)
		return "", false
	case !sameRefs(t.Value, text):
		im.refuse(u, u.TargetPos, locale, "unit %q: the target's references %s differ from the source's %s; write references as the placeholders only",
			u.ID, refList(text), refList(t.Value))
		return "", false
	}
	if again := encodeMarkdown(text, block); !sameShape(again.Tokens, tokens) {
		im.refuse(u, u.TargetPos, locale, "unit %q: written back as Markdown, the target would read as [%s], not as its inline codes [%s]; "+
			"text next to a code may read as Markdown (an asterisk, a bracket), or a code may not close where it stands (put a space after it)",
			u.ID, strings.Join(shape(again.Tokens), ", "), strings.Join(shape(tokens), ", "))
		return "", false
	}
	if tr := a.Translations[locale]; tr != nil {
		if old := tr.Units[t.Key]; old != nil && old.Text.Value == text && old.Source == fp {
			im.Unchanged++
			return "", false
		}
	}
	return text, true
}

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

// problem is what makes a source or target unusable, at its place (zero
// for the target as a whole).
type problem struct {
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
func (m *markup) restore(parts []inlinePart) (string, []token, []problem) {
	var b strings.Builder
	var tokens []token
	var problems []problem
	fail := func(pos diag.Position, format string, args ...any) {
		problems = append(problems, problem{pos, fmt.Sprintf(format, args...)})
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
		case c.Kind == codeRef && use.HasEquiv && use.Equiv != c.Open:
			fail(use.Pos, "placeholder %q was changed to %q; the source has %s", use.ID, use.Equiv, c.Open)
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
