package xliff

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
)

// Rule names the findings about XLIFF documents.
const Rule = "xliff"

// Document is what an XLIFF document says, as far as kbc reads it, with
// the position of every element that a finding may point at.
type Document struct {
	Pos                       diag.Position
	Namespace                 string
	Local                     string // the root element's name
	Version, SrcLang, TrgLang string
	Files                     []*DocumentFile
}

// DocumentFile is a <file> element of a document: an article.
type DocumentFile struct {
	ID    string
	Pos   diag.Position
	Units []*Unit
	ids   map[string]diag.Position // where each unit id first appears
}

// Unit is a <unit> element of a document: one text. Its source and
// target are read through Restore.
type Unit struct {
	ID        string
	Pos       diag.Position
	notes     []noteElement
	data      map[string]string // the unit's <originalData>, by id
	Segments  int               // segment elements; kbc writes one
	State     string            // of the segment; "initial" when absent
	StatePos  diag.Position     // the segment
	source    []inlinePart
	target    []inlinePart
	HasTarget bool
	TargetPos diag.Position
	// preserve is whether the target's whitespace is text: xml:space is
	// "preserve" on it or on the nearest element around it that says.
	preserve bool
	// sourcePreserve is the same for the source; HasSource whether the
	// unit has one.
	sourcePreserve, HasSource bool
	Bad                       bool // a problem was reported while reading; skip the unit
}

type noteElement struct {
	Category string
	Text     string
	Pos      diag.Position
}

// inlinePart is a run of text or one inline code of a source or target.
type inlinePart struct {
	Text string
	Code *codeUse
}

// codeUse is an inline code as a document has it: a placeholder, the
// start or end of a paired code (<pc>, or <sc> and <ec>).
type codeUse struct {
	Edge     edge   // edgeStandalone, edgeOpen or edgeClose
	Element  string // ph, pc, sc or ec
	ID       string // for an <ec>, the id of its <sc> (startRef)
	CopyOf   string
	Equiv    string
	HasEquiv bool
	// Data is the <data> its dataRef names, for a placeholder without
	// equiv: a reference in the target's own context has one of its own.
	Data    string
	HasData bool
	Pos     diag.Position
}

// ref returns the reference a placeholder writes: its equiv, which a
// translator edits to choose a context, else the <data> its dataRef
// names, as a tool that rewrites placeholders keeps.
func (u *codeUse) ref() (string, bool) {
	if u.HasEquiv {
		return u.Equiv, true
	}
	return u.Data, u.HasData
}

// reader parses one document, turning decoder offsets into positions
// that count columns in code points, as every kbc finding does.
type reader struct {
	trgLang    string // the document's, which every target is in
	file       string
	src        []byte
	lineStarts []int
	dec        *xml.Decoder
	tokenStart diag.Position // where the token being read starts
	diags      *diag.List
	depth      int // of the groups, or of the inline elements, being read
}

// maxNesting bounds how deep groups, and inline codes and markers, nest:
// kbc exports no group, and a text's emphasis nests at most as deep as
// it has runs of * and _ (which lint bounds at render.MaxEmphasis per
// paragraph). A deeper document is a hostile one, which would cost time
// in the square of its depth.
const maxNesting = 1024

