// Package termbase holds a knowledge base's term base, terms.yaml beside
// kb.yaml: each concept with its preferred term in every locale, the
// variants writers must not use, and whether the term is a label of the
// app as the app shows it. The terminology lint rule checks the content
// against it; WriteTBX hands it to CAT tools as TBX.
//
//	client-portal:
//	  note: The website where clients manage their account.
//	  en: Client Portal
//	  fr: {term: Portail Client, forbidden: [Portail client]}
//	register-two-factor:
//	  label: true
//	  en: REGISTER TWO-FACTOR
//	  fr: {term: REGISTER TWO-FACTOR, localized: false}
//	  ja: {term: ツーファクターを登録する, forbidden: [REGISTER TWO-FACTOR]}
package termbase

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
)

// File is the name of the term base in the content folder.
const File = content.TermBaseFile

// maxSize bounds the file read: a term base is a few hundred concepts.
const maxSize = 4 << 20

// Base is a term base: its concepts in the order of the file.
type Base struct {
	File     string
	Concepts []*Concept
}

// Concept is one thing named in every locale.
type Concept struct {
	ID    string
	Pos   diag.Position
	Note  string
	Label bool // a label of the app's interface, as the app shows it
	// Terms are the concept's terms by locale.
	Terms map[string]*Term
}

// Term is a concept's term in one locale.
type Term struct {
	Locale string
	Text   string
	Pos    diag.Position
	// Forbidden are variants that must not be written for the concept.
	Forbidden []Variant
	// NotLocalized says the app shows its source-language label in this
	// locale: the term is that label, on purpose.
	NotLocalized bool
	Note         string
}

// Variant is a forbidden variant and where the term base lists it.
type Variant struct {
	Text string
	Pos  diag.Position
}

// Locales returns the locales the concept has a term in, sorted.
func (c *Concept) Locales() []string { return slices.Sorted(maps.Keys(c.Terms)) }

// Load reads root/terms.yaml. A knowledge base without one has no term
// base: Load returns nil and no finding. Problems with the file are
// findings at their place; a locale not among locales is one too.
func Load(root string, locales []string) (*Base, diag.List) {
	path := filepath.Join(root, File)
	var diags diag.List
	var buf bytes.Buffer
	if err := contentfile.ReadLimited(path, maxSize+1, &buf); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		diags.Errorf(diag.Position{File: path}, contentfile.RuleSyntax, "cannot read the term base: %v", err)
		return nil, diags
	}
	if buf.Len() > maxSize {
		diags.Errorf(diag.Position{File: path, Line: 1, Column: 1}, contentfile.RuleSyntax, "the term base is larger than %d MiB", maxSize>>20)
		return nil, diags
	}
	doc, lines := contentfile.Parse(path, buf.Bytes(), &diags)
	if doc == nil {
		return nil, diags
	}
	d := &contentfile.Decoder{File: path, Lines: lines, Diags: &diags}
	b := decode(d, doc, locales)
	diags.Sort()
	return b, diags
}

// decode builds the term base from the file's root mapping of concept ids.
func decode(d *contentfile.Decoder, root *yaml.Node, locales []string) *Base {
	b := &Base{File: d.File}
	for _, kv := range d.Pairs(root, "the term base") {
		c := &Concept{ID: kv[0].Value, Pos: d.Pos(kv[0]), Terms: map[string]*Term{}}
		if kv[1].Kind != yaml.MappingNode {
			d.Errorf(kv[1], "concept %s must be a mapping of locales to terms, not %s", c.ID, contentfile.KindName(kv[1]))
			continue
		}
		for _, f := range d.Pairs(kv[1], "concept "+c.ID) {
			switch key := f[0].Value; {
			case key == "note":
				c.Note, _ = d.Str(f[1], "the note of "+c.ID)
			case key == "label":
				c.Label = d.Boolean(f[1], "label of "+c.ID)
			case slices.Contains(locales, key):
				if t := decodeTerm(d, f[1], key, c.ID); t != nil {
					c.Terms[key] = t
				}
			default:
				d.Errorf(f[0], "concept %s: %q is neither note, label nor a locale of kb.yaml (%v)", c.ID, key, locales)
			}
		}
		if len(c.Terms) == 0 {
			d.Errorf(kv[0], "concept %s has no term in any locale", c.ID)
			continue
		}
		b.Concepts = append(b.Concepts, c)
	}
	return b
}

// decodeTerm reads a term: a string, or a mapping with term, forbidden,
// localized and note.
func decodeTerm(d *contentfile.Decoder, n *yaml.Node, locale, concept string) *Term {
	what := "the " + locale + " term of " + concept
	t := &Term{Locale: locale, Pos: d.Pos(n)}
	if n.Kind == yaml.ScalarNode {
		s, ok := d.Str(n, what)
		if !ok || s == "" {
			if ok {
				d.Errorf(n, "%s is empty", what)
			}
			return nil
		}
		t.Text = s
		return t
	}
	m := d.Fields(n, what, "term", "forbidden", "localized", "note")
	if m == nil {
		return nil
	}
	d.Require(n, m, what, "term")
	if v := m["term"]; v != nil {
		t.Text, _ = d.Str(v, what)
		t.Pos = d.Pos(v)
	}
	if t.Text == "" {
		if m["term"] != nil {
			d.Errorf(m["term"], "%s is empty", what)
		}
		return nil
	}
	for _, v := range d.List(m["forbidden"], "the forbidden variants of "+concept) {
		if s, ok := d.Str(v, "a forbidden variant"); ok {
			if s == "" || s == t.Text {
				d.Errorf(v, "forbidden variant %q of %s is empty or the term itself", s, concept)
				continue
			}
			t.Forbidden = append(t.Forbidden, Variant{Text: s, Pos: d.Pos(v)})
		}
	}
	if v := m["localized"]; v != nil {
		t.NotLocalized = !d.Boolean(v, "localized")
	}
	if v := m["note"]; v != nil {
		t.Note, _ = d.Str(v, "the note of "+what)
	}
	return t
}
