package content

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
)

// Rule names of the findings the loader reports. They are lint rules in
// their own right: the lint package lists them with their docs.
const (
	RuleSyntax = contentfile.RuleSyntax // the file is not well-formed YAML or text
	RuleSchema = contentfile.RuleSchema // the YAML does not have the shape of a content file
)

// decoder turns yaml.v3 nodes of one content file into model values
// (see contentfile.Decoder).
type decoder struct {
	contentfile.Decoder
	size int // of the file, in bytes
}

func newDecoder(file string, lines []string, size int, diags *diag.List) *decoder {
	return &decoder{contentfile.Decoder{File: file, Lines: lines, Diags: diags}, size}
}

// text returns a prose value with its translation key and position.
func (d *decoder) text(n *yaml.Node, key, what string) Text {
	s, ok := d.Str(n, what)
	if !ok {
		return Text{}
	}
	switch strings.TrimSpace(s) {
	case "":
		d.Errorf(n, "%s is empty", what)
	case Placeholders.Summary, Placeholders.Procedure, Placeholders.Step:
		d.Warnf(n, "%s is the placeholder kbc new wrote: replace it before the article is published", what)
	default:
		if strings.HasPrefix(s, ImportPlaceholderPrefix) {
			d.Warnf(n, "%s is a placeholder kbc import wrote (it starts with %q): write it before the article is published", what, strings.TrimSpace(ImportPlaceholderPrefix))
		}
	}
	return Text{Key: key, Value: s, Pos: d.Pos(n), shape: d.shapeOf(n)}
}

// SkeletonPlaceholders are the texts a new article's skeleton holds for
// the writer to replace (see kbc new): valid, so that the skeleton lints
// clean of errors, and warned about while they stay.
type SkeletonPlaceholders struct {
	Summary, Procedure, Step string
}

// What kbc import's skeletons hold where the legacy text gave nothing: an
// id that is no article's, and texts that start with a word no support
// text starts with. Like kbc new's placeholders, they are valid and
// warned about while they stay.
const (
	ImportPlaceholderID     = "KB0"
	ImportPlaceholderPrefix = "TODO "
)

// Placeholders are the placeholder texts of kbc new's skeleton.
var Placeholders = SkeletonPlaceholders{
	Summary:   "Replace with one sentence that says what the reader achieves",
	Procedure: "Replace with the task this procedure performs",
	Step:      "Replace with the first thing the reader does",
}

// shapeOf works out whether offsets in a scalar's value map straight onto
// source columns (one-line scalars without escapes) or lines (literal
// blocks).
func (d *decoder) shapeOf(n *yaml.Node) scalarShape {
	if n.Line < 1 || n.Line > len(d.Lines) {
		return scalarShape{}
	}
	line := d.Lines[n.Line-1]
	start := contentfile.ColumnOffset(line, n.Column)
	switch n.Style {
	case 0, yaml.FlowStyle:
		if strings.HasPrefix(line[start:], n.Value) {
			return scalarShape{kind: shapeInline}
		}
		return piecesShape(multiLinePieces(d.Lines, n.Line, start, 0, n.Value))
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		if start+1 <= len(line) && strings.HasPrefix(line[start+1:], n.Value) {
			return scalarShape{kind: shapeInline, quoted: true}
		}
		quote := byte('"')
		if n.Style == yaml.SingleQuotedStyle {
			quote = '\''
		}
		pieces := quotedPieces(line, start, n.Line, quote, n.Value)
		if pieces == nil {
			pieces = multiLinePieces(d.Lines, n.Line, start, quote, n.Value)
		}
		if pieces == nil {
			pieces = quotedLinesPieces(d.Lines, n.Line, start, quote, n.Value)
		}
		return piecesShape(pieces)
	case yaml.LiteralStyle:
		if indent := blockIndent(d.Lines[n.Line:]); indent > 0 {
			return scalarShape{kind: shapeLiteral, indent: int32(indent)}
		}
	case yaml.FoldedStyle:
		return piecesShape(foldedPieces(d.Lines, n.Line, n.Value))
	}
	return scalarShape{}
}

func piecesShape(pieces []shapePiece) scalarShape {
	if pieces == nil {
		return scalarShape{}
	}
	return scalarShape{kind: shapePieces, pieces: &pieces}
}

// blockIndent returns the column (1-based) of a block scalar's content,
// whose lines follow: the indentation of its first non-blank line, as
// leading blank lines say nothing about it; 0 when it has none.
func blockIndent(lines []string) int {
	for _, next := range lines {
		if strings.TrimSpace(next) != "" {
			return len(next) - len(strings.TrimLeft(next, " ")) + 1
		}
	}
	return 0
}

