package main

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/kbcdev/kbc/internal/cli"
)

var updateScripts = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar with what kbc prints")

// TestMain lets scripts and tests run kbc as a command: the test binary
// runs the CLI in-process when invoked under that name, stopping or
// failing at the build stages the environment names (installStageHook).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kbc": func() {
			installStageHook()
			os.Exit(cli.Main())
		},
	})
}

// TestScripts runs the CLI scripts in testdata/script. Besides the usual
// conditions, [root] holds when the tests run as the superuser, for whom
// file permissions do not stop reads.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *updateScripts,
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}
