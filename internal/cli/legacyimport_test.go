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
