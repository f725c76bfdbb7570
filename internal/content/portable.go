package content

import (
	"fmt"
	"strings"
)

// WindowsNameProblem returns why Windows cannot hold a file or folder of
// this name, or "": a device name it reserves, with or without an
// extension (con, aux.svg, com1), a character it refuses in names, or a
// final dot or space, which it drops. A knowledge base with such a name
// lints and builds on Linux, but Git for Windows cannot check it out, nor
// a build on Windows write it, so a team with writers on Windows is told.
func WindowsNameProblem(name string) string {
	stem, _, _ := strings.Cut(name, ".")
	switch upper := strings.ToUpper(stem); {
	case upper == "CON" || upper == "PRN" || upper == "AUX" || upper == "NUL",
		len(upper) == 4 && (strings.HasPrefix(upper, "COM") || strings.HasPrefix(upper, "LPT")) && upper[3] >= '1' && upper[3] <= '9':
		return fmt.Sprintf("%q is a device name that Windows reserves, with any extension", name)
	}
	if i := strings.IndexAny(name, `<>:"|?*`); i >= 0 {
		return fmt.Sprintf("%q holds %q, which Windows refuses in names", name, name[i:i+1])
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return fmt.Sprintf("%q ends with a dot or a space, which Windows drops from names", name)
	}
	return ""
}

// windowsPathProblem is WindowsNameProblem of the first element of a
// slash-separated path that has one.
func windowsPathProblem(p string) string {
	for _, e := range strings.Split(p, "/") {
		if e == "." || e == ".." {
			continue
		}
		if why := WindowsNameProblem(e); why != "" {
			return why
		}
	}
	return ""
}
