package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// JournalFile is present in a build's cache folder while the build
// replaces the site and writes the cache that describes the new one:
// until it is gone, the cache may describe the previous site, and a
// build that finds it does not trust the cache.
const JournalFile = "journal"

// WriteJournal puts the journal in the cache folder before the site at
// target is replaced.
func WriteJournal(cacheDir, target string) error {
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(cacheDir, JournalFile), []byte(fmt.Sprintf("replacing the site in %s\n", target)), 0o644)
}

// JournalExists reports whether a build left the journal in the cache
// folder: it stopped before the cache described the site.
func JournalExists(cacheDir string) bool {
	_, err := os.Lstat(filepath.Join(cacheDir, JournalFile))
	return err == nil
}

// RemoveJournal removes the journal once the cache describes the site.
func RemoveJournal(cacheDir string) error {
	err := os.Remove(filepath.Join(cacheDir, JournalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
