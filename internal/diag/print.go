package diag

import (
	"fmt"
	"io"
)

// PrintText writes one line per finding, file:line:col: severity: rule:
// message, with the locale in brackets when the finding concerns one.
// Line breaks and other control characters in the path, locale and
// message are written as escapes (\n, \x1b) so that every finding stays
// on one line for editors and grep, and none forges a line of its own.
func PrintText(w io.Writer, l List, paths Paths) error {
	l = paths.list(l)
	for _, d := range l {
		loc := ""
		if d.Locale != "" {
			loc = "[" + d.Locale + "] "
		}
		line := fmt.Sprintf("%s: %s: %s: %s%s", d.Pos, d.Severity, d.Rule, loc, d.Message)
		if _, err := fmt.Fprintln(w, escapeControls(line, false)); err != nil {
			return err
		}
	}
	return nil
}
