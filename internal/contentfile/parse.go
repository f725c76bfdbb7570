// Package contentfile reads the files of the content tree. ReadLimited
// reads a regular file, with a bound, as cheaply as the system allows.
// Parse checks the text of a YAML content file where YAML is silent or
// unclear (invalid UTF-8, control and bidirectional characters, tab
// indentation, a byte-order mark, CRLF line endings) and parses its one
// document, refusing anchors and aliases; each problem is a finding of
// the syntax rule at its line and column. A Decoder reads the document's
// nodes as mappings, lists and scalars of the kinds a content file
// expects, each problem a finding of the schema rule at its node; what
// the nodes mean is package content's business.
package contentfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/diag"
)

// RuleSyntax names the findings about the text of a file: it is not
// well-formed UTF-8 YAML.
const RuleSyntax = "syntax"

// Parse checks the text of a file and parses it into its single
// document's root node, and returns its lines too, for mapping scalars
// back to columns. It returns nil when the file cannot be used; every
// reason has been reported. The nodes may carry no comments: a file in
// the YAML most content files use is read without yaml.v3 (parseFast).
func Parse(path string, src []byte, diags *diag.List) (*yaml.Node, []string) {
	return ParseIn(nil, path, src, diags)
}

// ParseIn is Parse, taking the nodes of a file in the fast path from
// arena (see Arena), or allocating them when it is nil.
func ParseIn(arena *Arena, path string, src []byte, diags *diag.List) (*yaml.Node, []string) {
	at := func(line, col int) diag.Position { return diag.Position{File: path, Line: line, Column: col} }

	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		diags.Warnf(at(1, 1), RuleSyntax, "file starts with a byte-order mark; save it as UTF-8 without BOM, as kbc fmt does")
		src = src[3:]
	}
	if enc := WideEncoding(src); enc != "" {
		// Its first byte would be reported as invalid UTF-8, which does
		// not say what to do about it.
		diags.Errorf(at(1, 1), RuleSyntax, "file is in %s (it starts with a %s byte-order mark); kbc reads UTF-8: save it as UTF-8", enc, enc)
		return nil, nil
	}
	if i := loneCR(src); i >= 0 {
		// YAML takes a carriage return alone for a line break, as the
		// files of old Mac editors end their lines, where some editors
		// show none. Every check counts the lines as the parser does,
		// on a copy with those returns made line feeds, which keeps each
		// byte where it is; fixes, which count lines by line feeds in the
		// file, are left out.
		line, col := lineCol(src, i)
		diags.Warnf(at(line, col), RuleSyntax, "carriage return (CR) with no line feed after it, which YAML reads as a line break; save the file with LF line endings")
		src = loneCRsAsLF(src)
		first := len(*diags)
		defer func() {
			for j := range (*diags)[first:] {
				(*diags)[first+j].Fix = nil
			}
		}()
	}
	var tabs, trails diag.List
	before := len(*diags)
	ok, plain := checkText(path, src, diags, &tabs, &trails)
	if len(tabs) > 0 && !(*diags)[before:].HasErrors() && tabsAreText(src) {
		tabs, ok = nil, true
	}
	if len(tabs) > 0 {
		fixTabs(src, tabs)
		*diags = append(*diags, tabs...)
	}
	if !ok {
		*diags = append(*diags, trails...)
		return nil, nil
	}
	if onlyComments(src) {
		// Its blank lines' spaces are no problem of their own.
		diags.Errorf(at(1, 1), RuleSyntax, "file is empty")
		return nil, nil
	}
	*diags = append(*diags, trails...)
	checkComposed(path, src, diags)
	text := string(src)
	if i := strings.Index(text, "\r\n"); i >= 0 {
		line, col := lineCol(src, i)
		diags.Warnf(at(line, col), RuleSyntax, "file has CRLF line endings; use LF, as kbc fmt does")
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	lines := strings.Split(text, "\n")
	if root, ok := parseFast(lines, plain, arena); ok {
		return root, lines
	}

	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		line, col, msg := explainYAMLError(lines, err)
		diags.Errorf(at(line, col), RuleSyntax, "%s", msg)
		return nil, nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		diags.Errorf(at(extra.Line, 1), RuleSyntax, "file holds more than one YAML document")
	} else if !errors.Is(err, io.EOF) {
		line, col, msg := explainYAMLError(lines, err)
		diags.Errorf(at(line, col), RuleSyntax, "%s", msg)
		return nil, nil
	}
	if len(doc.Content) == 0 {
		diags.Errorf(at(1, 1), RuleSyntax, "file is empty")
		return nil, nil
	}
	if !noAliases(path, doc.Content[0], diags) || !noEscapedControls(path, text, lines, doc.Content[0], diags) {
		return nil, nil
	}
	return doc.Content[0], lines
}

