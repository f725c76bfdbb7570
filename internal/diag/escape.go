package diag

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Paths and messages come from the content tree: a folder may be named
// with a line break followed by "::warning::", which a CI log would read
// as a workflow command, or with an escape sequence that restyles the
// terminal. The printers write such characters as escapes.

// mustEscape reports whether r changes how a line is shown or split: a C0
// or C1 control character or DEL, a line or paragraph separator, or a
// bidirectional control, which can make text read differently from how it
// is stored.
func mustEscape(r rune) bool {
	switch {
	case unicode.IsControl(r), r == '\u2028', r == '\u2029':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// escapeControls writes the characters of s that mustEscape as Go string
// escapes (\n, \t, \x1b, \u2028), and keeps line feeds and carriage
// returns when lineBreaks is set, for a caller that encodes them itself.
func escapeControls(s string, lineBreaks bool) string {
	i := strings.IndexFunc(s, func(r rune) bool { return mustEscape(r) && !(lineBreaks && (r == '\n' || r == '\r')) })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case !mustEscape(r), lineBreaks && (r == '\n' || r == '\r'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < utf8.RuneSelf:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// escapeJSONControls rewrites, in JSON text from encoding/json, the
// characters mustEscape that the encoder leaves as they are (DEL, C1
// controls and bidirectional controls) as \u escapes. They occur only
// inside strings, where the escape stands for the same character, so a
// reader decodes the same values.
func escapeJSONControls(data []byte) []byte {
	var out []byte
	last := 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r >= 0x7f && mustEscape(r) {
			if out == nil {
				out = make([]byte, 0, len(data)+16)
			}
			out = append(out, data[last:i]...)
			out = fmt.Appendf(out, `\u%04x`, r)
			last = i + size
		}
		i += size
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}

// Escape returns s with the characters that could forge or restyle a line
// of output written as escapes, as every printer writes paths and
// messages: for other text a command prints, such as an error message
// that names a file.
func Escape(s string) string { return escapeControls(s, false) }

// Joined returns the errors that err joins (errors.Join), each joined
// error's in turn, or err alone: for a command that prints an error of
// several files a line each.
func Joined(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, Joined(e)...)
	}
	return out
}
