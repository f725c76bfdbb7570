package build

import (
	"encoding/binary"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/kbcdev/kbc/internal/buildcache"
)

func sampleState() state {
	return state{
		Key:       "key",
		ScannedAt: time.Date(2026, 12, 4, 10, 0, 0, 5, time.UTC),
		Tree: buildcache.Tree{
			"kb.yaml":          {Size: 10, ModTime: 1, CTime: 2, Inode: 3, Sum: buildcache.Sum([]byte("kb"))},
			"kb1/article.yaml": {Size: 20, ModTime: 4, CTime: 5, Inode: 6, Sum: buildcache.Sum([]byte("a"))},
		},
		Output: buildcache.Tree{"en/": {}, "en/index.html": {Size: 30, ModTime: 7, CTime: 8, Inode: 9}},
		Summary: Summary{Out: "public", Pages: 2, Articles: 1, Locales: []string{"en", "fr"}, Files: 4,
			Fallbacks: []Fallbacks{{Locale: "fr", Figures: []string{"kb1/figures/a.svg"}}}, Changed: []string{"en/kb1/index.html"}, LintWarnings: 2},
	}
}

// TestStateReadsBackAsSaved: the state's layout gives back what it was
// given, the trees and the summary alike.
func TestStateReadsBackAsSaved(t *testing.T) {
	for _, st := range []state{sampleState(), {Tree: buildcache.Tree{}, Output: buildcache.Tree{}}} {
		var back state
		if err := back.GobDecode(layout(t, st)); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(back.Tree, st.Tree) || !maps.Equal(back.Output, st.Output) {
			t.Errorf("trees read back as %v, %v; want %v, %v", back.Tree, back.Output, st.Tree, st.Output)
		}
		back.Tree, back.Output, st.Tree, st.Output = nil, nil, nil, nil
		if !reflect.DeepEqual(back, st) {
			t.Errorf("read back as %+v, want %+v", back, st)
		}
	}
}

// TestDamagedStateIsRefused: a state cut short anywhere, or with bytes
// after its last part, is an error, never a panic.
func TestDamagedStateIsRefused(t *testing.T) {
	good := layout(t, sampleState())
	for n := range len(good) {
		var st state
		if err := st.GobDecode(good[:n]); err == nil {
			t.Errorf("cut to %d of %d bytes: read as %+v", n, len(good), st)
		}
	}
	for name, data := range map[string][]byte{
		"trailing bytes": append(slices.Clone(good), 0),
		"huge length":    binary.AppendUvarint(nil, 1<<62),
		"no gob":         {1, 0, 1, 0, 1, 0},
	} {
		var st state
		if err := st.GobDecode(data); err == nil {
			t.Errorf("%s: read as %+v", name, st)
		}
	}
}

func FuzzStateDecode(f *testing.F) {
	f.Add(layout(f, sampleState()))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var st state
		if st.GobDecode(data) != nil {
			return
		}
		var back state
		if err := back.GobDecode(layout(t, st)); err != nil {
			t.Fatalf("a decoded state does not read back: %v", err)
		}
		if !maps.Equal(back.Tree, st.Tree) || !maps.Equal(back.Output, st.Output) || back.Key != st.Key || !back.ScannedAt.Equal(st.ScannedAt) {
			t.Fatalf("a decoded state reads back otherwise: %+v, %+v", back, st)
		}
	})
}