// noEscapedControls reports the characters a double-quoted value's escapes
// make that checkText refuses, or warns about, written as they are: "\e",
// "\x00" or "\u202e" would otherwise put a terminal escape, a NUL or a
// bidirectional override into the site. The fast path takes no escapes,
// and checkText has passed the text itself, so what the values hold beyond
// it came from escapes.
func noEscapedControls(path, text string, lines []string, root *yaml.Node, diags *diag.List) bool {
	ok := true
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.Style&yaml.DoubleQuotedStyle != 0 {
			ok = checkEscaped(path, text, lines, n, diags) && ok
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	return ok
}

// checkEscaped reports the first character of a double-quoted value that
// an escape made and checkText would report, at the value's position.
//
// On a value written on one line, each such escape is reported at its
// backslash; else the first such character is, at the value.
func checkEscaped(path, text string, lines []string, n *yaml.Node, diags *diag.List) bool {
	if found, ok := checkEscapesOnLine(path, text, lines, n, diags); found {
		return ok
	}
	pos := diag.Position{File: path, Line: n.Line, Column: n.Column}
	for _, r := range n.Value {
		if sev, what := escapedCharacter(r, text); sev != 0 {
			diags.Add(diag.Diagnostic{Pos: pos, Rule: RuleSyntax, Severity: sev, Message: "an escape in this value makes " + what})
			if sev == diag.Error {
				return false
			}
		}
	}
	return true
}

// checkEscapesOnLine reports, at its backslash, each escape of a
// double-quoted value written on one line that makes a character
// escapedCharacter objects to. found is false, with nothing reported,
// for a value the line does not hold whole.
func checkEscapesOnLine(path, text string, lines []string, n *yaml.Node, diags *diag.List) (found, ok bool) {
	if n.Line < 1 || n.Line > len(lines) {
		return false, false
	}
	line := lines[n.Line-1]
	i := ColumnOffset(line, n.Column)
	if i >= len(line) || line[i] != '"' {
		return false, false
	}
	var reports diag.List
	for i++; i < len(line) && line[i] != '"'; i++ {
		if line[i] != '\\' {
			continue
		}
		r, size := DecodeEscape(line[i:])
		if size == 0 {
			return false, false
		}
		if sev, what := escapedCharacter(r, text); sev != 0 {
			pos := diag.Position{File: path, Line: n.Line, Column: utf8.RuneCountInString(line[:i]) + 1}
			reports.Add(diag.Diagnostic{Pos: pos, Rule: RuleSyntax, Severity: sev,
				Message: fmt.Sprintf("the escape %s makes %s", line[i:i+size], what)})
		}
		i += size - 1
	}
	if i >= len(line) {
		return false, false // the value goes on below
	}
	*diags = append(*diags, reports...)
	return true, !reports.HasErrors()
}

// ColumnOffset returns the byte offset in line of column col, 1-based and
// counted in characters as yaml.v3 and findings count them; len(line) for
// a column past its end.
func ColumnOffset(line string, col int) int {
	i := 0
	for c := 1; c < col && i < len(line); c++ {
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	return i
}

// escapedCharacter says what checkText would say of r, were it written as
// it is: an error for a control or bidirectional character, a warning for
// an invisible one not written as it is elsewhere in text (which checkText
// reported there); 0 for a character it takes.
func escapedCharacter(r rune, text string) (diag.Severity, string) {
	switch {
	case r == '\n' || r == '\t' || (r >= 0x20 && r < 0x7f):
	case isBidiControl(r):
		return diag.Error, fmt.Sprintf("bidirectional control character %U, which can make text read differently from how it is stored", r)
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError:
		return diag.Error, fmt.Sprintf("control character %U", r)
	case isZeroWidth(r) && !strings.ContainsRune(text, r):
		return diag.Warning, fmt.Sprintf("invisible zero-width character %U", r)
	}
	return 0, ""
}

// DecodeEscape decodes the escape of a double-quoted YAML value that s
// starts with, a backslash and what follows, and returns its character
// and its length in s; 0 for an escape that is not one of YAML's, or that
// ends the line.
func DecodeEscape(s string) (rune, int) {
	if len(s) < 2 {
		return 0, 0
	}
	if r, ok := yamlEscapes[s[1]]; ok {
		return r, 2
	}
	digits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[1]]
	if digits == 0 || len(s) < 2+digits {
		return 0, 0
	}
	n, err := strconv.ParseUint(s[2:2+digits], 16, 32)
	if err != nil {
		return 0, 0
	}
	return rune(n), 2 + digits
}

var yamlEscapes = map[byte]rune{
	'0': 0, 'a': '\a', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v', 'f': '\f', 'r': '\r',
	'e': 0x1b, ' ': ' ', '"': '"', '/': '/', '\\': '\\', 'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029,
}

// WideEncoding names the encoding whose byte-order mark src starts with,
// "UTF-16" or "UTF-32", as some Windows editors save text, or returns "".
// UTF-16's marks are FF FE (little-endian) and FE FF (big-endian);
// UTF-32's are FF FE 00 00 and 00 00 FE FF, the first of which starts
// like UTF-16's. None can start UTF-8 text.
func WideEncoding(src []byte) string {
	switch {
	case bytes.HasPrefix(src, []byte{0xff, 0xfe, 0, 0}), bytes.HasPrefix(src, []byte{0, 0, 0xfe, 0xff}):
		return "UTF-32"
	case bytes.HasPrefix(src, []byte{0xff, 0xfe}), bytes.HasPrefix(src, []byte{0xfe, 0xff}):
		return "UTF-16"
	}
	return ""
}

// checkText reports invalid UTF-8, tab indentation and control characters,
// which YAML either rejects with a poor message or accepts silently, and
// trailing white space, which no reader sees; each problem once per line.
// Tabs in indentation go to tabs and trailing white space to trails, for
// the caller to complete and keep. It reports too whether every line
// was plain (see plainLine), which spares the fast path its own check of
// the lines.
func checkText(path string, src []byte, diags, tabs, trails *diag.List) (ok, plain bool) {
	return scanText(path, src, diags, tabs, trails, true)
}

// scanText is checkText, which passes over plain lines whole when
// skipPlain is set, and else looks at every character and reports no
// line plain: the tests hold the two to the same findings.
func scanText(path string, src []byte, diags, tabs, trails *diag.List, skipPlain bool) (ok, plain bool) {
	ok, plain = true, skipPlain
	line, col := 1, 1
	lineStart := true
	tabReported := false
	var trail trailing
	for i := 0; i < len(src); {
		if skipPlain && col == 1 {
			// Most lines have nothing to report: such a line is passed
			// over whole.
			if n := plainLine(src[i:]); n > 0 {
				i += n
				line++
				continue
			}
			plain = false
		}
		if c := src[i]; c >= 0x20 && c < 0x7f {
			// Printable ASCII, most of any file, has nothing to report.
			if c == ' ' {
				trail.extend(i, col)
			} else {
				trail = trailing{}
			}
			col++
			lineStart = lineStart && c == ' '
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		pos := diag.Position{File: path, Line: line, Column: col}
		switch {
		case r == utf8.RuneError && size <= 1:
			diags.Errorf(pos, RuleSyntax, "invalid UTF-8 byte 0x%02x; save the file as UTF-8", src[i])
			return false, false
		case r == '\t' && lineStart:
			if !tabReported {
				tabs.Errorf(pos, RuleSyntax, "tab character in indentation; YAML indents with spaces")
				tabReported = true
			}
			ok = false
		case r == '\u2028' || r == '\u2029':
			// YAML takes these for line breaks too.
			diags.Errorf(pos, RuleSyntax, "%s %U, which YAML reads as a line break; use a line break or remove it", separatorNames[r], r)
			ok = false
		case r == '\n' || r == '\r' || r == '\t':
		case isBidiControl(r):
			diags.Errorf(pos, RuleSyntax, "bidirectional control character %U can make text read differently from how it is stored", r)
			ok = false
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			diags.Errorf(pos, RuleSyntax, "control character %U", r)
			ok = false
		case r == 0xfffe || r == 0xffff:
			// YAML refuses them too, but at the start of the file.
			diags.Errorf(pos, RuleSyntax, "noncharacter %U, which YAML does not allow", r)
			ok = false
		case isZeroWidth(r):
			diags.Warnf(pos, RuleSyntax, "invisible zero-width character %U", r)
		}
		switch {
		case r == '\t':
			trail.extend(i, col)
		case r == '\r' && i+1 < len(src) && src[i+1] == '\n':
			// The end of a CRLF line: what precedes it still trails.
		case r != '\n':
			trail = trailing{}
		}
		if r == '\n' {
			trail.report(path, line, src, trails)
			line, col, lineStart, tabReported, trail = line+1, 1, true, false, trailing{}
		} else {
			col++
			if r != ' ' && r != '\t' {
				lineStart = false
			}
		}
		i += size
	}
	trail.report(path, line, src, trails)
	settleLineBreaks(src, *trails)
	return ok, plain
}

// checkComposed reports the lines whose accented letters are written
// decomposed, as a letter and a combining mark, as text copied on macOS
// may be: they look alike, but the rules, the term base and search match
// composed (NFC) text, so a decomposed "étape 3" escapes them all. The fix
// composes each such letter and its marks, and leaves the rest of the
// line as written (NFC would also change CJK compatibility ideographs).
func checkComposed(path string, src []byte, diags *diag.List) {
	if !mayBeDecomposed(src) {
		return
	}
	for n, line := range bytes.Split(src, []byte("\n")) {
		line = bytes.TrimSuffix(line, []byte("\r"))
		if !mayBeDecomposed(line) {
			continue
		}
		composed, col, ok := composeMarks(line)
		if !ok {
			continue
		}
		diags.Add(diag.Diagnostic{Pos: diag.Position{File: path, Line: n + 1, Column: col}, Rule: RuleSyntax, Severity: diag.Warning,
			Message: "accented letters written decomposed, a letter and a combining mark (as text copied on macOS may be): they look alike, but lint rules, the term base and search match the composed letters",
			Fix:     &diag.Fix{Message: "compose them (Unicode NFC)", Edits: []diag.Edit{diag.NewEdit(n+1, 1, string(line), string(composed))}}})
	}
}

// composeMarks returns line with each letter that combining accents or
// kana voicing marks follow composed with them (NFC), and the column of
// the first; ok is false when none composes.
func composeMarks(line []byte) (out []byte, col int, ok bool) {
	copied := 0 // line[:copied] is in out
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRune(line[i:])
		if !isComposingMark(r) {
			i += size
			continue
		}
		_, before := utf8.DecodeLastRune(line[copied:i])
		start, end := i-before, i
		for end < len(line) {
			r, size := utf8.DecodeRune(line[end:])
			if !isComposingMark(r) && !unicode.Is(unicode.Mn, r) {
				break
			}
			end += size
		}
		if c := norm.NFC.Bytes(line[start:end]); !bytes.Equal(c, line[start:end]) {
			if !ok {
				col, ok = utf8.RuneCount(line[:start])+1, true
			}
			out = append(append(out, line[copied:start]...), c...)
			copied = end
		}
		i = end
	}
	if !ok {
		return nil, 0, false
	}
	return append(out, line[copied:]...), col, true
}

// isComposingMark reports whether r is a combining accent or a kana
// voicing mark, which NFC composes with the letter before it.
func isComposingMark(r rune) bool {
	return r >= 0x300 && r <= 0x36F || r == 0x3099 || r == 0x309A
}

// mayBeDecomposed reports whether b holds a combining accent (U+0300 to
// U+036F, whose UTF-8 starts with 0xCC or 0xCD) or a kana voicing mark
// (U+3099, U+309A).
func mayBeDecomposed(b []byte) bool {
	return bytes.IndexByte(b, 0xCC) >= 0 || bytes.IndexByte(b, 0xCD) >= 0 ||
		bytes.Contains(b, []byte("\u3099")) || bytes.Contains(b, []byte("\u309A"))
}

// loneCR returns the offset of the first carriage return in src that no
// line feed follows, or -1.
func loneCR(src []byte) int {
	for i := bytes.IndexByte(src, '\r'); i >= 0; {
		if isLoneCR(src, i) {
			return i
		}
		j := bytes.IndexByte(src[i+1:], '\r')
		if j < 0 {
			return -1
		}
		i += 1 + j
	}
	return -1
}

// loneCRsAsLF returns a copy of src with each carriage return that no line
// feed follows made a line feed.
func loneCRsAsLF(src []byte) []byte {
	out := bytes.Clone(src)
	for i := range out {
		if isLoneCR(out, i) {
			out[i] = '\n'
		}
	}
	return out
}

// isLoneCR reports whether b[i] is a carriage return that no line feed
// follows.
func isLoneCR(b []byte, i int) bool {
	return b[i] == '\r' && (i+1 == len(b) || b[i+1] != '\n')
}

// separatorNames names the Unicode separators YAML takes for line breaks.
var separatorNames = map[rune]string{'\u2028': "line separator", '\u2029': "paragraph separator"}

// plainLine returns the length of the line src starts with, with its
// line break, when it has nothing to report and the fast path would take
// it as it is (see safeText): printable characters in valid UTF-8, none
// of them a control, bidirectional control or zero-width character, a
// line or paragraph separator or a non-character, and no white space at
// its end. Else it returns 0.
func plainLine(src []byte) int {
	i := 0
	for {
		for i+8 <= len(src) && printableASCII(binary.LittleEndian.Uint64(src[i:])) {
			i += 8
		}
		if i == len(src) {
			break
		}
		switch c := src[i]; {
		case c == '\n':
			if i > 0 && src[i-1] == ' ' {
				return 0
			}
			return i + 1
		case c >= ' ' && c < 0x7f:
			i++
		case c < utf8.RuneSelf:
			return 0
		default:
			r, size := utf8.DecodeRune(src[i:])
			if !plainRune(r) {
				return 0
			}
			i += size
		}
	}
	if i == 0 || src[i-1] == ' ' {
		return 0
	}
	return i
}

// printableASCII reports whether the eight bytes of x are all printable
// ASCII, ' ' to '~': none has its high bit set, is below ' ' or is DEL.
func printableASCII(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (x - ones*' ') &^ x
	del := x ^ ones*0x7f
	isDel := (del - ones) &^ del
	return (x|below|isDel)&highs == 0
}

// plainRune reports whether a character of more than one byte, decoded
// as r, is one checkText has nothing to say about and the fast path
// takes.
func plainRune(r rune) bool {
	switch {
	case r < 0xa0:
		return false
	case r < 0x2000:
		return true
	default:
		return !isBidiControl(r) && !isZeroWidth(r) && r != 0x2028 && r != 0x2029 && (r < 0xfffd || r > 0xffff)
	}
}

// trailing is a run of spaces and tabs, which trails its line if nothing
// else follows it there.
type trailing struct {
	start, end int // byte offsets; start == end for none
	col        int // the column of its first character
}

func (t *trailing) extend(off, col int) {
	if t.start == t.end {
		t.start, t.col = off, col
	}
	t.end = off + 1
}

// report reports the run as trailing white space of the line. Removing it
// is the fix, except after text where two spaces or more may be a Markdown
// line break in a block of text: the writer decides those, which the
// message says, and which settleLineBreaks tells from the others once the
// whole file is read.
func (t trailing) report(path string, line int, src []byte, diags *diag.List) {
	if t.start == t.end {
		return
	}
	run := string(src[t.start:t.end])
	d := diag.Diagnostic{Pos: diag.Position{File: path, Line: line, Column: t.col}, Rule: RuleSyntax, Severity: diag.Warning,
		Message: "trailing white space",
		Fix:     &diag.Fix{Message: "remove the trailing white space", Edits: []diag.Edit{diag.NewEdit(line, t.col, run, "")}}}
	lineStart := bytes.LastIndexByte(src[:t.start], '\n') + 1
	afterText := t.start > lineStart
	if afterText && len(run) >= 2 && strings.Trim(run, " ") == "" {
		d.Message += lineBreakHint
	}
	diags.Add(d)
}

// lineBreakHint ends the finding of spaces that may be a Markdown line
// break.
const lineBreakHint = "; if it is meant as a Markdown line break, end the line with a backslash instead"

// settleLineBreaks decides the findings of spaces that may be a Markdown
// line break: only a block scalar's text keeps a line's trailing spaces,
// so on a line of one they are the writer's to decide and have no fix,
// and anywhere else YAML drops them, they break no line, and removing
// them is the fix.
func settleLineBreaks(src []byte, trails diag.List) {
	var inBlock []bool
	for i := range trails {
		d := &trails[i]
		if !strings.HasSuffix(d.Message, lineBreakHint) {
			continue
		}
		if inBlock == nil {
			inBlock = blockLines(src)
		}
		if d.Pos.Line < len(inBlock) && inBlock[d.Pos.Line] {
			d.Fix = nil
		} else {
			d.Message = strings.TrimSuffix(d.Message, lineBreakHint)
		}
	}
}

// blockIndicator matches the end of a line whose value is a block
// scalar, such as "body: |", "- >-" or "text: |2 # a comment".
var blockIndicator = regexp.MustCompile(`(?:^|[:-] )\s*(?:[!&]\S*\s+)*[|>][-+0-9]*\s*(?:#.*)?$`)

// keyAfterDashes matches the key a line of a list item starts with, after
// its dashes: "  - body: |" opens a block whose lines are indented past
// the key, not past the dash.
var keyAfterDashes = regexp.MustCompile(`^((?:-\s+)+)[^\s:#][^:]*:\s`)

// blockLines reports, by line number from 1, which lines of src are a
// block scalar's text: the lines after one whose value is a block scalar
// that are blank or more indented than it. One pass, whatever the file.
func blockLines(src []byte) []bool {
	lines := strings.Split(string(src), "\n")
	in := make([]bool, len(lines)+1)
	opener := -1 // the indentation of the line that opened the block; -1 outside one
	for i, line := range lines {
		line = strings.TrimRight(line, " \t\r")
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if opener >= 0 && (indent == len(line) || indent > opener) {
			in[i+1] = true
			continue
		}
		opener = -1
		if blockIndicator.MatchString(line) {
			opener = indent
			if m := keyAfterDashes.FindStringSubmatch(line[indent:]); m != nil {
				opener += len(m[1])
			}
		}
	}
	return in
}

// fixTabs gives each finding of a tab in indentation its fix, when the
// file is indented with tabs alone, each tab a level: two spaces for each
// tab, the indentation step kbc fmt writes, if the file then parses. In a
// file that mixes tabs and spaces, what the tabs stand for depends on how
// wide the writer's editor shows them, and is left to the writer.
func fixTabs(src []byte, tabs diag.List) {
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	fixable := !slices.ContainsFunc(lines, func(l string) bool {
		return strings.Contains(l[:len(l)-len(strings.TrimLeft(l, " \t"))], " ")
	})
	if fixable {
		var doc yaml.Node
		fixable = yaml.Unmarshal([]byte(expandIndent(text, 2)), &doc) == nil
	}
	for i := range tabs {
		if !fixable {
			tabs[i].Message += "; kbc cannot tell which indentation the tabs stand for among spaces, so indent with spaces by hand"
			continue
		}
		line := tabs[i].Pos.Line
		indent := lines[line-1][:len(lines[line-1])-len(strings.TrimLeft(lines[line-1], "\t"))]
		tabs[i].Fix = &diag.Fix{Message: "indent with two spaces for each tab", Edits: []diag.Edit{
			diag.NewEdit(line, 1, indent, expandIndent(indent, 2)),
		}}
	}
}

// tabsAreText reports whether the tabs that start lines of src, which
// checkText takes for indentation, are text of the values they are in, as
// in a literal block whose line starts with a tab after the block's
// indentation: YAML refuses a tab that indents, so a file it reads has
// none.
func tabsAreText(src []byte) bool {
	var doc yaml.Node
	return yaml.Unmarshal(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), &doc) == nil
}

