// Package locales holds the help site's UI strings, one go-i18n message
// file per locale, embedded so that the kbc binary carries them, and
// finds the catalogs of a knowledge base's own that change or add to them.
package locales

import (
	"embed"
	"os"
	"path/filepath"

	"github.com/kbcdev/kbc/internal/i18n"
)

// FS holds the message files, named <locale>.yaml.
//
//go:embed *.yaml
var FS embed.FS

// Embedded is the layer of the catalogs kbc carries.
var Embedded = i18n.Layer{FS: FS, Dir: "locales"}

// Dir is the name of a knowledge base's own catalog folder, which lives
// beside its content folder (the folder holding kb.yaml), as this
// repository's locales/ lives beside content/: inside the content folder
// every folder is an article.
const Dir = "locales"

// LocalDir returns where the knowledge base whose content folder is root
// keeps its own catalogs, whether or not the folder exists.
func LocalDir(root string) string {
	return filepath.Join(root, "..", Dir)
}

// Layers returns the UI catalogs in effect for the knowledge base whose
// content folder is root: the embedded ones, then those of its own
// locales/ folder, if it has one, whose messages replace the embedded
// ones and whose files add locales kbc does not ship.
func Layers(root string) i18n.Layers {
	ls := i18n.Layers{Embedded}
	dir := LocalDir(root)
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		ls = append(ls, i18n.Layer{FS: os.DirFS(dir), Dir: dir})
	}
	return ls
}

// LocalTexts returns the names and texts of the knowledge base's own
// catalogs, one pair after the other, for a cache key: every page shows
// them and the ui-strings rule checks them. A file that cannot be read is
// named with its error, which the ui-strings rule reports.
func LocalTexts(root string) []string {
	files, _ := filepath.Glob(filepath.Join(LocalDir(root), "*.yaml"))
	var parts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			b = []byte(err.Error())
		}
		parts = append(parts, filepath.Base(f), string(b))
	}
	return parts
}
