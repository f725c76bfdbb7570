package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
)

// MarkdownShape is a way to write Markdown that costs a CommonMark parser
// far more than its length when it is repeated, or a repeated character
// kept to show that it does not. Text returns about n bytes of it.
type MarkdownShape struct {
	Name string
	Text func(n int) string
}

// SlowMarkdown lists the shapes that made goldmark take time growing with
// the square of the text (or faster than linearly), found by timing
// repeated prefixes at 100, 200 and 400 KB, followed by repeated single
// characters that parse in linear time. Benchmarks and the tests of the
// limits that keep parsing linear build articles from them.
var SlowMarkdown = []MarkdownShape{
	// An unclosed link destination is scanned to the end of the line
	// again after every "](".
	repeated("[a]("),
	repeated("[a](b"),
	repeated("[]("),
	repeated("![a]("),
	repeated("[a](<"),
	repeated("[a](\n"),
	repeated("[a](b)"),
	// Containers opened on one line: each level measures the line's
	// indentation from its start.
	repeated("> "),
	repeated(">"),
	repeated("+ "),
	repeated("1. "),
	repeated("1) "),
	repeated("- > "),
	repeated("> - "),
	repeated("- 1. "),
	{"indented lists", lines(func(i int) string { return strings.Repeat("   ", i) + "1. a" })},
	// Emphasis runs that never match: every closer looks back at every
	// opener.
	repeated("*a_"),
	repeated("_a*"),
	repeated("a**b_"),
	// Typed references: each "{{" looked for its "}}" to the end of the
	// line.
	repeated("{{"),
	repeated("*{{"),
	// Backtick runs of growing length, none closed: each is looked for to
	// the end of the paragraph.
	{"growing backtick runs", func(n int) string {
		var b strings.Builder
		for i := 1; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("`", i) + "a")
		}
		return b.String()[:n]
	}},
	// Link reference definitions: each one found is cut out of the
	// paragraph by copying the lines after it.
	repeated("[a]:\n"),
	{"reference definitions", lines(func(i int) string { return fmt.Sprintf("[a%d]: /b", i) })},
	// Linear, for comparison.
	repeated("*"),
	repeated("["),
	repeated("`"),
	repeated("<"),
	repeated("a "),
}

func repeated(s string) MarkdownShape {
	return MarkdownShape{Name: fmt.Sprintf("%q", s), Text: func(n int) string {
		return strings.Repeat(s, n/len(s)+1)[:n]
	}}
}

// lines joins the lines line(0), line(1)… until there are n bytes.
func lines(line func(i int) string) func(n int) string {
	return func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(line(i))
			b.WriteByte('\n')
		}
		return b.String()[:n]
	}
}

// BodyArticle returns the source file of an article KB1 of one section
// whose body is body, written as a YAML literal block.
func BodyArticle(body string) string {
	var b strings.Builder
	b.Grow(len(body) + len(body)/4 + 100)
	b.WriteString("id: KB1\ntitle: A long section\nsections:\n  - id: long\n    title: Long\n    body: |\n")
	for line := range strings.SplitSeq(body, "\n") {
		if line != "" {
			b.WriteString("      ")
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// WriteBodyKB writes into dir a knowledge base in English of the one
// article BodyArticle returns.
func WriteBodyKB(dir, body string) error {
	if err := os.MkdirAll(filepath.Join(dir, "kb1"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, content.ConfigFile), []byte("source_locale: en\nlocales: [en]\n"), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "kb1", content.SourceFile), []byte(BodyArticle(body)), 0o644)
}
