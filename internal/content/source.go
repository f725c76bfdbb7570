package content

import (
	"bytes"
	"errors"
	"os"

	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/diag"
)

// MaxFileSize bounds a content file. Real articles are tens of kilobytes;
// the bound keeps a stray data file from costing memory and time.
const MaxFileSize = 1 << 20

// readSource reads a file of at most MaxFileSize bytes. Problems are
// reported as findings on the file, so a tree with one unreadable file is
// still checked whole.
func readSource(path string, diags *diag.List, buf *bytes.Buffer) ([]byte, bool) {
	if err := contentfile.ReadLimited(path, MaxFileSize+1, buf); err != nil {
		diags.Errorf(diag.Position{File: path}, RuleSyntax, "cannot read file: %v", unwrapPathError(err))
		return nil, false
	}
	src := buf.Bytes()
	return src, withinMaxSize(path, src, diags)
}

// withinMaxSize reports a file larger than MaxFileSize.
func withinMaxSize(path string, src []byte, diags *diag.List) bool {
	if len(src) > MaxFileSize {
		diags.Errorf(diag.Position{File: path, Line: 1, Column: 1}, RuleSyntax, "file is larger than %d KiB; content files are split into articles", MaxFileSize>>10)
		return false
	}
	return true
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
