package cli

import (
	"os"
	"path/filepath"
)

// besideContent returns where a folder kbc writes by default, named rel
// (the site, a cache), lies for the knowledge base rooted at root: in the
// working directory, unless that is inside the content folder, which kbc
// never writes into. It then lies beside the content folder, where a run
// from the top of the repository puts it, so that kbc build or lint run
// from an article's folder use the site and caches of every other run.
func besideContent(root, rel string) string {
	if !workingInside(root) {
		return rel
	}
	return filepath.Join(root, "..", rel)
}

// workingInside reports whether the working directory is the folder dir
// or lies inside it.
func workingInside(dir string) bool {
	wd, err := os.Getwd()
	if err != nil {
		return false
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(abs, wd)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}
