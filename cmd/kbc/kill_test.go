package main

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kbcdev/kbc/internal/corpus"
)

// TestKilledBuildLeavesThePreviousSite kills kbc build (SIGKILL, no chance
// to clean up) while it writes a new site, with and without the build
// cache, and checks that the previous site is intact byte for byte and
// that the next build succeeds and leaves nothing behind.
func TestKilledBuildLeavesThePreviousSite(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "kbc")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, mode := range []struct {
		name string
		args []string
	}{
		{"cache", nil},
		{"no-cache", []string{"--no-cache"}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			dir := t.TempDir()
			writeCorpus(t, dir, 1)
			build := func() *exec.Cmd {
				cmd := exec.Command(bin, append([]string{"build", "-o", "public"}, mode.args...)...)
				cmd.Dir = dir
				return cmd
			}
			if out, err := build().CombinedOutput(); err != nil {
				t.Fatalf("first build: %v\n%s", err, out)
			}
			before := snapshotTree(t, filepath.Join(dir, "public"))

			// New content throughout, so the build rewrites every page.
			writeCorpus(t, dir, 2)
			cmd := build()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if !waitForStaging(dir, 60*time.Second) {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatal("the build never started writing a staging folder")
			}
			cmd.Process.Kill()
			if err := cmd.Wait(); err == nil {
				t.Fatal("the build finished before it could be killed; give it more to do")
			}
			if after := snapshotTree(t, filepath.Join(dir, "public")); !sameTree(before, after) {
				t.Fatal("the killed build changed the previous site")
			}

			if out, err := build().CombinedOutput(); err != nil {
				t.Fatalf("build after the kill: %v\n%s", err, out)
			}
			clean := exec.Command(bin, "build", "--no-cache", "-o", "fresh")
			clean.Dir = dir
			if out, err := clean.CombinedOutput(); err != nil {
				t.Fatalf("fresh build: %v\n%s", err, out)
			}
			if !sameTree(snapshotTree(t, filepath.Join(dir, "public")), snapshotTree(t, filepath.Join(dir, "fresh"))) {
				t.Error("the build after the kill differs from a fresh build of the same content")
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".kbc-new-") || strings.Contains(e.Name(), ".kbc-old-") {
					t.Errorf("leftover %s after the next build", e.Name())
				}
			}
		})
	}
}

// writeCorpus replaces the content folder with a generated knowledge base
// large enough for a build to take a noticeable time.
func writeCorpus(t *testing.T, dir string, seed uint64) {
	t.Helper()
	content := filepath.Join(dir, "content")
	if err := os.RemoveAll(content); err != nil {
		t.Fatal(err)
	}
	if err := corpus.Write(content, corpus.Options{Articles: 200, Seed: seed}); err != nil {
		t.Fatal(err)
	}
}

// waitForStaging reports whether a staging folder of the build appeared
// beside the output folder before the deadline.
func waitForStaging(dir string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(filepath.Join(dir, ".public.kbc-new-*")); len(m) > 0 {
			return true
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

func snapshotTree(t *testing.T, root string) map[string][32]byte {
	t.Helper()
	files := map[string][32]byte{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v[:], w[:]) {
			return false
		}
	}
	return true
}
