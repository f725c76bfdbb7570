package svg

import (
	"crypto/sha256"
	"sync"
)

// Memo remembers what Sanitize returned for the figures a build's checks
// read, by their content, until the build publishes them: a build checks
// every figure and then publishes it, and the XML of a figure costs far
// more to parse than its bytes to hash. It holds at most a given number
// of bytes of output, forgetting the oldest first, and forgets a figure
// once it is published. A Memo is safe for use by several goroutines,
// and a nil Memo remembers nothing: its methods are Sanitize's.
type Memo struct {
	mu      sync.Mutex
	limit   int
	size    int
	results map[[sha256.Size]byte]memoResult
	order   [][sha256.Size]byte // oldest first, from head; may name forgotten ones
	head    int
}

type memoResult struct {
	out      []byte
	problems []Problem
}

// NewMemo returns a Memo that holds at most limit bytes of output.
func NewMemo(limit int) *Memo {
	return &Memo{limit: limit, results: map[[sha256.Size]byte]memoResult{}}
}

// Sanitize returns what Sanitize returns for data, and remembers it for
// Publish. The output must not be modified.
func (m *Memo) Sanitize(data []byte) (out []byte, problems []Problem) {
	if m == nil {
		return Sanitize(data)
	}
	key := sha256.Sum256(data)
	m.mu.Lock()
	r, ok := m.results[key]
	m.mu.Unlock()
	if ok {
		return r.out, r.problems
	}
	out, problems = Sanitize(data)
	m.remember(key, memoResult{out, problems})
	return out, problems
}

// Publish returns what Sanitize returns for data, from the memo if it
// remembers data, which it then forgets. The output must not be modified.
func (m *Memo) Publish(data []byte) (out []byte, problems []Problem) {
	if m == nil {
		return Sanitize(data)
	}
	key := sha256.Sum256(data)
	m.mu.Lock()
	r, ok := m.results[key]
	if ok {
		delete(m.results, key)
		m.size -= len(r.out)
	}
	m.mu.Unlock()
	if ok {
		return r.out, r.problems
	}
	return Sanitize(data)
}

// Forget forgets every figure.
func (m *Memo) Forget() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.results)
	m.order, m.head, m.size = m.order[:0], 0, 0
}

// Len returns how many figures the memo remembers.
func (m *Memo) Len() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.results)
}

func (m *Memo) remember(key [sha256.Size]byte, r memoResult) {
	if len(r.out) > m.limit {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.results[key]; ok {
		return
	}
	for m.size+len(r.out) > m.limit && m.head < len(m.order) {
		oldest := m.order[m.head]
		m.head++
		if old, ok := m.results[oldest]; ok {
			delete(m.results, oldest)
			m.size -= len(old.out)
		}
	}
	if m.head > len(m.order)/2 {
		// Most of the queue names figures forgotten: drop them.
		m.order = append(m.order[:0], m.order[m.head:]...)
		m.head = 0
	}
	m.results[key] = r
	m.order = append(m.order, key)
	m.size += len(r.out)
}
