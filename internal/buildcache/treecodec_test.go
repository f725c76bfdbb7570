package buildcache

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sample is a tree with what the layout must keep: paths that share a
// prefix or are one another's prefix, negative and large numbers, and
// hashes that are not hex SHA-256.
func sample() Tree {
	return Tree{
		"kb.yaml":                  {Size: 14, ModTime: 1700000000123456789, CTime: 1700000000987654321, Inode: 1 << 63, Sum: Sum([]byte("a"))},
		"kb1/article.yaml":         {Size: 3117, ModTime: -1, CTime: -2, Inode: 12, Sum: Sum([]byte("b"))},
		"kb1/figures/screen-1.sv":  {Size: 0, ModTime: 0, Sum: ""},
		"kb1/figures/screen-1.svg": {Size: 1 << 40, ModTime: 42, Sum: "planted"},
		"kb1-b/ja.yaml":            {Size: 1, ModTime: 1, Sum: "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"},
		"kb1/ünïcode.yaml":         {Size: 7, ModTime: 7, Sum: Sum([]byte("c"))},
	}
}

func TestTreeSurvivesSaveAndLoad(t *testing.T) {
	type state struct {
		Key  string
		Tree Tree
		At   time.Time
	}
	for name, tree := range map[string]Tree{"sample": sample(), "empty": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "state")
			if err := Save(p, state{Key: "k", Tree: tree, At: time.Unix(5, 0)}); err != nil {
				t.Fatal(err)
			}
			var got state
			if err := Load(p, &got); err != nil {
				t.Fatal(err)
			}
			if got.Key != "k" || !maps.Equal(got.Tree, tree) || !got.At.Equal(time.Unix(5, 0)) {
				t.Errorf("got %+v, want %+v", got, tree)
			}
		})
	}
}

// Hashes are saved as their bytes only when every one is a lowercase hex
// SHA-256: a single other hash, wherever it comes, has them all saved as
// text, and each reads back as it was.
func TestTreeHashesReadBackWhateverTheirForm(t *testing.T) {
	hashes := map[string]Tree{}
	for _, odd := range []string{
		"", "planted",
		strings.Repeat("a", 63) + "g", strings.Repeat("A", 64), "0" + strings.Repeat("f", 63) + "0",
		strings.Repeat("9", 62) + "/:", strings.Repeat("`", 64),
	} {
		tree := Tree{}
		for i := range 50 {
			tree[fmt.Sprintf("kb%d/article.yaml", i)] = File{Size: int64(i), Sum: Sum([]byte{byte(i)})}
		}
		tree["kb25/odd.yaml"] = File{Sum: odd}
		hashes[fmt.Sprintf("%q", odd)] = tree
	}
	for name, tree := range hashes {
		data, err := tree.GobEncode()
		if err != nil {
			t.Fatal(err)
		}
		var got Tree
		if err := got.GobDecode(data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !maps.Equal(got, tree) {
			t.Errorf("with the hash %s, the tree read back is not the tree saved", name)
		}
	}
	hex := hashes[`""`]
	delete(hex, "kb25/odd.yaml")
	text := Tree{}
	for p, f := range hex {
		f.Sum = strings.ToUpper(f.Sum)
		text[p] = f
	}
	hexData, _ := hex.GobEncode()
	textData, _ := text.GobEncode()
	if got, want := len(textData)-len(hexData), len(hex)*(1+64-32); got != want {
		t.Errorf("hex SHA-256s saved in %d bytes fewer than the same hashes in capitals, want %d: 32 bytes a hash", got, want)
	}
}

// A tree saved sealed reads back as the tree it was sealed from.
func TestSealedTreeLoadsAsTheTree(t *testing.T) {
	type saved struct {
		Key  string
		Tree Sealed
	}
	type loaded struct {
		Key  string
		Tree Tree
	}
	for name, tree := range map[string]Tree{"sample": sample(), "empty": {}} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "state")
			if err := Save(p, saved{Key: "k", Tree: tree.Seal()}); err != nil {
				t.Fatal(err)
			}
			var got loaded
			if err := Load(p, &got); err != nil {
				t.Fatal(err)
			}
			if got.Key != "k" || !maps.Equal(got.Tree, tree) {
				t.Errorf("got %+v, want %+v", got.Tree, tree)
			}
		})
	}
}