// quotedPieces maps a scalar quoted with quote (" or ') written on one
// line, its opening quote at byte start of line (line lineNo): a piece per
// run written as it is and per escape (a backslash's in double quotes, an
// apostrophe written twice in single ones). It returns nil when the value
// is not what the line decodes to, as for a scalar that goes on below.
func quotedPieces(line string, start, lineNo int, quote byte, value string) []shapePiece {
	if start >= len(line) || line[start] != quote {
		return nil // not the line the loader counted
	}
	var pieces []shapePiece
	i, off := start+1, 0
	col := utf8.RuneCountInString(line[:i]) + 1
	stops := `"\`
	if quote == '\'' {
		stops = `'`
	}
	for i < len(line) {
		var text string // what the run or escape at i is in the value
		size, escape := 0, true
		switch {
		case quote == '\'' && strings.HasPrefix(line[i:], "''"):
			text, size = "'", 2
		case line[i] == quote:
			if off != len(value) {
				return nil
			}
			return pieces
		case line[i] == '\\' && quote == '"':
			r, n := contentfile.DecodeEscape(line[i:])
			if n == 0 {
				return nil
			}
			text, size = string(r), n
		default:
			n := strings.IndexAny(line[i:], stops)
			if n < 0 {
				return nil
			}
			text, size, escape = line[i:i+n], n, false
		}
		if !strings.HasPrefix(value[off:], text) {
			return nil
		}
		pieces = append(pieces, shapePiece{off: int32(off), line: int32(lineNo), col: int32(col), escape: escape})
		i, off, col = i+size, off+len(text), col+utf8.RuneCountInString(line[i:i+size])
	}
	return nil // the line ends before the closing quote
}

// multiLinePieces maps a plain scalar (quote 0) or one quoted with quote
// that goes on below its first line, written without escapes or doubled
// apostrophes, starting at byte start of line lineNo: a piece per line,
// found in value in order, the line breaks YAML folded into spaces, or
// kept for a blank line, between them. It returns nil when a line is not
// found so.
func multiLinePieces(lines []string, lineNo, start int, quote byte, value string) []shapePiece {
	var pieces []shapePiece
	off := 0
	for j := lineNo - 1; j < len(lines) && off < len(value); j++ {
		seg, at := strings.TrimSpace(lines[j]), len(lines[j])-len(strings.TrimLeft(lines[j], " "))
		if j == lineNo-1 {
			seg, at = strings.TrimRight(lines[j][start:], " "), start
			if quote != 0 {
				seg, at = seg[1:], at+1
			}
		}
		if quote != 0 {
			if strings.ContainsAny(seg, `\`) || strings.Contains(seg, "''") {
				return nil
			}
			if k := strings.IndexByte(seg, quote); k >= 0 {
				seg = seg[:k]
			}
		}
		if seg == "" {
			continue
		}
		if off = foldedTo(value, off, seg); off < 0 {
			return nil
		}
		pieces = append(pieces, shapePiece{off: int32(off), line: int32(j + 1), col: int32(utf8.RuneCountInString(lines[j][:at]) + 1)})
		off += len(seg)
	}
	if off != len(value) {
		return nil
	}
	return pieces
}

// quotedLinesPieces maps a scalar quoted with quote that goes on below
// its first line and holds escapes (a backslash's in double quotes, an
// apostrophe written twice in single ones), its opening quote at byte
// start of line lineNo: a piece per run written as it is and per escape,
// the line breaks YAML folded into spaces, or kept for a blank line,
// between lines. A backslash that ends a line escapes its line break:
// the next line goes on in the value with nothing between. It returns nil
// when a run is not found so.
func quotedLinesPieces(lines []string, lineNo, start int, quote byte, value string) []shapePiece {
	var pieces []shapePiece
	off, joined := 0, false // joined: the line break before this line was escaped
	for j := lineNo - 1; j < len(lines); j++ {
		l := lines[j]
		i := len(l) - len(strings.TrimLeft(l, " \t"))
		if j == lineNo-1 {
			i = start + 1
		}
		folded := !joined && j > lineNo-1 // the runs may follow what YAML made of the line break
		joined = false
		for i < len(l) {
			var text string
			size, escape := 0, true
			switch {
			case quote == '\'' && strings.HasPrefix(l[i:], "''"):
				text, size = "'", 2
			case l[i] == quote:
				// What YAML made of a line break just before the
				// closing quote ends the value.
				if rest := value[off:]; rest != "" && !(folded && strings.Trim(rest, " \n") == "") {
					return nil
				}
				return pieces
			case quote == '"' && l[i] == '\\' && i == len(l)-1:
				joined, i = true, len(l)
				continue
			case quote == '"' && l[i] == '\\':
				r, n := contentfile.DecodeEscape(l[i:])
				if n == 0 {
					return nil
				}
				text, size = string(r), n
			default:
				stops := `"\`
				if quote == '\'' {
					stops = `'`
				}
				n := strings.IndexAny(l[i:], stops)
				if n < 0 {
					n = len(l) - i
				}
				text, size, escape = l[i:i+n], n, false
				if i+n == len(l) {
					text = strings.TrimRight(text, " \t") // white space before a line break is folded away
				}
			}
			at := off
			if folded {
				if at = foldedTo(value, off, text); at < 0 {
					return nil
				}
			} else if !strings.HasPrefix(value[off:], text) {
				return nil
			}
			if text != "" {
				pieces = append(pieces, shapePiece{off: int32(at), line: int32(j + 1), col: int32(utf8.RuneCountInString(l[:i]) + 1), escape: escape})
			}
			i, off, folded = i+size, at+len(text), false
		}
	}
	return nil // the file ends before the closing quote
}

