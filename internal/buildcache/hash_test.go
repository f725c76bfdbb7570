package buildcache

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// sumFile gives the sum of the whole file, whatever its size against the
// buffer's, and whether the size it is told is the file's, or the file
// grew or shrank since it was listed.
func TestSumFileSumsTheWholeFile(t *testing.T) {
	dir := t.TempDir()
	buf := make([]byte, 16) // small, so that files span several reads
	h := sha256.New()
	for _, n := range []int{0, 1, 15, 16, 17, 32, 33, 100} {
		data := bytes.Repeat([]byte("abcdefg"), n)[:n]
		path := filepath.Join(dir, fmt.Sprint(n))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, listed := range []int64{int64(n), int64(n) - 1, int64(n) + 1, 0} {
			got, err := sumFile(path, listed, h, buf)
			if err != nil {
				t.Fatal(err)
			}
			if want := Sum(data); got != want {
				t.Errorf("%d bytes listed as %d: sum %s, want %s", n, listed, got, want)
			}
		}
	}
}

func TestSumFileOfAMissingFileFails(t *testing.T) {
	if _, err := sumFile(filepath.Join(t.TempDir(), "gone"), 0, sha256.New(), make([]byte, 16)); !os.IsNotExist(err) {
		t.Errorf("error %v, want one saying the file does not exist", err)
	}
}