// expandIndent replaces the tabs that indent each line of text with the
// spaces that reach the next multiple of width.
func expandIndent(text string, width int) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		rest := strings.TrimLeft(l, " \t")
		col := 0
		for _, c := range l[:len(l)-len(rest)] {
			if c == '\t' {
				col = (col/width + 1) * width
			} else {
				col++
			}
		}
		lines[i] = strings.Repeat(" ", col) + rest
	}
	return strings.Join(lines, "\n")
}

// isBidiControl reports whether r is a bidirectional embedding, override
// or isolate, which reorder whole runs of text: how a text can read
// otherwise than it is stored.
//
// The directional marks (U+200E, U+200F and Arabic's U+061C) are not
// among the controls: each is an invisible letter of one direction, that
// moves no text but the punctuation and digits beside it, which Arabic
// and Hebrew writers and their translation tools put where a sentence
// ends in a word of the other direction. The embeddings, overrides and
// isolates are what reorder.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

func isZeroWidth(r rune) bool {
	return r == 0x200b || r == 0x200c || r == 0x200d || r == 0x2060 || r == 0xfeff
}

// onlyComments reports whether every line of src is blank or a YAML
// comment, so that a file holding only comments counts as empty.
func onlyComments(src []byte) bool {
	for len(src) > 0 {
		// A lone CR ends a line too, for YAML as for old Mac editors: a
		// comment does not run on to the end of such a file.
		line, rest := src, []byte(nil)
		if i := bytes.IndexAny(src, "\r\n"); i >= 0 {
			line, rest = src[:i], src[i+1:]
		}
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			return false
		}
		src = rest
	}
	return true
}

