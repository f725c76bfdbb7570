package svg

import (
	"fmt"
	"regexp"
	"strings"
)

// valueKind says which grammar an attribute's value must follow.
type valueKind int

const (
	cssValue       valueKind = iota // a CSS value without url()
	nameValue                       // an id
	numbersValue                    // numbers and separators
	pathValue                       // path data
	transformValue                  // a transform list
	styleValue                      // CSS declarations
)

var (
	idName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)
	// localRef is a reference into the file itself.
	localRef = regexp.MustCompile(`^#[A-Za-z_][A-Za-z0-9_.-]*$`)
)

// maxFunctionDepth bounds nested functions in a value, as in
// rgb(calc(…)); allowed values nest one deep.
const maxFunctionDepth = 2

// checkAttrValue returns why the value of an attribute of the given kind
// is refused, or "". prop is the property a cssValue sets, which decides
// whether url(#id) is allowed.
func checkAttrValue(kind valueKind, prop, v string) string {
	switch kind {
	case nameValue:
		if !idName.MatchString(v) {
			return "an id is a name of letters, digits, '_', '.' and '-' that starts with a letter or '_'"
		}
	case numbersValue:
		if i := strings.IndexFunc(v, func(r rune) bool { return !strings.ContainsRune("0123456789.eE+-, \t\n\r", r) }); i >= 0 {
			return fmt.Sprintf("'%c' is not a number or separator", []rune(v[i:])[0])
		}
	case pathValue:
		if i := strings.IndexFunc(v, func(r rune) bool { return !strings.ContainsRune("MmZzLlHhVvCcSsQqTtAa0123456789.eE+-, \t\n\r", r) }); i >= 0 {
			return fmt.Sprintf("'%c' is not path data", []rune(v[i:])[0])
		}
	case transformValue:
		return checkValue(v, false, transformFunctions)
	case cssValue:
		return checkValue(v, urlProperties[prop], colorFunctions)
	}
	return ""
}

// checkValue returns why a CSS value is refused, or "": see the package
// doc for the grammar. urls allows url(#id); functions are the other
// functions allowed.
func checkValue(v string, urls bool, functions map[string]bool) string {
	s := valueScanner{s: v, urls: urls, functions: functions}
	return s.list(0)
}

type valueScanner struct {
	s         string
	i         int
	urls      bool
	functions map[string]bool
}

// list reads values up to the end of the input, or at depth > 0 up to and
// including the ")" that closes the function.
func (s *valueScanner) list(depth int) string {
	for s.i < len(s.s) {
		c := s.s[s.i]
		switch {
		case isSpace(c) || c == ',':
			s.i++
		case c == ')':
			if depth == 0 {
				return `")" closes no function`
			}
			s.i++
			return ""
		case c == '#':
			s.i++
			if s.name() == 0 {
				return `"#" starts no color`
			}
		case c == '"' || c == '\'':
			if why := s.quoted(); why != "" {
				return why
			}
		case isDigit(c) || c == '.' || ((c == '+' || c == '-') && s.i+1 < len(s.s) && (isDigit(s.s[s.i+1]) || s.s[s.i+1] == '.')):
			if why := s.number(); why != "" {
				return why
			}
		case isNameStart(c) || (c == '-' && s.i+1 < len(s.s) && isNameStart(s.s[s.i+1])):
			start := s.i
			s.i++
			s.name()
			if s.i < len(s.s) && s.s[s.i] == '(' {
				if why := s.function(strings.ToLower(s.s[start:s.i]), depth); why != "" {
					return why
				}
			}
		default:
			return fmt.Sprintf("'%c' is not allowed in a value", rune(c))
		}
	}
	if depth > 0 {
		return `"(" is never closed`
	}
	return ""
}

// function reads a function's arguments; s.i is at its "(".
func (s *valueScanner) function(name string, depth int) string {
	s.i++
	if name == "url" {
		return s.url()
	}
	if !s.functions[name] {
		return fmt.Sprintf("function %s() is not allowed", name)
	}
	if depth+1 > maxFunctionDepth {
		return "functions nest too deeply"
	}
	return s.list(depth + 1)
}

// url reads the argument of url( and its ")".
func (s *valueScanner) url() string {
	end := strings.IndexByte(s.s[s.i:], ')')
	if end < 0 {
		return `url( is never closed`
	}
	arg := urlArgument(s.s[s.i : s.i+end])
	s.i += end + 1
	switch {
	case !localRef.MatchString(arg):
		return fmt.Sprintf("url(%s) must point into the file itself, as url(#id)", clip(arg))
	case !s.urls:
		return "url() is allowed only in fill, stroke, clip-path and marker properties"
	}
	return ""
}

