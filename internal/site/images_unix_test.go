//go:build unix

package site

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/kbcdev/kbc/internal/content"
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

// isFile answers as content.IsRegularFile, asked once or again: for a
// file, a folder, a link to a file, a dangling link and nothing, beside
// each other and as variants in locale folders: a real one, a link to
// one, and one that is not there.
func TestIsFileAnswersAsIsRegularFile(t *testing.T) {
	dir := t.TempDir()
	file, folder := filepath.Join(dir, "login.svg"), filepath.Join(dir, "fr")
	if err := os.WriteFile(file, []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "login.svg"), []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("fr", filepath.Join(dir, "ja")); err != nil {
		t.Fatal(err)
	}
	link, dangling := filepath.Join(dir, "link.svg"), filepath.Join(dir, "gone.svg")
	if err := os.Symlink("login.svg", link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("missing.svg", dangling); err != nil {
		t.Fatal(err)
	}
	r := &Renderer{}
	for range 2 {
		for _, p := range []string{file, folder, link, dangling, filepath.Join(dir, "none.svg"),
			filepath.Join(dir, "fr", "login.svg"), filepath.Join(dir, "ja", "login.svg"), filepath.Join(dir, "hu", "login.svg")} {
			if got, want := r.isFile(p), content.IsRegularFile(p); got != want {
				t.Errorf("%s: %v, content.IsRegularFile says %v", filepath.Base(p), got, want)
			}
		}
	}
}