// Read parses an XLIFF document. A document that is not well-formed
// XML yields a finding and no document: nothing of it is imported.
func Read(file string, src []byte, diags *diag.List) *Document {
	if enc := contentfile.WideEncoding(src); enc != "" {
		diags.Errorf(diag.Position{File: file, Line: 1, Column: 1}, Rule, "the document is in %s; kbc reads XLIFF in UTF-8: save it as UTF-8", enc)
		return nil
	}
	r := &reader{file: file, src: src, dec: xml.NewDecoder(bytes.NewReader(src)), diags: diags}
	// The decoder asks for a reader only for an encoding other than UTF-8.
	encoding := ""
	r.dec.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		encoding = label
		return nil, errors.New("not UTF-8")
	}
	r.lineStarts = append(r.lineStarts, 0)
	for i, c := range src {
		if c == '\n' {
			r.lineStarts = append(r.lineStarts, i+1)
		}
	}
	doc, err := r.document()
	if err != nil {
		var se *xml.SyntaxError
		msg := "not well-formed XML: " + err.Error()
		switch {
		case encoding != "":
			msg = fmt.Sprintf("the document declares the encoding %q; kbc reads XLIFF in UTF-8: save it as UTF-8", encoding)
		case errors.Is(err, errDoctype):
			msg = err.Error()
		case errors.As(err, &se):
			msg = "not well-formed XML: " + se.Msg
		}
		r.errorf(r.tokenStart, "%s", msg)
		return nil
	}
	return doc
}

// errDoctype refuses a document type declaration: XLIFF has none, and one
// could declare entities, which kbc does not expand (an entity that
// expands to others, by the billion, is an attack on whatever does).
var errDoctype = errors.New("a <!DOCTYPE> is not allowed: XLIFF documents have none, and kbc expands no entity it would declare")

// here is the position of the next token: the decoder has consumed
// everything before it.
func (r *reader) here() diag.Position {
	off := int(r.dec.InputOffset())
	line := sort.Search(len(r.lineStarts), func(i int) bool { return r.lineStarts[i] > off })
	start := r.lineStarts[line-1]
	return diag.Position{File: r.file, Line: line, Column: utf8.RuneCount(r.src[start:off]) + 1}
}

func (r *reader) errorf(pos diag.Position, format string, args ...any) {
	r.diags.Errorf(pos, Rule, format, args...)
}

// next returns the next token with the position where it starts.
func (r *reader) next() (xml.Token, diag.Position, error) {
	pos := r.here()
	r.tokenStart = pos
	tok, err := r.dec.Token()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return tok, pos, err
}

