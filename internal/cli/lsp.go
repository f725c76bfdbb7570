package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/kbcdev/kbc/internal/lsp"
)

func runLSP(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("lsp", stderr, "")
	if code, ok := parseNoArgs(fs, args); !ok {
		return code
	}
	version := kbcVersion()
	// The protocol is spoken on the process's own standard streams, which
	// an editor starts kbc lsp with; stdout carries nothing else.
	err := lsp.Serve(context.Background(), stdio{stdout}, version)
	if errors.Is(err, lsp.ErrExitWithoutShutdown) {
		// The protocol's exit status for it; the editor knows why.
		return ExitFindings
	}
	if err != nil {
		fmt.Fprintf(stderr, "kbc lsp: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}

// stdio is the process's standard input and the command's output as one
// stream.
type stdio struct{ out io.Writer }

func (stdio) Read(p []byte) (int, error)    { return os.Stdin.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }
func (stdio) Close() error                  { return os.Stdin.Close() }
