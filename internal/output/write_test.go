package output

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// writeFile leaves what os.WriteFile leaves: the same bytes and mode, an
// existing file replaced whole, and the same kind of error.
func TestWriteFileWritesAsOSWriteFile(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("<p>page</p>\n"), 100_000)
	for _, data := range [][]byte{nil, []byte("x"), big} {
		got, want := filepath.Join(dir, "got"), filepath.Join(dir, "want")
		for _, p := range []string{got, want} {
			if err := os.WriteFile(p, []byte("an older and longer file than some"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := writeFile(got, data); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(want, data, 0o644); err != nil {
			t.Fatal(err)
		}
		g, err := os.ReadFile(got)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g, data) {
			t.Errorf("wrote %d bytes, read back %d", len(data), len(g))
		}
		gs, _ := os.Stat(got)
		ws, _ := os.Stat(want)
		if gs.Mode() != ws.Mode() {
			t.Errorf("mode %v, os.WriteFile leaves %v", gs.Mode(), ws.Mode())
		}
	}
	fresh := filepath.Join(dir, "fresh.html")
	if err := writeFile(fresh, []byte("new")); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "fresh-want.html")
	os.WriteFile(want, []byte("new"), 0o644)
	if gs, ws := mustStat(t, fresh), mustStat(t, want); gs.Mode() != ws.Mode() {
		t.Errorf("new file's mode %v, os.WriteFile's %v", gs.Mode(), ws.Mode())
	}
	missing := filepath.Join(dir, "missing", "index.html")
	err, wantErr := writeFile(missing, nil), os.WriteFile(missing, nil, 0o644)
	var pe *fs.PathError
	if !errors.As(err, &pe) || err.Error() != wantErr.Error() || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v, os.WriteFile's %v", err, wantErr)
	}
}

func mustStat(t *testing.T, p string) fs.FileInfo {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st
}