// A manifest written before trees had their own layout is not read as one.
func TestTreeOfAnOlderLayoutIsRejected(t *testing.T) {
	p := filepath.Join(t.TempDir(), "state")
	if err := Save(p, struct{ Tree map[string]File }{sample()}); err != nil {
		t.Fatal(err)
	}
	var got struct{ Tree Tree }
	if err := Load(p, &got); err == nil {
		t.Fatal("Load read a gob map as a tree")
	}
}

func TestTreeDecodeRejectsAnythingButAnEncodedTree(t *testing.T) {
	good, err := sample().GobEncode()
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(good) {
		var tree Tree
		if err := tree.GobDecode(good[:n]); err == nil {
			t.Errorf("a tree cut to %d of %d bytes was read", n, len(good))
		}
	}
	twoFiles := func(second string) []byte {
		data, _ := Tree{"b": {}, "c": {}}.GobEncode()
		return bytes.Replace(data, []byte("c"), []byte(second), 1)
	}
	for name, data := range map[string][]byte{
		"trailing bytes":      append(bytes.Clone(good), 0),
		"a path twice":        twoFiles("b"),
		"unknown hash kind":   {1, 1, 'a', 0, 0, 0, 0, 7},
		"path too long":       {1, 9, 'a', 0, 0, 0, 0, sumText, 0},
		"hash too long":       {1, 1, 'a', 0, 0, 0, 0, sumText, 9},
		"too few hashes":      {2, 1, 1, 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0, sumHex, 0},
		"truncated inode":     {1, 1, 'a', 0, 0, 0, 0x80},
		"more files than fit": {0xff, 0xff, 0xff, 0x7f},
		"huge length":         {1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 0},
	} {
		var tree Tree
		if err := tree.GobDecode(data); err == nil {
			t.Errorf("%s: read as %v", name, tree)
		}
	}
}

func FuzzTreeDecode(f *testing.F) {
	good, _ := sample().GobEncode()
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte{1, 1, 'a', 0, 0, 0, 0, sumText, 0})
	f.Add([]byte{2, 1, 1, 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0, sumText, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var tree Tree
		if tree.GobDecode(data) != nil {
			return
		}
		again, err := tree.GobEncode()
		if err != nil {
			t.Fatal(err)
		}
		var back Tree
		if err := back.GobDecode(again); err != nil || !maps.Equal(back, tree) {
			t.Fatalf("a decoded tree does not survive encoding: %v", err)
		}
	})
}

// benchmarkTree is the tree of a 5,000-article knowledge base: 60,000
// files.
func benchmarkTree() Tree {
	tree := Tree{}
	for i := range 5000 {
		for _, name := range []string{"article.yaml", "fr.yaml", "hu.yaml", "ja.yaml", "figures/screen-1.svg", "figures/screen-2.svg", "figures/screen-3.svg", "figures/screen-4.svg", "figures/screen-5.svg", "figures/screen-6.svg", "figures/screen-7.svg", "figures/screen-8.svg"} {
			p := "kb" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676)) + "/" + name
			tree[p] = File{Size: int64(3000 + i), ModTime: time.Now().UnixNano(), Sum: Sum([]byte(p))}
		}
	}
	return tree
}

// BenchmarkSaveTree saves the tree of a 5,000-article knowledge base.
func BenchmarkSaveTree(b *testing.B) {
	tree := benchmarkTree()
	for b.Loop() {
		if _, err := tree.GobEncode(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadTree reads back the state of a 5,000-article knowledge
// base: its tree of 60,000 files.
func BenchmarkLoadTree(b *testing.B) {
	tree := benchmarkTree()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(struct{ Tree Tree }{tree}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		var got struct{ Tree Tree }
		if err := gob.NewDecoder(bytes.NewReader(buf.Bytes())).Decode(&got); err != nil || len(got.Tree) != len(tree) {
			b.Fatal(err)
		}
	}
}
