//go:build unix

package cli_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kbcdev/kbc/internal/cli"
)

// A named pipe given to kbc import is refused before it is read: reading
// it would wait for a writer for ever.
func TestImportRefusesANamedPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "help.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := cli.Run([]string{"import", "-o", filepath.Join(dir, "out"), fifo}, &stdout, &stderr)
	if code != cli.ExitUsage || !strings.Contains(stderr.String(), "not a regular file") {
		t.Errorf("exit %d, stderr %q; want a usage exit and \"not a regular file\"", code, stderr.String())
	}
}
