package build

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"io"
	"time"

	"github.com/kbcdev/kbc/internal/buildcache"
)

// The state is saved in a layout of its own so that buildcache writes and
// reads it as it is (see buildcache.Load): as gob, its two trees, a
// fingerprint of every file of the content and of the site, were copied
// whole into gob's buffers on the way out and read back in growing
// chunks, the largest allocations of a build after an edit.
//
// The layout is three parts, each a uvarint length and its bytes: the
// gob encoding of Key, ScannedAt, Summary, PagesSum and FoldersSum; Tree;
// Output (each in the
// layout of buildcache.Tree.GobEncode).

// stateHead is the part of the state gob encodes.
type stateHead struct {
	Key                  string
	ScannedAt            time.Time
	Summary              Summary
	PagesSum, FoldersSum string
}

// WriteLayout writes the state to w in the layout above, each part as it
// is encoded, rather than copied into one buffer first.
func (st state) WriteLayout(w io.Writer) error {
	var head bytes.Buffer
	if err := gob.NewEncoder(&head).Encode(stateHead{st.Key, st.ScannedAt, st.Summary, st.PagesSum, st.FoldersSum}); err != nil {
		return err
	}
	if err := writePart(w, head.Bytes()); err != nil {
		return err
	}
	for _, t := range []buildcache.Tree{st.Tree, st.Output} {
		data, err := t.GobEncode()
		if err != nil {
			return err
		}
		if err := writePart(w, data); err != nil {
			return err
		}
	}
	return nil
}

// writePart writes one part of the layout: its length and its bytes.
func writePart(w io.Writer, part []byte) error {
	if _, err := w.Write(binary.AppendUvarint(nil, uint64(len(part)))); err != nil {
		return err
	}
	_, err := w.Write(part)
	return err
}

// GobDecode reads a state written by WriteLayout.
func (st *state) GobDecode(data []byte) error {
	var parts [3][]byte
	for i := range parts {
		n, w := binary.Uvarint(data)
		if w <= 0 || n > uint64(len(data)-w) {
			return errors.New("the state is truncated")
		}
		parts[i], data = data[w:w+int(n)], data[w+int(n):]
	}
	if len(data) > 0 {
		return errors.New("the state has bytes after its last part")
	}
	var head stateHead
	if err := gob.NewDecoder(bytes.NewReader(parts[0])).Decode(&head); err != nil {
		return err
	}
	var out state
	if err := out.Tree.GobDecode(parts[1]); err != nil {
		return err
	}
	if err := out.Output.GobDecode(parts[2]); err != nil {
		return err
	}
	out.Key, out.ScannedAt, out.Summary = head.Key, head.ScannedAt, head.Summary
	out.PagesSum, out.FoldersSum = head.PagesSum, head.FoldersSum
	*st = out
	return nil
}
