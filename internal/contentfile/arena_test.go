package contentfile

import (
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestArenaReusesZeroedNodes parses files one after another in an arena:
// each parse gives the tree yaml.v3 gives, from nodes the one before used
// and Reset zeroed, and an unusually large file's memory is not kept.
func TestArenaReusesZeroedNodes(t *testing.T) {
	var a Arena
	small := "id: KB1\ntitle: {text: \"A\", source: \"0123abcd\"}\nsteps:\n  - {id: one, text: Tap.}\n  - {id: two, text: Swipe.}\n"
	other := "lang: fr\nsummary: Résumé\nplatforms: [android, ios]\n"
	for i, src := range []string{small, other, small} {
		lines := strings.Split(src, "\n")
		got, ok := parseFast(lines, false, &a)
		if !ok {
			t.Fatalf("file %d: not parsed", i)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		if diff := nodeDiff(got, doc.Content[0], "root"); diff != "" {
			t.Errorf("file %d in a reused arena: %s", i, diff)
		}
		first := &a.chunk[0]
		a.Reset()
		if !reflect.ValueOf(*first).IsZero() {
			t.Errorf("file %d: a node is not zeroed by Reset: %+v", i, *first)
		}
	}
	if len(a.chunk) != arenaChunk {
		t.Errorf("after small files the arena keeps %d nodes, want %d", len(a.chunk), arenaChunk)
	}
	large := strings.Repeat("- {id: x, text: y}\n", arenaKeeps)
	parseFast(strings.Split("steps:\n"+large, "\n"), false, &a)
	a.Reset()
	if a.chunk != nil {
		t.Errorf("after a file of %d nodes the arena keeps %d", 4*arenaKeeps, len(a.chunk))
	}
}
