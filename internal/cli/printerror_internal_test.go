package cli

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// A full disk fails every file written after it alike: the first is
// said, the rest counted, and an error of another kind keeps its line.
func TestFilesFailingAlikeAreCounted(t *testing.T) {
	full := func(name string) error {
		return &fs.PathError{Op: "write", Path: "public/.new/" + name, Err: syscall.ENOSPC}
	}
	err := errors.Join(full("en/kb1/index.html"), errors.Join(full("fr/kb1/index.html"), full("hu/kb1/index.html")),
		errors.New("figure a of KB1: not an SVG"), &fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES})
	var b strings.Builder
	printError(&b, "kbc build", err)
	want := "kbc build: write public/.new/en/kb1/index.html: no space left on device\n" +
		"kbc build: and 2 more files: no space left on device\n" +
		"kbc build: figure a of KB1: not an SVG\n" +
		"kbc build: open x: permission denied\n"
	if b.String() != want {
		t.Errorf("got:\n%swant:\n%s", b.String(), want)
	}
}
