package cli_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/cli"
)

// TestLintFindsDefectsInAKnowledgeBase breaks a sound knowledge base of
// its own (testdata/defects, which lints clean) in four ways (a KB
// reference to a missing article, a step reference to a missing step, a
// deleted figure file, a source text edited after translation) and checks
// that kbc lint --format json reports each at its file and line and exits
// 1.
func TestLintFindsDefectsInAKnowledgeBase(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, filepath.Join("testdata", "defects", "content"), filepath.Join(dir, "content"))
	kb1 := filepath.Join(dir, "content", "kb1")
	// In the temporary folder, so that lint's cache folder is made there.
	t.Chdir(dir)
	var clean bytes.Buffer
	if code := cli.Run([]string{"lint", "--strict", filepath.Join(dir, "content")}, &clean, &clean); code != cli.ExitOK {
		t.Fatalf("the knowledge base does not lint clean before it is broken (exit %d):\n%s", code, clean.String())
	}

	kbLine := edit(t, filepath.Join(kb1, "article.yaml"), "read {{kb:KB2}}.", "read {{kb:KB9999}}.")
	stepLine := edit(t, filepath.Join(kb1, "article.yaml"), "{{step:phone-number}}", "{{step:phone-numbr}}")
	figLine := lineOf(t, filepath.Join(kb1, "article.yaml"), "src: figures/notification.svg")
	if err := os.Remove(filepath.Join(kb1, "figures", "notification.svg")); err != nil {
		t.Fatal(err)
	}
	edit(t, filepath.Join(kb1, "article.yaml"), "title: IBKR Mobile Authentication (IB Key) on Android", "title: IB Key on Android phones")
	staleLine := lineAfter(t, filepath.Join(kb1, "fr.yaml"), "title:", "source:")

	var stdout, stderr bytes.Buffer
	// The stale French title is info, since fr is not a required locale:
	// --info reports it.
	code := cli.Run([]string{"lint", "--info", "--format", "json", "content"}, &stdout, &stderr)
	if code != cli.ExitFindings {
		t.Errorf("exit code %d, want %d; stderr: %s", code, cli.ExitFindings, stderr.String())
	}
	var out struct {
		Diagnostics []struct {
			File, Rule, Severity, Locale, Message string
			Line, Column                          int
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout.String())
	}
	wants := []struct {
		file, rule, message string
		line                int
	}{
		{"content/kb1/article.yaml", "xref", "KB9999", kbLine},
		{"content/kb1/article.yaml", "step-graph", `unknown step "phone-numbr"`, stepLine},
		{"content/kb1/article.yaml", "figures", "notification.svg", figLine},
		{"content/kb1/fr.yaml", "translations", "title is stale", staleLine},
	}
	for _, w := range wants {
		found := false
		for _, d := range out.Diagnostics {
			if d.File == w.file && d.Line == w.line && d.Rule == w.rule && strings.Contains(d.Message, w.message) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s finding at %s:%d mentioning %q; got:\n%s", w.rule, w.file, w.line, w.message, stdout.String())
		}
	}
}

// edit replaces the first occurrence of old in the file and returns its
// line number.
func edit(t *testing.T, path, old, new string) int {
	t.Helper()
	line := lineOf(t, path, old)
	b, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return line
}

func lineOf(t *testing.T, path, s string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), s)
	if i < 0 {
		t.Fatalf("%s does not contain %q", path, s)
	}
	return strings.Count(string(b[:i]), "\n") + 1
}

// lineAfter returns the line of the first occurrence of s after the first
// line that starts with key.
func lineAfter(t *testing.T, path, key, s string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, key) {
			for j := i; j < len(lines); j++ {
				if strings.Contains(lines[j], s) {
					return j + 1
				}
			}
		}
	}
	t.Fatalf("%s has no %q after %q", path, s, key)
	return 0
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if e.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if filepath.Ext(p) == ".go" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
