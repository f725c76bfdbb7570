package theme

import (
	"path"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
)

// The files the site writes under assets/ from kb.yaml's site settings:
// the logo, and the favicon with its own file's extension (ColorsFile is
// the stylesheet of the colours).
const (
	LogoFile    = AssetsDir + "/logo.svg"
	FaviconBase = AssetsDir + "/site-icon"
)

// FaviconFile is where the site publishes the favicon kb.yaml names.
func FaviconFile(f *content.SiteFile) string {
	if strings.EqualFold(path.Ext(f.Path), ".svg") {
		return FaviconBase + ".svg"
	}
	return FaviconBase + ".png"
}

// Generated lists the site paths under assets/ that the site writes from
// kb.yaml's site settings: a theme's file of the same path would never be
// published.
func Generated(site *content.Site) []string {
	if site == nil {
		return nil
	}
	var out []string
	if ColorsCSS(site) != nil {
		out = append(out, ColorsFile)
	}
	if site.Logo != nil {
		out = append(out, LogoFile)
	}
	if site.Favicon != nil {
		out = append(out, FaviconFile(site.Favicon))
	}
	return out
}
