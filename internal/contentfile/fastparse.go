package contentfile

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// parseFast parses the YAML most content files are written in, as
// yaml.v3 would, without yaml.v3: yaml.v3 reads any YAML through a token
// queue, a state machine and an event stream, and that was most of the
// time a lint spent on a large knowledge base. It takes only this subset,
// and returns ok false for anything else, which Parse then gives to
// yaml.v3:
//
//   - a block mapping at the top, each key on a line of its own at its
//     mapping's indentation (spaces), the first key at the start of the
//     first line that is not blank or a comment;
//   - keys that are plain scalars of letters, digits, '.', '_' and '-',
//     starting with a letter, and not a word YAML reads as a boolean or
//     null;
//   - values on the key's line: a double-quoted scalar without a
//     backslash or a quote inside; a plain scalar that starts with a
//     letter of any script and holds no ": " or " #"; a flow mapping or
//     sequence of keys and scalars of the key's shape or double-quoted
//     ({text: "…", source: "…"}, [android, ios]); a literal block scalar
//     (| or |-);
//   - or, on the lines below, a block mapping more indented, or a block
//     sequence at the key's indentation or more, whose items are such
//     values or block mappings whose first key follows the dash;
//   - whole-line comments and blank lines between entries.
//
// The nodes are those yaml.v3 returns, with the same kinds, styles, tags,
// values, lines and columns (counted in characters), but no comments:
// the loader reads none. FuzzParseFast holds it to yaml.v3 for every text
// it takes.
//
// safe tells that every line is known to pass safeText (see checkText).
// The nodes are taken from arena, or allocated when it is nil.
func parseFast(lines []string, safe bool, arena *Arena) (*yaml.Node, bool) {
	// Every line is checked once, here, unless the caller did: the parser
	// looks at a line again each time a mapping or block ends on it.
	for i := 0; i < len(lines) && !safe; i++ {
		if !safeText(lines[i]) {
			return nil, false
		}
	}
	p := fastParser{lines: lines, arena: arena}
	return p.document()
}

type fastParser struct {
	lines  []string
	at     int  // index of the next line to read
	failed bool // the text is not of the subset
	depth  int  // of the collections being read (see maxDepth)
	// nodes are handed out from slabs: a translation file is hundreds of
	// nodes, and one allocation each was most of the fast path's time.
	slab  []yaml.Node
	arena *Arena
}

// node returns a new node of a kind and style, with the tag the subset
// gives it (a scalar of the subset is a string), at line:col. Its fields
// are set one by one: a yaml.Node is 21 words, and copying a whole one in
// cost more than the rest of the fast path.
func (p *fastParser) node(kind yaml.Kind, style yaml.Style, value string, line, col int) *yaml.Node {
	if len(p.slab) == 0 {
		// Two nodes for each line left: about what a file of block
		// mappings needs; one of flow mappings refills the slab once or
		// twice. A fixed slab of 256 was mostly unused by a file of a
		// few dozen lines, as most are, and zeroing it cost time.
		p.slab = p.arena.take(2*(len(p.lines)-p.at) + 16)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.Kind, n.Style, n.Value, n.Line, n.Column = kind, style, value, line, col
	switch kind {
	case yaml.MappingNode:
		n.Tag = "!!map"
	case yaml.SequenceNode:
		n.Tag = "!!seq"
	default:
		n.Tag = "!!str"
	}
	return n
}

// next moves to the next line that is not blank or a comment and returns
// its indentation and the rest of it; ok is false at the end of the text
// and when the line is one yaml.v3 would refuse or read otherwise, which
// fails the parse.
func (p *fastParser) next() (indent int, rest string, ok bool) {
	for ; p.at < len(p.lines) && !p.failed; p.at++ {
		line := p.lines[p.at]
		indent = countSpaces(line)
		if rest = line[indent:]; rest != "" && rest[0] != '#' {
			return indent, rest, true
		}
	}
	return 0, "", false
}

func (p *fastParser) document() (*yaml.Node, bool) {
	indent, _, ok := p.next()
	if !ok || indent != 0 {
		return nil, false
	}
	m := p.mapping(0, nil)
	if _, _, more := p.next(); more || p.failed || m == nil {
		return nil, false // what follows is less indented than the mapping
	}
	return m, true
}

// isDash reports whether a line's text is a sequence item.
func isDash(rest string) bool { return rest[0] == '-' && (len(rest) == 1 || rest[1] == ' ') }

// mapping reads a block mapping whose keys are at indent, from the next
// line, after first, a mapping holding the entry already read on a
// sequence item's line, if any.
func (p *fastParser) mapping(indent int, first *yaml.Node) *yaml.Node {
	if !p.enter() {
		return nil
	}
	defer p.leave()
	m := first
	for {
		at, rest, ok := p.next()
		if !ok || at < indent {
			break
		}
		if at > indent || isDash(rest) {
			p.failed = true
			break
		}
		p.at++
		key, value, ok := p.entry(rest, indent)
		if !ok || m != nil && hasKey(m, key.Value) {
			p.failed = true // a duplicate key is yaml.v3's error to report
			break
		}
		if m == nil {
			m = p.node(yaml.MappingNode, 0, "", key.Line, key.Column)
		}
		m.Content = append(m.Content, key, value)
	}
	if p.failed {
		return nil
	}
	return m
}

// maxDepth bounds the nesting of block collections the fast path reads:
// yaml.v3 refuses a text nested 10,000 deep, and no content file nests a
// hundredth of that.
const maxDepth = 100

// enter counts a collection the parser goes into, and fails the parse
// past maxDepth; leave counts it out.
func (p *fastParser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		p.failed = true
		return false
	}
	return true
}

