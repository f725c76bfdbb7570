//go:build !unix

package content

import "bytes"

func readLimited(path string, limit int64, buf *bytes.Buffer) error {
	return readLimitedPortable(path, limit, buf)
}
