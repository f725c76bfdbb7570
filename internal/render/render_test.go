package render_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/render"
)

func resolveAll(r render.Ref) render.Link {
	switch r.Kind {
	case content.RefStep:
		return render.Link{Text: "step 3", Href: "#" + r.Target, Class: "ref-step"}
	case content.RefFootnote:
		return render.Link{Text: "1", Href: "#fn-" + r.Target, Sup: true, ID: "fnref-" + r.Target}
	}
	return render.Link{Text: "<b>" + r.Target + "</b> **x**"}
}

func TestInline(t *testing.T) {
	tests := []struct {
		src  string
		want []string // substrings; a leading "! " means absent
	}{
		{"Tap **Services** {{step:open_app_now}}.", []string{"<strong>Services</strong>", `<a href="#open_app_now" class="ref ref-step">step 3</a>`, "! <em>"}},
		{"See {{kb:KB1}}", []string{"&lt;b&gt;KB1&lt;/b&gt; **x**", "! <b>", "! <strong>"}},
		{"Note{{fn:data}}", []string{`<sup class="fn-mark"><a href="#fn-data" id="fnref-data" class="ref">1</a></sup>`}},
		{"<script>alert(1)</script> hi", []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "! <script"}},
		{"[click](javascript:alert(1)) and [ok](https://example.com/a?b=1&c=2)", []string{"click and", "! javascript", `<a href="https://example.com/a?b=1&amp;c=2">ok</a>`}},
		{"[x](JavaScript&#58;alert(1)) [y](data:text/html,hi) [z](//evil.example)", []string{"! href"}},
		{"[mail](mailto:help@example.com) [rel](../kb2/index.html)", []string{`href="mailto:help@example.com"`, `href="../kb2/index.html"`}},
		{"<javascript:alert(1)> <https://ok.example>", []string{"! href=\"javascript", `<a href="https://ok.example">https://ok.example</a>`}},
		{"1. Open the app\n\n# not a heading", []string{"1. Open the app # not a heading", "! <ol>", "! <h1>", "! <p>"}},
		{"![alt text](https://evil.example/x.png)", []string{"alt text", "! <img"}},
		{"`{{step:x}}` code", []string{"<code>{{step:x}}</code>"}},
	}
	for _, tt := range tests {
		got := string(render.Inline(tt.src, resolveAll))
		for _, w := range tt.want {
			if neg, ok := strings.CutPrefix(w, "! "); ok {
				if strings.Contains(got, neg) {
					t.Errorf("Inline(%q) = %q, should not contain %q", tt.src, got, neg)
				}
			} else if !strings.Contains(got, w) {
				t.Errorf("Inline(%q) = %q, want %q", tt.src, got, w)
			}
		}
	}
}

func TestBlock(t *testing.T) {
	got := string(render.Block("First paragraph.\n\n- one\n- two {{step:a}}\n\n<div>raw</div>\n", resolveAll))
	for _, w := range []string{"<p>First paragraph.</p>", "<ul>", "<li>two <a href=\"#a\"", "&lt;div&gt;raw&lt;/div&gt;"} {
		if !strings.Contains(got, w) {
			t.Errorf("Block: %q lacks %q", got, w)
		}
	}
	if strings.Contains(got, "<div>") {
		t.Errorf("Block rendered raw HTML: %q", got)
	}
}

func TestPlainText(t *testing.T) {
	got := render.PlainText("Tap **Services**, see {{step:a}} and `code`.", resolveAll)
	if got != "Tap Services, see step 3 and code." {
		t.Errorf("PlainText = %q", got)
	}
}

func TestSafeURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://x": true, "HTTP://x": true, "mailto:a@b": true, "../a/index.html#s": true, "#s": true,
		"javascript:x": false, " javascript:x": false, "vbscript:x": false, "data:x": false, "file:///etc": false, "//host": false, "": false,
		// As a browser reads them: controls and spaces trimmed, tabs and
		// newlines dropped, a backslash taken for a slash.
		"\x01\x01//host": false, "/\t/host": false, "\\/host": false, "/\\host": false, "java\nscript:x": false, "\x00#s": true,
	} {
		if got := render.SafeURL(u); got != want {
			t.Errorf("SafeURL(%q) = %v, want %v", u, got, want)
		}
	}
}

