package prose

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
)

// Unclosed is a "{{" in prose that opens no reference, such as the one of
// "{{step:new-pin} here": the page would show its braces to readers.
type Unclosed struct {
	Off  int    // byte offset of the "{{"
	Text string // what follows it, up to the first space, for the message
}

// UnclosedRefs returns the "{{" of s, a text whose references are refs,
// that open no reference. Code spans and URLs are not prose and are
// skipped, and so is the first brace of "{{{step:id}}".
func UnclosedRefs(s string, refs []content.InlineRef) []Unclosed {
	if !strings.Contains(s, "{{") {
		return nil
	}
	literal := literalSpans(s, refs)
	var out []Unclosed
	for from := 0; ; {
		i := strings.Index(s[from:], "{{")
		if i < 0 {
			return out
		}
		off := from + i
		from = off + 2
		if literal.contains(off) || literal.contains(off+1) {
			continue
		}
		if strings.HasPrefix(s[off+2:], "{") {
			// "{{{": the reference, if any, opens at the next brace.
			from = off + 1
			continue
		}
		out = append(out, Unclosed{Off: off, Text: excerptFrom(s[off:])})
	}
}

// excerptFrom returns s up to its first white space, at most 40
// characters.
func excerptFrom(s string) string {
	end := strings.IndexFunc(s, unicode.IsSpace)
	if end < 0 {
		end = len(s)
	}
	if utf8.RuneCountInString(s[:end]) > 40 {
		return string([]rune(s[:end])[:39]) + "…"
	}
	return s[:end]
}
