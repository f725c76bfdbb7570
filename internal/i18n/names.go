package i18n

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// LanguageName returns the name of the language lang written in the
// locale in, as "anglais" for en in fr, falling back to the tag itself.
func LanguageName(lang, in string) string {
	if n := display.Tags(language.Make(in)).Name(language.Make(lang)); n != "" {
		return n
	}
	return lang
}

// SelfName returns the name of the locale in its own language, as
// "magyar" for hu: what a language switcher shows.
func SelfName(locale string) string {
	if n := display.Self.Name(language.Make(locale)); n != "" {
		return n
	}
	return locale
}
