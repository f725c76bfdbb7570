package content

import (
	"os"
	"path"
	"path/filepath"
)

// FigureVariantPath returns the slash-separated path, relative to the
// article folder, where the variant of the image at src for the locale
// lives: a folder named after the locale beside the source image, as
// figures/ja/login.svg for figures/login.svg.
func FigureVariantPath(src, locale string) string {
	return path.Join(path.Dir(src), locale, path.Base(src))
}

// FigurePaths returns the slash-separated paths, relative to the article
// folder, of the image at src and of its variants for the locales: every
// file a page of the figure may show.
func FigurePaths(src string, locales []string) []string {
	out := make([]string, 0, 1+len(locales))
	out = append(out, src)
	for _, l := range locales {
		out = append(out, FigureVariantPath(src, l))
	}
	return out
}

// FigureFile returns the image file to show for the figure in the locale.
// A variant made for the locale (see FigureVariantPath) wins; otherwise the
// source image is the fallback. Localized reports whether the file was made
// for the locale: a variant, or the source image in the article's source
// locale. The site shows the file and reports the fallback; the figures rule
// checks both files. isFile tells whether a variant is there, as
// IsRegularFile does: the site asks once per file rather than once per
// page that shows the figure.
func (a *Article) FigureFile(f *Figure, locale string, isFile func(path string) bool) (file string, localized bool) {
	src := filepath.Join(a.Dir, filepath.FromSlash(f.Src))
	if locale == a.Lang {
		return src, true
	}
	variant := filepath.Join(a.Dir, filepath.FromSlash(FigureVariantPath(f.Src, locale)))
	if isFile(variant) {
		return variant, true
	}
	return src, false
}

// IsRegularFile reports whether path names a regular file, following a
// symbolic link.
func IsRegularFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
