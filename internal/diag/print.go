package diag

import (
	"fmt"
	"io"
	"strings"
)

// PrintText writes one line per finding, file:line:col: severity: rule:
// message, with the locale in brackets when the finding concerns one.
// Line breaks inside a message are written as \n so that every finding
// stays on one line for editors and grep.
func PrintText(w io.Writer, l List) error {
	for _, d := range l {
		loc := ""
		if d.Locale != "" {
			loc = "[" + d.Locale + "] "
		}
		if _, err := fmt.Fprintf(w, "%s: %s: %s: %s%s\n", d.Pos, d.Severity, d.Rule, loc, oneLine.Replace(d.Message)); err != nil {
			return err
		}
	}
	return nil
}

var oneLine = strings.NewReplacer("\r", `\r`, "\n", `\n`)
