package contentfile

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// yaml.v3 reports a syntax error with its own wording and a line but no
// column, and its parser's line is that of the block it was reading, often
// above the mistake. explainYAMLError looks at the lines from there on for
// the mistakes writers make, and reports the first it finds at its line
// and column, saying what to do; where it finds none, yaml.v3's message
// stands, at the first character of its line.

// explainLimit bounds how far below yaml.v3's line the mistake is looked
// for: a block of an article is rarely longer.
const explainLimit = 40

// explainYAMLError returns the position and message of the syntax error
// yaml.v3 reported in the text of lines.
func explainYAMLError(lines []string, err error) (int, int, string) {
	line, msg := yamlErrorLine(err)
	if line < 1 || line > len(lines) {
		return line, 0, msg
	}
	from := max(1, line-1)
	if msg == "did not find expected '-' indicator" {
		if n, col, why := strayItemLine(lines, line); n > 0 {
			return n, col, why
		}
	}
	block := -1 // the indentation of the key of a block scalar being passed over
	for n := from; n <= len(lines) && n < line+explainLimit; n++ {
		l := lines[n-1]
		in := countSpaces(l)
		if block >= 0 && (in > block || strings.TrimSpace(l) == "") {
			continue
		}
		block = -1
		if col, why := lineMistake(l); why != "" {
			return n, col, why
		}
		if _, v := lineValue(l); v != "" && (v[0] == '|' || v[0] == '>') {
			block = in
		}
	}
	if col, why := explainAtLine(lines, line, msg); why != "" {
		return line, col, why
	}
	if n, col, why := misalignedLine(lines, line); n > 0 {
		return n, col, why
	}
	return line, firstColumn(lines[line-1]), msg
}

// level is an indentation the lines above have opened: the "- " of a
// list's items, or the keys of a mapping.
type level struct {
	indent int
	item   bool
}

// misalignedLine finds, from line on, the first line indented between two
// indentations the lines above have opened, so that it belongs to neither:
// a list item or a key one space off. yaml.v3 reports it at the line where
// the enclosing block starts, often far above. The lines are read from the
// top of the file, which opens the indentations they keep to.
func misalignedLine(lines []string, line int) (int, int, string) {
	var open []level
	opens := false // whether the line above opens a block below it
	block := -1    // the indentation of the key of a block scalar being passed over
	for n := 1; n <= len(lines) && n < line+explainLimit; n++ {
		l := lines[n-1]
		rest := strings.TrimLeft(l, " ")
		in := len(l) - len(rest)
		if block >= 0 && (in > block || rest == "") {
			continue
		}
		block = -1
		if rest == "" || rest[0] == '#' {
			continue
		}
		var above *level
		for len(open) > 0 && in < open[len(open)-1].indent {
			above = &open[len(open)-1]
			open = open[:len(open)-1]
		}
		top := -1
		if len(open) > 0 {
			top = open[len(open)-1].indent
		}
		switch {
		case above != nil && in > top && n >= line:
			return n, in + 1, misalignedWhy(rest, in, *above)
		case above != nil && in > top:
			return 0, 0, "" // above yaml.v3's line, which the mistake is not
		case in > top && (opens || len(open) == 0):
			open = append(open, level{indent: in, item: strings.HasPrefix(rest, "- ")})
		case in > top:
			continue // the rest of a value above, which only yaml.v3 reads
		}
		item := strings.HasPrefix(rest, "- ")
		if item {
			// The keys of the item start after its "- ".
			keys := in + 2 + countSpaces(rest[2:])
			open[len(open)-1].item = true
			open = append(open, level{indent: keys})
		}
		_, v := lineValue(l)
		opens = v == "" && (keyEnd(strings.TrimPrefix(rest, "- ")) > 0 || rest == "-")
		if v != "" && (v[0] == '|' || v[0] == '>') {
			block = in
			if item {
				block = open[len(open)-1].indent
			}
		}
	}
	return 0, 0, ""
}

// misalignedWhy says what to do with a line indented in spaces, less than
// the level above it opened and more than the one that holds it.
func misalignedWhy(rest string, in int, above level) string {
	if strings.HasPrefix(rest, "- ") && above.item {
		return fmt.Sprintf("this list item is indented %s, and the items of the list above %d: align its \"- \" with theirs", spaces(in), above.indent)
	}
	return fmt.Sprintf("this line is indented %s, less than the %d of the lines above it and more than the lines that hold them: indent it as the lines it belongs with", spaces(in), above.indent)
}

func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}

