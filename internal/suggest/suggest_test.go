package suggest

import "testing"

func TestNearest(t *testing.T) {
	keys := []string{"id", "title", "summary", "procedures", "troubleshooting", "see_also"}
	tests := []struct{ in, want string }{
		{"titel", "title"},                    // swapped letters
		{"tittle", "title"},                   // one letter too many
		{"Title", "title"},                    // case does not count
		{"procedure", "procedures"},           // one letter missing
		{"troubleshoting", "troubleshooting"}, // one letter missing in a long word
		{"seealso", "see_also"},
		{"ib", "id"},
		{"author", ""}, // nothing near
		{"tit", ""},    // too far for a short word
		{"abstract", ""},
	}
	for _, tt := range tests {
		if got := Nearest(tt.in, keys); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Nearest("title", nil); got != "" {
		t.Errorf("Nearest with no candidates = %q", got)
	}
}

func TestLocaleHint(t *testing.T) {
	known := []string{"en", "fr", "hu", "ja", "pt-BR", "zh-CN", "sr"}
	for _, tt := range []struct{ in, want string }{
		{"DE", ""},
		{"FR", `; did you mean "fr"?`},
		{"pt_br", `; did you mean "pt-BR"?`},
		{"pt", `; did you mean "pt-BR"?`},
		{"fr-CA", `; did you mean "fr"?`},
		{"ar", ""},                     // one letter from fr, and no misspelling of it
		{"es", ""},                     // one letter from en
		{"fx", `; did you mean "fr"?`}, // no language: a typo
		{"x_y_z", ""},
		// Another script or region of the language is another locale,
		// whose files a hint would have overwritten.
		{"zh-TW", ""}, {"zh-Hant", ""}, {"zh", `; did you mean "zh-CN"?`},
		{"sr-Latn", ""}, {"sr-Cyrl", `; did you mean "sr"?`}, {"pt-PT", ""},
	} {
		if got := LocaleHint(tt.in, known); got != tt.want {
			t.Errorf("LocaleHint(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
