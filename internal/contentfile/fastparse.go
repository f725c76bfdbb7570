package contentfile

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// parseFast parses the YAML most content files are written in, as
// yaml.v3 would, without yaml.v3: a translation file is a mapping of
// text ids to a text and its source fingerprint, and yaml.v3, which reads
// any YAML through a token queue, a state machine and an event stream,
// was most of the time a lint spent on a large knowledge base. It takes
// only this subset, and returns ok false for anything else, which Parse
// then gives to yaml.v3:
//
//   - block mappings, each key on a line of its own at the mapping's
//     indentation (spaces), the first at the start of the file's first
//     line that is not blank or a comment;
//   - keys that are plain scalars of letters, digits, '.', '_' and '-',
//     starting with a letter, and not one YAML reads as a boolean or null;
//   - values on the key's line: a plain scalar of the same shape, a
//     double-quoted scalar without a backslash or a quote inside, a flow
//     mapping of such keys and values ({text: "…", source: "…"}), or a
//     literal block scalar (| or |-); or a nested block mapping on the
//     lines below;
//   - whole-line comments and blank lines between entries.
//
// The nodes are those yaml.v3 returns, with the same kinds, styles, tags,
// values, lines and columns (counted in characters), but no comments:
// the loader reads none. FuzzParseFast holds it to yaml.v3 for every text
// it takes.
func parseFast(lines []string) (*yaml.Node, bool) {
	p := fastParser{lines: lines}
	return p.document()
}

type fastParser struct {
	lines []string
	at    int // index of the next line to read
	// nodes are handed out from slabs: a translation file is hundreds of
	// nodes, and one allocation each was most of the fast path's time.
	slab []yaml.Node
}

// node returns a new node of a kind and style, with the tag the subset
// gives it (a scalar of the subset is a string), at line:col. Its fields
// are set one by one: a yaml.Node is 21 words, and copying a whole one in
// cost more than the rest of the fast path.
func (p *fastParser) node(kind yaml.Kind, style yaml.Style, value string, line, col int) *yaml.Node {
	if len(p.slab) == 0 {
		p.slab = make([]yaml.Node, 256)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.Kind, n.Style, n.Value, n.Line, n.Column = kind, style, value, line, col
	n.Tag = "!!str"
	if kind == yaml.MappingNode {
		n.Tag = "!!map"
	}
	return n
}

// frame is a block mapping being read, and the indentation of its keys.
type frame struct {
	node   *yaml.Node
	indent int
	keys   map[string]bool
}

func (p *fastParser) document() (*yaml.Node, bool) {
	var stack []*frame
	var pending *yaml.Node // a key whose value is a mapping still to come
	for p.at < len(p.lines) {
		line := p.lines[p.at]
		p.at++
		if !safeText(line) {
			return nil, false // yaml.v3 refuses the file or reads it otherwise
		}
		indent := countSpaces(line)
		rest := line[indent:]
		if rest == "" || rest[0] == '#' {
			continue
		}
		switch {
		case pending != nil:
			// The first key of the mapping the pending key holds.
			if indent <= stack[len(stack)-1].indent {
				return nil, false // a key without a value: null
			}
			m := p.node(yaml.MappingNode, 0, "", p.at, indent+1)
			top := stack[len(stack)-1]
			top.node.Content = append(top.node.Content, pending, m)
			stack = append(stack, &frame{node: m, indent: indent, keys: map[string]bool{}})
			pending = nil
		case len(stack) == 0:
			if indent != 0 {
				return nil, false
			}
			m := p.node(yaml.MappingNode, 0, "", p.at, 1)
			stack = append(stack, &frame{node: m, indent: 0, keys: map[string]bool{}})
		default:
			for len(stack) > 1 && indent < stack[len(stack)-1].indent {
				stack = stack[:len(stack)-1]
			}
			if indent != stack[len(stack)-1].indent {
				return nil, false
			}
		}
		top := stack[len(stack)-1]
		key, value, ok := p.entry(rest, indent)
		if !ok || top.keys[key.Value] {
			return nil, false // a duplicate key is yaml.v3's error to report
		}
		top.keys[key.Value] = true
		if value == nil {
			pending = key
			continue
		}
		top.node.Content = append(top.node.Content, key, value)
	}
	if pending != nil || len(stack) == 0 {
		return nil, false
	}
	return stack[0].node, true
}

// entry reads a key and, when it is on the line, its value; rest is the
// line read (p.at is past it) from column indent+1. A nil value means the
// value is a mapping on the lines below.
func (p *fastParser) entry(rest string, indent int) (key, value *yaml.Node, ok bool) {
	line := p.at
	name, after, found := strings.Cut(rest, ":")
	if !found || !plainKey(name) {
		return nil, nil, false
	}
	key = p.node(yaml.ScalarNode, 0, name, line, indent+1)
	if after == "" {
		return key, nil, true
	}
	if after[0] != ' ' {
		return nil, nil, false
	}
	col := indent + 1 + len(name) + 2 // a key is ASCII
	after = after[1:]
	switch {
	case after == "|" || after == "|-":
		value, ok = p.literal(indent, after == "|-")
		if ok {
			value.Line, value.Column = line, col
		}
	case strings.HasPrefix(after, "{"):
		value, ok = p.flowMapping(after, line, col)
	default:
		var n int
		value, n, ok = p.scalar(after, line, col)
		ok = ok && n == len(after)
	}
	if !ok {
		return nil, nil, false
	}
	return key, value, true
}

// scalar reads a plain or double-quoted scalar at the start of s, at
// line:col, and returns it and how many bytes it took.
func (p *fastParser) scalar(s string, line, col int) (*yaml.Node, int, bool) {
	if strings.HasPrefix(s, `"`) {
		end := strings.IndexAny(s[1:], `"\`)
		if end < 0 || s[1+end] != '"' || !safeText(s[1:1+end]) {
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
		if !safeText(line) {
			return nil, false
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
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		return false
	}
	return true
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
	for _, r := range s {
		switch {
		case r < ' ' || r >= 0x7f && r <= 0x9f, r == 0x2028 || r == 0x2029, r == 0xfeff, r == 0xfffe || r == 0xffff, r == utf8.RuneError:
			return false
		}
	}
	return true
}

// countSpaces returns how many spaces begin s.
func countSpaces(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n
}
