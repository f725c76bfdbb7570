package contentfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ReadLimited gives what reading through an os.File gives: the same bytes,
// the same limit and the same errors.
func TestReadLimitedMatchesPortable(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := strings.Repeat("0123456789", 1000)
	paths := []string{
		write("empty.yaml", ""),
		write("small.yaml", "lang: fr\n"),
		write("big.yaml", big),
		filepath.Join(dir, "missing.yaml"),
		dir, // a folder: opens, but does not read
	}
	for _, p := range paths {
		for _, limit := range []int64{0, 1, 100, 9999, 10000, 10001, 1 << 20} {
			var got, want bytes.Buffer
			got.WriteString("kept:")
			want.WriteString("kept:")
			gotErr, wantErr := ReadLimited(p, limit, &got), readLimitedPortable(p, limit, &want)
			if got.String() != want.String() || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("%s, limit %d: read %d bytes, %v; os.File reads %d bytes, %v",
					filepath.Base(p), limit, got.Len(), gotErr, want.Len(), wantErr)
			}
		}
	}
}