func lineCol(src []byte, off int) (int, int) {
	before := src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// yaml.v3 reports syntax errors as text only ("yaml: line 3: did not find
// expected key"); it has no structured position. This is the one place that
// reads a position out of a message, and it reads a third-party one.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if parserProblems[m[2]] {
			n++
		}
		return n, m[2]
	}
	return 1, strings.TrimPrefix(msg, "yaml: ")
}

// parserProblems are the messages of yaml.v3's parser, as opposed to its
// scanner. yaml.v3 v3.0.1 prints the parser's 0-based mark line where it
// prints the scanner's 1-based one, so a parser error would point one line
// above the construct it is about.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// noAliases rejects anchors and aliases. Content is written by people and
// read by translators; shared fragments belong in the model, and refusing
// aliases outright makes alias bombs harmless.
// AliasesRefused is the finding of an anchor or an alias in a file Parse
// reads: a file whose only findings are these is YAML yaml.v3 reads.
const AliasesRefused = "YAML anchors and aliases are not supported in content files"

func noAliases(path string, root *yaml.Node, diags *diag.List) bool {
	ok := true
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.AliasNode || n.Anchor != "" {
			diags.Errorf(diag.Position{File: path, Line: n.Line, Column: n.Column}, RuleSyntax, "%s", AliasesRefused)
			ok = false
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	return ok
}
