package render_test

import (
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/render"
)

// hostileInputs are texts a careless or malicious writer could put in an
// article. want lists substrings of the inline rendering with
// hostileResolver; a leading "! " means the substring must be absent.
var hostileInputs = []struct {
	name string
	src  string
	want []string
}{
	{"script element", "<script>alert(1)</script>", []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}},
	{"script split by a newline", "<scr\nipt>alert(1)</script>", []string{"&lt;scr", "&lt;/script&gt;"}},
	{"image with onerror", "<img src=x onerror=alert(1)>", []string{"&lt;img src=x onerror=alert(1)&gt;", "! <img"}},
	{"svg with onload", "<svg onload=alert(1)>", []string{"&lt;svg onload=alert(1)&gt;", "! <svg"}},
	{"raw anchor", `<a href="javascript:x">click</a>`, []string{"&lt;a href=&quot;javascript:x&quot;&gt;click&lt;/a&gt;", "! <a "}},
	{"attribute breakout", `"><script>alert(1)</script>`, []string{"&quot;&gt;&lt;script&gt;"}},
	{"html comment", "a <!-- <script>x</script> --> b", []string{"&lt;!-- &lt;script&gt;"}},
	{"cdata", "<![CDATA[<script>x</script>]]>", []string{"&lt;![CDATA[&lt;script&gt;"}},
	{"processing instruction", "<?php echo 1; ?>", []string{"&lt;?php"}},
	{"raw emphasis tags", "<em>not</em> <b>bold</b>", []string{"&lt;em&gt;not&lt;/em&gt;", "&lt;b&gt;", "! <em>", "! <b>"}},
	{"style element", "<style>body{display:none}</style>", []string{"&lt;style&gt;"}},
	{"iframe", `<iframe src="https://evil.example"></iframe>`, []string{"&lt;iframe", "! <iframe"}},

	{"javascript link", "[x](javascript:alert(1))", []string{"x", "! href", "! javascript:alert"}},
	{"mixed-case scheme", "[x](JaVaScRiPt:alert(1))", []string{"! href"}},
	{"named colon reference", "[x](javascript&colon;alert(1))", []string{"! href"}},
	{"numeric colon reference", "[x](javascript&#58;alert(1))", []string{"! href"}},
	{"hex reference in the scheme", "[x](&#x6A;avascript:alert(1))", []string{"! href"}},
	{"tab reference in the scheme", "[x](java&#9;script:alert(1))", []string{"! href"}},
	{"tab in an angle destination", "[x](<java\tscript:alert(1)>)", []string{"! href"}},
	{"percent-encoded newline", "[x](java%0ascript:alert(1))", []string{"! href"}},
	{"leading control character", "[x](\x01javascript:alert(1))", []string{"! href"}},
	{"backslash-escaped colon", `[x](javascript\:alert(1))`, []string{"! href"}},
	{"vbscript link", "[x](vbscript:msgbox(1))", []string{"! href"}},
	{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", []string{"! href", "! data:"}},
	{"reference-style javascript link", "[x][evil]\n\n[evil]: javascript:alert(1)", []string{"! href"}},
	{"javascript autolink", "<javascript:alert(1)>", []string{"! href"}},
	{"protocol-relative link", "[x](//evil.example/)", []string{"! href"}},
	{"backslash host", `[x](/\evil.example/)`, []string{`href="/%5Cevil.example/"`}},
	{"quote in a link title", `[x](https://ok.example "t\" onclick=\"alert(1)")`, []string{`href="https://ok.example"`, "onclick=", `! " onclick`}},
	{"quote in a destination", `[x](<https://ok.example/" onclick="alert(1)>)`, []string{`href="https://ok.example/%22%20onclick=%22alert(1)"`}},
	{"image with a javascript source", "![logo](javascript:alert(1))", []string{"logo", "! <img", "! javascript"}},
	{"image with onerror alt", `![x" onerror="alert(1)](x.png)`, []string{"x&quot; onerror=&quot;alert(1)", "! <img"}},
	{"safe links stay", "[ok](https://example.com/?a=1&b=2) <mailto:help@example.com>", []string{`href="https://example.com/?a=1&amp;b=2"`, `href="mailto:help@example.com"`}},

	{"quote in a kb reference", `{{kb:KB1" onmouseover="alert(1)}}`, []string{"&lt;script&gt;KB1&quot; onmouseover=&quot;alert(1)&lt;/script&gt;", "! <script"}},
	{"javascript kb reference", "{{kb:javascript:alert(1)}}", []string{"&lt;script&gt;javascript:alert(1)&lt;/script&gt;", "! href"}},
	{"markup in a step reference", "{{step:<img src=x onerror=alert(1)>}}", []string{"&lt;b&gt;step&lt;/b&gt; &lt;img"}},
	{"quote in a footnote reference", `x{{fn:a" onfocus="alert(1)}}`, []string{`id="fnref-a&quot; onfocus=&quot;alert(1)&quot; autofocus onfocus=&quot;x"`}},
	{"quote in a figure reference", `{{fig:a"><script>}}`, []string{"Figure a&quot;&gt;&lt;script&gt;"}},
	{"unknown kind", "{{script:alert(1)}}", []string{"&lt;i&gt;script:alert(1)"}},
	{"reference in a code span", "`{{kb:KB1}}<b>`", []string{"<code>{{kb:KB1}}&lt;b&gt;</code>"}},

	{"encoded markup stays encoded", "&lt;script&gt; &#60;b&#62; &#x3C;i>", []string{"&lt;script&gt; &lt;b&gt; &lt;i&gt;", "! <b>", "! <i>"}},
	{"double-encoded markup", "&amp;lt;script&amp;gt;", []string{"&amp;lt;script&amp;gt;"}},
	{"invalid references", "&#0; &#xD800; &#1114112; &bogus;", []string{"&amp;bogus;"}},
}

