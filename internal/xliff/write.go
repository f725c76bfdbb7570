// Package xliff writes and reads the XLIFF 2.0 documents that kbc
// exchanges with translators: one <file> per article and one <unit> per
// text, its inline Markdown carried as inline codes, with notes that say
// where the text is and, for a stale one, what it said before. A returned
// document is read with the position of every element a finding may
// point at, and each source and target is restored as kbc text through
// the codes of the current source text.
package xliff

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/coverage"
)

// Namespace is the namespace of XLIFF 2.0 core elements; XLIFF 2.1
// documents use it too.
const Namespace = "urn:oasis:names:tc:xliff:document:2.0"

// Note categories kbc writes into each unit. The source fingerprint is how
// an import tells whether the source text changed after the export; the
// others are for the translator.
const (
	noteSource         = "kbc-source"          // fingerprint of the source text exported
	noteState          = "kbc-state"           // missing, stale or current
	noteArticle        = "kbc-article"         // the article's title
	noteRole           = "kbc-role"            // the part of the article, such as "step 3 of 'Activate'"
	noteLink           = "kbc-link"            // the page that shows the text
	notePrevious       = "kbc-previous-source" // the source text a stale translation was made from
	notePreviousAbsent = "kbc-previous-source-unavailable"
	noteTranslation    = "kbc-translation" // the current translation of a stale unit
	noteTarget         = "kbc-target"      // fingerprint of the translation exported as the target (see TargetFingerprint)
)

// File is one article of an XLIFF export: a <file> element.
type File struct {
	Article  *content.Article
	Original string             // the source file, relative to the knowledge base
	Units    []coverage.Pending // the units to hand over, in document order
	// Context, by key, is written as notes of each unit (see
	// translate.ContextOf); Previous, by key, the source text each stale
	// unit was translated from (see translate.PreviousSources). Either may
	// be nil.
	Context  map[string]UnitContext
	Previous map[string]PreviousSource
}

// UnitContext is what a translator is told of a unit besides its text:
// the article it belongs to, the part of the article it is, and where the
// site shows it. It is tool output for translators, in English.
type UnitContext struct {
	Article string // the article's title, as plain text
	Role    string // such as "step 3 of 'Activate' on iOS" or "alt text of figure 2"
	Link    string // the page in the target locale, at the part
}

// PreviousSource is what the history says of the source text a stale
// translation was made from: the text, or why it is not known.
type PreviousSource struct {
	Text  string
	Found bool
	Why   string // when not found
}

// Write writes an XLIFF 2.0 document translating from srcLang into
// trgLang. XLIFF 2.0 names the source language once, on the root, so every
// article must be written in srcLang; the caller picks them.
//
// Each text is a <unit> whose id is its translation key, with one segment
// that tools must not split (canResegment="no"). A missing unit is
// state="initial" without target; a stale one is state="initial" with the
// previous translation as its target, a draft to revise; a current one
// (exported with every unit) is state="translated". Notes say where the
// text is and, for a stale unit, what its source said before and what
// its translation says now.
//
// Inline Markdown travels as XLIFF inline codes, with the Markdown as
// their original data (<originalData>): bold, emphasis and links are
// paired codes (<pc>) around their text; a code span, an autolink and a
// reference are placeholders (<ph>), references ones that a translator
// can move but neither copy nor delete. Prose is text.
func Write(w io.Writer, srcLang, trgLang string, files []File) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(bw, "<xliff xmlns=%s version=\"2.0\" srcLang=%s trgLang=%s>\n",
		attr(Namespace), attr(srcLang), attr(trgLang))
	for _, f := range files {
		if f.Article.Lang != srcLang {
			return fmt.Errorf("%s is written in %s, not %s: XLIFF 2.0 holds one source language per document", f.Article.ID, f.Article.Lang, srcLang)
		}
		// xml:space="preserve" keeps the line breaks of Markdown bodies.
		fmt.Fprintf(bw, "  <file id=%s original=%s canResegment=\"no\" xml:space=\"preserve\">\n", attr(f.Article.ID), attr(f.Original))
		blocks := MarkdownBlocks(f.Article)
		for _, u := range f.Units {
			writeUnit(bw, f, u, blocks[u.Source.Key])
		}
		fmt.Fprintf(bw, "  </file>\n")
	}
	fmt.Fprintf(bw, "</xliff>\n")
	return bw.Flush()
}

