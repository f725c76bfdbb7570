package render

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
)

// plainSamples are texts as writers type them, in every locale, with the
// punctuation plain sentences have, and texts at the edge of plain.
var plainSamples = []string{
	"Open the app.",
	"Tap OK!  ",
	"Don't turn off your phone; it's updating (about 2 min).",
	"Ouvrez l'application : touchez « Paramètres ».",
	"Nyissa meg a „Beállítások” menüt – majd koppintson.",
	"「設定」を開き、［次へ］をタップします。",
	"Enter code 12-34 / 56#78 ~ 100% + tax = total | done.",
	"1. Not a list",
	"# Not a heading",
	"- not an item",
	"the last word-",
	"a\u00a0no-break space and\u3000an ideographic one\u00a0",
	"\u00a0starts with a no-break space",
	"trailing spaces then nothing  ",
	"http://example.com/x?y=1",
	"www.example.com",
	"user@example.com",
	"!",
	"",
	"x",
	// Not plain: goldmark decides.
	"   ",
	"    indented by four spaces",
	"**Settings**",
	"a_b",
	"say \"yes\"",
	"a & b",
	"<b>x</b>",
	"[x](y)",
	"{{step:a}}",
	"a\\*b",
	"two\nlines",
	"tab\there",
	"&amp;",
	"\x7f",
	"\xff invalid",
}

// notPlainFrom is where the samples the fast path leaves to goldmark
// begin.
const notPlainFrom = 20

// TestPlainInlineIsGoldmarksOutput: for every text the fast path takes,
// Inline, InlineText, UnlinkedText and PlainText give what goldmark
// gives.
func TestPlainInlineIsGoldmarksOutput(t *testing.T) {
	taken := 0
	for _, src := range plainSamples {
		if checkPlainInline(t, src) {
			taken++
		}
	}
	if taken < 15 {
		t.Errorf("the fast path took %d of the plain samples", taken)
	}
}

// TestPlainInlineLeavesMarkupToGoldmark: a text with markup, or with
// what HTML escapes, is not taken.
func TestPlainInlineLeavesMarkupToGoldmark(t *testing.T) {
	for _, src := range plainSamples[notPlainFrom:] {
		if _, ok := plainInline(src); ok {
			t.Errorf("%q taken as plain", src)
		}
	}
	for _, src := range plainSamples[:notPlainFrom] {
		if _, ok := plainInline(src); !ok {
			t.Errorf("%q not taken as plain", src)
		}
	}
}

// checkPlainInline compares the fast path with goldmark for src, if the
// fast path takes it, and reports whether it did.
func checkPlainInline(t *testing.T, src string) bool {
	t.Helper()
	plain, ok := plainInline(src)
	if !ok {
		return false
	}
	resolve := func(Ref) Link { t.Fatalf("%q: a reference resolved in a plain text", src); return Link{} }
	html, plainText := inlineMarkdown(src, resolve)
	if string(html) != plain || plainText != plain {
		t.Errorf("%q: fast path %q, goldmark %q and plain text %q", src, plain, html, plainText)
	}
	if got := convert(inlineParser, inlineRenderer, src, resolve); string(got) != plain {
		t.Errorf("%q: Inline: fast path %q, goldmark %q", src, plain, got)
	}
	source := []byte(src)
	doc := inlineParser.Parse(text.NewReader(source))
	if got := renderDoc(unlinkedRenderer, doc, source, resolve); string(got) != plain {
		t.Errorf("%q: UnlinkedText: fast path %q, goldmark %q", src, plain, got)
	}
	return true
}

// FuzzPlainInline is the differential check of the fast path: for every
// text it takes, goldmark's output must be the same.
func FuzzPlainInline(f *testing.F) {
	for _, s := range plainSamples {
		f.Add(s)
	}
	f.Add(strings.Repeat("word ", 50))
	for _, space := range []string{"\u0085", "\u00a0", "\u1680", "\u2000", "\u2028", "\u2029", "\u202f", "\u3000", "\ufeff"} {
		f.Add(space + "    a" + space)
		f.Add("a" + space + "    " + space + "b")
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkPlainInline(t, src)
	})
}
