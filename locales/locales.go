// Package locales holds the help site's UI strings, one go-i18n message
// file per locale, embedded so that the kbc binary carries them.
package locales

import "embed"

// FS holds the message files, named <locale>.yaml.
//
//go:embed *.yaml
var FS embed.FS
