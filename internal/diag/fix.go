package diag

import (
	"bytes"
	"fmt"
	"slices"
	"unicode/utf8"
)

// Fix is how a finding is resolved mechanically, as kbc lint --fix and an
// editor's quick fix apply it: edits of the finding's file.
type Fix struct {
	Message string // what the fix does, such as "remove the trailing spaces"
	Edits   []Edit
	// Guess marks a fix that may not be what the writer meant, such as the
	// known key nearest to a misspelled one: an editor may offer it, and
	// kbc lint tries it to find the findings that follow from the
	// misspelling, but kbc lint --fix does not make it.
	Guess bool
}

// Edit replaces a range of a file. Lines and columns are 1-based and
// count code points, as a Position's do; the end is exclusive. Old is the
// text the range holds, so that an edit made for another version of the
// file is refused rather than applied in the wrong place.
type Edit struct {
	Line, Column       int
	EndLine, EndColumn int
	Old, New           string
}

// NewEdit returns the edit replacing old, which starts at line:col and
// lies on one line, with new.
func NewEdit(line, col int, old, new string) Edit {
	return Edit{Line: line, Column: col, EndLine: line, EndColumn: col + utf8.RuneCountInString(old), Old: old, New: new}
}

// ApplyEdits applies the edits to src, a file's text, and returns the new
// text and how many edits it applied. An edit whose range does not hold
// its Old text, or that overlaps one applied before it (in file order), is
// left out; a byte-order mark at the start of src is not counted in
// columns, as the loader does not count it.
func ApplyEdits(src []byte, edits []Edit) ([]byte, int) {
	type span struct {
		start, end int
		e          Edit
	}
	bom := 0
	if len(src) >= 3 && string(src[:3]) == "\xef\xbb\xbf" {
		bom = 3
	}
	var spans []span
	for _, e := range edits {
		start, ok1 := offsetOf(src, bom, e.Line, e.Column)
		end, ok2 := offsetOf(src, bom, e.EndLine, e.EndColumn)
		if ok1 && ok2 && start <= end && string(src[start:end]) == e.Old {
			spans = append(spans, span{start, end, e})
		}
	}
	slices.SortStableFunc(spans, func(a, b span) int { return a.start - b.start })
	out := make([]byte, 0, len(src))
	at, applied := 0, 0
	for _, s := range spans {
		if s.start < at {
			continue
		}
		out = append(out, src[at:s.start]...)
		out = append(out, s.e.New...)
		at = s.end
		applied++
	}
	return append(out, src[at:]...), applied
}

// offsetOf returns the byte offset of line:col in src, whose first bom
// bytes are not text; col may be one past the end of the line.
func offsetOf(src []byte, bom, line, col int) (int, bool) {
	if line < 1 || col < 1 {
		return 0, false
	}
	i := bom
	for l := 1; l < line; l++ {
		nl := bytes.IndexByte(src[i:], '\n')
		if nl < 0 {
			return 0, false
		}
		i += nl + 1
	}
	for c := 1; c < col; c++ {
		if i >= len(src) || src[i] == '\n' {
			return 0, false
		}
		_, size := utf8.DecodeRune(src[i:])
		i += size
	}
	return i, true
}

func (e Edit) String() string {
	return fmt.Sprintf("%d:%d-%d:%d %q -> %q", e.Line, e.Column, e.EndLine, e.EndColumn, e.Old, e.New)
}