// TestHostileInline renders each hostile input and checks both the
// expected escaping and the general markup oracle.
func TestHostileInline(t *testing.T) {
	for _, tt := range hostileInputs {
		t.Run(tt.name, func(t *testing.T) {
			got := string(render.Inline(tt.src, hostileResolver))
			for _, w := range tt.want {
				if neg, ok := strings.CutPrefix(w, "! "); ok {
					if strings.Contains(got, neg) {
						t.Errorf("Inline(%q) = %q, must not contain %q", tt.src, got, neg)
					}
				} else if !strings.Contains(got, w) {
					t.Errorf("Inline(%q) = %q, want %q", tt.src, got, w)
				}
			}
			checkRendered(t, tt.src)
		})
	}
}

// TestHostileBlock puts the hostile inputs where block syntax could give
// them another reading: in list items, block quotes, fenced code info
// strings and after indentation.
func TestHostileBlock(t *testing.T) {
	for _, tt := range hostileInputs {
		for _, wrap := range []string{"- %s\n- b", "> %s", "1. a\n2. %s", "```%s\ncode\n```", "    %s", "a\n\n%s\n\n---"} {
			src := strings.ReplaceAll(wrap, "%s", tt.src)
			t.Run(tt.name, func(t *testing.T) { checkRendered(t, src) })
		}
	}
}

// TestRefWithoutResolver renders a reference that is not at the start of
// its line with no resolver: it must show the reference's own text.
func TestRefWithoutResolver(t *testing.T) {
	for src, want := range map[string]string{
		"Tap {{step:open}} now.":        "Tap {{step:open}} now.",
		"**See** {{kb:KB1#a}}":          "<strong>See</strong> {{kb:KB1#a}}",
		"a\nb {{fn:x}} and {{fig:y}}":   "a\nb {{fn:x}} and {{fig:y}}",
		"{{kb:KB1\" onclick=\"x}} text": "{{kb:KB1&quot; onclick=&quot;x}} text",
	} {
		if got := string(render.Inline(src, nil)); got != want {
			t.Errorf("Inline(%q, nil) = %q, want %q", src, got, want)
		}
	}
	src := "Intro.\n\n- one\n- two {{step:open}}\n\n> quoted {{fn:x}}"
	want := "<p>Intro.</p>\n<ul>\n<li>one</li>\n<li>two {{step:open}}</li>\n</ul>\n<blockquote>\n<p>quoted {{fn:x}}</p>\n</blockquote>"
	if got := string(render.Block(src, nil)); got != want {
		t.Errorf("Block(%q, nil) = %q, want %q", src, got, want)
	}
}
