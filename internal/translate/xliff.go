package translate

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
)

// XLIFFNamespace is the namespace of XLIFF 2.0 core elements; XLIFF 2.1
// documents use it too.
const XLIFFNamespace = "urn:oasis:names:tc:xliff:document:2.0"

// Note categories kbc writes into each unit. The source fingerprint is how
// an import tells whether the source text changed after the export.
const (
	noteSource = "kbc-source" // fingerprint of the source text exported
	noteState  = "kbc-state"  // missing, stale or current, for the translator
)

// XLIFFFile is one article of an XLIFF export: a <file> element.
type XLIFFFile struct {
	Article  *content.Article
	Original string    // the source file, relative to the knowledge base
	Units    []Pending // the units to hand over, in document order
}

// WriteXLIFF writes an XLIFF 2.0 document translating from srcLang into
// trgLang. XLIFF 2.0 names the source language once, on the root, so every
// article must be written in srcLang; the caller picks them.
//
// Each text is a <unit> whose id is its translation key, with one segment
// that tools must not split (canResegment="no"). A missing unit is
// state="initial" without target; a stale one is state="initial" with the
// previous translation as its target, a draft to revise; a current one
// (exported with every unit) is state="translated". Inline references are
// <ph> placeholders that a translator can move but neither copy nor delete;
// Markdown stays text.
func WriteXLIFF(w io.Writer, srcLang, trgLang string, files []XLIFFFile) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(bw, "<xliff xmlns=%s version=\"2.0\" srcLang=%s trgLang=%s>\n",
		attr(XLIFFNamespace), attr(srcLang), attr(trgLang))
	for _, f := range files {
		if f.Article.Lang != srcLang {
			return fmt.Errorf("%s is written in %s, not %s: XLIFF 2.0 holds one source language per document", f.Article.ID, f.Article.Lang, srcLang)
		}
		// xml:space="preserve" keeps the line breaks of Markdown bodies.
		fmt.Fprintf(bw, "  <file id=%s original=%s canResegment=\"no\" xml:space=\"preserve\">\n", attr(f.Article.ID), attr(f.Original))
		for _, u := range f.Units {
			writeUnit(bw, u)
		}
		fmt.Fprintf(bw, "  </file>\n")
	}
	fmt.Fprintf(bw, "</xliff>\n")
	return bw.Flush()
}

func writeUnit(w *bufio.Writer, p Pending) {
	fmt.Fprintf(w, "    <unit id=%s>\n", attr(p.Source.Key))
	fmt.Fprintf(w, "      <notes>\n")
	fmt.Fprintf(w, "        <note category=%s>%s</note>\n", attr(noteSource), content.Fingerprint(p.Source.Value))
	fmt.Fprintf(w, "        <note category=%s>%s</note>\n", attr(noteState), p.State)
	fmt.Fprintf(w, "      </notes>\n")
	state := "initial"
	if p.State == Current {
		state = "translated"
	}
	fmt.Fprintf(w, "      <segment state=%s>\n", attr(state))
	ids := placeholderIDs(p.Source.Value)
	fmt.Fprintf(w, "        <source>%s</source>\n", inlineXML(p.Source.Value, ids))
	if p.Old != nil && p.Old.Text.Value != "" {
		fmt.Fprintf(w, "        <target>%s</target>\n", inlineXML(p.Old.Text.Value, ids))
	}
	fmt.Fprintf(w, "      </segment>\n")
	fmt.Fprintf(w, "    </unit>\n")
}

// placeholderIDs numbers the references of a source text, 1 upwards in
// order. A reference written twice gets two placeholders, each with its
// own id, as XLIFF wants one id per inline code.
func placeholderIDs(source string) map[string][]string {
	ids := map[string][]string{}
	for i, r := range content.ParseRefs(source) {
		k := source[r.Start:r.End]
		ids[k] = append(ids[k], strconv.Itoa(i+1))
	}
	return ids
}

// inlineXML writes text as XLIFF inline content: prose escaped, and each
// reference as a <ph> whose id is taken from ids, in turn, by the
// reference as written. A reference the source does not have (a stale
// target may hold one) has no id to take and stays text, for the
// translator to see and fix.
func inlineXML(text string, ids map[string][]string) string {
	used := map[string]int{}
	var b strings.Builder
	last := 0
	for _, r := range content.ParseRefs(text) {
		k := text[r.Start:r.End]
		n := used[k]
		if n >= len(ids[k]) {
			continue
		}
		used[k]++
		b.WriteString(escapeText(text[last:r.Start]))
		fmt.Fprintf(&b, "<ph id=%s canCopy=\"no\" canDelete=\"no\" disp=%s equiv=%s/>", attr(ids[k][n]), attr(k), attr(k))
		last = r.End
	}
	b.WriteString(escapeText(text[last:]))
	return b.String()
}

// escapeText escapes character data. Characters XML 1.0 cannot hold at all
// become U+FFFD, as encoding/xml does.
func escapeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			if !isXMLChar(r) {
				r = utf8.RuneError
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// attr writes a double-quoted attribute value. Line breaks and tabs are
// written as character references, since a parser would otherwise turn
// them into spaces.
func attr(s string) string {
	r := strings.NewReplacer(`"`, "&quot;", "\n", "&#xA;", "\t", "&#x9;")
	return `"` + r.Replace(escapeText(s)) + `"`
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
