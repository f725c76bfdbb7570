package svg

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem is something in an SVG file that the allow-list refuses, at its
// line and column in the file (1-based; the column counts characters). A
// Column of 0 names the whole line.
type Problem struct {
	Line, Column int
	Message      string
}

func (p Problem) String() string {
	if p.Column == 0 {
		return fmt.Sprintf("%d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("%d:%d: %s", p.Line, p.Column, p.Message)
}

// bom is the UTF-8 byte-order mark some editors write first.
var bom = []byte("\xEF\xBB\xBF")

// Sanitize parses data as an SVG figure and returns the canonical
// serialization of what the allow-list keeps, and a problem for each
// thing it refused, in the order of the file. Only output with no
// problems is fit to publish; output beside problems shows what would be
// kept. The output is nil when data is not a well-formed document with an
// allowed root, or when its references draw too much (see MaxCopies).
func Sanitize(data []byte) (out []byte, problems []Problem) {
	data = bytes.TrimPrefix(data, bom)
	s := &sanitizer{data: data, dec: xml.NewDecoder(bytes.NewReader(data))}
	s.dec.Strict = true
	if err := s.run(); err != nil {
		s.problems = append(s.problems, s.syntaxProblem(err))
		return nil, s.problems
	}
	drawable := s.checkCopies()
	sortProblems(s.problems)
	if !s.rootSeen {
		s.problems = append(s.problems, Problem{Line: 1, Message: "the file holds no <svg> element"})
	}
	if !s.rootKept || !drawable {
		return nil, s.problems
	}
	return s.out.Bytes(), s.problems
}

// sortProblems puts problems in the order of the file: those about
// references are found once the whole file is read.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
}

// syntaxProblem is the problem of a file the decoder stopped reading
// with err. encoding/xml gives the line alone; the column is where the
// decoder stopped on it, just past what it could not read.
func (s *sanitizer) syntaxProblem(err error) Problem {
	var se *xml.SyntaxError
	if !errors.As(err, &se) {
		return Problem{Line: 1, Message: "cannot read SVG: " + err.Error()}
	}
	p := Problem{Line: se.Line, Message: "not well-formed XML: " + se.Msg}
	off := int(s.dec.InputOffset()) - 1
	if _, entity, ok := strings.Cut(se.Msg, "invalid character entity "); ok {
		// The decoder has read past the entity: point at it.
		if i := bytes.LastIndex(s.data[:min(max(off+1, 0), len(s.data))], []byte(entity)); i >= 0 {
			off = i
		}
	}
	if line, col := s.position(off); line == se.Line {
		p.Column = col
	}
	return p
}

// sanitizer holds one run of Sanitize.
type sanitizer struct {
	data         []byte
	dec          *xml.Decoder
	out          bytes.Buffer
	problems     []Problem
	lines        []int // offsets at which lines start, for positions
	lastPos      positionAt
	nodes        []figNode // the kept elements, in the order of the file
	refers       bool      // whether any of them refers to others (see checkCopies)
	overElements bool      // whether the file has more than MaxElements

	// open are the kept elements the decoder is inside; skip counts the
	// levels of a refused element's subtree still to leave.
	open     []openElement
	skip     int
	rootSeen bool
	rootKept bool
	rootDone bool
}

type openElement struct {
	name     string
	node     int  // index in sanitizer.nodes
	text     bool // may hold text
	startTag bool // its start tag is written without its closing ">"
}

func (s *sanitizer) run() error {
	for {
		start := s.dec.InputOffset()
		tok, err := s.dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s.startElement(t, int(start))
		case xml.EndElement:
			s.endElement()
		case xml.CharData:
			s.charData(t, int(start))
		case xml.Comment:
			// Dropped.
		case xml.ProcInst:
			if t.Target != "xml" {
				s.report(int(start), "processing instruction <?%s?> is not allowed in an SVG image", clip(t.Target))
			}
		case xml.Directive:
			s.report(int(start), "<!%s> is not allowed in an SVG image: no DOCTYPE, entity or other declarations", clip(strings.Fields(string(t) + " ?")[0]))
		}
	}
}

