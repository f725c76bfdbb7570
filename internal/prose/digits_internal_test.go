package prose

import (
	"slices"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
)

func TestHasDigit(t *testing.T) {
	for _, s := range []string{"", "no digit", "step 3", "手順３", "手順０", "手順９", "ｚ", "\uff0f\uff1a", "\xef\xbc", "é9", "図"} {
		if got, want := hasDigit(s), strings.ContainsAny(s, "0123456789０１２３４５６７８９"); got != want {
			t.Errorf("hasDigit(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSpelledNumbers(t *testing.T) {
	for _, tc := range []struct {
		text, locale string
		want         []string // the typed numbers found
		number       int      // what the first stands for
	}{
		{"Go back to step three.", "en", []string{"step three"}, 3},
		{"Do steps two and three again.", "en-GB", []string{"steps two and three"}, 0},
		{"Follow the steps one by one; it takes three steps.", "en", nil, 0},
		{"A stepladder one metre high.", "en", nil, 0},
		{"Revenez à l’étape dix-sept.", "fr", []string{"étape dix-sept"}, 17},
		{"Les étapes deux et trois.", "fr-CA", []string{"étapes deux et trois"}, 0},
		{"Suivez les étapes une à une.", "fr", nil, 0},
		{"Go back to step one.", "en", []string{"step one"}, 1},
		{"This is a step one can easily miss, the last step one needs.", "en", nil, 0},
		{"Repeat this step two times, or the step one more time.", "en", nil, 0},
		{"Cette étape un peu longue prend du temps.", "fr", nil, 0},
		{"Répétez cette étape deux fois, puis l’étape trois.", "fr", []string{"étape trois"}, 3},
		{"Répétez l’étape deux fois.", "fr", nil, 0},
		{"Go back to step three.", "hu", nil, 0},
		{"See `step three` in {{step:a}}.", "en", nil, 0},
	} {
		var got []string
		for _, n := range TypedNumbers(tc.text, tc.locale, nil) {
			got = append(got, tc.text[n.Start:n.End])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q in %s: found %q, want %q", tc.text, tc.locale, got, tc.want)
			continue
		}
		if len(got) > 0 {
			// A list names no one step.
			if n, ok := SpelledNumber(got[0], tc.locale); ok != (tc.number > 0) || n != tc.number {
				t.Errorf("%q in %s: SpelledNumber = %d, %v; want %d", got[0], tc.locale, n, ok, tc.number)
			}
		}
	}
}

// A catalog's phrase for a step is a pattern only with a word around its
// number: "{{.N}}." alone would take any number before a full stop.
func TestPhrasesNeedAWord(t *testing.T) {
	for _, tc := range []struct {
		phrase, text string
		want         []string
	}{
		{"Schritt {{.N}}", "Siehe Schritt 3.", []string{"Schritt 3"}},
		{"{{ .N }}. lépés", "A 3. lépés után.", []string{"3. lépés"}},
		{"{{.N}}.", "Android 14.", nil},
		{"#{{.N}}", "See issue #3.", nil},
		{"{{.N}}", "Android 14.", nil},
	} {
		own := PhrasesOf(map[content.RefKind]string{content.RefStep: tc.phrase})
		var got []string
		for _, n := range TypedNumbers(tc.text, "xx", nil, own) {
			got = append(got, tc.text[n.Start:n.End])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("phrase %q in %q: typed numbers %q, want %q", tc.phrase, tc.text, got, tc.want)
		}
	}
}
