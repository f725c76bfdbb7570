package lsp

import "testing"

// Columns convert between kbc's code points and the protocol's UTF-16
// code units: an accent is one of each, an emoji one code point and two
// units.
func TestUTF16Columns(t *testing.T) {
	line := "é😀 x: y"
	for _, tc := range []struct{ col, utf16, byteOff int }{
		{1, 0, 0}, {2, 1, 2}, {3, 3, 6}, {4, 4, 7}, {8, 8, 11},
	} {
		if got := utf16Column(line, tc.col); got != tc.utf16 {
			t.Errorf("utf16Column(%d) = %d, want %d", tc.col, got, tc.utf16)
		}
		if got := byteOffset(line, tc.utf16); got != tc.byteOff {
			t.Errorf("byteOffset(%d) = %d, want %d", tc.utf16, got, tc.byteOff)
		}
	}
	if got := tokenLength(line, 4); got != 2 {
		t.Errorf("tokenLength at x: = %d, want 2", got)
	}
	if got := utf16Len(line); got != 8 {
		t.Errorf("utf16Len = %d, want 8", got)
	}
}

// A reference is underlined whole; one not closed before the next starts
// as far as a word goes.
func TestTokenLengthOfAReference(t *testing.T) {
	for _, tc := range []struct {
		line string
		want int
	}{
		{"see {{step:nope}} now", len("{{step:nope}}")},
		{"see {{kb:KB9 and {{kb:KB1}}", len("{{kb:KB9")},
		{"see {{kb:KB9", len("{{kb:KB9")},
	} {
		if got := tokenLength(tc.line, 5); got != tc.want {
			t.Errorf("tokenLength(%q, 5) = %d, want %d", tc.line, got, tc.want)
		}
	}
}
