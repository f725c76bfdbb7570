package localefile

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// yamlText is a YAML file as its bytes, with the parsed document to find
// where each node is written. An import edits the bytes where the nodes
// it changes are written and leaves every other byte alone, so the file
// keeps its line endings, blank lines, comments and layout; yaml.v3 alone
// would re-encode the whole file in its own layout.
type yamlText struct {
	src   []byte // the file without its byte-order mark
	bom   bool
	eol   string // the file's line break: CRLF when its first line ends so
	lines []int  // the offset in src at which each line starts
	root  *yaml.Node
}

var byteOrderMark = []byte("\xef\xbb\xbf")

// parseYAMLText parses a file whose document is a block mapping.
func parseYAMLText(b []byte) (*yamlText, error) {
	t := &yamlText{src: b, eol: "\n", lines: []int{0}}
	if bytes.HasPrefix(b, byteOrderMark) {
		t.bom, t.src = true, b[len(byteOrderMark):]
	}
	if i := bytes.IndexByte(t.src, '\n'); i > 0 && t.src[i-1] == '\r' {
		t.eol = "\r\n"
	}
	for i, c := range t.src {
		if c == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	// Lines are counted at LF, as the content loader counts them; a CR
	// anywhere but before an LF would be a line break to YAML alone.
	lf := bytes.ReplaceAll(t.src, []byte("\r\n"), []byte("\n"))
	if bytes.IndexByte(lf, '\r') >= 0 {
		return nil, errors.New("a carriage return that does not end a line; fix the file, then import again")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(lf, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode || doc.Content[0].Style&yaml.FlowStyle != 0 {
		return nil, errors.New("not a mapping of units; fix the file, then import again")
	}
	t.root = doc.Content[0]
	return t, nil
}

// offset returns where a node starts in src.
func (t *yamlText) offset(n *yaml.Node) (int, error) {
	if n.Line < 1 || n.Line > len(t.lines) {
		return 0, fmt.Errorf("line %d is not in the file", n.Line)
	}
	off := t.lines[n.Line-1]
	for c := 1; c < n.Column; c++ {
		if off >= len(t.src) || t.src[off] == '\n' {
			return 0, fmt.Errorf("line %d has no column %d", n.Line, n.Column)
		}
		_, size := utf8.DecodeRune(t.src[off:])
		off += size
	}
	return off, nil
}

// lineOf returns the 0-based line that holds the byte at off.
func (t *yamlText) lineOf(off int) int {
	return sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > off }) - 1
}

// lineText returns line i (0-based) without its line break.
func (t *yamlText) lineText(i int) []byte {
	end := len(t.src)
	if i+1 < len(t.lines) {
		end = t.lines[i+1] - 1
	}
	return bytes.TrimSuffix(t.src[t.lines[i]:end], []byte("\r"))
}

// lineEnd returns where the line that holds off ends, before its line
// break.
func (t *yamlText) lineEnd(off int) int {
	i := t.lineOf(off)
	return t.lines[i] + len(t.lineText(i))
}

// nextLine returns where the line after the one that holds off starts,
// or the end of the file.
func (t *yamlText) nextLine(off int) int {
	if i := t.lineOf(off); i+1 < len(t.lines) {
		return t.lines[i+1]
	}
	return len(t.src)
}

func leadingSpaces(line []byte) int {
	return len(line) - len(bytes.TrimLeft(line, " "))
}

func isBlank(line []byte) bool { return len(bytes.Trim(line, " \t")) == 0 }

// extent is where a node is written: src[start:end]. For a block scalar,
// indent is its content's indentation and comment whatever follows the
// indicators on its header line.
type extent struct {
	start, end int
	indent     int
	comment    string
}

// extentOf returns where a node is written. parent is the indentation of
// the block collection that holds it; flow says whether it is inside a
// flow collection.
func (t *yamlText) extentOf(n *yaml.Node, parent int, flow bool) (extent, error) {
	start, err := t.offset(n)
	if err != nil {
		return extent{}, err
	}
	x := extent{start: start}
	switch {
	case n.Kind == yaml.ScalarNode && n.Style&yaml.DoubleQuotedStyle != 0:
		x.end, err = t.quotedEnd(start, '"')
	case n.Kind == yaml.ScalarNode && n.Style&yaml.SingleQuotedStyle != 0:
		x.end, err = t.quotedEnd(start, '\'')
	case n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return t.blockScalarExtent(start, parent)
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Value == "":
		return extent{}, errors.New("an empty value")
	case n.Kind == yaml.ScalarNode:
		x.end = t.plainEnd(start, parent, flow)
	case n.Style&yaml.FlowStyle != 0:
		x.end, err = t.flowEnd(n, start)
	case len(n.Content) > 0:
		last := n.Content[len(n.Content)-1]
		var lx extent
		lx, err = t.extentOf(last, n.Column-1, false)
		x.end = lx.end
	default:
		err = errors.New("an empty collection")
	}
	return x, err
}

// quotedEnd returns the end of the quoted scalar that starts at start.
func (t *yamlText) quotedEnd(start int, quote byte) (int, error) {
	if start >= len(t.src) || t.src[start] != quote {
		return 0, fmt.Errorf("no %c at line %d", quote, t.lineOf(start)+1)
	}
	for i := start + 1; i < len(t.src); i++ {
		switch c := t.src[i]; {
		case c == '\\' && quote == '"':
			i++
		case c == quote && quote == '\'' && i+1 < len(t.src) && t.src[i+1] == '\'':
			i++
		case c == quote:
			return i + 1, nil
		}
	}
	return 0, fmt.Errorf("the quote at line %d is not closed", t.lineOf(start)+1)
}

// blockScalarExtent returns the extent of the literal or folded scalar
// whose header starts at start: its content runs to the last line, before
// the first line indented less than the content, that is not blank.
func (t *yamlText) blockScalarExtent(start, parent int) (extent, error) {
	header := t.lineOf(start)
	x := extent{start: start, end: t.lineEnd(start), indent: -1}
	h := t.src[start:x.end]
	i := 1
	for i < len(h) && strings.IndexByte("+-123456789", h[i]) >= 0 {
		if h[i] >= '1' && h[i] <= '9' {
			x.indent = parent + int(h[i]-'0')
		}
		i++
	}
	x.comment = string(h[i:])
	for l := header + 1; l < len(t.lines); l++ {
		line := t.lineText(l)
		if isBlank(line) {
			continue
		}
		ind := leadingSpaces(line)
		if x.indent < 0 {
			if ind <= parent {
				break
			}
			x.indent = ind
		}
		if ind < x.indent {
			break
		}
		x.end = t.lines[l] + len(line)
	}
	return x, nil
}

// plainEnd returns the end of the plain scalar that starts at start: the
// end of its line, before a comment (and, in a flow collection, before
// the next indicator), and of each line after it that continues it.
func (t *yamlText) plainEnd(start, parent int, flow bool) int {
	end := t.plainLineEnd(start, flow)
	if flow {
		return end
	}
	for l := t.lineOf(start) + 1; l < len(t.lines); l++ {
		line := t.lineText(l)
		if isBlank(line) {
			continue
		}
		ind := leadingSpaces(line)
		if ind <= parent || line[ind] == '#' {
			break
		}
		end = t.plainLineEnd(t.lines[l]+ind, false)
	}
	return end
}

func (t *yamlText) plainLineEnd(start int, flow bool) int {
	stop := t.lineEnd(start)
	i := start
	for ; i < stop; i++ {
		c := t.src[i]
		if c == '#' && i > start && (t.src[i-1] == ' ' || t.src[i-1] == '\t') {
			break
		}
		if flow && strings.IndexByte(",]}", c) >= 0 {
			break
		}
	}
	return start + len(bytes.TrimRight(t.src[start:i], " \t"))
}

// flowEnd returns the end of the flow collection that starts at start:
// just after the bracket that closes it.
func (t *yamlText) flowEnd(n *yaml.Node, start int) (int, error) {
	i := start + 1
	if len(n.Content) > 0 {
		x, err := t.extentOf(n.Content[len(n.Content)-1], 0, true)
		if err != nil {
			return 0, err
		}
		i = x.end
	}
	for ; i < len(t.src); i++ {
		switch c := t.src[i]; c {
		case ' ', '\t', '\r', '\n', ',':
		case '#':
			i = t.lineEnd(i)
		case '}', ']':
			return i + 1, nil
		default:
			return 0, fmt.Errorf("unexpected %q at line %d", c, t.lineOf(i)+1)
		}
	}
	return 0, fmt.Errorf("the collection at line %d is not closed", t.lineOf(start)+1)
}

// pairEnd returns where a pair of a block mapping ends: after its value,
// or after its colon when the value is empty.
func (t *yamlText) pairEnd(k, v *yaml.Node, parent int) (int, error) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == "" {
		start, err := t.offset(k)
		if err != nil {
			return 0, err
		}
		colon := bytes.IndexByte(t.src[start:t.lineEnd(start)], ':')
		if colon < 0 {
			return 0, fmt.Errorf("no colon after the key at line %d", k.Line)
		}
		return start + colon + 1, nil
	}
	x, err := t.extentOf(v, parent, false)
	return x.end, err
}

