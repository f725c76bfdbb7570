//go:build !unix

package output

import "os"

// writeFile writes data as the file at path, as os.WriteFile does with
// mode 0o644.
func writeFile(path string, data []byte) error {
	return os.WriteFile(path, data, 0o644)
}
