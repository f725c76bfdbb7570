//go:build !unix

package contentfile

import "bytes"

func readLimited(path string, limit int64, buf *bytes.Buffer) error {
	return readLimitedPortable(path, limit, buf)
}
