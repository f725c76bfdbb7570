package svg

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"sync"
	"testing"
)

// figures returns a clean figure, different for each n, and a refused one.
func figures(n int) (clean, refused []byte) {
	clean = fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg"><rect width="%d"/></svg>`, n)
	refused = fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" onload="f(%d)"><rect/></svg>`, n)
	return clean, refused
}

// A memo gives what Sanitize gives, whether it remembers the figure or
// not, clean or refused; Publish forgets what it hands out. A nil memo
// gives it too, and remembers nothing.
func TestMemoGivesWhatSanitizeGives(t *testing.T) {
	for _, m := range []*Memo{NewMemo(1 << 20), nil} {
		memoGivesWhatSanitizeGives(t, m)
	}
}

func memoGivesWhatSanitizeGives(t *testing.T, m *Memo) {
	for n := range 3 {
		clean, refused := figures(n)
		for _, data := range [][]byte{clean, refused} {
			wantOut, wantProblems := Sanitize(data)
			for i, got := range []func([]byte) ([]byte, []Problem){m.Sanitize, m.Sanitize, m.Publish, m.Publish} {
				out, problems := got(data)
				if string(out) != string(wantOut) || !slices.Equal(problems, wantProblems) {
					t.Errorf("call %d on %s: %q %v, want %q %v", i, data, out, problems, wantOut, wantProblems)
				}
			}
		}
	}
	if n := m.Len(); n != 0 {
		t.Errorf("the memo remembers %d figures once all were published", n)
	}
}

// A memo holds at most its limit of output, forgetting the oldest first.
func TestMemoForgetsTheOldestPastItsLimit(t *testing.T) {
	first, _ := figures(0)
	out, _ := Sanitize(first)
	m := NewMemo(3 * len(out))
	for n := range 10 {
		c, _ := figures(n)
		m.Sanitize(c)
		if m.size > m.limit {
			t.Fatalf("after %d figures the memo holds %d bytes, over its limit of %d", n+1, m.size, m.limit)
		}
	}
	if m.Len() != 3 {
		t.Errorf("the memo remembers %d figures, want the last 3", m.Len())
	}
	for n := range 10 {
		c, _ := figures(n)
		key := sha256.Sum256(c)
		if _, ok := m.results[key]; ok != (n >= 7) {
			t.Errorf("figure %d remembered: %v", n, ok)
		}
	}
	if len(m.order)-m.head > 2*m.Len()+1 {
		t.Errorf("the queue names %d figures for %d remembered", len(m.order)-m.head, m.Len())
	}
	m.Forget()
	if m.Len() != 0 || m.size != 0 {
		t.Errorf("after Forget the memo remembers %d figures, %d bytes", m.Len(), m.size)
	}
	m.Sanitize(first)
	if m.Len() != 1 {
		t.Errorf("after Forget the memo remembers %d figures of 1 sanitized", m.Len())
	}
}

// Checks and publishing run on every core.
func TestMemoOnEveryCore(t *testing.T) {
	m := NewMemo(4 << 10)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for n := range 200 {
				c, _ := figures(n % 50)
				if g%2 == 0 {
					m.Sanitize(c)
				} else {
					m.Publish(c)
				}
			}
		})
	}
	wg.Wait()
	if m.size > m.limit {
		t.Errorf("the memo holds %d bytes, over its limit of %d", m.size, m.limit)
	}
}
