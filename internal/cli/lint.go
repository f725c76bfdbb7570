package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
)

func runLint(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("lint", stderr, "[--format text|json|github|sarif] [--strict] [--list-rules] [PATH...]")
	format := fs.String("format", "text", "output `format`: text, json, github or sarif")
	strict := fs.Bool("strict", false, "exit 1 on warnings too")
	listRules := fs.Bool("list-rules", false, "print every rule with its summary and exit")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if err := oneOf("format", *format, "text"); err != nil {
		fmt.Fprintf(stderr, "kbc lint: %v\n", err)
		return ExitUsage
	}
	rules := lint.All()
	if *listRules {
		for _, r := range rules {
			fmt.Fprintf(stdout, "%-18s %-7s %s\n", r.Name, r.Severity, r.Summary())
		}
		return ExitOK
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	root, err := content.FindRoot(paths[0])
	if err != nil {
		fmt.Fprintf(stderr, "kbc lint: %v\n", err)
		return ExitUsage
	}
	kb, diags, err := content.Load(root)
	if err != nil {
		fmt.Fprintf(stderr, "kbc lint: %v\n", err)
		return ExitUsage
	}
	diags = append(diags, lint.Run(kb, rules)...)
	diags.Sort()
	relativize(diags)
	diag.PrintText(stdout, diags)
	errs, warns := diags.Count()
	if errs > 0 || (*strict && warns > 0) {
		return ExitFindings
	}
	return ExitOK
}

// relativize rewrites file names relative to the working directory, as
// the output formats promise.
func relativize(l diag.List) {
	wd, err := os.Getwd()
	if err != nil {
		return
	}
	rel := func(p string) string {
		if p == "" {
			return p
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		if r, err := filepath.Rel(wd, abs); err == nil {
			return filepath.ToSlash(r)
		}
		return p
	}
	for i := range l {
		l[i].Pos.File = rel(l[i].Pos.File)
		for j := range l[i].Related {
			l[i].Related[j].Pos.File = rel(l[i].Related[j].Pos.File)
		}
	}
}
