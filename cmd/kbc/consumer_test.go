package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

// TestBuildAsConsumerModule builds kbc as another module does when it
// requires kbc (here replaced by this checkout, as a version is by the
// module proxy): the module's go.mod and go.sum must be complete for a
// build from outside, cmd/kbc must be buildable by its import path, and
// kbc version must name kbc's module, not the module that built it.
func TestBuildAsConsumerModule(t *testing.T) {
	// go test puts the go command that runs it first on PATH.
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	goMod := "module example.com/helpdesk\n\ngo 1.24\n\nrequire github.com/kbcdev/kbc v0.0.0\n\nreplace github.com/kbcdev/kbc => " + repo + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "kbc")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	// -mod=mod lets the go command add kbc's own requirements to go.mod,
	// as go get does; their checksums come from kbc's go.sum.
	build := exec.Command(goTool, "build", "-mod=mod", "-o", bin, "github.com/kbcdev/kbc/cmd/kbc")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("kbc version: %v\n%s", err, out)
	}
	want := regexp.MustCompile(`(?m)^kbc v0\.0\.0 => ` + regexp.QuoteMeta(repo) + `( \(devel\))?\n(.|\n)*^go1\.\d+`)
	if !want.Match(out) {
		t.Errorf("kbc version printed:\n%s\nwant the module version with its replacement, then the Go release", out)
	}
}