func (s *sanitizer) startElement(t xml.StartElement, start int) {
	switch {
	case s.skip > 0:
		s.skip++
		return
	case s.rootDone:
		s.report(start, "an SVG image has one root element; <%s> follows it", qname(s.data, start))
		s.skip = 1
		return
	}
	root := len(s.open) == 0
	s.rootSeen = true
	if !s.elementAllowed(t, start) {
		s.skip = 1
		return
	}
	s.rootKept = s.rootKept || root
	if len(s.open) >= MaxDepth {
		s.report(start, "elements nest more than %d deep", MaxDepth)
		s.skip = 1
		return
	}
	if len(s.nodes) == MaxElements {
		if !s.overElements {
			s.report(start, "the figure holds more than %d elements, each of which every reader's browser draws", MaxElements)
			s.overElements = true
		}
		s.skip = 1
		return
	}
	if t.Name.Local == "stop" && len(s.open) > 0 {
		p := &s.nodes[s.open[len(s.open)-1].node]
		if p.stops++; p.stops > MaxStops {
			if p.stops == MaxStops+1 {
				s.report(start, "a gradient holds more than %d stops, which every reader's browser goes through for each element painted with it", MaxStops)
			}
			s.skip = 1
			return
		}
	}
	s.closeStartTag()
	name := t.Name.Local
	s.addNode(name, start)
	s.out.WriteByte('<')
	s.out.WriteString(name)
	if len(s.open) == 0 {
		s.out.WriteString(` xmlns="` + Namespace + `"`)
	}
	s.attributes(t, start)
	s.open = append(s.open, openElement{name: name, node: len(s.nodes) - 1, text: textElements[name], startTag: true})
}

// elementAllowed reports whether an element is on the list, reporting it
// when not.
func (s *sanitizer) elementAllowed(t xml.StartElement, start int) bool {
	switch {
	case len(s.open) == 0 && (t.Name.Local != "svg" || t.Name.Space != Namespace):
		if t.Name.Local == "svg" && t.Name.Space == "" {
			s.report(start, `<svg> is not in the SVG namespace: add xmlns="%s"`, Namespace)
		} else {
			s.report(start, "the root element must be <svg> in the SVG namespace, not <%s>", qname(s.data, start))
		}
		return false
	case t.Name.Space != Namespace:
		s.report(start, "<%s> is not an SVG element (namespace %q); an SVG image holds SVG elements only", qname(s.data, start), t.Name.Space)
		return false
	case !elements[t.Name.Local]:
		s.report(start, "<%s> is not allowed in an SVG image%s", qname(s.data, start), elementHint(t.Name.Local))
		return false
	}
	return true
}

// elementHint says what to do instead of using a refused element.
func elementHint(local string) string {
	switch local {
	case "script":
		return ": kbc publishes no SVG that runs code"
	case "style":
		return `: set properties with presentation attributes (fill="…") or style="…"`
	case "a", "foreignObject", "image", "iframe", "object", "embed", "animate", "set", "animateMotion", "animateTransform":
		return ": figures hold no links, embedded documents, images or animations"
	}
	return "; it may use shapes, paths, text, groups, gradients, clip paths, markers and <use>"
}

func (s *sanitizer) endElement() {
	if s.skip > 0 {
		s.skip--
		if s.skip == 0 && len(s.open) == 0 {
			s.rootDone = true // a refused root
		}
		return
	}
	if len(s.open) == 0 {
		return // the decoder matches end tags; this cannot happen
	}
	e := s.open[len(s.open)-1]
	s.open = s.open[:len(s.open)-1]
	if e.startTag {
		s.out.WriteString("/>")
	} else {
		s.out.WriteString("</" + e.name + ">")
	}
	if len(s.open) == 0 {
		s.rootDone = true
		s.out.WriteByte('\n')
	}
}

// charData keeps text in text elements and whitespace anywhere inside
// the root; it refuses other text.
func (s *sanitizer) charData(t xml.CharData, start int) {
	if s.skip > 0 || len(t) == 0 {
		// An empty CDATA section is no text: written, it would close
		// the start tag, and the output read again would not.
		return
	}
	blank := len(bytes.TrimLeft(t, " \t\r\n")) == 0
	if len(s.open) == 0 {
		if !blank {
			s.report(start+leadingSpace(t), "text outside the <svg> element")
		}
		return
	}
	if !blank && !s.open[len(s.open)-1].text {
		s.report(start+leadingSpace(t), "text in <%s>; text belongs in <text>, <tspan>, <title> or <desc>", s.open[len(s.open)-1].name)
		return
	}
	if i := bytes.IndexFunc(t, isBidiControl); i >= 0 {
		r, _ := utf8.DecodeRune(t[i:])
		s.report(s.rawOffset(start, r), "bidirectional control character %U in text, which can make it read differently from how it is stored", r)
		return
	}
	s.closeStartTag()
	if s.open[len(s.open)-1].text {
		s.addText(t)
	}
	textEscaper.WriteString(&s.out, string(t))
}

