package site

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestImageFileSize(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pngFile := filepath.Join(dir, "a.png")
	f, err := os.Create(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, image.NewGray(image.Rect(0, 0, 30, 20))); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, c := range []struct {
		file    string
		w, h    int
		ok, err bool
	}{
		{write("a.svg", `<?xml version="1.0"?><!-- c --><svg xmlns="http://www.w3.org/2000/svg" width="240" height="480px"/>`), 240, 480, true, false},
		{write("b.SVG", `<svg viewBox="0 0 100.4 50.6"><g/></svg>`), 100, 51, true, false},
		{write("c.svg", `<g width="1" height="1"/>`), 0, 0, false, false},
		{write("d.svg", `not xml`), 0, 0, false, false},
		// A side no page could show says nothing of the figure's shape,
		// and one past int would be written as a negative width.
		{write("huge.svg", `<svg width="1e300" height="5" viewBox="0 0 20 10"/>`), 20, 10, true, false},
		{write("huger.svg", `<svg viewBox="0 0 1e300 1e9"/>`), 0, 0, false, false},
		{pngFile, 30, 20, true, false},
		{write("e.png", "\x89PNG truncated"), 0, 0, false, false},
		{filepath.Join(dir, "missing.svg"), 0, 0, false, true},
		{dir, 0, 0, false, true}, // a folder fails to read, as os.ReadFile would
	} {
		w, h, ok, err := imageFileSize(c.file)
		if w != c.w || h != c.h || ok != c.ok || (err != nil) != c.err {
			t.Errorf("imageFileSize(%s) = %d, %d, %v, %v; want %d, %d, %v, error %v", filepath.Base(c.file), w, h, ok, err, c.w, c.h, c.ok, c.err)
		}
	}
}
