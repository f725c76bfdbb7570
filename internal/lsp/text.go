package lsp

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The protocol counts characters in UTF-16 code units; kbc's positions
// count code points.

// utf16Column returns the UTF-16 offset in line of the 1-based code-point
// column col.
func utf16Column(line string, col int) int {
	n := 0
	for _, r := range line {
		if col <= 1 {
			break
		}
		n += utf16.RuneLen(r)
		col--
	}
	return n
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int { return utf16Column(s, utf8.RuneCountInString(s)+1) }

// byteOffset returns the byte offset in line of the UTF-16 offset char,
// or the line's length when char is past its end.
func byteOffset(line string, char int) int {
	n := 0
	for i, r := range line {
		if n >= char {
			return i
		}
		n += utf16.RuneLen(r)
	}
	return len(line)
}

// tokenLength is the length in UTF-16 code units of the word at the
// 1-based code-point column col of line (at least 1), so that a finding
// underlines what it is about rather than one character.
func tokenLength(line string, col int) int {
	start := byteOffset(line, utf16Column(line, col))
	rest := line[start:]
	if strings.HasPrefix(rest, "{{") {
		// A reference, whose target may hold none of the characters
		// that end a word: underline it whole, braces and all, unless
		// it is not closed before the next one starts.
		end := strings.Index(rest, "}}")
		if next := strings.Index(rest[2:], "{{"); end > 0 && (next < 0 || end < next+2) {
			return utf16Len(rest[:end+2])
		}
	}
	end := strings.IndexFunc(rest, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ']' || r == '}'
	})
	if end < 0 {
		end = len(strings.TrimRight(rest, "\r"))
	}
	if end == 0 {
		return 1
	}
	return utf16Len(rest[:end])
}

// lineAt returns line l (0-based) of text, or "".
func lineAt(text string, l int) string {
	lines := splitLines(text)
	if l < 0 || l >= len(lines) {
		return ""
	}
	return lines[l]
}

// splitLines returns the lines of text without their ends. A line ends
// at "\r\n", "\n" or a carriage return alone, as the protocol says and
// as kbc's findings count lines (YAML reads a lone "\r" as a line break).
// A byte-order mark is no character of the first line: editors drop it
// from the text they show, and kbc's columns do not count it.
func splitLines(text string) []string {
	text = strings.TrimPrefix(text, "\uFEFF")
	var lines []string
	for {
		i := strings.IndexAny(text, "\r\n")
		if i < 0 {
			return append(lines, text)
		}
		lines = append(lines, text[:i])
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		text = text[i+1:]
	}
}
