// Package site holds the help site's templates, stylesheet and scripts,
// embedded so that the kbc binary carries them. internal/site renders
// pages with them.
package site

import "embed"

// FS holds templates/*.html and assets/*.
//
//go:embed templates/*.html assets/*
var FS embed.FS
