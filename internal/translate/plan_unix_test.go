//go:build unix

package translate_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// While one import holds a locale file, another waits for it, then reads
// what the first wrote: both imports' units end up in the file.
func TestPrepareWaitsForAnotherImport(t *testing.T) {
	root := copyKB(t)
	doc := fill(export(t, loadKB(t, root), false))
	first := prepare(t, root, only(doc, func(id string) bool { return id == "summary" }))
	done := make(chan error)
	go func() {
		im := runImport(t, loadKB(t, root), only(doc, func(id string) bool { return id == "procedures.reset.title" }))
		p, err := im.Prepare(true, lintAll)
		if err == nil {
			err = p.Commit()
			p.Release()
		}
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("the second import did not wait for the first: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	first.Release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	tr := loadKB(t, root).Article("KB1").Translations["fr"]
	for _, key := range []string{"summary", "procedures.reset.title"} {
		if u := tr.Units[key]; u == nil || !strings.HasPrefix(u.Text.Value, "Traduit") {
			t.Errorf("unit %s was lost: %+v", key, u)
		}
	}
	noTemporaryFiles(t, filepath.Join(root, "kb1"))
}
