// Package site holds the help site's templates, stylesheet and scripts,
// embedded so that the kbc binary carries them. internal/site renders
// pages with them.
package site

import "embed"

// FS holds templates/*.html, assets/* and favicon.png, kbc's icon drawn
// from assets/favicon.svg at 32 px, which the site publishes as
// favicon.ico.
//
//go:embed templates/*.html assets/* favicon.png
var FS embed.FS