// explainAtLine explains two errors yaml.v3 reports at the right line in
// its own words: a quote that is never closed, and a key indented under a
// plain value, which it reads as the rest of that value.
func explainAtLine(lines []string, line int, msg string) (int, string) {
	l := lines[line-1]
	at, v := lineValue(l)
	col := func(i int) int { return utf8.RuneCountInString(l[:at+i]) + 1 }
	switch {
	case strings.Contains(msg, "unexpected end of stream") && v != "" && (v[0] == '"' || v[0] == '\'') && closingQuote(v) < 0:
		return col(0), "the quote opened here is never closed: close it where the value ends"
	case msg == "mapping values are not allowed in this context" && line >= 2:
		in := countSpaces(l)
		for n := line - 1; n >= 1; n-- {
			above := lines[n-1]
			t := strings.TrimLeft(above, " ")
			if t == "" || t[0] == '#' {
				continue
			}
			if aboveIn := len(above) - len(t); in > aboveIn && keyEnd(strings.TrimPrefix(t, "- ")) > 0 {
				if _, av := lineValue(above); av != "" && !strings.ContainsAny(av[:1], `"'|>[{`) {
					return in + 1, "this line is indented more than the key above it, so it reads as the rest of that key's value: indent it as that key"
				}
			}
			return 0, ""
		}
	}
	return 0, ""
}

// strayItemLine finds, below the list item that starts at line, the first
// line indented as neither an item of the list nor a key of one: a key
// meant for the item above, indented too little.
func strayItemLine(lines []string, line int) (int, int, string) {
	l := lines[line-1]
	indent := countSpaces(l)
	if !strings.HasPrefix(l[indent:], "- ") {
		return 0, 0, ""
	}
	keys := indent + 2 + countSpaces(l[indent+2:])
	for n := line + 1; n <= len(lines) && n < line+explainLimit; n++ {
		s := lines[n-1]
		rest := strings.TrimLeft(s, " ")
		if rest == "" || rest[0] == '#' {
			continue
		}
		in := len(s) - len(rest)
		switch {
		case in < indent:
			return 0, 0, ""
		case in == indent && !strings.HasPrefix(rest, "-"):
			return n, in + 1, "this line is indented as the items of the list above, but is not an item: indent it as the keys of the item it belongs to, or start a new item with \"- \""
		case in > indent && in < keys:
			return n, in + 1, "this line is indented more than the list's \"- \" and less than the keys of its item: indent it as those keys"
		}
	}
	return 0, 0, ""
}

// lineMistake returns the column and explanation of a mistake in the
// value a line gives a key or a list item, or "" when it has none that
// explainYAMLError knows.
func lineMistake(l string) (int, string) {
	if strings.HasPrefix(l, "%YAML") || strings.HasPrefix(l, "%TAG") {
		// At the start of a line, these begin a directive, not a value;
		// another % there is text that goes on from the line above.
		return 1, "a YAML directive: content files use none, and the YAML reader kbc uses refuses %YAML 1.2; remove the line, and the --- below it"
	}
	at, v := lineValue(l)
	if v == "" {
		return 0, ""
	}
	col := func(i int) int { return utf8.RuneCountInString(l[:at+i]) + 1 }
	switch v[0] {
	case '"', '\'':
		end := closingQuote(v)
		if end < 0 {
			return 0, "" // a quoted value may go on below
		}
		rest := strings.TrimLeft(v[end+1:], " ")
		if rest == "" || rest[0] == '#' {
			return 0, ""
		}
		i := len(v) - len(rest)
		if v[0] == '\'' {
			return col(i), "the value's closing quote is followed by more text: inside single quotes an apostrophe is written twice (''), or quote the value with double quotes"
		}
		return col(i), "the value's closing quote is followed by more text: quote the whole value, and write a quote inside it as \\\""
	case '{':
		switch {
		case strings.HasPrefix(v, "{{"):
			return col(0), "a value that starts with a reference is read as a YAML mapping: put the whole value in double quotes"
		case !strings.HasSuffix(v, "}"):
			return col(0), "a value that starts with { is read as a YAML mapping, which this line does not close: close it with }, or, for text, put the whole value in double quotes"
		}
		// A flow mapping, as translation units are: the same quoting
		// mistakes may be made in its values.
		if i, why := flowQuoteMistake(v); why != "" {
			return col(i), why
		}
		if i := nestedFlowIndicator(v); i > 0 && isUnit(v) {
			return col(i), fmt.Sprintf("a %c inside a value of a one-line {…} mapping is read as YAML syntax: put the whole value in double quotes, as in {text: \"…\", source: …}", v[i])
		}
		return 0, ""
	case '[':
		if !strings.HasSuffix(v, "]") {
			return col(0), "a value that starts with [ is read as a YAML list, which this line does not close: close it with ], or, for text, put the whole value in double quotes"
		}
		return 0, ""
	case '*', '&', '!', '%', '@', '`':
		return col(0), fmt.Sprintf("a value that starts with %c is read as YAML syntax: put the whole value in double quotes", v[0])
	case '|', '>':
		header := strings.TrimLeft(v[1:], "+-0123456789")
		if t := strings.TrimLeft(header, " "); t != "" && t[0] != '#' {
			return col(len(v) - len(t)), "a block's text starts on the line below its | or >: move it there, indented"
		}
		return 0, ""
	case '-':
		if strings.HasPrefix(v, "- ") {
			return col(0), "a value that starts with \"- \" is read as a list item, which cannot follow a key on its line: put the item on the line below, or the whole value in double quotes"
		}
	}
	if i := strings.Index(v, ": "); i >= 0 && !strings.Contains(v[:i], " #") {
		return col(i), "a colon followed by a space inside a value is read as a key: put the whole value in double quotes"
	}
	if strings.HasSuffix(v, ":") && !strings.Contains(v, " #") {
		return col(len(v) - 1), "a value that ends with a colon is read as a key: put the whole value in double quotes"
	}
	return 0, ""
}

