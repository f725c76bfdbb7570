//go:build unix

package output

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// A file larger than one write may be is written in pieces, whole.
func TestWriteFileSplitsLargeWrites(t *testing.T) {
	defer func(n int) { maxRW = n }(maxRW)
	maxRW = 1000
	data := bytes.Repeat([]byte("0123456789"), 2_345)
	p := filepath.Join(t.TempDir(), "index.html")
	if err := writeFile(p, data); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(p); err != nil || !bytes.Equal(got, data) {
		t.Errorf("read back %d bytes, %v; wrote %d", len(got), err, len(data))
	}
}
