package cli

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// sourceVersion names the version of a source tree without version
// control that kbc was built from, where the go command records only
// "(devel)": the composite action, which a runner fetches as an archive,
// sets it to the ref the workflow names (go install -ldflags "-X …").
var sourceVersion string

// modulePath is kbc's module, looked for in the build info: the main
// module of a binary that "go install …/cmd/kbc@VERSION" made, a
// dependency of one that another module built.
const modulePath = "github.com/kbcdev/kbc"

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", stderr, "")
	if code, ok := parseNoArgs(fs, args); !ok {
		return code
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintf(stdout, "kbc (no build information) %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return ExitOK
	}
	printVersion(stdout, info)
	return ExitOK
}

// printVersion writes what the build information says of kbc: the module
// version (with the folder a replace directive put in its place), the
// version-control revision it was built from, when the go command
// recorded one, and the Go release and platform.
func printVersion(w io.Writer, info *debug.BuildInfo) {
	fmt.Fprintf(w, "kbc %s\n", moduleVersion(info))
	if rev := vcsRevision(info); rev != "" {
		fmt.Fprintf(w, "revision %s\n", rev)
	}
	fmt.Fprintf(w, "%s %s/%s\n", info.GoVersion, runtime.GOOS, runtime.GOARCH)
}

// kbcVersion returns the version of kbc's module, for outputs that name
// the tool that wrote them, or "" without build information.
func kbcVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		return moduleVersion(info)
	}
	return ""
}

// moduleVersion returns the version of kbc's module in the build.
func moduleVersion(info *debug.BuildInfo) string {
	m := &info.Main
	if m.Path != modulePath {
		m = nil
		for _, d := range info.Deps {
			if d.Path == modulePath {
				m = d
				break
			}
		}
	}
	if m == nil {
		return "(unknown version: built as part of " + info.Main.Path + ")"
	}
	v := m.Version
	if v == "" {
		v = "(devel)"
	}
	if v == "(devel)" && m == &info.Main && sourceVersion != "" {
		v = sourceVersion
	}
	if m.Replace != nil {
		v += " => " + m.Replace.Path
		if m.Replace.Version != "" {
			v += " " + m.Replace.Version
		}
	}
	return v
}

// vcsRevision returns "REVISION (TIME)", with ", modified" for a work
// tree that differed from it, or "" when the build recorded none (go
// install of a module version records none: the version says it all).
func vcsRevision(info *debug.BuildInfo) string {
	s := map[string]string{}
	for _, kv := range info.Settings {
		s[kv.Key] = kv.Value
	}
	rev := s["vcs.revision"]
	if rev == "" {
		return ""
	}
	var notes []string
	if t := s["vcs.time"]; t != "" {
		notes = append(notes, t)
	}
	if s["vcs.modified"] == "true" {
		notes = append(notes, "modified")
	}
	if len(notes) > 0 {
		rev += " (" + strings.Join(notes, ", ") + ")"
	}
	return rev
}
