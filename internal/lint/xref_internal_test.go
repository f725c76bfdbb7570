package lint

import "testing"

// An id one typo from exactly one article is suggested; one as near to
// several is not, as the suggestion would be a guess among them.
func TestNearestArticleID(t *testing.T) {
	ids := []string{"KB1000", "KB1001", "KB1002", "KB2269", "KB2269", "KB2277"}
	for _, tc := range []struct{ id, self, want string }{
		{"KB2296", "", "KB2269"},  // two digits swapped
		{"KB22690", "", "KB2269"}, // one added, the id listed twice
		{"KB1003", "", ""},        // one digit from three ids
		{"KB1003", "KB1000", ""},  // still from two
		{"KB2278", "KB2277", ""},  // only from the referring article
		{"kb2277", "", "KB2277"},  // case
	} {
		if got := nearestArticleID(tc.id, ids, tc.self); got != tc.want {
			t.Errorf("nearestArticleID(%q, self %q) = %q, want %q", tc.id, tc.self, got, tc.want)
		}
	}
}