func TestPlainTextShowsWhatTheReaderSees(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Fees &amp; charges", "Fees & charges"},
		{"Write to <https://example.org/help> today", "Write to https://example.org/help today"},
		{`A \*literal\* star`, "A *literal* star"},
		{"Caf&#233; **bold**", "Café bold"},
		{"`a &amp; b`", "a &amp; b"},
	} {
		if got := render.PlainText(tc.in, nil); got != tc.want {
			t.Errorf("PlainText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// InlineText must be exactly Inline and PlainText without a resolver, as
// pages use it in their place.
func TestInlineTextMatchesInlineAndPlainText(t *testing.T) {
	srcs := []string{
		"",
		"Tap **Services** {{step:open_app_now}}.",
		"See {{kb:KB1}} and {{fig:login}}",
		"Note{{fn:data}} *here*",
		"<script>alert(1)</script> hi &amp; &#201;t\\*e",
		"[ok](https://example.com/a?b=1&c=2) <https://ok.example>",
		"1. Open the app\n\n# not a heading\nsoft  \nhard",
		"`{{step:x}}` code and {{bad",
		"ログイン画面で「設定」を{{step:a}}タップします。",
	}
	for _, src := range srcs {
		h, plain := render.InlineText(src, resolveAll)
		if want := render.Inline(src, resolveAll); h != want {
			t.Errorf("InlineText(%q) HTML = %q, want %q", src, h, want)
		}
		if want := render.PlainText(src, nil); plain != want {
			t.Errorf("InlineText(%q) plain = %q, want %q", src, plain, want)
		}
	}
}

// TestUnlinkedText renders a text for a disclosure's summary: no link,
// whether Markdown's or a reference's, and a footnote mark keeps its id.
func TestUnlinkedText(t *testing.T) {
	resolve := func(r render.Ref) render.Link {
		switch r.Kind {
		case content.RefFigure:
			return render.Link{Text: "Figure 2", Href: "#fig-error", Class: "ref-fig"}
		case content.RefFootnote:
			return render.Link{Text: "1", Href: "#fn-a", ID: "fnref-a", Sup: true}
		}
		return render.Link{Text: r.Target}
	}
	h, plain := render.UnlinkedText("The **error** {{fig:error}} at [the portal](https://example.com) <https://example.org>{{fn:a}}", resolve)
	want := `The <strong>error</strong> Figure 2 at the portal https://example.org<sup class="fn-mark" id="fnref-a">1</sup>`
	if string(h) != want {
		t.Errorf("UnlinkedText:\n got %s\nwant %s", h, want)
	}
	if strings.Contains(string(h), "<a") {
		t.Errorf("a link is left: %s", h)
	}
	if _, want := render.InlineText("The **error** {{fig:error}} at [the portal](https://example.com) <https://example.org>{{fn:a}}", resolve); plain != want {
		t.Errorf("plain text %q, want InlineText's %q", plain, want)
	}
}

// TestSentenceStart holds the resolver to knowing which references open
// a sentence: first in a text, cell or list item, or after a sentence's
// final mark and a space, whatever emphasis or link wraps them.
func TestSentenceStart(t *testing.T) {
	for src, want := range map[string][]bool{
		"{{step:a}} opens it.":                       {true},
		"Repeat {{step:a}}.":                         {false},
		"Done. {{step:a}} follows. Then {{step:b}}.": {true, false},
		"Done! **{{step:a}}** follows.":              {true},
		"Done? [{{step:a}}](x) follows.":             {true},
		"He said \"done.\" {{step:a}} follows.":      {true},
		"(See {{step:a}}.) {{step:b}}":               {false, true},
		"Note: {{step:a}}.":                          {false},
		"Done.{{step:a}}":                            {false},
		"Code `x.` {{step:a}}":                       {false},
		"Done.\n{{step:a}} on the next line.":        {true},
		"{{fig:a}}{{step:b}}":                        {true, false},
		"- {{step:a}} first\n- then {{step:b}}":      {true, false},
	} {
		var got []bool
		render.Block(src, func(r render.Ref) render.Link {
			got = append(got, r.SentenceStart)
			return render.Link{Text: r.Target}
		})
		if !slices.Equal(got, want) {
			t.Errorf("%q: sentence starts %v, want %v", src, got, want)
		}
		if strings.HasPrefix(src, "- ") {
			continue // a list is block content, which PlainText does not read
		}
		got = nil
		render.PlainText(src, func(r render.Ref) render.Link {
			got = append(got, r.SentenceStart)
			return render.Link{}
		})
		if len(got) == 0 || got[0] != want[0] {
			t.Errorf("PlainText %q: first sentence start %v, want %v", src, got, want[0])
		}
	}
}

// A text that may hold no link, such as a disclosure's summary, keeps
// what its references read as: each platform's variant, and the parts of
// a reference joined as the locale joins them, without links.
func TestUnlinkedTextKeepsVariantsAndParts(t *testing.T) {
	got, _ := render.UnlinkedText("Repeat {{step:a}} ({{fig:b}})", func(r render.Ref) render.Link {
		if r.Kind == content.RefStep {
			return render.Link{Parts: []render.Link{{Text: "step 3 (Android)", Href: "#x"}, {Text: "step 2 (iOS)", Href: "#y"}},
				Joiners: []string{"", " or ", ""}}
		}
		return render.Link{Variants: []render.Link{{Text: "Figure 4", Href: "#f", Platform: "android"}, {Text: "Figure 2", Href: "#f", Platform: "ios"}}}
	})
	want := `Repeat step 3 (Android) or step 2 (iOS) (<span class="by-platform"><span data-platform="android">Figure 4</span><span data-platform="ios" hidden="">Figure 2</span></span>)`
	if string(got) != want {
		t.Errorf("UnlinkedText\n%s\nwant\n%s", got, want)
	}
}

func TestLinkPartsVariantsAndLabel(t *testing.T) {
	got := string(render.Inline("Repeat {{step:a}} and {{fig:b}}{{fn:c}}. See {{kb:KB1}}, call {{var:phone}}.", func(r render.Ref) render.Link {
		switch r.Kind {
		case content.RefStep:
			return render.Link{Parts: []render.Link{{Text: "step 3 (Android)", Href: "#x"}, {Text: "step 2 (iOS)", Href: "#y"}},
				Joiners: []string{"", " or ", ""}}
		case content.RefFigure:
			return render.Link{Variants: []render.Link{{Text: "Figure 4", Href: "#f", Platform: "android"}, {Text: "Figure 2", Href: "#f", Platform: "ios"}}}
		case content.RefArticle:
			return render.Link{Text: "Activer la clé", Href: "../kb1/", Lang: "fr"}
		case content.RefVariable:
			return render.Link{Text: "الدعم", Lang: "ar"}
		}
		return render.Link{Text: "1", Href: "#n", Sup: true, Label: "Note 1"}
	}))
	for _, want := range []string{
		// A text in another language is isolated in its own direction.
		`See <a href="../kb1/" lang="fr" dir="ltr" class="ref">Activer la clé</a>, call <span lang="ar" dir="rtl">الدعم</span>.`,
		`Repeat <a href="#x" class="ref">step 3 (Android)</a> or <a href="#y" class="ref">step 2 (iOS)</a> and `,
		`<span class="by-platform"><span data-platform="android"><a href="#f" class="ref">Figure 4</a></span><span data-platform="ios" hidden=""><a href="#f" class="ref">Figure 2</a></span></span>`,
		`<sup class="fn-mark"><a href="#n" aria-label="Note 1" class="ref">1</a></sup>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rendered\n%s\nwithout\n%s", got, want)
		}
	}
	plain := render.PlainText("Repeat {{step:a}} and {{fig:b}}.", func(r render.Ref) render.Link {
		if r.Kind == content.RefStep {
			return render.Link{Parts: []render.Link{{Text: "A"}, {Text: "B"}}, Joiners: []string{"", " or ", ""}}
		}
		return render.Link{Variants: []render.Link{{Text: "Figure 4", Platform: "android"}, {Text: "Figure 2", Platform: "ios"}}}
	})
	if plain != "Repeat A or B and Figure 4." {
		t.Errorf("PlainText = %q", plain)
	}
}
