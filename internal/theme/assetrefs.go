package theme

import (
	"maps"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// A theme's template or stylesheet that names an asset neither kbc nor
// the theme publishes gives readers a broken image or font, in silence:
// checkAssetRefs says so at the reference.

var (
	// templateAssetRef matches a reference to an asset that starts an
	// attribute's value or follows an action there, in a template's text
	// with its actions masked ({{.Root}}assets/hero.png reads as
	// XXXXXXXXXassets/hero.png): the site's own address of one. An
	// address of another site, or text that names a folder, is not one.
	templateAssetRef = regexp.MustCompile(`(?:=\s*["']?|["'\s,]X*X)(?:\./)?assets/([^"'\s<>?#,]+)`)
	// cssURL matches the address of a url() in a stylesheet.
	cssURL = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s]+))`)
)

// checkAssetRefs reports the references to assets of the theme's
// templates and stylesheets that the site does not publish.
func (t *Theme) checkAssetRefs(sources []source, diags *diag.List) {
	for _, s := range sources {
		masked := maskActions(s.text)
		for _, m := range templateAssetRef.FindAllStringSubmatchIndex(masked, -1) {
			if s.text[m[2]:m[3]] != masked[m[2]:m[3]] {
				continue // an action writes part of the name
			}
			t.checkAssetRef(s.abs, s.text, m[2]-len("assets/"), "assets/"+s.text[m[2]:m[3]], diags)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(t.assets)) {
		a := t.assets[p]
		if a.file == "" || !strings.EqualFold(path.Ext(p), ".css") {
			continue
		}
		data, err := os.ReadFile(a.file)
		if err != nil {
			continue // reported when the asset is published
		}
		css := blankComments(string(data))
		for _, m := range cssURL.FindAllStringSubmatchIndex(css, -1) {
			// One of the three groups (double-quoted, single-quoted,
			// bare) holds the address.
			for i := 2; i < len(m); i += 2 {
				if m[i] >= 0 {
					if local := localAssetPath(path.Dir(p), css[m[i]:m[i+1]]); local != "" {
						t.checkAssetRef(a.file, css, m[i], local, diags)
					}
					break
				}
			}
		}
	}
}

// localAssetPath returns the site path of an address a stylesheet in the
// site folder dir names, if it names a file of the site by a relative
// path; "" for another site's, a data: URL, an absolute path or a
// fragment.
func localAssetPath(dir, ref string) string {
	ref, _, _ = strings.Cut(ref, "#")
	ref, _, _ = strings.Cut(ref, "?")
	switch {
	case ref == "", strings.Contains(ref, ":"), strings.HasPrefix(ref, "/"):
		return ""
	}
	return path.Join(dir, ref)
}

// blankComments returns a stylesheet with its comments as spaces, line
// breaks kept: a url() commented out is no reference.
func blankComments(css string) string {
	out := []byte(css)
	for i := 0; i+1 < len(css); i++ {
		if css[i] != '/' || css[i+1] != '*' {
			continue
		}
		end := strings.Index(css[i+2:], "*/")
		if end < 0 {
			end = len(css)
		} else {
			end += i + 4
		}
		for j := i; j < end; j++ {
			if out[j] != '\n' {
				out[j] = ' '
			}
		}
		i = end - 1
	}
	return string(out)
}

// checkAssetRef reports the reference to the asset at site path p, an
// address's path (%20 for a space), at byte offset off of the file's
// text, when the site does not publish it.
func (t *Theme) checkAssetRef(file, text string, off int, p string, diags *diag.List) {
	if decoded, err := url.PathUnescape(p); err == nil {
		p = decoded
	}
	if _, ok := t.assets[p]; ok || generatedAsset(p) {
		return
	}
	known := slices.Sorted(maps.Keys(t.assets))
	diags.Add(warning(positionAt(file, text, off),
		"%s is not an asset of the site: neither kbc nor the theme's assets folder has it, and the page shows it broken%s", p, suggest.Hint(p, known)))
}

// generatedAsset reports whether the site writes the asset at p from
// kb.yaml's settings: its colours, its logo, its icon.
func generatedAsset(p string) bool {
	return p == ColorsFile || p == LogoFile || strings.HasPrefix(p, FaviconBase+".")
}