// isBidiControl reports whether r changes the direction text is shown
// in, as content files may not hold either: an embedding, an override or
// an isolate. The directional marks (U+200E, U+200F, U+061C) move no text
// but the punctuation beside them, and right-to-left text needs them.
func isBidiControl(r rune) bool {
	return unicode.Is(unicode.Bidi_Control, r) && r != 0x200e && r != 0x200f && r != 0x061c
}

// rawOffset returns the offset of the first r in the text that starts at
// start, where the file writes it as it is before any reference; else
// start, as for one written as a character reference.
func (s *sanitizer) rawOffset(start int, r rune) int {
	raw := s.data[start:]
	if end := bytes.IndexAny(raw, "<&"); end >= 0 {
		raw = raw[:end]
	}
	if i := bytes.IndexRune(raw, r); i >= 0 {
		return start + i
	}
	return start
}

func leadingSpace(t []byte) int { return len(t) - len(bytes.TrimLeft(t, " \t\r\n")) }

// closeStartTag ends the start tag of the innermost element, which is
// getting content.
func (s *sanitizer) closeStartTag() {
	if n := len(s.open); n > 0 && s.open[n-1].startTag {
		s.out.WriteByte('>')
		s.open[n-1].startTag = false
	}
}

// attributes writes the allowed attributes of a kept element and reports
// the others.
func (s *sanitizer) attributes(t xml.StartElement, start int) {
	tag := tagAt{data: s.data, start: start, attrs: len(t.Attr)}
	seen := map[string]bool{}
	for i, a := range t.Attr {
		at := attrAt{tag: &tag, i: i}
		name, value, ok := s.attribute(t.Name.Local, a, at)
		if !ok {
			continue
		}
		if seen[name] {
			s.report(at.offset(), "attribute %s is given twice on <%s>", name, t.Name.Local)
			continue
		}
		seen[name] = true
		s.noteAttribute(name, value)
		s.out.WriteByte(' ')
		s.out.WriteString(name)
		s.out.WriteString(`="`)
		attrEscaper.WriteString(&s.out, value)
		s.out.WriteByte('"')
	}
}

// tagAt is a start tag of the file, whose attributes' offsets are found
// only when a problem is reported at one of them: most figures have none,
// and finding them took a twentieth of Sanitize's time.
type tagAt struct {
	data         []byte
	start, attrs int   // the offset of its "<", the attributes it has
	offsets      []int // nil until found, or if not found (see attrOffsets)
	found        bool
}

// attrAt is the i-th attribute of a start tag.
type attrAt struct {
	tag *tagAt
	i   int
}

// offset returns the offset of the attribute's name in the file, or of
// its start tag when the tag does not read as expected.
func (at attrAt) offset() int {
	t := at.tag
	if !t.found {
		t.offsets, t.found = attrOffsets(t.data, t.start, t.attrs), true
	}
	if t.offsets == nil {
		return t.start
	}
	return t.offsets[at.i]
}

// attribute checks one attribute and returns the name and value to write;
// ok is false when it is refused or not written.
func (s *sanitizer) attribute(elem string, a xml.Attr, at attrAt) (name, value string, ok bool) {
	refuse := func(format string, args ...any) (string, string, bool) {
		s.report(at.offset(), format, args...)
		return "", "", false
	}
	// written is the attribute's name as the file writes it, for a refusal.
	written := func() string { return attrName(s.data, at.offset(), a) }
	switch {
	case a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns"):
		return "", "", false // a declaration; the output declares its own
	case a.Name.Space == xmlNamespace:
		if !xmlAttributes[a.Name.Local] {
			return refuse("attribute %s is not allowed in an SVG image", written())
		}
		if why := checkValue(a.Value, false, nil); why != "" {
			return refuse("attribute %s=%q: %s", written(), clip(a.Value), why)
		}
		return "xml:" + a.Name.Local, a.Value, true
	case a.Name.Local == "href" && (a.Name.Space == "" || a.Name.Space == xlinkNamespace):
		switch {
		case !hrefElements[elem]:
			return refuse("attribute %s is not allowed on <%s>; only <use> and gradients refer to other elements", written(), elem)
		case !localRef.MatchString(a.Value):
			return refuse("%s=%q on <%s> must point into the file itself, as \"#id\"", written(), clip(a.Value), elem)
		}
		return "href", a.Value, true
	case a.Name.Space != "":
		return refuse("attribute %s (namespace %q) is not allowed in an SVG image", written(), a.Name.Space)
	case a.Name.Local == "style":
		return s.style(a.Value, at)
	}
	kind, known := attributes[a.Name.Local]
	if !known && !properties[a.Name.Local] {
		if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
			return refuse("event attribute %s is not allowed in an SVG image: kbc publishes no SVG that runs code", written())
		}
		return refuse("attribute %s is not allowed in an SVG image", written())
	}
	if why := checkAttrValue(kind, a.Name.Local, a.Value); why != "" {
		return refuse("attribute %s=%q: %s", written(), clip(a.Value), why)
	}
	if why := referenceProblem(a.Name.Local, a.Value); why != "" {
		return refuse("attribute %s=%q: %s", written(), clip(a.Value), why)
	}
	return a.Name.Local, a.Value, true
}

