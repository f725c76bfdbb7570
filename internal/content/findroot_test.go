package content

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeFiles creates files (slash-separated paths, relative to dir).
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindRoot(t *testing.T) {
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{
		"content/kb.yaml":                   "source_locale: en\nlocales: [en]\n",
		"content/kb1/article.yaml":          "id: KB1\ntitle: One\n",
		"content/kb1/figures/login.svg":     "<svg/>",
		"locales/fr.yaml":                   "hello: Bonjour\n",
		"elsewhere/readme.txt":              "not a knowledge base",
		"elsewhere/deeper/another/file.txt": "",
	})
	tests := []struct {
		cwd, path, want string
	}{
		{"", "", ""}, // filled in below with absolute paths
		{".", "content", "content"},
		{".", ".", "content"}, // the repository: its content/ subfolder
		{"content", ".", "."},
		{"content", "kb1", "."},
		{"content", "kb1/article.yaml", "."},
		{"content/kb1", ".", ".."},
		{"content/kb1", "article.yaml", ".."},
		{"content/kb1/figures", ".", "../.."},
		{"content/kb1/figures", "..", "../.."},
		{"content/kb1/figures", "login.svg", "../.."},
		{".", "content/kb1/figures", "content"},
		// The catalogs beside the content folder are the knowledge base's.
		{"locales", ".", "../content"},
		{".", "locales/fr.yaml", "content"},
	}
	tests[0] = struct{ cwd, path, want string }{".", filepath.Join(repo, "content", "kb1"), filepath.Join(repo, "content")}
	for _, tt := range tests {
		t.Run(tt.cwd+"|"+tt.path, func(t *testing.T) {
			t.Chdir(filepath.Join(repo, tt.cwd))
			got, err := FindRoot(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("FindRoot(%q) in %s = %q, want %q", tt.path, tt.cwd, got, tt.want)
			}
			if !IsRegularFile(filepath.Join(got, ConfigFile)) {
				t.Errorf("FindRoot(%q) = %q holds no %s", tt.path, got, ConfigFile)
			}
		})
	}
	for _, path := range []string{filepath.Join(repo, "elsewhere"), filepath.Join(repo, "elsewhere", "deeper", "another"), filepath.Join(repo, "nosuch")} {
		if got, err := FindRoot(path); err == nil {
			t.Errorf("FindRoot(%q) = %q, want an error", path, got)
		}
	}
	// Beside a knowledge base but not in it, the error names it rather
	// than say there is none.
	t.Chdir(filepath.Join(repo, "elsewhere", "deeper"))
	_, err := FindRoot(".")
	if want := ".: is no part of a knowledge base: no kb.yaml here or in any parent folder; the nearest knowledge base is ../../content"; err == nil || err.Error() != want {
		t.Errorf("FindRoot in elsewhere/deeper: %v, want %q", err, want)
	}
}

// A kb.yaml that is a folder still marks the content folder, so that the
// load says what is wrong with it rather than that there is none.
func TestFindRootTakesAKbYamlThatIsNoFile(t *testing.T) {
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{"content/kb1/article.yaml": "id: KB1\ntitle: One\n"})
	if err := os.Mkdir(filepath.Join(repo, "content", ConfigFile), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := FindRoot(repo)
	if err != nil || got != filepath.Join(repo, "content") {
		t.Fatalf("FindRoot = %q, %v; want the content folder", got, err)
	}
	_, diags, err := Load(got)
	if err != nil || len(diags) == 0 || diags[0].Pos.File != filepath.Join(got, ConfigFile) {
		t.Errorf("Load = %v, %v; want a finding at kb.yaml", diags, err)
	}
}

// What kbc import leaves for the writer, the placeholder id and the texts
// starting with TODO, is warned about, as kbc new's placeholders are;
// the placeholder id is not a folder to rename.
func TestImportPlaceholdersAreWarnings(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"kb.yaml":                  "source_locale: en\nlocales: [en]\n",
		"import-in-1/article.yaml": "id: KB0\ntitle: TODO the text has no title for this article\nsummary: Reset it.\n",
		"kb2/article.yaml":         "id: KB2\ntitle: Todo lists\nsummary: TODOs are fine inside a text, and TODO. too.\n",
	})
	_, diags, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s:%d: %s: %s", filepath.Base(filepath.Dir(d.Pos.File)), d.Pos.Line, d.Severity, d.Message))
	}
	want := []string{
		"import-in-1:1: warning: id KB0 is the placeholder kbc import wrote: set the article's KB id, and name its folder after it",
		`import-in-1:2: warning: title is a placeholder kbc import wrote (it starts with "TODO"): write it before the article is published`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
