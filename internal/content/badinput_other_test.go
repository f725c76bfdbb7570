//go:build !unix

package content

import "testing"

func makeFIFO(t *testing.T, _ string)   { t.Skip("named pipes are a Unix file type") }
func makeSocket(t *testing.T, _ string) { t.Skip("socket files are a Unix file type") }