// style checks the declarations of a style attribute and returns those
// it keeps, written canonically.
func (s *sanitizer) style(v string, at attrAt) (string, string, bool) {
	kept, refused := parseStyle(v)
	for _, why := range refused {
		s.report(at.offset(), "%s", why)
	}
	if len(kept) == 0 {
		return "", "", false
	}
	parts := make([]string, len(kept))
	for i, d := range kept {
		parts[i] = d.name + ": " + d.value
	}
	return "style", strings.Join(parts, "; "), true
}

// report records a problem at a byte offset of the file.
func (s *sanitizer) report(offset int, format string, args ...any) {
	switch {
	case len(s.problems) > MaxProblems:
		return
	case len(s.problems) == MaxProblems:
		line, col := s.position(offset)
		s.problems = append(s.problems, Problem{Line: line, Column: col, Message: fmt.Sprintf("more than %d problems; the rest from here on are not listed", MaxProblems)})
		return
	}
	line, col := s.position(offset)
	s.problems = append(s.problems, Problem{Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// MaxProblems bounds the problems Sanitize lists: a file of a few
// megabytes could otherwise hold a million, a finding each.
const MaxProblems = 1000

// position turns a byte offset into a line and a column counted in
// characters. Problems come mostly in the order of the file: the column
// is counted on from the last one asked for on the same line, so that
// many problems on one long line cost what the line does.
func (s *sanitizer) position(offset int) (line, col int) {
	if s.lines == nil {
		s.lines = []int{0}
		for i, c := range s.data {
			if c == '\n' {
				s.lines = append(s.lines, i+1)
			}
		}
	}
	offset = min(max(offset, 0), len(s.data))
	l := sort.SearchInts(s.lines, offset+1) - 1
	from, col := s.lines[l], 1
	if last := s.lastPos; last.line == l+1 && last.offset <= offset {
		from, col = last.offset, last.col
	}
	col += utf8.RuneCount(s.data[from:offset])
	s.lastPos = positionAt{offset: offset, line: l + 1, col: col}
	return l + 1, col
}

// positionAt is the line and column of an offset, as position gave them.
type positionAt struct{ offset, line, col int }

// qname returns an element's name as the file writes it, prefix and all;
// start is the offset of its "<".
func qname(data []byte, start int) string {
	rest := data[start+1:]
	end := bytes.IndexAny(rest, " \t\r\n/>")
	if end < 0 {
		end = len(rest)
	}
	return clip(string(rest[:end]))
}

// attrName returns an attribute's name as the file writes it, or as the
// decoder read it when its offset is not known.
func attrName(data []byte, pos int, a xml.Attr) string {
	if pos < len(data) && data[pos] != '<' {
		rest := data[pos:]
		if end := bytes.IndexAny(rest, " \t\r\n="); end > 0 {
			return clip(string(rest[:end]))
		}
	}
	return a.Name.Local
}

// attrOffsets returns the offsets of the names of the n attributes of
// the start tag at start, in order; the decoder has checked the tag, so
// it is well-formed. It returns nil if the tag does not read as expected.
func attrOffsets(data []byte, start, n int) []int {
	i := start + 1
	for i < len(data) && !isSpace(data[i]) && data[i] != '/' && data[i] != '>' {
		i++
	}
	offsets := make([]int, 0, n)
	for len(offsets) < n {
		for i < len(data) && isSpace(data[i]) {
			i++
		}
		if i >= len(data) || data[i] == '/' || data[i] == '>' {
			return nil
		}
		offsets = append(offsets, i)
		eq := bytes.IndexByte(data[i:], '=')
		if eq < 0 {
			return nil
		}
		i += eq + 1
		for i < len(data) && isSpace(data[i]) {
			i++
		}
		if i >= len(data) || (data[i] != '"' && data[i] != '\'') {
			return nil
		}
		end := bytes.IndexByte(data[i+1:], data[i])
		if end < 0 {
			return nil
		}
		i += end + 2
	}
	return offsets
}

// textEscaper escapes text content; ">" is escaped too, so that "]]>"
// never appears.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")

// attrEscaper escapes an attribute value written inside double quotes,
// with the whitespace characters a parser would normalize written as
// references.
var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\t", "&#x9;", "\n", "&#xA;", "\r", "&#xD;")
