package termbase

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
)

// TBX administrative statuses of TBX-Basic: the term to use, and a
// variant not to.
const (
	statusPreferred  = "preferredTerm-admn-sts"
	statusDeprecated = "deprecatedTerm-admn-sts"
)

// tbx is a TBX-Basic document (ISO 30042:2019, DCA style), the exchange
// format CAT tools read term bases in.
type tbx struct {
	XMLName xml.Name `xml:"urn:iso:std:iso:30042:ed-2 tbx"`
	Type    string   `xml:"type,attr"`
	Style   string   `xml:"style,attr"`
	Lang    string   `xml:"xml:lang,attr"`
	Header  struct {
		Source string `xml:"fileDesc>sourceDesc>p"`
	} `xml:"tbxHeader"`
	Concepts []tbxConcept `xml:"text>body>conceptEntry"`
}

type tbxConcept struct {
	ID    string       `xml:"id,attr"`
	Note  string       `xml:"note,omitempty"`
	Langs []tbxLangSec `xml:"langSec"`
}

type tbxLangSec struct {
	Lang  string       `xml:"xml:lang,attr"`
	Terms []tbxTermSec `xml:"termSec"`
}

type tbxTermSec struct {
	Term   string      `xml:"term"`
	Status tbxTermNote `xml:"termNote"`
	Note   string      `xml:"note,omitempty"`
}

type tbxTermNote struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

// WriteTBX writes the term base as TBX-Basic: a concept entry per concept,
// with its preferred term and its forbidden variants (as deprecated terms)
// in each locale, the source locale's first. A label of the app is noted
// as such, and a locale where the app shows its source-language label says
// so, for the translator who would otherwise translate it.
func WriteTBX(w io.Writer, b *Base, sourceLocale string) error {
	doc := tbx{Type: "TBX-Basic", Style: "dca", Lang: sourceLocale}
	doc.Header.Source = "kbc term base " + File
	for _, c := range b.Concepts {
		tc := tbxConcept{ID: c.ID, Note: c.Note}
		locales := c.Locales()
		if _, ok := c.Terms[sourceLocale]; ok {
			others := slices.DeleteFunc(locales, func(l string) bool { return l == sourceLocale })
			locales = append([]string{sourceLocale}, others...)
		}
		for _, l := range locales {
			t := c.Terms[l]
			ls := tbxLangSec{Lang: l}
			ls.Terms = append(ls.Terms, tbxTermSec{Term: t.Text, Status: status(statusPreferred), Note: termNote(c, t)})
			for _, v := range t.Forbidden {
				ls.Terms = append(ls.Terms, tbxTermSec{Term: v.Text, Status: status(statusDeprecated)})
			}
			tc.Langs = append(tc.Langs, ls)
		}
		doc.Concepts = append(doc.Concepts, tc)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func status(s string) tbxTermNote { return tbxTermNote{Type: "administrativeStatus", Value: s} }

// termNote says what a translator must know of a term: that it is the
// app's label, and whether the app translates it.
func termNote(c *Concept, t *Term) string {
	note := t.Note
	if c.Label {
		label := "UI label, as the app shows it"
		if t.NotLocalized {
			label += "; the app is not localized here: keep the label as the app shows it"
		}
		if note != "" {
			label += ". " + note
		}
		note = label
	}
	return note
}

// WriteListing writes the term base for people: a line per concept and
// locale with the term, what it is and the variants not to use.
func WriteListing(w io.Writer, b *Base) {
	for _, c := range b.Concepts {
		for _, l := range c.Locales() {
			t := c.Terms[l]
			fmt.Fprintf(w, "%s\t%s\t%s", c.ID, l, t.Text)
			if c.Label {
				fmt.Fprint(w, "\t(app label")
				if t.NotLocalized {
					fmt.Fprint(w, ", not localized")
				}
				fmt.Fprint(w, ")")
			}
			for _, v := range t.Forbidden {
				fmt.Fprintf(w, "\tnot: %s", v.Text)
			}
			fmt.Fprintln(w)
		}
	}
}