// foldedTo returns where run, a line of a scalar's source, starts in
// value from off on: past the spaces and line breaks YAML made of the line
// breaks before it; -1 when value does not go on so.
func foldedTo(value string, off int, run string) int {
	for !strings.HasPrefix(value[off:], run) {
		if off == len(value) || (value[off] != ' ' && value[off] != '\n') {
			return -1
		}
		off++
	}
	return off
}

// foldedPieces maps a folded block scalar, whose header is on line
// lineNo, to the lines that hold it: a piece per content line, found in
// value in order, the line breaks YAML folded into spaces or kept as line
// breaks between them. It returns nil when a line is not found so.
func foldedPieces(lines []string, lineNo int, value string) []shapePiece {
	if lineNo > len(lines) {
		return nil
	}
	indent := blockIndent(lines[lineNo:]) - 1
	if indent < 0 {
		return nil
	}
	var pieces []shapePiece
	off := 0
	for j := lineNo; j < len(lines); j++ {
		l := lines[j]
		if strings.TrimSpace(l) == "" {
			continue
		}
		if len(l)-len(strings.TrimLeft(l, " ")) < indent {
			break
		}
		content := l[indent:]
		if off = foldedTo(value, off, content); off < 0 {
			return nil
		}
		pieces = append(pieces, shapePiece{off: int32(off), line: int32(j + 1), col: int32(indent + 1)})
		off += len(content)
	}
	if strings.Trim(value[off:], "\n") != "" {
		return nil
	}
	return pieces
}

var (
	elementID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	articleID = regexp.MustCompile(`^KB[0-9]{1,12}$`)
)

// IsArticleID reports whether s has the form of a KB id, such as KB2277.
func IsArticleID(s string) bool { return articleID.MatchString(s) }

// id returns an element id, reporting one that is not lower-case words
// joined by hyphens: ids become URL fragments and translation keys.
func (d *decoder) id(n *yaml.Node, what string) string {
	if n != nil && n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		// Quoting the number would only make it a string naming a number.
		d.Errorf(n, "%s %s is a number; an id names what it stands for, like \"open-app\": numbers are derived from order", what, n.Value)
		return ""
	}
	s, ok := d.Str(n, what)
	if !ok {
		return ""
	}
	if !elementID.MatchString(s) {
		d.Errorf(n, "invalid %s %q: use lower-case letters, digits and single hyphens, like \"open-app\"", what, s)
	}
	return s
}

// portableID warns of an id that names a folder (folder says which)
// that Windows cannot hold (see WindowsNameProblem): a category's or
// section's in the site, a fragment's in the content.
func (d *decoder) portableID(n *yaml.Node, id, what, folder string) {
	if why := WindowsNameProblem(id); why != "" {
		d.Warnf(n, "%s id %s: %s is named so, which Git for Windows cannot check out nor a build there write; choose another", what, why, folder)
	}
}

func (d *decoder) articleID(n *yaml.Node, what string) string {
	s, ok := d.Str(n, what)
	if !ok {
		return ""
	}
	if !articleID.MatchString(s) {
		d.Errorf(n, "invalid %s %q: a KB id is \"KB\" followed by one to twelve digits, like \"KB2277\"", what, s)
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
