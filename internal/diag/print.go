package diag

import (
	"fmt"
	"io"
)

// PrintText writes one line per finding, file:line:col: severity: rule:
// message, with the locale in brackets when the finding concerns one.
func PrintText(w io.Writer, l List) error {
	for _, d := range l {
		loc := ""
		if d.Locale != "" {
			loc = "[" + d.Locale + "] "
		}
		if _, err := fmt.Fprintf(w, "%s: %s: %s: %s%s\n", d.Pos, d.Severity, d.Rule, loc, d.Message); err != nil {
			return err
		}
	}
	return nil
}
