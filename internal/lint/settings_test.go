package lint_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
)

// finding names a finding by where it is and what it is about.
type finding struct {
	file     string // base name of the folder and file, as "kb1/fr.yaml"
	line     int
	rule     string
	locale   string
	severity diag.Severity
}

func lintFixture(t *testing.T, dir string) map[finding]string {
	t.Helper()
	kb, diags, err := content.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	diags = append(diags, lint.Run(kb, lint.All())...)
	got := map[finding]string{}
	for _, d := range diags {
		rel, _ := filepath.Rel(dir, d.Pos.File)
		got[finding{filepath.ToSlash(rel), d.Pos.Line, d.Rule, d.Locale, d.Severity}] = d.Message
	}
	return got
}

// TestRuleSettings checks that kb.yaml's rules set severities per rule,
// check and locale, the most specific setting winning, and turn findings
// off.
func TestRuleSettings(t *testing.T) {
	got := lintFixture(t, "testdata/settings")
	want := []finding{
		// translations: missing is a warning, stale an error...
		{"kb1/article.yaml", 4, "translations", "fr", diag.Warning},
		{"kb1/fr.yaml", 2, "translations", "fr", diag.Error},
		// ...every translations finding in hu is info...
		{"kb1/article.yaml", 1, "translations", "hu", diag.Info},
		// ...and in ja, missing units are off while stale ones follow the
		// knowledge base's setting.
		{"kb1/ja.yaml", 2, "translations", "ja", diag.Error},
		// hardcoded-numbers is a warning in ja alone.
		{"kb1/ja.yaml", 3, "hardcoded-numbers", "ja", diag.Warning},
		{"kb1/article.yaml", 4, "hardcoded-numbers", "", diag.Error},
		// Settings that name no rule or check are schema errors.
		{"kb.yaml", 11, "schema", "", diag.Error},
		{"kb.yaml", 12, "schema", "", diag.Error},
		{"kb.yaml", 14, "schema", "", diag.Error},
		{"kb.yaml", 15, "schema", "", diag.Error},
	}
	for _, w := range want {
		if _, ok := got[w]; !ok {
			t.Errorf("no %s finding at %s:%d [%s] of severity %s", w.rule, w.file, w.line, w.locale, w.severity)
		}
	}
	for f, msg := range got {
		switch {
		case f.rule == "typography":
			t.Errorf("typography is off, yet %s:%d: %s", f.file, f.line, msg)
		case f.rule == "translations" && f.locale == "ja" && strings.Contains(msg, "has no ja translation"):
			t.Errorf("missing ja units are off, yet %s:%d: %s", f.file, f.line, msg)
		}
	}
}

// TestRequiredLocales checks the translations rule's default severities:
// in a required locale missing and orphaned units are errors and stale
// ones warnings; elsewhere all three are info.
func TestRequiredLocales(t *testing.T) {
	got := lintFixture(t, "testdata/required")
	for _, w := range []finding{
		{"kb1/article.yaml", 3, "translations", "fr", diag.Error}, // summary missing
		{"kb1/fr.yaml", 2, "translations", "fr", diag.Warning},    // title stale
		{"kb1/fr.yaml", 3, "translations", "fr", diag.Error},      // orphan
		{"kb1/article.yaml", 3, "translations", "hu", diag.Info},  // summary missing
		{"kb1/hu.yaml", 2, "translations", "hu", diag.Info},       // title stale
		{"kb1/hu.yaml", 3, "translations", "hu", diag.Info},       // orphan
	} {
		if _, ok := got[w]; !ok {
			t.Errorf("no %s finding at %s:%d [%s] of severity %s; got %v", w.rule, w.file, w.line, w.locale, w.severity, got)
		}
	}
	if len(got) != 6 {
		t.Errorf("%d findings, want 6: %v", len(got), got)
	}
}
