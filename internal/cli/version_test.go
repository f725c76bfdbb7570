package cli

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"testing"
)

// kbc version reads what the go command recorded: the version of an
// installed module, the folder a replace directive put in its place for a
// module that builds kbc as a dependency, and the revision of a build
// from a work tree.
func TestPrintVersion(t *testing.T) {
	platform := runtime.GOOS + "/" + runtime.GOARCH
	for _, tc := range []struct {
		name string
		info debug.BuildInfo
		want string
	}{
		{"go install @version", debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: modulePath, Version: "v1.4.0"}},
			"kbc v1.4.0\ngo1.26.0 " + platform + "\n"},
		{"work tree", debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: modulePath, Version: "v0.0.0-20260101000000-0123456789ab+dirty"},
			Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.time", Value: "2026-01-01T00:00:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			"kbc v0.0.0-20260101000000-0123456789ab+dirty\nrevision 0123456789abcdef (2026-01-01T00:00:00Z, modified)\ngo1.26.0 " + platform + "\n"},
		{"dependency, replaced", debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "example.com/help"},
			Deps: []*debug.Module{{Path: "golang.org/x/text", Version: "v0.1.0"}, {Path: modulePath, Version: "v0.0.0", Replace: &debug.Module{Path: "../kbc"}}}},
			"kbc v0.0.0 => ../kbc\ngo1.26.0 " + platform + "\n"},
		{"no kbc module", debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "example.com/other"}},
			"kbc (unknown version: built as part of example.com/other)\ngo1.26.0 " + platform + "\n"},
	} {
		var buf bytes.Buffer
		printVersion(&buf, &tc.info)
		if buf.String() != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, buf.String(), tc.want)
		}
	}
}

// A build from a source tree without version control records "(devel)";
// the version the action names with -ldflags -X stands for it there.
func TestSourceVersionNamesADevelBuild(t *testing.T) {
	defer func(v string) { sourceVersion = v }(sourceVersion)
	devel := debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: modulePath, Version: "(devel)"}}
	sourceVersion = ""
	if got := moduleVersion(&devel); got != "(devel)" {
		t.Errorf("without a source version: %q", got)
	}
	sourceVersion = "v1.4.0"
	if got := moduleVersion(&devel); got != "v1.4.0" {
		t.Errorf("with the action's ref: %q, want v1.4.0", got)
	}
	installed := debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: modulePath, Version: "v1.5.0"}}
	if got := moduleVersion(&installed); got != "v1.5.0" {
		t.Errorf("an installed release: %q, want its own version", got)
	}
}
