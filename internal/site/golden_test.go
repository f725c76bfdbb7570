package site_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/site/sitetest"
	"github.com/kbcdev/kbc/internal/treetest"
)

var update = flag.Bool("update", false, "rewrite the golden pages in testdata/golden/site with what the build writes")

// TestGoldenPages compares every page and the sitemap of a small site
// with the copies kept in testdata, so that a change to the markup shows
// in review as a change to those files.
func TestGoldenPages(t *testing.T) {
	archive, err := os.ReadFile(filepath.Join("testdata", "golden", "kb.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	r := sitetest.Run(t, string(archive), build.Options{BaseURL: "https://help.example.com/"})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	golden := filepath.Join("testdata", "golden", "site")
	got := pagesOf(t, treetest.Read(t, r.Out))
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		for p, data := range got {
			dst := filepath.Join(golden, p)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := treetest.Read(t, golden)
	for _, p := range sortedPaths(want) {
		if _, ok := got[p]; !ok {
			t.Errorf("%s: in testdata but not built", p)
		}
	}
	for _, p := range sortedPaths(got) {
		w, ok := want[p]
		switch {
		case !ok:
			t.Errorf("%s: built but not in testdata; run go test -run TestGoldenPages -update", p)
		case !bytes.Equal(got[p], w):
			t.Errorf("%s differs from testdata (run with -update to accept):\n%s", p, firstDifference(string(w), string(got[p])))
		}
	}
}

// pagesOf keeps the HTML pages and the sitemap of a site's files.
func pagesOf(t *testing.T, files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for p, data := range files {
		if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".xml") {
			out[filepath.ToSlash(p)] = data
		}
	}
	if len(out) == 0 {
		t.Fatal("the build wrote no pages")
	}
	return out
}

func sortedPaths(m map[string][]byte) []string {
	var ps []string
	for p := range m {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
}

// firstDifference shows the first line where two texts differ.
func firstDifference(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(same lines; the files differ in their line endings)"
}
