package diag

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// PrintGitHub writes one GitHub Actions workflow command per finding,
//
//	::error file=F,line=L,col=C,title=RULE::MESSAGE
//
// (::warning for warnings, ::notice for info), so that each finding is shown as an annotation
// on its line of the pull request. Line and column are left out when
// unknown. The locale is written before the message, as in the text
// format, and related positions follow it on lines of their own.
func PrintGitHub(w io.Writer, l List, paths Paths) error {
	l = paths.list(l)
	for _, d := range l {
		var props []string
		if d.Pos.File != "" {
			props = append(props, "file="+escapeGitHubProperty(d.Pos.File))
		}
		if d.Pos.Line > 0 {
			props = append(props, "line="+strconv.Itoa(d.Pos.Line))
			if d.Pos.Column > 0 {
				props = append(props, "col="+strconv.Itoa(d.Pos.Column))
			}
		}
		props = append(props, "title="+escapeGitHubProperty(d.Rule))
		msg := d.Message
		if d.Locale != "" {
			msg = "[" + escapeControls(d.Locale, false) + "] " + msg
		}
		for _, r := range d.Related {
			msg += "\n" + escapeControls(r.Pos.String(), false) + ": " + r.Message
		}
		for _, f := range d.Folded {
			msg += "\nfollows from it: " + escapeControls(f.String(), false)
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", githubCommand(d.Severity), strings.Join(props, ","), escapeGitHubData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// githubCommand is the workflow command that annotates a finding of the
// severity.
func githubCommand(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "notice"
}

// GitHub reads a workflow command up to the end of the line, and its
// properties up to the next comma or the "::" that ends them, so those
// characters are percent-encoded as the Actions runner expects. Other
// control characters are written as escapes: the runner would decode no
// percent-encoding of them.
var (
	githubData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeGitHubData(s string) string { return githubData.Replace(escapeControls(s, true)) }
func escapeGitHubProperty(s string) string {
	return githubProperty.Replace(escapeControls(s, true))
}
