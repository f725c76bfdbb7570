package lint_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestMarkup(t *testing.T) {
	got := linttest.Run(t, "testdata/markup/bad", lint.Markup)
	linttest.Run(t, "testdata/markup/good", lint.Markup)

	checkLocales(t, got, map[string]string{
		`instead of "<i>"`: "fr",
		`instead of "<b>"`: "",
	})
	// A path to an article's page works on the site, where {{kb:}} would
	// work better; a path to a page that is not there does not.
	for _, d := range got {
		want := map[string]diag.Severity{`link to "../kb2/index.html"`: diag.Warning, `link to "../kb22/"`: diag.Error}
		for sub, sev := range want {
			if strings.HasPrefix(d.Message, sub) && (d.Severity != sev || d.Check != "article-path") {
				t.Errorf("%s: %s: %v of check %q, want %v of check article-path", d.Pos, d.Message, d.Severity, d.Check, sev)
			}
		}
	}
}

// limitOf names, by the regexp of its finding, the limit each slow shape
// of Markdown crosses; the shapes not listed cross none.
var limitOf = map[string]string{
	`"[a]("`: "links", `"[a](b"`: "links", `"[]("`: "links", `"![a]("`: "links", `"[a](<"`: "links",
	`"[a](\n"`: "links", `"[a](b)"`: "links", `"["`: "links",
	`"> "`: "nest", `">"`: "nest", `"+ "`: "nest", `"1. "`: "nest", `"1) "`: "nest", `"- > "`: "nest",
	`"> - "`: "nest", `"- 1. "`: "nest", "indented lists": "nest",
	`"*a_"`: "emphasis", `"_a*"`: "emphasis", `"a**b_"`: "emphasis", `"*{{"`: "emphasis",
	"growing backtick runs": "code spans",
	`"[a]:\n"`:              "reference definitions", "reference definitions": "reference definitions",
}

// TestMarkupLimits lints a section body of 64 KiB of each slow shape of
// Markdown and checks that the markup rule names the limit the shape
// crosses, at a position in the body. That the parse stops at the limit
// is tested in package render; the time it takes is measured by
// BenchmarkWorstCasePerMiB in package site.
func TestMarkupLimits(t *testing.T) {
	for _, shape := range corpus.SlowMarkdown {
		t.Run(shape.Name, func(t *testing.T) {
			dir := t.TempDir()
			if err := corpus.WriteBodyKB(dir, shape.Text(64<<10)); err != nil {
				t.Fatal(err)
			}
			// Shapes such as "> " repeated end their lines with a space:
			// a warning, and no reason not to lint the body.
			kb, diags, err := content.Load(dir)
			if err != nil || diags.HasErrors() {
				t.Fatalf("load: %v %v", err, diags)
			}
			var limits diag.List
			for _, d := range lint.Run(kb, []*lint.Rule{lint.Markup}) {
				if strings.Contains(d.Message, "the limit is") {
					limits = append(limits, d)
				}
			}
			want := limitOf[shape.Name]
			if want == "" {
				if len(limits) > 0 {
					t.Errorf("findings of a limit for a shape that crosses none: %v", limits)
				}
				return
			}
			found := false
			for _, d := range limits {
				// The body starts on line 7 of the file BodyArticle writes.
				if d.Pos.Line < 7 || d.Pos.Column < 7 {
					t.Errorf("finding outside the body: %v", d)
				}
				found = found || regexp.MustCompile(want).MatchString(d.Message)
			}
			if !found {
				t.Errorf("no finding of the %s limit; limit findings: %v", want, limits)
			}
		})
	}
}
