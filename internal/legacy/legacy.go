// Package legacy reads legacy help-center text — several articles run
// together, typed step numbers such as "1)" and "1.a)", figure captions on
// lines of their own — into article skeletons for the knowledge base, and
// reports every defect it finds in that text at file:line:col.
//
// The reading is heuristic: the text has no markup, so articles are told
// apart by step numbering that restarts, by heading-like lines and by a
// change of language. The skeletons are a starting point for a writer, not
// finished articles; every placeholder starts with TODO.
package legacy

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/diag"
)

// Rule names of the importer's findings.
const (
	RuleText         = "import-text"         // the file is not UTF-8 text
	RuleNumbering    = "import-numbering"    // step and choice numbers that skip, repeat or lack their step
	RuleFigures      = "import-figures"      // figures cited but not shown, shown but not cited, numbers that skip
	RuleRefs         = "import-refs"         // typed step references that point at nothing
	RuleUnclassified = "import-unclassified" // lines kept as text without knowing what they are
)

// Options tune an import.
type Options struct {
	// Lang forces the language of every article ("en", "fr", "hu", "ja");
	// empty detects it per block of text.
	Lang string
}

// Article is one article found in a legacy file, its prose rewritten
// with typed references ({{step:ID}}, {{fig:ID}}, {{kb:KB2269}}).
type Article struct {
	File      string // the legacy file, as named to Parse
	N         int    // 1-based order in the file
	StartLine int
	EndLine   int
	Lang      string
	KBID      string // the KB id when the text makes it evident, else ""
	Title     string // "" when the text has no heading for it
	Intro     string
	Reqs      []string // bullet points before the first step
	Sections  []*Section
	Steps     []*Step
	Figures   []*Figure
	Trouble   []*Trouble
	SeeAlso   []string
}

// Section is prose under a heading, in an article without steps.
type Section struct {
	ID, Title, Body string
}

// Step is one numbered step.
type Step struct {
	ID      string
	Num     int // as typed in the source
	Line    int
	Text    string
	Note    string // paragraphs between this step and the next
	Choices []*Choice
}

// Choice is a lettered branch of a step, such as 1.a.
type Choice struct {
	Line int
	When string
	Text string
	Next string // the id of the step it leads to, or ""
}

// Figure is a caption found on a line of its own.
type Figure struct {
	ID    string // fig3, fig4-1
	Label string // the caption as written: "Figure 3", "3. ábra"
	Line  int
}

// Trouble is a troubleshooting entry found after the steps.
type Trouble struct {
	ID      string
	Line    int
	Symptom string // "" when the text gives none
	Remedy  string
}

// Parse splits the text of a legacy file into articles and reports its
// defects. Invalid UTF-8 is reported at its position and nothing is
// imported from the file, since every later column would be a guess.
func Parse(file string, src []byte, opt Options) ([]*Article, diag.List) {
	var diags diag.List
	if pos, b, ok := invalidUTF8(file, src); !ok {
		diags.Errorf(pos, RuleText, "invalid UTF-8 byte 0x%02x; save the file as UTF-8", b)
		return nil, diags
	}
	lines := splitLines(string(src))
	for i, l := range lines {
		if len(l) > maxLine {
			// No help text writes a paragraph this long, and reading it
			// as one would cost time and memory many times its size.
			diags.Errorf(diag.Position{File: file, Line: i + 1, Column: 1}, RuleText,
				"line of %d KiB; a line of help text is a paragraph at most, and this one is over %d KiB: nothing is imported from the file", len(l)>>10, maxLine>>10)
			return nil, diags
		}
	}
	if n, ok := markupLine(lines); ok {
		diags.Errorf(diag.Position{File: file, Line: n, Column: 1}, RuleText,
			"the file is HTML, which kbc import does not read: it reads the text of the pages; save them as plain text first, as a browser's \"Save as text\" or pandoc -t plain does, and import that")
		return nil, diags
	}
	p := &parser{file: file, opt: opt, diags: &diags}
	arts := slices.DeleteFunc(p.parse(lines), func(a *Article) bool { return tooLarge(a, &diags) })
	diags.Sort()
	if len(arts) == 0 {
		return nil, diags
	}
	return arts, diags
}

// htmlTag matches a line that starts with an HTML tag or declaration,
// and htmlPage one that only a page's markup has.
var (
	htmlTag  = regexp.MustCompile(`(?i)^\s*<(!doctype|html|head|body|p|div|span|ol|ul|li|h[1-6]|table|tr|td|th|img|a|br|section|article|main|strong|em|b|i|meta|title|link|!--)[\s>/]`)
	htmlPage = regexp.MustCompile(`(?i)^\s*<(?:!doctype\s+html|html|head|body)(?:\s[^<>]*)?>\s*(?:<(?:head|body|meta|title)\b.*)?$`)
)

// markupLine reports whether the text is HTML, with the line of its first
// tag: a line opens a page with a tag of its own (<!DOCTYPE html>,
// <html lang="en">, <head>, <body>, alone or before the head's tags), or
// most of its lines start with a tag. Legacy text holds no markup, and
// read as text a page would be its tags run together with its words; a
// text with a stray tag, such as "<b>Note:</b> …", is read as text.
func markupLine(lines []string) (int, bool) {
	first, text, tagged := 0, 0, 0
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		text++
		if htmlPage.MatchString(l) {
			return i + 1, true
		}
		if htmlTag.MatchString(l) {
			tagged++
			if first == 0 {
				first = i + 1
			}
		}
	}
	return first, tagged > 0 && 2*tagged > text
}

// maxLine bounds a line of a legacy text.
const maxLine = 64 << 10

// maxArticleText bounds the text of one article: its skeleton would be a
// content file larger than kbc loads (content.MaxFileSize), and writing it
// costs the YAML encoder many times its size.
const maxArticleText = 1 << 20

// tooLarge reports an article whose text is over maxArticleText, which is
// then not imported.
func tooLarge(a *Article, diags *diag.List) bool {
	if n := len(a.allText()); n > maxArticleText {
		diags.Errorf(diag.Position{File: a.File, Line: a.StartLine, Column: 1}, RuleText,
			"the article of lines %d to %d holds %d KiB of text, more than a content file kbc loads (%d KiB): it is not imported; split it into articles",
			a.StartLine, a.EndLine, n>>10, maxArticleText>>10)
		return true
	}
	return false
}

// invalidUTF8 returns the position and value of the first invalid byte.
func invalidUTF8(file string, src []byte) (diag.Position, byte, bool) {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return diag.Position{File: file, Line: line, Column: col}, src[i], false
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return diag.Position{}, 0, true
}
