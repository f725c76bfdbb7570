package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/cli"
)

// kbc import exits 1 when the legacy text has an error, as lint does for
// an error finding, and 0 when it has none; the skeletons are written
// either way, for the writer to mend.
func TestLegacyImportExitStatus(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct {
		text string
		want int
	}{
		"clean":  {"KB1 Reset\n1) Unplug it.\n2) Plug it back in.\n", cli.ExitOK},
		"broken": {"KB2 Reset\n1) Unplug it.\n3) Plug it back in.\n", cli.ExitFindings},
	} {
		file := filepath.Join(dir, name+".txt")
		if err := os.WriteFile(file, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, name)
		var stdout, stderr strings.Builder
		if code := cli.Run([]string{"import", "-o", out, file}, &stdout, &stderr); code != tc.want {
			t.Errorf("%s: exit %d, want %d\n%s%s", name, code, tc.want, stdout.String(), stderr.String())
		}
		if m, _ := filepath.Glob(filepath.Join(out, "*", "article.yaml")); len(m) != 1 {
			t.Errorf("%s: skeletons %q, want one", name, m)
		}
	}
}

// A file kbc import refuses whole, such as a page of HTML, is a finding:
// the other files are imported, and the exit status is 1.
func TestLegacyImportGoesOnPastARefusedFile(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"page.html": "<!DOCTYPE html>\n<html><body><ol><li>Go.</li></ol></body></html>\n",
		"note.txt":  "KB3 Reset\n<b>Note:</b> this article was exported from the old site.\n1) Unplug it.\n2) Plug it back in.\n",
	}
	var args []string
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out := filepath.Join(dir, "out")
	var stdout, stderr strings.Builder
	code := cli.Run(append([]string{"import", "-o", out}, args...), &stdout, &stderr)
	if code != cli.ExitFindings || !strings.Contains(stdout.String(), "page.html:1:1: error: import-text: the file is HTML") {
		t.Errorf("exit %d, want %d and the HTML refused:\n%s%s", code, cli.ExitFindings, stdout.String(), stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "kb3", "article.yaml")); err != nil {
		t.Errorf("the text with a stray tag was not imported: %v", err)
	}
}
