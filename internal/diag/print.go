package diag

import (
	"fmt"
	"io"
)

// PrintText writes one line per finding, file:line:col: severity: rule:
// message, with the locale in brackets when the finding concerns one; the
// findings that follow from one are written under it, indented.
// Line breaks and other control characters in the path, locale and
// message are written as escapes (\n, \x1b) so that every finding stays
// on one line for editors and grep, and none forges a line of its own.
func PrintText(w io.Writer, l List, paths Paths) error {
	return printText(w, paths.list(l), "")
}

// printText writes the findings of l, each folded finding under its
// cause, indented by four more spaces.
func printText(w io.Writer, l List, indent string) error {
	for _, d := range l {
		loc := ""
		if d.Locale != "" {
			loc = "[" + d.Locale + "] "
		}
		line := fmt.Sprintf("%s: %s: %s: %s%s", d.Pos, d.Severity, d.Rule, loc, d.Message)
		switch n := len(d.Folded); {
		case n == 1:
			line += " (the finding below follows from it)"
		case n > 1:
			line += fmt.Sprintf(" (the %d findings below follow from it)", n)
		}
		if _, err := fmt.Fprintln(w, indent+escapeControls(line, false)); err != nil {
			return err
		}
		if err := printText(w, d.Folded, indent+"    "); err != nil {
			return err
		}
	}
	return nil
}
