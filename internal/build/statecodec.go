package build

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"time"
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

// GobEncode saves the state in the layout above.
func (st state) GobEncode() ([]byte, error) {
	var head bytes.Buffer
	if err := gob.NewEncoder(&head).Encode(stateHead{st.Key, st.ScannedAt, st.Summary, st.PagesSum, st.FoldersSum}); err != nil {
		return nil, err
	}
	tree, err := st.Tree.GobEncode()
	if err != nil {
		return nil, err
	}
	output, err := st.Output.GobEncode()
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, head.Len()+len(tree)+len(output)+3*binary.MaxVarintLen64)
	for _, part := range [][]byte{head.Bytes(), tree, output} {
		out = binary.AppendUvarint(out, uint64(len(part)))
		out = append(out, part...)
	}
	return out, nil
}

// GobDecode reads a state saved by GobEncode.
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
