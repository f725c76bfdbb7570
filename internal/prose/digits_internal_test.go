package prose

import (
	"strings"
	"testing"
)

func TestHasDigit(t *testing.T) {
	for _, s := range []string{"", "no digit", "step 3", "手順３", "手順０", "手順９", "ｚ", "\uff0f\uff1a", "\xef\xbc", "é9", "図"} {
		if got, want := hasDigit(s), strings.ContainsAny(s, "0123456789０１２３４５６７８９"); got != want {
			t.Errorf("hasDigit(%q) = %v, want %v", s, got, want)
		}
	}
}