func (r *reader) document() (*Document, error) {
	for {
		pos := r.here()
		r.tokenStart = pos
		tok, err := r.dec.Token()
		if err == io.EOF {
			return nil, errors.New("no root element")
		}
		if err != nil {
			return nil, err
		}
		if d, ok := tok.(xml.Directive); ok && bytes.HasPrefix(bytes.TrimSpace(d), []byte("DOCTYPE")) {
			return nil, errDoctype
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		doc := &Document{Pos: pos, Namespace: start.Name.Space, Local: start.Name.Local,
			Version: attrValue(start, "version"), SrcLang: attrValue(start, "srcLang"), TrgLang: attrValue(start, "trgLang")}
		r.trgLang = doc.TrgLang
		preserve := preserves(start, false)
		err = r.children(func(child xml.StartElement, pos diag.Position) error {
			if !isCore(child, "file") {
				return r.dec.Skip()
			}
			f := &DocumentFile{ID: attrValue(child, "id"), Pos: pos}
			doc.Files = append(doc.Files, f)
			return r.units(f, preserves(child, preserve))
		})
		if err != nil {
			return nil, err
		}
		// Whatever follows the root must still be well-formed.
		for {
			r.tokenStart = r.here()
			if _, err := r.dec.Token(); err != nil {
				if err == io.EOF {
					return doc, nil
				}
				return nil, err
			}
		}
	}
}

// children calls f for each child element of the element just started,
// up to its end tag. f must consume the child whole.
func (r *reader) children(f func(xml.StartElement, diag.Position) error) error {
	for {
		tok, pos, err := r.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := f(t, pos); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// units reads the units of a file, including those inside groups;
// preserve is the xml:space of the element that holds them.
func (r *reader) units(f *DocumentFile, preserve bool) error {
	return r.children(func(child xml.StartElement, pos diag.Position) error {
		switch {
		case isCore(child, "group"):
			if r.depth >= maxNesting {
				r.errorf(pos, "groups nested more than %d deep", maxNesting)
				return r.dec.Skip()
			}
			r.depth++
			defer func() { r.depth-- }()
			return r.units(f, preserves(child, preserve))
		case isCore(child, "unit"):
			u := &Unit{ID: attrValue(child, "id"), Pos: pos, State: "initial"}
			if first, dup := f.ids[u.ID]; dup {
				// XLIFF requires the ids of a file's units to differ.
				r.errorf(pos, "unit id %q appears twice in file %q; the first is at line %d", u.ID, f.ID, first.Line)
				u.Bad = true
			} else {
				if f.ids == nil {
					f.ids = map[string]diag.Position{}
				}
				f.ids[u.ID] = pos
			}
			f.Units = append(f.Units, u)
			return r.unit(u, preserves(child, preserve))
		}
		return r.dec.Skip()
	})
}

func (r *reader) unit(u *Unit, preserve bool) error {
	return r.children(func(child xml.StartElement, pos diag.Position) error {
		switch {
		case isCore(child, "notes"):
			return r.children(func(n xml.StartElement, pos diag.Position) error {
				if !isCore(n, "note") {
					return r.dec.Skip()
				}
				text, err := r.plainText()
				u.notes = append(u.notes, noteElement{Category: attrValue(n, "category"), Text: text, Pos: pos})
				return err
			})
		case isCore(child, "originalData"):
			return r.children(func(d xml.StartElement, pos diag.Position) error {
				if !isCore(d, "data") {
					return r.dec.Skip()
				}
				text, err := r.plainText()
				if u.data == nil {
					u.data = map[string]string{}
				}
				u.data[attrValue(d, "id")] = text
				return err
			})
		case isCore(child, "segment"), isCore(child, "ignorable"):
			if isCore(child, "segment") {
				u.Segments++
				u.StatePos = pos
				if s := attrValue(child, "state"); s != "" {
					u.State = s
				}
			}
			return r.segment(u, isCore(child, "ignorable"), preserves(child, preserve))
		}
		return r.dec.Skip()
	})
}

// segment reads a segment or ignorable; their content is appended, so a
// unit that a tool split anyway still reads as its whole text.
func (r *reader) segment(u *Unit, ignorable, preserve bool) error {
	var target []inlinePart
	hasTarget := false
	var source []inlinePart
	err := r.children(func(child xml.StartElement, pos diag.Position) error {
		switch {
		case isCore(child, "source"):
			parts, err := r.inline(u)
			source = parts
			if !u.HasSource {
				u.HasSource = true
				u.sourcePreserve = preserves(child, preserve)
			}
			return err
		case isCore(child, "target"):
			if hasTarget {
				// XLIFF 2.0 allows one target per segment: which of two
				// is the translation is not for kbc to guess.
				r.errorf(pos, "unit %q: a segment has a second <target>; XLIFF 2.0 allows one", u.ID)
				u.Bad = true
				return r.dec.Skip()
			}
			if lang := xmlLang(child); lang != "" && r.trgLang != "" && !sameLanguage(lang, r.trgLang) {
				// XLIFF 2.0 has every target in trgLang: which locale
				// this one is in is not for kbc to guess. A region a CAT
				// tool adds (fr-FR for fr) is the same language, as it is
				// for trgLang itself.
				r.errorf(pos, "unit %q: <target xml:lang=%q> in a document whose trgLang is %q; XLIFF 2.0 has every target in trgLang", u.ID, lang, r.trgLang)
				u.Bad = true
			}
			parts, err := r.inline(u)
			target, hasTarget = parts, true
			if !u.HasTarget {
				u.TargetPos = pos
				u.preserve = preserves(child, preserve)
			}
			return err
		}
		return r.dec.Skip()
	})
	u.source = mergeText(append(u.source, source...))
	if hasTarget {
		u.HasTarget = true
		u.target = mergeText(append(u.target, target...))
	} else if ignorable {
		// An ignorable without target stands for itself in the target.
		u.target = mergeText(append(u.target, source...))
	}
	return err
}

// lineBreaks returns s with its carriage returns as line feeds: a
// Windows tool writes a text's line breaks as "&#13;\n", which XML keeps
// as written, where a content file has line feeds alone.
func lineBreaks(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// inline reads the content of a source or target: text and inline codes,
// as XLIFF 2.0 allows them. Annotations (<mrk>, <sm>, <em>) are
// unwrapped: their text stays, the annotation goes. Anything else, and an
// isolated <sc> or <ec>, which a one-segment unit cannot need, makes the
// unit bad.
func (r *reader) inline(u *Unit) ([]inlinePart, error) {
	var parts []inlinePart
	text := func(s string) {
		if n := len(parts); n > 0 && parts[n-1].Code == nil {
			parts[n-1].Text += s
			return
		}
		parts = append(parts, inlinePart{Text: s})
	}
	bad := func(pos diag.Position, format string, args ...any) {
		r.errorf(pos, "unit %q: "+format, append([]any{u.ID}, args...)...)
		u.Bad = true
	}
	for {
		tok, pos, err := r.next()
		if err != nil {
			return parts, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text(lineBreaks(string(t)))
		case xml.EndElement:
			return parts, nil
		case xml.StartElement:
			if t.Name.Space != Namespace {
				bad(pos, "element <%s> in namespace %q is not allowed in a source or target", t.Name.Local, t.Name.Space)
				if err := r.dec.Skip(); err != nil {
					return parts, err
				}
				continue
			}
			use := &codeUse{Element: t.Name.Local, ID: attrValue(t, "id"), CopyOf: attrValue(t, "copyOf"), Pos: pos}
			switch t.Name.Local {
			case "ph", "sc", "ec":
				use.Edge = map[string]edge{"ph": edgeStandalone, "sc": edgeOpen, "ec": edgeClose}[t.Name.Local]
				use.Equiv, use.HasEquiv = lookupAttr(t, "equiv")
				use.Data, use.HasData = u.data[attrValue(t, "dataRef")]
				if t.Name.Local == "ec" {
					use.ID = attrValue(t, "startRef")
				}
				switch {
				case attrValue(t, "isolated") == "yes":
					bad(pos, "an isolated <%s> (isolated=\"yes\"): kbc exports one segment per unit, so a code starts and ends in it", t.Name.Local)
				case use.ID == "":
					bad(pos, "<%s> without %s", t.Name.Local, map[bool]string{true: "startRef", false: "id"}[t.Name.Local == "ec"])
				default:
					parts = append(parts, inlinePart{Code: use})
				}
				if err := r.dec.Skip(); err != nil {
					return parts, err
				}
			case "pc", "mrk":
				if r.depth >= maxNesting {
					bad(pos, "inline codes and markers nested more than %d deep", maxNesting)
					if err := r.dec.Skip(); err != nil {
						return parts, err
					}
					continue
				}
				r.depth++
				inner, err := r.inline(u)
				r.depth--
				if t.Name.Local == "mrk" {
					parts = mergeText(append(parts, inner...))
					if err != nil {
						return parts, err
					}
					continue
				}
				use.Edge = edgeOpen
				parts = append(parts, inlinePart{Code: use})
				parts = append(parts, inner...)
				parts = append(parts, inlinePart{Code: &codeUse{Edge: edgeClose, Element: "pc", ID: use.ID, Pos: pos}})
				if err != nil {
					return parts, err
				}
				parts = mergeText(parts)
			case "sm", "em":
				if err := r.dec.Skip(); err != nil {
					return parts, err
				}
			case "cp":
				n, err := strconv.ParseUint(attrValue(t, "hex"), 16, 32)
				if err != nil || !utf8.ValidRune(rune(n)) || n == 0 {
					bad(pos, "<cp> with invalid hex %q", attrValue(t, "hex"))
				} else {
					text(string(rune(n)))
				}
				if err := r.dec.Skip(); err != nil {
					return parts, err
				}
			default:
				bad(pos, "unexpected <%s> in the text; XLIFF 2.0 allows text, <cp>, <ph>, <pc>, <sc>, <ec>, <mrk>, <sm> and <em>", t.Name.Local)
				if err := r.dec.Skip(); err != nil {
					return parts, err
				}
			}
		}
	}
}

// mergeText joins adjacent runs of text.
func mergeText(parts []inlinePart) []inlinePart {
	var out []inlinePart
	for _, p := range parts {
		if n := len(out); p.Code == nil && n > 0 && out[n-1].Code == nil {
			out[n-1].Text += p.Text
			continue
		}
		out = append(out, p)
	}
	return out
}

// plainText reads the text of an element without markup, such as a note.
func (r *reader) plainText() (string, error) {
	var b bytes.Buffer
	for {
		tok, _, err := r.next()
		if err != nil {
			return b.String(), err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			if err := r.dec.Skip(); err != nil {
				return b.String(), err
			}
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

// xmlNamespace is the namespace of the xml: prefix, which encoding/xml
// puts in Name.Space.
const xmlNamespace = "http://www.w3.org/XML/1998/namespace"

// sameLanguage reports whether two language tags name the same locale,
// whatever their case, one of them perhaps more precisely (fr and
// fr-FR), but not two regions or scripts of it (pt-BR and pt-PT).
func sameLanguage(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	return a == b || strings.HasPrefix(a, b+"-") || strings.HasPrefix(b, a+"-")
}

// xmlLang returns e's xml:lang, "" for none.
func xmlLang(e xml.StartElement) string {
	for _, a := range e.Attr {
		if a.Name.Space == xmlNamespace && a.Name.Local == "lang" {
			return a.Value
		}
	}
	return ""
}

// preserves reports whether whitespace is text inside e: what its
// xml:space says, or else what the element around it says (inherited).
func preserves(e xml.StartElement, inherited bool) bool {
	for _, a := range e.Attr {
		if a.Name.Space == xmlNamespace && a.Name.Local == "space" {
			switch a.Value {
			case "preserve":
				return true
			case "default":
				return false
			}
		}
	}
	return inherited
}

func isCore(e xml.StartElement, local string) bool {
	return e.Name.Space == Namespace && e.Name.Local == local
}

// lookupAttr finds an attribute without a namespace, as XLIFF core
// attributes are.
func lookupAttr(e xml.StartElement, name string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

func attrValue(e xml.StartElement, name string) string {
	v, _ := lookupAttr(e, name)
	return v
}

func (u *Unit) note(category string) (noteElement, bool) {
	for _, n := range u.notes {
		if n.Category == category {
			return n, true
		}
	}
	return noteElement{}, false
}

// ExportedTargetFingerprint returns the fingerprint of the translation the
// unit was exported with as its target (see TargetFingerprint), from its
// note, if it has one: an import compares it with the returned target, to
// tell whether the translator changed it, and with the locale file's
// translation, to tell whether the file changed since the export.
func (u *Unit) ExportedTargetFingerprint() (string, bool) {
	n, ok := u.note(noteTarget)
	return strings.TrimSpace(n.Text), ok
}

// ExportedStale reports whether the unit was exported stale: translated
// from an older source text, which its target, if it has one, is the
// translation of.
func (u *Unit) ExportedStale() bool {
	n, ok := u.note(noteState)
	return ok && strings.TrimSpace(n.Text) == "stale"
}

// SourceFingerprint returns the fingerprint of the source text the unit
// was exported with, from its note, if it has one: an import compares it
// with the current source text's.
func (u *Unit) SourceFingerprint() (string, bool) {
	n, ok := u.note(noteSource)
	return strings.TrimSpace(n.Text), ok
}
