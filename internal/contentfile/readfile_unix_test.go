//go:build unix

package contentfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// A file larger than one read may be is read in pieces, whole.
func TestReadLimitedSplitsLargeReads(t *testing.T) {
	defer func(n int64) { maxRead = n }(maxRead)
	maxRead = 1000
	data := bytes.Repeat([]byte("0123456789"), 2_345)
	p := filepath.Join(t.TempDir(), "big.svg")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ReadLimited(p, 1<<20, &buf); err != nil || !bytes.Equal(buf.Bytes(), data) {
		t.Errorf("read %d bytes, %v; the file has %d", buf.Len(), err, len(data))
	}
}