func (p *fastParser) leave() { p.depth-- }

// entry reads a key and its value; rest is the line read (p.at is past
// it) from column indent+1.
func (p *fastParser) entry(rest string, indent int) (key, value *yaml.Node, ok bool) {
	line := p.at
	name, after, found := strings.Cut(rest, ":")
	if !found || !plainKey(name) {
		return nil, nil, false
	}
	key = p.node(yaml.ScalarNode, 0, name, line, indent+1)
	if after == "" {
		value = p.nested(indent)
		return key, value, value != nil
	}
	if after[0] != ' ' {
		return nil, nil, false
	}
	col := indent + 1 + len(name) + 2 // a key is ASCII
	if value, ok = p.inline(after[1:], line, col, indent); !ok {
		return nil, nil, false
	}
	return key, value, true
}

// nested reads the value of a key at indent that ends its line: a block
// mapping more indented, or a block sequence at the key's indentation or
// more. Anything else, or nothing (null), is nil.
func (p *fastParser) nested(indent int) *yaml.Node {
	at, rest, ok := p.next()
	switch {
	case !ok || at < indent:
		return nil
	case isDash(rest):
		return p.sequence(at)
	case at > indent:
		return p.mapping(at, nil)
	}
	return nil
}

// sequence reads a block sequence whose dashes are at indent.
func (p *fastParser) sequence(indent int) *yaml.Node {
	if !p.enter() {
		return nil
	}
	defer p.leave()
	var seq *yaml.Node
	for {
		at, rest, ok := p.next()
		if !ok || at < indent || at == indent && !isDash(rest) {
			break // the next key of a mapping that holds the sequence
		}
		if at > indent || len(rest) < 2 {
			p.failed = true // an empty item (null), or more indented
			break
		}
		if seq == nil {
			seq = p.node(yaml.SequenceNode, 0, "", p.at+1, indent+1)
		}
		item := p.item(rest[2:], indent)
		if item == nil {
			p.failed = true
			break
		}
		seq.Content = append(seq.Content, item)
	}
	if p.failed {
		return nil
	}
	return seq
}

// item reads a sequence item whose dash is at dash, and whose text rest
// follows the dash and a space: a block mapping whose first key is on the
// dash's line, or a value that ends on it.
func (p *fastParser) item(rest string, dash int) *yaml.Node {
	indent := dash + 2
	line := p.at + 1
	p.at++
	if name, _, found := strings.Cut(rest, ":"); found && plainKey(name) {
		key, value, ok := p.entry(rest, indent)
		if !ok {
			return nil
		}
		m := p.node(yaml.MappingNode, 0, "", line, indent+1)
		m.Content = append(m.Content, key, value)
		return p.mapping(indent, m)
	}
	value, ok := p.inline(rest, line, indent+1, dash)
	if !ok {
		return nil
	}
	return value
}