// formatScalar writes text as a scalar in the style. A literal block's
// lines are indented by indent and end with the file's line break; it
// must suit the text (see literalFits).
func (t *yamlText) formatScalar(text string, style yaml.Style, indent string) string {
	switch {
	case style&yaml.LiteralStyle != 0:
		var b strings.Builder
		b.WriteString("|")
		if !strings.HasSuffix(text, "\n") {
			b.WriteString("-")
		}
		for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
			b.WriteString(t.eol)
			if l != "" {
				b.WriteString(indent + l)
			}
		}
		return b.String()
	case style&yaml.SingleQuotedStyle != 0:
		return "'" + strings.ReplaceAll(text, "'", "''") + "'"
	case style&yaml.DoubleQuotedStyle != 0:
		return doubleQuoted(text)
	}
	return text
}

// doubleQuoted writes text as a double-quoted scalar on one line. Only
// what YAML needs escaped is escaped: every other character is written as
// it is, so that the checks the loader makes of a file's characters (such
// as control and bidirectional characters) see it.
func doubleQuoted(text string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range text {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\u2028':
			b.WriteString(`\L`)
		case '\u2029':
			b.WriteString(`\P`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// yamlBreaks are the characters, besides LF and CR, that YAML may read as
// a line break or drop when they stand in a scalar as they are.
const yamlBreaks = "\u0085\u2028\u2029\ufeff"

// plainFits reports whether text reads back as itself, a string, when
// written as a plain scalar.
func plainFits(text string, flow bool) bool {
	switch {
	case text == "" || strings.Trim(text, " \t") != text,
		strings.ContainsAny(text, "\n\r\t"+yamlBreaks),
		strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", text[0]) >= 0,
		strings.Contains(text, ": ") || strings.Contains(text, " #") || strings.HasSuffix(text, ":"),
		flow && strings.ContainsAny(text, ",[]{}"):
		return false
	}
	for _, r := range text {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return false
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil || len(doc.Content) != 1 {
		return false
	}
	n := doc.Content[0]
	return n.Kind == yaml.ScalarNode && n.Style == 0 && n.Tag == "!!str" && n.Value == text
}

// singleFits reports whether text can be written single-quoted on one
// line.
func singleFits(text string) bool {
	return !strings.ContainsAny(text, "\n\r"+yamlBreaks)
}

// literalFits reports whether text can be written as a literal block
// without an indentation indicator: at most one final line break, no line
// of whitespace only, no line that starts with a tab, and a first line
// with text that does not start with a space.
func literalFits(text string) bool {
	body := strings.TrimSuffix(text, "\n")
	if body == "" || strings.HasSuffix(body, "\n") || strings.ContainsAny(body, "\r"+yamlBreaks) {
		return false
	}
	first := true
	for _, l := range strings.Split(body, "\n") {
		switch {
		case l == "":
			continue
		case strings.Trim(l, " \t") == "", l[0] == '\t', first && l[0] == ' ':
			return false
		}
		first = false
	}
	return true
}
