package lint_test

import (
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"

	"github.com/kbcdev/kbc/internal/lint"
	"github.com/kbcdev/kbc/internal/lint/linttest"
)

func TestFigures(t *testing.T) {
	got := linttest.Run(t, "testdata/figures/bad", lint.Figures)
	linttest.Run(t, "testdata/figures/good", lint.Figures)

	// Findings in a translation or a locale's variant concern that locale
	// only; those on the source concern every locale.
	wantLocale := map[string]string{
		"figures/fr/login.svg, line 1":          "fr",
		`unknown figure "connexion"`:            "fr",
		`alt text of figure "login"`:            "fr",
		`unknown figure "logn"`:                 "",
		`alt text of figure "session-id"`:       "",
		"figures/de/login.svg is a variant for": "",
	}
	checkLocales(t, got, wantLocale)
}

// checkLocales asserts the locale of the findings whose message contains
// each key: the locale a finding concerns is not part of its message, so
// the want comments of a fixture cannot state it.
func checkLocales(t *testing.T, got diag.List, want map[string]string) {
	t.Helper()
	for sub, locale := range want {
		found := false
		for _, d := range got {
			if strings.Contains(d.Message, sub) {
				found = true
				if d.Locale != locale {
					t.Errorf("%s: %s: locale %q, want %q", d.Pos, d.Message, d.Locale, locale)
				}
			}
		}
		if !found {
			t.Errorf("no finding contains %q", sub)
		}
	}
}
