package content_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kbcdev/kbc/internal/content"
)

func TestFigureFile(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"figures/login.svg", "figures/ja/login.svg", "figures/en/login.svg"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("<svg/>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A folder named like the image is not a variant.
	if err := os.MkdirAll(filepath.Join(dir, "figures", "hu", "login.svg"), 0o755); err != nil {
		t.Fatal(err)
	}
	a := &content.Article{Dir: dir, Lang: "en"}
	fig := &content.Figure{ID: "login", Src: "figures/login.svg"}
	src := filepath.Join(dir, "figures", "login.svg")
	for _, tc := range []struct {
		locale    string
		file      string
		localized bool
	}{
		{"en", src, true}, // the source locale uses the source image
		{"ja", filepath.Join(dir, "figures", "ja", "login.svg"), true},
		{"fr", src, false},
		{"hu", src, false},
	} {
		file, localized := a.FigureFile(fig, tc.locale, content.IsRegularFile)
		if file != tc.file || localized != tc.localized {
			t.Errorf("FigureFile(%s) = %s, %v; want %s, %v", tc.locale, file, localized, tc.file, tc.localized)
		}
	}
	if got, want := content.FigureVariantPath("img/a/chart.png", "fr"), "img/a/fr/chart.png"; got != want {
		t.Errorf("FigureVariantPath = %q, want %q", got, want)
	}
}

func TestHiddenPath(t *testing.T) {
	for p, want := range map[string]bool{
		"figures/a.svg": false, "a.b.svg": false, "../kb2/a.svg": false, "..": false, ".": false,
		".a.svg": true, "figures/.a.svg": true, ".figures/a.svg": true, "..figures/a.svg": true, "a/..b/c.svg": true,
	} {
		if got := content.HiddenPath(p); got != want {
			t.Errorf("HiddenPath(%q) = %v, want %v", p, got, want)
		}
	}
}
