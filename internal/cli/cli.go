// Package cli holds kbc's command-line interface: flag parsing, the choice
// of output format, and the exit codes. Main returns the exit code so that
// tests can run the CLI in-process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes.
const (
	ExitOK       = 0 // clean; warnings allowed unless --strict
	ExitFindings = 1 // findings of error severity
	ExitUsage    = 2 // usage or I/O failure
)

// Main runs kbc with the process's arguments and standard streams, within
// the memory its container or machine allows (see limitMemory).
func Main() int {
	limitMemory(machineMemory, os.Stderr)
	return Run(os.Args[1:], os.Stdout, os.Stderr)
}

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"lint", "check the knowledge base and report findings at file:line:col", runLint},
		{"build", "lint, then render the static help site into a folder", runBuild},
		{"serve", "preview the help site, rebuilt and reloaded on every change", runServe},
		{"i18n", "translation status, templates and XLIFF 2.0 export and import", runI18n},
		{"init", "make a new knowledge base: kb.yaml, an example article, a CI workflow, pre-commit hooks", runInit},
		{"fmt", "write content files in the canonical layout, keeping comments", runFmt},
		{"new", "create an article folder with a skeleton to fill in, whose placeholders lint warns of", runNew},
		{"theme", "list kbc's page templates, or copy one into the theme folder to edit", runTheme},
		{"import", "read legacy help-center text into article skeletons, reporting its defects", runImport},
		{"lsp", "a language server over stdin and stdout, for editors: findings as you type, reference completion", runLSP},
		{"version", "print kbc's module version, revision and Go version", runVersion},
	}
}

// Run runs kbc with the given arguments.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return ExitOK
	case "help":
		return help(args[1:], stdout, stderr)
	}
	if c := lookup(args[0]); c != nil {
		return c.run(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "kbc: unknown command %q\n", args[0])
	usage(stderr)
	return ExitUsage
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return &c
		}
	}
	return nil
}

// help prints the usage of kbc, or of the command (and subcommand) named,
// on stdout: what the command does, its synopsis and its flags.
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" {
		usage(stdout)
		return ExitOK
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "kbc help: unknown command %q\n", args[0])
		usage(stderr)
		return ExitUsage
	}
	fmt.Fprintf(stdout, "kbc %s: %s\n\n", c.name, c.summary)
	// A command's -h writes its usage where its errors go: here, stdout.
	return c.run(append(args[1:], "-h"), stdout, stdout)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: kbc <command> [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `run "kbc help <command>" for a command's flags`)
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("kbc "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: kbc %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// usageFailure returns what a command calls to stop on a usage error: it
// prints "kbc NAME: " and the message on stderr and returns ExitUsage.
func usageFailure(name string, stderr io.Writer) func(format string, a ...any) int {
	return func(format string, a ...any) int {
		fmt.Fprintf(stderr, "kbc "+name+": "+format+"\n", a...)
		return ExitUsage
	}
}

// parseNoArgs parses the flags of a command that takes no arguments,
// returning the exit code to stop with, if any.
func parseNoArgs(fs *flag.FlagSet, args []string) (int, bool) {
	if code, ok := parseFlags(fs, args); !ok {
		return code, false
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return ExitUsage, false
	}
	return ExitOK, true
}

// parseFlags parses args, returning the exit code to stop with, if any.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	return 0, true
}

// oneOf checks a flag value against its allowed values.
func oneOf(flagName, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return fmt.Errorf("invalid --%s %q: want one of %s", flagName, value, strings.Join(allowed, ", "))
}
