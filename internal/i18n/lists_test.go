package i18n_test

import (
	"slices"
	"testing"

	"github.com/kbcdev/kbc/internal/i18n"
)

func TestListFollowsCLDR(t *testing.T) {
	for _, tt := range []struct {
		locale string
		kind   i18n.ListKind
		items  []string
		want   string
	}{
		{"en", i18n.ListAnd, []string{"A", "B", "C"}, "A, B, and C"},
		{"en", i18n.ListOr, []string{"A", "B"}, "A or B"},
		{"fr", i18n.ListAnd, []string{"A", "B", "C", "D"}, "A, B, C et D"},
		{"fr", i18n.ListOr, []string{"A", "B"}, "A ou B"},
		{"hu", i18n.ListAnd, []string{"A", "B"}, "A és B"},
		{"hu", i18n.ListOr, []string{"A", "B", "C"}, "A, B vagy C"},
		{"ja", i18n.ListAnd, []string{"A", "B"}, "A、B"},
		{"ja", i18n.ListOr, []string{"A", "B"}, "AまたはB"},
		{"fr-CA", i18n.ListOr, []string{"A", "B"}, "A ou B"}, // the base language's
		// Any language CLDR has: a knowledge base may add its own locales.
		{"ar", i18n.ListOr, []string{"A", "B"}, "A أو B"},
		{"pt-BR", i18n.ListAnd, []string{"A", "B", "C"}, "A, B e C"},
		// The language in the locale's script, written or most likely:
		// Serbian is Cyrillic, but Latin in Montenegro.
		{"sr", i18n.ListAnd, []string{"A", "B"}, "A и B"},
		{"sr-Latn-RS", i18n.ListAnd, []string{"A", "B"}, "A i B"},
		{"sr-ME", i18n.ListAnd, []string{"A", "B"}, "A i B"},
		{"en", i18n.ListOr, []string{"A"}, "A"},
		{"en", i18n.ListOr, nil, ""},
		// Items are never read as patterns.
		{"en", i18n.ListAnd, []string{"{0}", "{1}"}, "{0} and {1}"},
	} {
		if got := i18n.List(tt.locale, tt.kind, tt.items); got != tt.want {
			t.Errorf("List(%s, %s, %q) = %q, want %q", tt.locale, tt.kind, tt.items, got, tt.want)
		}
	}
}

func TestListJoiners(t *testing.T) {
	got := i18n.ListJoiners("en", i18n.ListAnd, 3)
	if want := []string{"", ", ", ", and ", ""}; !slices.Equal(got, want) {
		t.Errorf("ListJoiners(en, and, 3) = %q, want %q", got, want)
	}
	if !i18n.HasListPatterns("hu") || !i18n.HasListPatterns("fr-BE") || i18n.HasListPatterns("tlh") {
		t.Error("HasListPatterns: want hu and fr-BE, not tlh")
	}
}

func TestCapitalize(t *testing.T) {
	for _, tt := range []struct{ locale, in, want string }{
		{"en", "step 3", "Step 3"},
		{"fr", "l’étape 3", "L’étape 3"},
		{"fr", "à partir de l’étape 1", "À partir de l’étape 1"},
		{"hu", "az 1. lépéstől", "Az 1. lépéstől"},
		{"nl", "ijsland", "IJsland"},
		{"tr", "iki", "İki"},
		{"ja", "step 2", "step 2"}, // never in Japanese
		{"ja", "ステップ 2", "ステップ 2"},
		{"en", "IB Key", "IB Key"},
		{"en", "3 steps", "3 steps"},
		{"en", "", ""},
	} {
		if got := i18n.Capitalize(tt.locale, tt.in); got != tt.want {
			t.Errorf("Capitalize(%s, %q) = %q, want %q", tt.locale, tt.in, got, tt.want)
		}
	}
}