// inline reads a value that starts on its key's or dash's line, s, at
// line:col, to the end of the line: a scalar, a flow collection or a
// literal block scalar. parent is the indentation of the key or dash.
func (p *fastParser) inline(s string, line, col, parent int) (*yaml.Node, bool) {
	switch {
	case s == "|" || s == "|-":
		value, ok := p.literal(parent, s == "|-")
		if ok {
			value.Line, value.Column = line, col
		}
		return value, ok
	case strings.HasPrefix(s, "{"):
		return p.flowMapping(s, line, col)
	case strings.HasPrefix(s, "["):
		return p.flowSequence(s, line, col)
	}
	value, ok := p.blockScalar(s, line, col)
	if !ok || value.Style == 0 && p.continued(parent) {
		return nil, false // a plain scalar may go on below
	}
	return value, true
}

// blockScalar reads a scalar that is the whole of s: double-quoted, or
// plain in a block, where it may hold spaces and flow indicators.
func (p *fastParser) blockScalar(s string, line, col int) (*yaml.Node, bool) {
	if strings.HasPrefix(s, `"`) {
		value, n, ok := p.scalar(s, line, col)
		return value, ok && n == len(s)
	}
	if !plainText(s) {
		return nil, false
	}
	return p.node(yaml.ScalarNode, 0, s, line, col), true
}

// plainText reports whether s, a whole line's rest, is a plain scalar of
// the subset that YAML reads as a string: it starts with a letter (of any
// script), holds no ": " or " #", and ends with neither a colon nor a
// space; and it is not a word YAML reads as a boolean or null.
func plainText(s string) bool {
	if s == "" || s[0] < utf8.RuneSelf && !isLetter(s[0]) {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") || strings.HasSuffix(s, " ") {
		return false
	}
	return !keyword(s)
}

// continued reports whether the next line that is not blank is more
// indented than parent: a plain scalar would go on there.
func (p *fastParser) continued(parent int) bool {
	for i := p.at; i < len(p.lines); i++ {
		if n := countSpaces(p.lines[i]); n < len(p.lines[i]) {
			return n > parent
		}
	}
	return false
}

// flowSequence reads a whole flow sequence, s, at line:col: '[', scalars
// separated by ", ", and ']'.
func (p *fastParser) flowSequence(s string, line, col int) (*yaml.Node, bool) {
	seq := p.node(yaml.SequenceNode, yaml.FlowStyle, "", line, col)
	if s == "[]" {
		return seq, true
	}
	rest, c := s[1:], col+1
	for {
		value, n, ok := p.scalar(rest, line, c)
		if !ok {
			return nil, false
		}
		seq.Content = append(seq.Content, value)
		c += runeCount(rest[:n])
		switch rest = rest[n:]; {
		case rest == "]":
			return seq, true
		case strings.HasPrefix(rest, ", "):
			rest, c = rest[2:], c+2
		default:
			return nil, false
		}
	}
}

