package cli

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/kbcdev/kbc/internal/diag"
)

// maxFixRounds bounds kbc lint --fix: a fix can let a file parse and so
// show findings with fixes of their own (tabs in indentation, then the
// trailing white space behind them), but each round must fix something.
const maxFixRounds = 5

// fixFindings applies the fixes of the findings check returns, and again
// of those it returns then, until none applies. It returns how many
// findings it fixed and in how many files.
func fixFindings(check func() (diag.List, error)) (fixed, files int, err error) {
	touched := map[string]bool{}
	for range maxFixRounds {
		diags, err := check()
		if err != nil {
			return fixed, len(touched), err
		}
		n, changed, err := applyFixes(diags)
		fixed += n
		for _, f := range changed {
			touched[f] = true
		}
		if err != nil || n == 0 {
			return fixed, len(touched), err
		}
	}
	return fixed, len(touched), nil
}

// applyFixes makes the edits of every finding's fix in its file, all
// positions read from the file as it was, and returns how many edits it
// made and the files it changed. An edit that no longer matches the file,
// or overlaps another, waits for the next round.
func applyFixes(diags diag.List) (fixed int, changed []string, err error) {
	byFile := map[string][]diag.Edit{}
	for _, d := range diags {
		if mechanical(d) {
			byFile[d.Pos.File] = append(byFile[d.Pos.File], d.Fix.Edits...)
		}
	}
	for _, file := range slices.Sorted(maps.Keys(byFile)) {
		src, err := os.ReadFile(file)
		if err != nil {
			return fixed, changed, err
		}
		out, n := diag.ApplyEdits(src, byFile[file])
		if n == 0 {
			continue
		}
		if err := replaceFile(file, out); err != nil {
			return fixed, changed, err
		}
		fixed += n
		changed = append(changed, file)
	}
	return fixed, changed, nil
}

// replaceFile writes data to a new file beside path and renames it over
// path, keeping its permissions: a fix interrupted midway leaves the file
// as it was.
func replaceFile(path string, data []byte) error {
	st, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file; not fixed", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".kbc-fix-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
