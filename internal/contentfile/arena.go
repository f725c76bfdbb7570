package contentfile

import "gopkg.in/yaml.v3"

// An Arena holds the nodes of the files ParseIn parses into it, for a
// caller that parses one file after another and keeps no node of a file
// once it has decoded it: the nodes of the next file reuse the memory
// (Reset) instead of being allocated anew. A knowledge base's files take
// about four nodes a line, a node is 21 words, and a build reads every
// file more than once: at 20,000 articles those nodes were a fifth of
// all the memory a build allocated, all of it for the collector to free.
type Arena struct {
	chunk []yaml.Node // the nodes are taken from it in order
	used  int         // of chunk
	spent int         // nodes of the chunks filled before it, since the last Reset
}

// arenaChunk is the least number of nodes an arena allocates at a time:
// most files take a few hundred.
const arenaChunk = 4096

// arenaKeeps bounds the nodes an arena keeps for the next file: an
// unusually large file is parsed in it, but its memory is let go.
const arenaKeeps = 1 << 16

// take returns n zeroed nodes, allocated when a is nil.
func (a *Arena) take(n int) []yaml.Node {
	if a == nil {
		return make([]yaml.Node, n)
	}
	if a.used+n > len(a.chunk) {
		a.spent += a.used
		a.chunk, a.used = make([]yaml.Node, max(n, arenaChunk)), 0
	}
	nodes := a.chunk[a.used : a.used+n : a.used+n]
	a.used += n
	return nodes
}

// Reset makes the memory of every node parsed in the arena available to
// the next file. Nothing may use those nodes afterwards. The next file
// as large as all since the last Reset fits in one chunk.
func (a *Arena) Reset() {
	need := a.spent + a.used
	clear(a.chunk[:a.used])
	a.used, a.spent = 0, 0
	switch {
	case need > arenaKeeps:
		a.chunk = nil
	case need > len(a.chunk):
		a.chunk = make([]yaml.Node, need)
	}
}