// scalar reads a plain or double-quoted scalar at the start of s, at
// line:col, and returns it and how many bytes it took.
func (p *fastParser) scalar(s string, line, col int) (*yaml.Node, int, bool) {
	if strings.HasPrefix(s, `"`) {
		end := strings.IndexAny(s[1:], `"\`)
		if end < 0 || s[1+end] != '"' {
			return nil, 0, false
		}
		return p.node(yaml.ScalarNode, yaml.DoubleQuotedStyle, s[1:1+end], line, col), end + 2, true
	}
	n := 0
	for n < len(s) && isWordByte(s[n]) {
		n++
	}
	if !plainWord(s[:n]) {
		return nil, 0, false
	}
	return p.node(yaml.ScalarNode, 0, s[:n], line, col), n, true
}

// flowMapping reads a whole flow mapping, s, at line:col: '{', entries of
// a key, ": " and a scalar separated by ", ", and '}'.
func (p *fastParser) flowMapping(s string, line, col int) (*yaml.Node, bool) {
	m := p.node(yaml.MappingNode, yaml.FlowStyle, "", line, col)
	m.Content = make([]*yaml.Node, 0, 4)
	rest, c := s[1:], col+1
	for {
		name, after, found := strings.Cut(rest, ": ")
		if !found || !plainKey(name) || hasKey(m, name) {
			return nil, false
		}
		key := p.node(yaml.ScalarNode, 0, name, line, c)
		c += len(name) + 2
		value, n, ok := p.scalar(after, line, c)
		if !ok {
			return nil, false
		}
		m.Content = append(m.Content, key, value)
		c += runeCount(after[:n])
		switch rest = after[n:]; {
		case rest == "}":
			return m, true
		case strings.HasPrefix(rest, ", "):
			rest, c = rest[2:], c+2
		default:
			return nil, false
		}
	}
}

// literal reads the lines of a literal block scalar whose key is at
// indent, clipped, or stripped of its final line breaks when strip is
// set.
func (p *fastParser) literal(keyIndent int, strip bool) (*yaml.Node, bool) {
	blockIndent := -1
	var content []string
	lastBreak := false // the last content line ends with a line break
	for p.at < len(p.lines) {
		line := p.lines[p.at]
		indent := countSpaces(line)
		if indent == len(line) { // blank
			if blockIndent < 0 && indent > 0 || blockIndent >= 0 && indent > blockIndent {
				return nil, false // spaces the block would keep or misread
			}
			content = append(content, "")
			p.at++
			continue
		}
		if blockIndent < 0 {
			if indent <= keyIndent {
				return nil, false // an empty block
			}
			blockIndent = indent
		}
		if indent < blockIndent {
			break
		}
		content = append(content, line[blockIndent:])
		p.at++
		lastBreak = p.at < len(p.lines)
	}
	if blockIndent < 0 {
		return nil, false
	}
	// Blank lines after the last content line are not the value's.
	for len(content) > 0 && content[len(content)-1] == "" {
		content = content[:len(content)-1]
		p.at-- // give them back: comments and keys may follow
	}
	if len(content) > 0 && content[0] == "" {
		return nil, false // blank lines first: leave them to yaml.v3
	}
	value := strings.Join(content, "\n")
	if !strip && lastBreak {
		value += "\n"
	}
	return p.node(yaml.ScalarNode, yaml.LiteralStyle, value, 0, 0), true
}

// hasKey reports whether the flow mapping m has the key name: a flow
// mapping of a content file has a few keys, fewer than a map would be
// worth.
func hasKey(m *yaml.Node, name string) bool {
	for i := 0; i < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			return true
		}
	}
	return false
}

// runeCount counts the characters of s, ASCII at a byte each.
func runeCount(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i + utf8.RuneCountInString(s[i:])
		}
	}
	return len(s)
}

// plainKey reports whether s is a key of the subset: a plain word short
// enough to be a key without a '?' indicator (YAML bounds such keys to
// 1,024 characters).
func plainKey(s string) bool { return len(s) <= 1000 && plainWord(s) }

// plainWord reports whether s is a plain scalar of the subset: letters,
// digits, '.', '_' and '-', starting with a letter, and not a word that
// YAML reads as a boolean or null.
func plainWord(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) {
			return false
		}
	}
	return !keyword(s)
}

// keyword reports whether YAML, in some version, reads the plain scalar s
// as a boolean or null rather than a string: yaml.v3 reads true, false
// and null in their cases; the words of YAML 1.1 are left to it too.
func keyword(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		return true
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isWordByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
}

// safeText reports whether s holds only characters that YAML reads as
// themselves in a quoted or block scalar: valid UTF-8, no control
// character (a tab neither: it may be read as indentation), no byte
// order mark or non-character, and none of the line breaks YAML 1.1 knows
// besides '\n' (NEL, LS, PS).
func safeText(s string) bool {
	for i := 0; i < len(s); {
		if i+8 <= len(s) && printableASCII(load64(s[i:])) {
			i += 8
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			// Printable ASCII, most of any line, needs no decoding.
			if c < ' ' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r <= 0x9f, r == 0x2028 || r == 0x2029, r == 0xfeff, r == 0xfffe || r == 0xffff, r == utf8.RuneError:
			return false
		}
		i += size
	}
	return true
}

// load64 returns the first eight bytes of s, little-endian, as
// binary.LittleEndian.Uint64 does for a byte slice (and compiles to the
// same single load).
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// countSpaces returns how many spaces begin s.
func countSpaces(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n
}
