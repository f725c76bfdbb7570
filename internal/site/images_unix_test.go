//go:build unix

package site

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/kbcdev/kbc/internal/contentfile"
)

// A named pipe where an image file was is refused, not waited on for a
// writer that never comes.
func TestWithFileBytesRefusesANamedPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "login.svg")
	if err := unix.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	called := false
	err := withFileBytes(path, func([]byte) error { called = true; return nil })
	if !errors.Is(err, contentfile.ErrNotRegular) || called {
		t.Errorf("error %v, use called %v; want it refused as not a regular file", err, called)
	}
}

// realPath resolves a file's links as filepath.EvalSymlinks does, with
// its folder resolved once: through a linked folder, a linked file, a
// link to a link, and a link out of the tree.
func TestRealPathResolvesAsEvalSymlinks(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"real/figures/a.svg", "real/figures/b.svg", "outside/secret.svg"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("<svg/>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"kb1":                    "real",
		"real/figures/link.svg":  "a.svg",
		"real/figures/twice.svg": "link.svg",
		"real/figures/out.svg":   "../../outside/secret.svg",
		"real/gone.svg":          "missing.svg",
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	r := &Renderer{}
	for _, f := range []string{"kb1/figures/a.svg", "kb1/figures/b.svg", "kb1/figures/link.svg", "kb1/figures/twice.svg",
		"kb1/figures/out.svg", "real/figures/a.svg", "kb1/gone.svg", "kb1/figures/none.svg", "kb1/figures"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		got, gotErr := r.realPath(p)
		want, wantErr := filepath.EvalSymlinks(p)
		if got != want || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: %q, %v; filepath.EvalSymlinks gives %q, %v", f, got, gotErr, want, wantErr)
		}
	}
}
