package i18n_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/i18n"
)

// TestDirection gives each language the direction of its script: the
// one its tag names, or else its likely one.
func TestDirection(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "ltr", "fr": "ltr", "hu": "ltr", "ja": "ltr", "zh-Hant": "ltr", "ko": "ltr",
		"ru": "ltr", "el": "ltr", "hi": "ltr", "th": "ltr", "am": "ltr",
		"ar": "rtl", "ar-EG": "rtl", "he": "rtl", "iw": "rtl", "fa": "rtl", "ur": "rtl",
		"ps": "rtl", "yi": "rtl", "dv": "rtl", "ckb": "rtl", "sd": "rtl", "ug": "rtl",
		"syr": "rtl", "nqo": "rtl", "ff-Adlm": "rtl",
		// The script a tag names decides, whatever the language's usual one.
		"az": "ltr", "az-Arab": "rtl", "pa": "ltr", "pa-Arab": "rtl", "ks-Deva": "ltr", "ks": "rtl",
		"az-Arab-IR": "rtl", "sr-Latn": "ltr",
		// Also where CLDR has the language in its usual script only.
		"ug-Cyrl": "ltr", "he-Latn": "ltr", "yi-Latn": "ltr", "tg-Arab": "rtl", "ky-Arab": "rtl", "ar-Arab": "rtl",
		// Scripts whose names x/text and Go's unicode package spell
		// otherwise, or not at all: CLDR knows the languages.
		"rhg-Rohg": "rtl", "rhg": "rtl", "bal": "rtl", "bal-Latn": "ltr",
		// A language CLDR lacks: the direction of the script its tag names.
		"xx-Hebr": "rtl", "xx-Latn": "ltr",
		// Nothing to go on: left to right, as HTML's default.
		"und": "ltr", "x-nonsense": "ltr",
		// No language of its own: no direction of its own either.
		"": "",
	} {
		if got := i18n.Direction(lang); got != want {
			t.Errorf("Direction(%q) = %q, want %q", lang, got, want)
		}
	}
}
