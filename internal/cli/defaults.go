package cli

import (
	"os"
	"path/filepath"
)

// besideContent returns where a folder kbc writes by default, named rel
// (the site, a cache), lies for the knowledge base rooted at root: in the
// working directory, unless that is inside the content folder, which kbc
// never writes into. When the content folder is the content/ of a
// repository, as kbc init lays it out, the folder then lies beside it,
// where a run from the top of the repository puts it, so that kbc build
// or lint run from an article's folder use the site and caches of every
// other run. A content folder of another name, or one at the top of a
// git repository, may be a repository of its own, whose parent is none of
// kbc's business: the folder is left where it was, and kbc refuses it as
// overlapping the content.
func besideContent(root, rel string) string {
	abs, err := filepath.Abs(root)
	if err != nil || filepath.Base(abs) != "content" || isRepository(abs) || !workingInside(abs) {
		return rel
	}
	return filepath.Join(root, "..", rel)
}

// isRepository reports whether dir is the top of a git repository, as a
// knowledge base kept in a repository of its own is.
func isRepository(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return err == nil
}

// workingInside reports whether the working directory is the folder dir,
// an absolute path, or lies inside it.
func workingInside(dir string) bool {
	wd, err := os.Getwd()
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(dir, wd)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}