func writeUnit(w *bufio.Writer, f File, p coverage.Pending, block bool) {
	src := encodeMarkdown(p.Source.Value, block)
	var target []token
	if p.Old != nil && p.Old.Text.Value != "" {
		target = encodeMarkdown(p.Old.Text.Value, block).alignTo(src)
	}
	fmt.Fprintf(w, "    <unit id=%s>\n", attr(p.Source.Key))
	fmt.Fprintf(w, "      <notes>\n")
	note := func(category, appliesTo, text string) {
		applies := ""
		if appliesTo != "" {
			applies = " appliesTo=" + attr(appliesTo)
		}
		fmt.Fprintf(w, "        <note category=%s%s>%s</note>\n", attr(category), applies, escapeText(text))
	}
	note(noteSource, "", content.Fingerprint(p.Source.Value))
	note(noteState, "", p.State.String())
	if c, ok := f.Context[p.Source.Key]; ok {
		note(noteArticle, "", c.Article)
		note(noteRole, "", c.Role)
		note(noteLink, "", c.Link)
	}
	if p.State == coverage.Stale {
		if prev, ok := f.Previous[p.Source.Key]; ok && prev.Found {
			note(notePrevious, "source", prev.Text)
		} else if ok {
			note(notePreviousAbsent, "source", prev.Why)
		}
		note(noteTranslation, "target", p.Old.Text.Value)
	}
	if target != nil {
		note(noteTarget, "target", TargetFingerprint(p.Old.Text.Value))
	}
	fmt.Fprintf(w, "      </notes>\n")
	data := writeOriginalData(w, src, target)
	state := "initial"
	if p.State == coverage.Current {
		state = "translated"
	}
	fmt.Fprintf(w, "      <segment state=%s>\n", attr(state))
	fmt.Fprintf(w, "        <source>%s</source>\n", inlineXML(src.Tokens, data))
	if target != nil {
		fmt.Fprintf(w, "        <target>%s</target>\n", inlineXML(target, data))
	}
	fmt.Fprintf(w, "      </segment>\n")
	fmt.Fprintf(w, "    </unit>\n")
}

// TargetFingerprint is the fingerprint of a translation as an export notes
// its target: of its words, as a CAT tool may change the white space
// between them and a translator has changed nothing.
func TargetFingerprint(text string) string {
	return content.Fingerprint(strings.Join(strings.Fields(text), " "))
}

// dataRefs are the ids of the <data> elements that hold a code's
// Markdown: its opening delimiter (or the whole of a standalone code) and
// its closing one; and, by its Markdown, that of a reference a
// translation writes in a context of its own.
type dataRefs struct {
	code map[*inlineCode][2]string
	text map[string]string
}

// ref returns the id of the <data> of a placeholder token: a reference
// in the target's own context has a <data> of its own, so that a tool
// that keeps a placeholder's dataRef and drops its equiv keeps the
// context too.
func (d dataRefs) ref(t token) string {
	if t.Code.Kind == codeRef {
		if id, ok := d.text[t.markdown()]; ok {
			return id
		}
	}
	return d.code[t.Code][0]
}

// writeOriginalData writes the Markdown of the text's codes, and of the
// references the target writes in another context, as the unit's
// original data, each distinct piece once, and returns the ids each code
// refers to.
func writeOriginalData(w *bufio.Writer, m *markup, target []token) dataRefs {
	refs := dataRefs{code: map[*inlineCode][2]string{}, text: map[string]string{}}
	if len(m.Codes) == 0 {
		return refs
	}
	var order []string
	id := func(s string) string {
		if refs.text[s] == "" {
			refs.text[s] = "d" + strconv.Itoa(len(refs.text)+1)
			order = append(order, s)
		}
		return refs.text[s]
	}
	for _, c := range m.Codes {
		r := [2]string{id(c.Open), ""}
		if c.Kind.paired() {
			r[1] = id(c.Close)
		}
		refs.code[c] = r
	}
	for _, t := range target {
		if t.Edge == edgeStandalone && t.Code.Kind == codeRef {
			id(t.markdown())
		}
	}
	fmt.Fprintf(w, "      <originalData>\n")
	for _, s := range order {
		fmt.Fprintf(w, "        <data id=%s>%s</data>\n", attr(refs.text[s]), escapeText(s))
	}
	fmt.Fprintf(w, "      </originalData>\n")
	return refs
}

// inlineXML writes tokens as XLIFF inline content: prose escaped, each
// code as the element its kind calls for.
func inlineXML(tokens []token, data dataRefs) string {
	var b strings.Builder
	for _, t := range tokens {
		c := t.Code
		switch t.Edge {
		case edgeText:
			b.WriteString(escapeText(t.Text))
		case edgeClose:
			b.WriteString("</pc>")
		case edgeOpen:
			fmt.Fprintf(&b, "<pc id=%s dataRefStart=%s dataRefEnd=%s %s>", attr(c.ID), attr(data.code[c][0]), attr(data.code[c][1]), codeType(c.Kind))
		case edgeStandalone:
			fmt.Fprintf(&b, "<ph id=%s dataRef=%s ", attr(c.ID), attr(data.ref(t)))
			switch c.Kind {
			case codeRef:
				fmt.Fprintf(&b, "canCopy=\"no\" canDelete=\"no\" disp=%s equiv=%s/>", attr(t.markdown()), attr(t.markdown()))
			case codeCode:
				fmt.Fprintf(&b, "type=\"fmt\" disp=%s equiv=%s/>", attr(c.Open), attr(codeSpanText(c.Open)))
			case codeAutoLink:
				url := strings.TrimSuffix(strings.TrimPrefix(c.Open, "<"), ">")
				fmt.Fprintf(&b, "type=\"link\" disp=%s equiv=%s/>", attr(url), attr(url))
			}
		}
	}
	return b.String()
}

// codeType is the type of a paired code, as XLIFF 2.0 names them.
func codeType(k codeKind) string {
	switch k {
	case codeStrong:
		return `type="fmt" subType="xlf:b"`
	case codeEmphasis:
		return `type="fmt" subType="xlf:i"`
	}
	return `type="link"`
}

// codeSpanText is what a code span shows: its content, without the
// backticks and the one space that may pad it.
func codeSpanText(span string) string {
	s := strings.Trim(span, "`")
	if len(s) >= 2 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.Trim(s, " ") != "" {
		s = s[1 : len(s)-1]
	}
	return s
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
