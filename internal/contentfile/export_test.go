package contentfile

import "testing"

// CheckFast is checkFast, for the tests of package contentfile_test,
// which may use the corpus generator (itself a user of this package).
func CheckFast(t *testing.T, src string) bool {
	t.Helper()
	return checkFast(t, src)
}
