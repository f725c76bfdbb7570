package resolve_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/resolve"
	"github.com/kbcdev/kbc/internal/treetest"
)

func load(t *testing.T, files map[string]string) *content.KB {
	t.Helper()
	root := t.TempDir()
	treetest.Write(t, root, files)
	kb, _, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

const kbYAML = `source_locale: en
locales: [en, fr]
platforms:
  android: {name: {en: Android, fr: Android}}
  ios: {name: {en: iOS, fr: iOS}}
`

const article = `id: KB1
title: T
summary: See {{fig:b}}{{fn:y}}.
figures:
  a: {src: a.svg, alt: "{{fig:c}} is not read here"}
  b: {src: b.svg, alt: B}
  c: {src: c.svg, alt: C}
  d: {src: d.svg, alt: D}
procedures:
  - id: p
    title: P
    platforms: [android, ios]
    steps:
      - id: one
        text: One {{fig:c}}.
        choices:
          - {when: W, text: X, next: three}
          - {when: W2, text: X2}
      - id: two
        platforms: [android]
        text: Two {{fig:d}}{{fn:z}}.
      - id: three
        text: Three.
footnotes:
  - {id: x, text: X}
  - {id: y, text: Y}
  - {id: z, text: Z}
`

func TestGraphNumbersAndEdges(t *testing.T) {
	kb := load(t, map[string]string{"kb.yaml": kbYAML, "kb1/article.yaml": article})
	a := kb.Article("KB1")
	r := resolve.New(a)
	p := a.Procedures[0]
	android, ios := r.Graph(p, "android"), r.Graph(p, "ios")
	if n := android.Number[r.Step("three")]; n != 3 {
		t.Errorf("three is step %d on android, want 3", n)
	}
	if n := ios.Number[r.Step("three")]; n != 2 {
		t.Errorf("three is step %d on ios, want 2", n)
	}
	if ios.ByID["two"] != nil {
		t.Error("two is on the ios branch")
	}
	// Step one leads to three by its first choice and falls through to
	// the following step by its second.
	var to []string
	for _, e := range android.Edges[r.Step("one")] {
		to = append(to, e.To.ID)
	}
	if len(to) != 2 || to[0] != "three" || to[1] != "two" {
		t.Errorf("edges of one on android: %v, want [three two]", to)
	}
	if reach := ios.Reachable(); !reach[r.Step("three")] || len(reach) != 2 {
		t.Errorf("reachable on ios: %v", reach)
	}
	if r.Graph(p, "windows") != nil || r.Figure("nope") != nil || r.Footnote("nope") != nil || r.Step("nope") != nil {
		t.Error("an unknown id resolved")
	}
}

func TestNumberFollowsReadingOrder(t *testing.T) {
	kb := load(t, map[string]string{"kb.yaml": kbYAML, "kb1/article.yaml": article,
		// The French summary cites the footnote before the figure, and
		// the figure c first.
		"kb1/fr.yaml": "lang: fr\nsummary: {text: \"Voir {{fn:y}}{{fig:c}}{{fig:b}}.\", source: 00000000}\n"})
	a := kb.Article("KB1")
	r := resolve.New(a)
	source := func(t *content.Text) string { return t.Value }
	both := func(p *content.Procedure) []string { return p.Branches() }

	n := r.Number(source, both)
	// b in the summary, c on step one, d on step two (android only); the
	// alt text of a, which cites c, is not where c is read; a is never
	// cited and comes last.
	for id, want := range map[string]int{"b": 1, "c": 2, "d": 3, "a": 4} {
		if got := n.Figure(id); got != want {
			t.Errorf("figure %s is %d, want %d", id, got, want)
		}
	}
	if n.FigureCount != 4 {
		t.Errorf("FigureCount = %d", n.FigureCount)
	}
	if got := n.FootnoteOrder; len(got) != 3 || got[0] != "y" || got[1] != "z" || got[2] != "x" {
		t.Errorf("footnotes in order %v, want [y z x]", got)
	}

	// A reader of the ios branch alone never meets d and z: they come
	// after the others, in the order they are declared.
	iosOnly := r.Number(source, func(*content.Procedure) []string { return []string{"ios"} })
	if iosOnly.Figure("a") != 3 || iosOnly.Figure("d") != 4 || iosOnly.FootnoteOrder[1] != "x" {
		t.Errorf("ios numbers: a=%d d=%d footnotes=%v", iosOnly.Figure("a"), iosOnly.Figure("d"), iosOnly.FootnoteOrder)
	}

	// In French the summary cites c before b.
	fr := r.Number(func(t *content.Text) string {
		lt, _, _ := a.Localize(*t, "fr")
		return lt.Value
	}, both)
	if fr.Figure("c") != 1 || fr.Figure("b") != 2 {
		t.Errorf("French numbers: c=%d b=%d, want 1 and 2", fr.Figure("c"), fr.Figure("b"))
	}
}