// flowQuoteMistake returns where a quoted key or value of the flow mapping
// v is followed by more text than a comma, a colon or the closing brace,
// or is not closed, and why; "" when none is.
func flowQuoteMistake(v string) (int, string) {
	for i := 1; i < len(v); i++ {
		if v[i] != '"' && v[i] != '\'' {
			continue
		}
		if !startsScalar(v[:i]) {
			continue // a quote inside a plain value is text
		}
		end := closingQuote(v[i:])
		if end < 0 {
			return i, "the quote opened here is not closed on its line"
		}
		rest := strings.TrimLeft(v[i+end+1:], " ")
		if rest != "" && rest[0] != ',' && rest[0] != '}' && rest[0] != ':' {
			j := len(v) - len(rest)
			if v[i] == '\'' {
				return j, "the value's closing quote is followed by more text: inside single quotes an apostrophe is written twice (''), or quote the value with double quotes"
			}
			return j, "the value's closing quote is followed by more text: quote the whole value, and write a quote inside it as \\\""
		}
		i += end
	}
	return 0, ""
}

// nestedFlowIndicator returns where the one-line flow mapping v holds a {
// or a [ outside its quoted keys and values, or 0 when it holds none. A
// translation unit is such a mapping of two scalars, and a bracket there
// is one of its text's, a reference's braces most often, written unquoted.
func nestedFlowIndicator(v string) int {
	for i := 1; i < len(v)-1; i++ {
		switch c := v[i]; {
		case (c == '"' || c == '\'') && startsScalar(v[:i]):
			end := closingQuote(v[i:])
			if end < 0 {
				return 0
			}
			i += end
		case c == '{' || c == '[':
			return i
		}
	}
	return 0
}

// isUnit reports whether the one-line mapping v is a translation unit,
// {text: …, source: …}, whose text holds no list or mapping: other
// mappings, such as a term base's {term: …, forbidden: [ … ]}, may.
func isUnit(v string) bool {
	return strings.HasPrefix(strings.TrimLeft(v[1:], " "), "text:") && strings.Contains(v, "source:")
}

// startsScalar reports whether a scalar starts after before, the text of a
// flow mapping up to it: after its opening brace, a comma or a colon.
func startsScalar(before string) bool {
	before = strings.TrimRight(before, " ")
	return strings.HasSuffix(before, ":") || strings.HasSuffix(before, ",") || strings.HasSuffix(before, "{")
}

// lineValue returns where the value a line gives a key or a list item
// starts, and the value, or "" when the line gives none (a key alone, a
// comment, a block scalar's text is not told apart: the callers look at
// the lines near yaml.v3's, where block text is rare).
func lineValue(l string) (int, string) {
	i := countSpaces(l)
	for strings.HasPrefix(l[i:], "- ") {
		i += 2
		i += countSpaces(l[i:])
	}
	rest := l[i:]
	if rest == "" || rest[0] == '#' {
		return 0, ""
	}
	if k := keyEnd(rest); k > 0 {
		i += k
		i += countSpaces(l[i:])
	}
	return i, strings.TrimRight(l[i:], " ")
}

// keyEnd returns the length of the "key: " a text starts with, 0 if it
// starts with none: keys are words, with dots in translation files.
func keyEnd(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':' && i > 0 && (i+1 == len(s) || s[i+1] == ' '):
			return i + 1
		case isWordByte(c) || c == '.':
		default:
			return 0
		}
	}
	return 0
}

// closingQuote returns the index of the quote that closes the quoted
// value v starts with, or -1 when v does not close it.
func closingQuote(v string) int {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return i
		}
	}
	return -1
}

// firstColumn returns the column of a line's first character that is not
// a space, 1 for a blank line.
func firstColumn(l string) int {
	t := strings.TrimLeft(l, " ")
	if t == "" {
		return 1
	}
	return utf8.RuneCountInString(l[:len(l)-len(t)]) + 1
}
