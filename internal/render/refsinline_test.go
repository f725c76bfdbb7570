package render

import (
	"fmt"
	"strings"
	"testing"
)

// refsSamples are texts of plain runs and references, as the steps of a
// procedure have them, and texts at the edge of that.
var refsSamples = []string{
	"Open the app ({{fig:open}}).",
	"{{step:confirm}} opens the code screen.",
	"Done. {{step:next}} follows.",
	"Done.  {{step:next|from}}",
	"See {{kb:KB2269}} and {{kb:KB2277#reset}}.",
	"a{{fig:x}}b",
	"{{fig:x}}{{fig:y}}",
	"Touchez « Suivant » ({{fig:suivant}}) : {{step:fin}}.",
	"「設定」を開きます（{{fig:settings}}）。{{step:next}}",
	"Kész! {{step:tovább}}",
	"(Done.) {{step:x}}",
	"Done.\u00a0{{step:x}}",
	"Done.\u3000{{step:x}}",
	"\u3000{{step:x}} first",
	"See {{fig:x}}  ",
	"Tap {{fig:x}}, then {{fig:y}}; {{fig:z}}!",
	"{{unknown}}", // a reference of no kind, for lint to report
	// Not taken: goldmark decides.
	"Open the app.",
	"{{",
	"{{fig:x}",
	"{{fig:x}}}",
	"x {{fig:a{b}}",
	"Tap **Next** ({{fig:next}}).",
	"See {{fn:pin}}, then **Next**.",
	" {{fig:x}} indented",
	"Tap {{fig:x}}\nthen",
	"a & {{fig:x}}",
}

// refsTakenUpTo is where the samples refsInline leaves to goldmark begin.
const refsTakenUpTo = 17

// refsResolver returns a resolver that resolves a reference to a link
// showing everything the renderer was given of it, and characters HTML
// escapes; the first link to a target gets an id, as a footnote's first
// mark does, so that a reference resolved once too often shows.
func refsResolver() Resolver {
	seen := map[string]bool{}
	return func(r Ref) Link {
		l := Link{
			Text: fmt.Sprintf("%s:%s#%s|%s %d-%d start=%v <&>", r.Kind, r.Target, r.Anchor, r.Context, r.Start, r.End, r.SentenceStart),
			Href: "#" + r.Target + "&x", Lang: "fr",
		}
		if !seen[r.Target] {
			seen[r.Target] = true
			l.ID = "first-" + r.Target
		}
		return l
	}
}

// TestRefsInlineIsGoldmarksOutput: refsInline takes the texts of runs and
// references, and gives for them what goldmark gives, with a resolver and
// without; it leaves every other text to goldmark.
func TestRefsInlineIsGoldmarksOutput(t *testing.T) {
	for i, src := range refsSamples {
		if took := checkRefsInline(t, src); took != (i < refsTakenUpTo) {
			t.Errorf("%q: taken %v", src, took)
		}
	}
}

// checkRefsInline compares refsInline with goldmark for src, if refsInline
// takes it, and reports whether it did.
func checkRefsInline(t *testing.T, src string) bool {
	t.Helper()
	calls := 0
	counting := func(r Ref) Link { calls++; return Link{Text: r.Target} }
	if _, _, ok := refsInline(src, counting); !ok {
		if calls > 0 {
			t.Errorf("%q: left to goldmark after resolving %d references", src, calls)
		}
		return false
	}
	for _, resolvers := range [][2]Resolver{{refsResolver(), refsResolver()}, {nil, nil}} {
		html, plain, _ := refsInline(src, resolvers[0])
		wantHTML, wantPlain := inlineMarkdown(src, resolvers[1])
		resolve := resolvers[0]
		if html != wantHTML || plain != wantPlain {
			t.Errorf("%q (resolver %v):\nfast path %q\n          %q\ngoldmark  %q\n          %q", src, resolve != nil, html, plain, wantHTML, wantPlain)
		}
	}
	return true
}

// FuzzRefsInline is the differential check of refsInline: for every text
// it takes, goldmark's output must be the same.
func FuzzRefsInline(f *testing.F) {
	for _, s := range refsSamples {
		f.Add(s)
	}
	f.Add(strings.Repeat("word {{fig:x}} ", 20))
	f.Fuzz(func(t *testing.T, src string) {
		checkRefsInline(t, src)
	})
}
