package buildcache

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

func TestToolKeyChangesWithTheEmbeddedFiles(t *testing.T) {
	a := fstest.MapFS{"page.html": {Data: []byte("<p>a</p>")}}
	b := fstest.MapFS{"page.html": {Data: []byte("<p>b</p>")}}
	ka, err := ToolKey(a)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := ToolKey(a)
	kb, _ := ToolKey(b)
	if ka != again || ka == kb {
		t.Errorf("ToolKey: %s, again %s, other files %s", ka, again, kb)
	}
}

// The test binary, built by the go command, carries a build ID of the go
// command's shape; a file that is not ELF has none.
func TestGoBuildIDIsReadFromTheExecutable(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ELF only")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id, ok := goBuildID(exe)
	if !ok || strings.Count(id, "/") < 1 {
		t.Fatalf("goBuildID(%s) = %q, %v", exe, id, ok)
	}
	id2, err := executableID()
	if err != nil || id2 != "Go build ID "+id {
		t.Errorf("executableID = %q, %v", id2, err)
	}
	notELF := filepath.Join(t.TempDir(), "kbc")
	write(t, notELF, "#!/bin/sh\n")
	if id, ok := goBuildID(notELF); ok {
		t.Errorf("a script has build ID %q", id)
	}
}

func TestIsGoBuildIDWantsTheGoCommandsShape(t *testing.T) {
	for id, want := range map[string]bool{
		"DlA41dQOQ7LxtvBS4YXQ/tbZBMnq4taffkOw7LkUa/gyB8ugqPF4ydc0fJIpWd/aSvN3nqcy60PW8lf8bcw": true,
		"ZGTx3_k5vV5I6in2LZj6/zvI9Z-MKkfnMvSAGWhdQ":                                           true,
		"":                      false,
		"redacted":              false,
		"ZGTx3_k5vV5I6in2LZj6":  false,
		"ZGTx3_k5vV5I6in2LZj6/": false,
		"ZGTx3_k5vV5I6in2LZj6/zvI9Z-MKkfnMvSAGWhd+": false,
		"v1.2.3/zvI9Z-MKkfnMvSAGWhdQ":               false,
	} {
		if got := isGoBuildID(id); got != want {
			t.Errorf("isGoBuildID(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestFileSumIsSumOfTheContent(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	data := strings.Repeat("kbc ", 100000)
	write(t, p, data)
	if got, err := FileSum(p); err != nil || got != Sum([]byte(data)) {
		t.Errorf("FileSum = %s, %v; want %s", got, err, Sum([]byte(data)))
	}
}
