package diag

import "testing"

// ApplyEdits makes edits given in code-point columns of the file as it
// was, refuses one whose range no longer holds its text, skips one that
// overlaps another, and does not count a byte-order mark.
func TestApplyEdits(t *testing.T) {
	for _, tc := range []struct {
		name    string
		src     string
		edits   []Edit
		want    string
		applied int
	}{
		{"replace and insert on one line, columns of the old text", "Vite ! « Oui »;\n",
			[]Edit{NewEdit(1, 5, " ", "\u202f"), NewEdit(1, 9, " ", "\u202f"), NewEdit(1, 15, "", "\u202f")},
			"Vite\u202f! «\u202fOui »\u202f;\n", 3},
		{"second line, after multibyte text", "été\n  x  \n",
			[]Edit{NewEdit(2, 4, "  ", "")}, "été\n  x\n", 1},
		{"stale edit refused", "id: KB1 \n", []Edit{NewEdit(1, 8, "  ", "")}, "id: KB1 \n", 0},
		{"overlap: the first in file order wins", "abc\n",
			[]Edit{NewEdit(1, 2, "bc", "X"), NewEdit(1, 1, "ab", "Y")}, "Yc\n", 1},
		{"past the end of the line", "ab\n", []Edit{NewEdit(1, 4, "x", "")}, "ab\n", 0},
		{"no such line", "ab\n", []Edit{NewEdit(3, 1, "", "x")}, "ab\n", 0},
		{"byte-order mark", "\ufeffid: KB1 \n", []Edit{NewEdit(1, 8, " ", "")}, "\ufeffid: KB1\n", 1},
	} {
		got, n := ApplyEdits([]byte(tc.src), tc.edits)
		if string(got) != tc.want || n != tc.applied {
			t.Errorf("%s: got %q (%d applied), want %q (%d)", tc.name, got, n, tc.want, tc.applied)
		}
	}
}
