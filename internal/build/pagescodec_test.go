package build

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/kbcdev/kbc/internal/buildcache"
	"github.com/kbcdev/kbc/internal/search"
)

// samplePages are pages of the shapes a build records: terms made from
// lists in the order a page has them, with repeated ones, and none at
// all, images and fallbacks or none, a page kept off the lists.
func samplePages(n int) pages {
	pg := pages{Key: "key", Records: map[string]record{}, Files: map[string]outFile{}}
	for i := range 200 {
		pg.Terms = append(pg.Terms, fmt.Sprintf("term%03d", i))
	}
	for i := range n {
		p := fmt.Sprintf("en/kb%d/index.html", 1000+i)
		r := record{
			Input: fmt.Sprintf("%064x", i),
			Doc: pageDoc{
				ID: fmt.Sprintf("KB%d", 1000+i), Title: "Pay ünïcode " + fmt.Sprint(i), Summary: "Summary",
				Lang: []string{"", "en"}[i%2], LangLabel: []string{"", "in English"}[i%2],
				Unlisted: i%7 == 3, SectionID: []string{"", "billing"}[i%3%2],
				TitleTerms: search.NewTermSet([]uint32{uint32(i % 200), 5, 5, 0}),
				BodyTerms:  search.NewTermSet([]uint32{199, uint32(i * 7 % 200), 3, 1}),
			},
		}
		if i%4 == 0 {
			r.Doc.TitleTerms, r.Doc.BodyTerms = search.TermSet{}, search.TermSet{}
		}
		if i%2 == 0 {
			r.Images = []string{fmt.Sprintf("media/kb%d/a.svg", 1000+i), "media/shared.png"}
			r.Fallbacks = []string{"a"}
		}
		pg.Records[p] = r
		pg.Files[p] = outFile{Sum: fmt.Sprintf("%064x", i*31), Size: int64(i * 1000)}
	}
	pg.Files["search/en/t-61.js"] = outFile{Sum: "not hex", Size: 0}
	pg.Files["en/index.html"] = outFile{Sum: fmt.Sprintf("%064x", 7), Size: 10}
	if n > 0 {
		pg.Locales = map[string]localeFiles{
			"en": {Key: "en key", Files: []string{"en/index.html", "search/en/t-61.js"}},
			"fr": {Key: "fr key"},
		}
	}
	return pg
}

func TestPagesReadBackAsSaved(t *testing.T) {
	for _, n := range []int{0, 1, 500} {
		pg := samplePages(n)
		var got pages
		if err := got.DecodeText(string(layout(t, pg))); err != nil {
			t.Fatalf("%d records: %v", n, err)
		}
		if !reflect.DeepEqual(got, pg) {
			t.Errorf("%d records: read back differs", n)
		}
	}
}

// TestPagesInAManifest saves and loads pages the way a build does: as a
// manifest, written as they are encoded, in writes of a bounded size.
func TestPagesInAManifest(t *testing.T) {
	pg := samplePages(2000)
	var w chunks
	if err := pg.WriteLayout(&w); err != nil {
		t.Fatal(err)
	}
	if len(w.sizes) < 2 || slices.Max(w.sizes) > 2*flushAt {
		t.Errorf("written in %d writes of at most %d bytes, want several of at most %d", len(w.sizes), slices.Max(w.sizes), 2*flushAt)
	}
	name := filepath.Join(t.TempDir(), "pages")
	if _, err := buildcache.SaveSum(name, pg); err != nil {
		t.Fatal(err)
	}
	var got pages
	if _, err := buildcache.LoadSum(name, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, pg) {
		t.Error("read back differs")
	}
}

// TestPagesWriteError: a write that fails fails the save.
func TestPagesWriteError(t *testing.T) {
	if err := samplePages(2000).WriteLayout(failingWriter{}); err == nil {
		t.Error("a failing writer went unnoticed")
	}
}

// chunks records the size of each write.
type chunks struct{ sizes []int }