// urlArgument returns the URL that the text between url( and ) names:
// without CSS's white space around it, nor the quotes it may be in. Only
// CSS's white space: a no-break space, which strings.TrimSpace would take
// off too, belongs to the URL in a browser, making url(\u00a0#a) a
// reference to another file.
func urlArgument(inside string) string {
	arg := strings.Trim(inside, cssSpace)
	if len(arg) >= 2 && (arg[0] == '"' || arg[0] == '\'') && arg[len(arg)-1] == arg[0] {
		arg = arg[1 : len(arg)-1]
	}
	return arg
}

// stringRefused are the characters a quoted string may not hold besides
// backslashes and line breaks.
const stringRefused = "<>&{}@!;"

// quoted reads a string without escapes or line breaks. Nor does it hold
// characters of markup or of CSS syntax outside values: a font name
// needs none, and a value without them stays inert wherever a page or a
// browser's style parser meets it.
func (s *valueScanner) quoted() string {
	q := s.s[s.i]
	end := strings.IndexByte(s.s[s.i+1:], q)
	if end < 0 {
		return "a string is never closed"
	}
	body := s.s[s.i+1 : s.i+1+end]
	if strings.ContainsAny(body, "\\\n\r\f") {
		return "a string holds a backslash or a line break"
	}
	if i := strings.IndexAny(body, stringRefused); i >= 0 {
		return fmt.Sprintf("'%c' is not allowed in a string", rune(body[i]))
	}
	s.i += end + 2
	return ""
}

// number reads a number and its unit or "%".
func (s *valueScanner) number() string {
	start := s.i
	if c := s.s[s.i]; c == '+' || c == '-' {
		s.i++
	}
	digits := s.digits()
	if s.i < len(s.s) && s.s[s.i] == '.' {
		s.i++
		digits += s.digits()
	}
	if digits == 0 {
		return fmt.Sprintf("%q is not a number", s.s[start:s.i])
	}
	if s.i+1 < len(s.s) && (s.s[s.i] == 'e' || s.s[s.i] == 'E') {
		j := s.i + 1
		if j < len(s.s) && (s.s[j] == '+' || s.s[j] == '-') {
			j++
		}
		if j < len(s.s) && isDigit(s.s[j]) {
			s.i = j
			s.digits()
		}
	}
	if s.i < len(s.s) && s.s[s.i] == '%' {
		s.i++
		return ""
	}
	for s.i < len(s.s) && isLetter(s.s[s.i]) {
		s.i++
	}
	return ""
}

func (s *valueScanner) digits() int {
	n := 0
	for s.i < len(s.s) && isDigit(s.s[s.i]) {
		s.i++
		n++
	}
	return n
}

// name reads the rest of a name and returns its length.
func (s *valueScanner) name() int {
	start := s.i
	for s.i < len(s.s) && isNameChar(s.s[s.i]) {
		s.i++
	}
	return s.i - start
}

// cssSpace is CSS's white space.
const cssSpace = " \t\n\r\f"

func isSpace(c byte) bool  { return strings.IndexByte(cssSpace, c) >= 0 }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// isNameStart and isNameChar take every byte of a multi-byte UTF-8
// character as a letter, as CSS does: font families have names in every
// script.
func isNameStart(c byte) bool { return isLetter(c) || c == '_' || c >= 0x80 }
func isNameChar(c byte) bool  { return isNameStart(c) || isDigit(c) || c == '-' }

// declaration is one property of a style attribute.
type declaration struct {
	name, value string
}

// parseStyle splits a style attribute into declarations, keeping those
// the allow-list allows and returning why each other one is refused.
func parseStyle(v string) (kept []declaration, refused []string) {
	for _, d := range strings.Split(v, ";") {
		d = strings.TrimSpace(d)
		if d == "" {
			continue
		}
		name, value, ok := strings.Cut(d, ":")
		name, value = strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(value)
		switch {
		case !ok:
			refused = append(refused, fmt.Sprintf("style declaration %q has no value", clip(d)))
		case !properties[name]:
			refused = append(refused, fmt.Sprintf("style property %q is not allowed in an SVG image", clip(name)))
		default:
			why := checkValue(value, urlProperties[name], colorFunctions)
			if why == "" {
				why = referenceProblem(name, value)
			}
			if why != "" {
				refused = append(refused, fmt.Sprintf("style %s: %q: %s", name, clip(value), why))
				continue
			}
			kept = append(kept, declaration{name, value})
		}
	}
	return kept, refused
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	for i := max; i > 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return s[:i] + "…"
		}
	}
	return s[:max] + "…"
}
