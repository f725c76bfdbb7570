package prose

import (
	"slices"
	"testing"
)

// Every French spacing finding carries an edit, and the text with all of
// them made has no French spacing finding left: a fix that fixes.
func TestFrenchFixesLeaveNoFinding(t *testing.T) {
	for _, s := range []string{
		"Vite ! Oui ?",
		"Prix: 3 €; fin!",
		"« Oui » et «non»",
		"«\u00a0Oui » ; «  deux  »",
		"Titre : à revoir ; « peut-être »;",
	} {
		findings := Typography(s, "fr", nil)
		if len(findings) == 0 {
			t.Errorf("%q: no finding", s)
			continue
		}
		var edits []Edit
		for _, f := range findings {
			if f.Fix == nil {
				t.Errorf("%q: finding %q has no fix", s, f.Msg)
				continue
			}
			edits = append(edits, *f.Fix)
		}
		fixed := applyTextEdits(s, edits)
		if left := Typography(fixed, "fr", nil); len(left) > 0 {
			t.Errorf("%q fixed to %q still has %d findings, first: %s", s, fixed, len(left), left[0].Msg)
		}
	}
}

// applyTextEdits makes non-overlapping edits, given in offsets of s.
func applyTextEdits(s string, edits []Edit) string {
	slices.SortFunc(edits, func(a, b Edit) int { return b.Off - a.Off })
	for _, e := range edits {
		s = s[:e.Off] + e.New + s[e.End:]
	}
	return s
}

// A Windows path's drive is no colon of French prose; a word's colon is,
// even before a backslash.
func TestFrenchColonOfADrive(t *testing.T) {
	for s, want := range map[string]int{
		`Ouvrez C:\Utilisateurs.`:    0,
		`Copiez-le dans D:\données.`: 0,
		`Le dossier:\partage`:        1,
		`Note: voir C:\tmp`:          1,
	} {
		if got := len(Typography(s, "fr", nil)); got != want {
			t.Errorf("%q: %d findings, want %d", s, got, want)
		}
	}
}