func (c *chunks) Write(p []byte) (int, error) {
	c.sizes = append(c.sizes, len(p))
	return len(p), nil
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// layout returns what WriteLayout writes of v.
func layout(t testing.TB, v buildcache.LayoutWriter) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := v.WriteLayout(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDamagedPagesAreRefused: a layout that is not what WriteLayout writes
// is an error, never a panic, a huge allocation or a term number the
// vocabulary does not have.
func TestDamagedPagesAreRefused(t *testing.T) {
	good := layout(t, samplePages(3))
	// One record, written by hand: key "k", one term "t", the page "p".
	record := func(terms ...byte) []byte {
		b := []byte{1, 'k', 1, 1, 't', 1, 1, 'p', 0, 0, 0, 0, 0, 0, 0, 0}
		b = append(b, terms...)
		return append(b, 0, 0, 0, 0) // images, fallbacks, files, locales
	}
	if _, err := decodePages(record(0, 0)); err != nil {
		t.Fatalf("the hand-written layout does not read: %v", err)
	}
	for name, data := range map[string][]byte{
		"empty":                       {},
		"truncated":                   good[:len(good)-1],
		"trailing bytes":              append(slices.Clone(good), 0),
		"huge count":                  binary.AppendUvarint([]byte{1, 'k'}, 1<<40),
		"huge length":                 binary.AppendUvarint(nil, 1<<62),
		"overlong number":             {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
		"term out of range":           record(1, 1, 0),
		"term repeated":               record(2, 0, 0, 0),
		"term overflow":               record(2, 0, 0xff, 0xff, 0xff, 0xff, 0x1f, 0),
		"bad flag":                    {1, 'k', 0, 1, 1, 'p', 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0},
		"page twice":                  append(append([]byte{1, 'k', 0, 2}, recordBytes("p")...), append(recordBytes("p"), 0, 0)...),
		"file twice":                  {1, 'k', 0, 0, 2, 1, 'f', 0, 0, 1, 'f', 0, 0, 0},
		"image too long":              {1, 'k', 0, 1, 1, 'p', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9, 'a', 0, 0, 0},
		"locale twice":                {1, 'k', 0, 0, 1, 1, 'f', 0, 0, 2, 2, 'e', 'n', 0, 0, 2, 'e', 'n', 0, 0},
		"locale file not of the site": {1, 'k', 0, 0, 1, 1, 'f', 0, 0, 1, 2, 'e', 'n', 0, 1, 1, 'g'},
	} {
		if pg, err := decodePages(data); err == nil {
			t.Errorf("%s: read as %+v", name, pg)
		}
	}
}

// recordBytes is a record of no terms at path p.
func recordBytes(p string) []byte {
	return append(append([]byte{byte(len(p))}, p...), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
}

func decodePages(data []byte) (pages, error) {
	var pg pages
	err := pg.DecodeText(string(data))
	return pg, err
}

func FuzzPagesDecode(f *testing.F) {
	f.Add(layout(f, samplePages(3)))
	f.Add([]byte{})
	f.Add([]byte{1, 'k', 1, 1, 't', 1, 1, 'p', 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 'a', 0, 0, 0})
	f.Add([]byte{1, 'k', 0, 0, 1, 1, 'f', 0, 0, 1, 2, 'e', 'n', 0, 1, 1, 'f'})
	f.Fuzz(func(t *testing.T, data []byte) {
		pg, err := decodePages(data)
		if err != nil {
			return
		}
		for _, r := range pg.Records {
			for _, set := range []search.TermSet{r.Doc.TitleTerms, r.Doc.BodyTerms} {
				for id := range set.All() {
					if int(id) >= len(pg.Terms) {
						t.Fatalf("term number %d of %d terms", id, len(pg.Terms))
					}
				}
			}
		}
		back, err := decodePages(layout(t, pg))
		if err != nil || !reflect.DeepEqual(back, pg) || !maps.Equal(back.Files, pg.Files) {
			t.Fatalf("decoded pages do not survive encoding: %v", err)
		}
	})
}
