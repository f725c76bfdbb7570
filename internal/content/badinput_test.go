package content

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kbcdev/kbc/internal/diag"
)

var update = flag.Bool("update", false, "rewrite the want.txt golden files of testdata/badinput")

// memoryBound is the most a case may allocate while loading. Content files
// are at most MaxFileSize; a loader that expands aliases or recurses
// without bound would blow far past it.
const memoryBound = 64 << 20

// generators complete the cases whose input cannot or should not be
// committed: files too large for the repository, bytes that editors and
// version control rewrite (BOM, CRLF, invalid UTF-8, control and invisible
// characters), symbolic links and folders standing in for files. Each
// writes into the case's copy, beside the committed files.
var generators = map[string]func(t *testing.T, dir string){
	"oversize": func(t *testing.T, dir string) {
		var b strings.Builder
		b.WriteString("id: KB1\ntitle: Too large\nrequirements:\n")
		// 20 MB, as a stray data file might be: the loader reads no more
		// than the limit of it, so memory stays bounded.
		for b.Len() <= 20<<20 {
			b.WriteString("  - A requirement repeated until the file is larger than the limit.\n")
		}
		writeFiles(t, dir, map[string]string{"kb1/article.yaml": b.String()})
	},
	"deep-nesting": func(t *testing.T, dir string) {
		// Beyond the parser's depth limit.
		depth := 200_000
		src := "id: KB1\ntitle: Deep\nrequirements: " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n"
		writeFiles(t, dir, map[string]string{"kb1/article.yaml": src})
	},
	"deep-nesting-parsed": func(t *testing.T, dir string) {
		// Just inside the parser's depth limit: the tree is built, then
		// refused for its shape without walking it.
		depth := 9_000
		src := "id: KB1\ntitle: Deep\nrequirements: " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n"
		writeFiles(t, dir, map[string]string{"kb1/article.yaml": src})
	},
	"invalid-utf8": func(t *testing.T, dir string) {
		writeFiles(t, dir, map[string]string{"kb1/article.yaml": "id: KB1\ntitle: Caf\xe9 au lait\n"})
	},
	"utf16": func(t *testing.T, dir string) {
		// "id: KB1\n" in UTF-16LE after its byte-order mark, as Notepad
		// saves "Unicode" text.
		writeFiles(t, dir, map[string]string{"kb1/article.yaml": "\xff\xfei\x00d\x00:\x00 \x00K\x00B\x001\x00\n\x00"})
	},
	"utf32": func(t *testing.T, dir string) {
		// "id: KB1\n" in UTF-32LE after its byte-order mark, whose first
		// two bytes are UTF-16LE's.
		writeFiles(t, dir, map[string]string{"kb1/article.yaml": "\xff\xfe\x00\x00i\x00\x00\x00d\x00\x00\x00:\x00\x00\x00\n\x00\x00\x00"})
	},
	"noncharacter": func(t *testing.T, dir string) {
		writeFiles(t, dir, map[string]string{"kb1/article.yaml": "id: KB1\ntitle: Not \ufffe a character\n"})
	},
	"byte-order-mark": func(t *testing.T, dir string) {
		writeFiles(t, dir, map[string]string{"kb1/article.yaml": "\ufeffid: KB1\ntitle: Starts with a BOM\n"})
	},
	"crlf": func(t *testing.T, dir string) {
		src := "id: KB1\ntitle: Written on Windows\nprocedures:\n  - id: setup\n    title: Set up\n    steps:\n      - id: open\n        text: Open the app.\n      - id: open\n        text: Again.\n"
		writeFiles(t, dir, map[string]string{"kb1/article.yaml": strings.ReplaceAll(src, "\n", "\r\n")})
	},
	"stray-line-breaks": func(t *testing.T, dir string) {
		// A carriage return alone (pasted on Windows, or a file of an
		// old Mac editor) and the Unicode separators, each of which YAML
		// takes for a line break where editors show none; inside a
		// quoted value the loader once counted lines otherwise and
		// crashed. The CR is reported once for the file.
		writeFiles(t, dir, map[string]string{
			"kb1/article.yaml": "id: KB1\ntitle: \"Stray\rcarriage return\"\nsummary: 'Twice\rover'\n",
			"kb2/article.yaml": "id: KB2\ntitle: \"Line\u2028separator\"\n",
			"kb3/article.yaml": "id: KB3\ntitle: Paragraph\u2029separator\n",
			"kb4/article.yaml": "id: KB4\rtitle: Old Mac\r",
			// Findings after such a line are counted as the parser counts.
			"kb5/article.yaml": "id: KB5\rtitle: Old Mac file\rsummary: Ring the \x07 bell.\r",
			"kb6/article.yaml": "id: KB6\rtitle: Old Mac file\rsummary: E\u0301tape 3.\r",
			// Tabs that begin lines after such returns, in a file with
			// another error, once crashed the tab check's fixes.
			"kb7/article.yaml": "id: KB7\rtitle: \"Old\r\tMac\"\rsummary: x\u202ey\r",
			"kb8/article.yaml": "id: KB8\ntitle: T\nsummary: S\nextra:\n\tb: \"x\r\ty\r\tz\"\n",
		})
	},
	"windows-names": func(t *testing.T, dir string) {
		// A fragment's folder is named by its id: one Windows reserves is
		// written here, as this repository must check out there.
		writeFiles(t, dir, map[string]string{"_fragments/aux/fragment.yaml": "id: aux\nnotes:\n  - id: tip\n    kind: tip\n    text: A tip.\n"})
	},
	"control-characters": func(t *testing.T, dir string) {
		writeFiles(t, dir, map[string]string{"kb1/article.yaml": "id: KB1\ntitle: Ring the \x07 bell\nsummary: An escape \x1b[31m sequence and a C1 \u0085 control.\n"})
	},
	"bidi-override": func(t *testing.T, dir string) {
		writeFiles(t, dir, map[string]string{
			"kb1/article.yaml": "id: KB1\ntitle: Safe title\nprocedures:\n  - id: setup\n    title: Set up\n    steps:\n      - id: open\u202e-ppa\n        text: Tap \u202eOK\u202c to go on.\n",
		})
	},
	"zero-width": func(t *testing.T, dir string) {
		writeFiles(t, dir, map[string]string{
			"kb1/article.yaml": "id: KB1\ntitle: Zero\u200bwidth\nprocedures:\n  - id: setup\n    title: Set up\n    steps:\n      - id: open\u200d-app\n        text: Tap OK.\n",
		})
	},
	"trailing-spaces": func(t *testing.T, dir string) {
		// Editors strip trailing white space from committed files, so it
		// is written here: a space, a tab, a line of spaces, spaces before
		// a CRLF, and two spaces after text in a block, which may be a
		// Markdown line break.
		writeFiles(t, dir, map[string]string{
			"kb1/article.yaml": "id: KB1 \ntitle: Trailing\t\nsummary: |\n  A line break  \n  in Markdown.\n   \nrequirements:\n  - One.  \r\n",
		})
	},
	"symlinked-article": func(t *testing.T, dir string) {
		symlink(t, "../kb2/article.yaml", filepath.Join(dir, "kb1", "article.yaml"))
		symlink(t, "kb2", filepath.Join(dir, "kb3"))
	},
	"special-files": func(t *testing.T, dir string) {
		// A named pipe where a translation, or an article, belongs would
		// make a plain read wait forever for a writer.
		makeFIFO(t, filepath.Join(dir, "kb1", "fr.yaml"))
		makeFIFO(t, filepath.Join(dir, "kb2", "article.yaml"))
		makeSocket(t, filepath.Join(dir, "kb3", "article.yaml"))
	},
	"unreadable-file": func(t *testing.T, dir string) {
		// Permissions do not stop root from reading; a folder where a
		// file belongs cannot be read by anyone.
		for _, p := range []string{"kb1/fr.yaml", "kb2/article.yaml"} {
			if err := os.MkdirAll(filepath.Join(dir, p), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	},
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// TestBadInput loads every knowledge base under testdata/badinput and
// compares the loader's findings with the case's want.txt.
func TestBadInput(t *testing.T) {
	cases, err := os.ReadDir(filepath.Join("testdata", "badinput"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		seen[c.Name()] = true
		t.Run(c.Name(), func(t *testing.T) { runBadInput(t, c.Name()) })
	}
	for name := range generators {
		if !seen[name] {
			t.Errorf("generator %q has no case folder testdata/badinput/%s", name, name)
		}
	}
}

func runBadInput(t *testing.T, name string) {
	src := filepath.Join("testdata", "badinput", name)
	golden, err := filepath.Abs(filepath.Join(src, "want.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyTree(t, src, dir)
	if err := os.Remove(filepath.Join(dir, "want.txt")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if gen := generators[name]; gen != nil {
		gen(t, dir)
	}
	t.Chdir(dir)

	diags, allocated := loadMeasured(t)
	if allocated > memoryBound {
		t.Errorf("loading allocated %d MiB, more than the bound of %d MiB", allocated>>20, memoryBound>>20)
	}
	if len(diags) == 0 {
		t.Error("no findings: every bad-input case must be reported")
	}
	checkPositions(t, diags)

	var got bytes.Buffer
	if err := diag.PrintText(&got, diags, diag.Paths{}); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("findings differ from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", filepath.Join(src, "want.txt"), got.Bytes(), want)
	}
}

// loadMeasured loads the knowledge base in the working folder, turning a
// panic into a failure, and reports the bytes allocated meanwhile.
func loadMeasured(t *testing.T) (diags diag.List, allocated uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("Load panicked: %v", r)
			}
		}()
		var err error
		_, diags, err = Load(".")
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
	}()
	runtime.ReadMemStats(&after)
	return diags, after.TotalAlloc - before.TotalAlloc
}

// checkPositions asserts that every finding points inside its file: a line
// the file has, and a column that line has (one past its end included).
func checkPositions(t *testing.T, diags diag.List) {
	t.Helper()
	check := func(what string, p diag.Position) {
		if p.File == "" {
			t.Errorf("%s has no file", what)
			return
		}
		if filepath.IsAbs(p.File) || strings.HasPrefix(p.File, "..") {
			t.Errorf("%s: file %q is not inside the knowledge base", what, p.File)
		}
		if p.Line < 0 || p.Column < 0 || (p.Line == 0 && p.Column != 0) {
			t.Errorf("%s: bad position %d:%d", what, p.Line, p.Column)
		}
		if p.Line == 0 {
			return
		}
		src, err := os.ReadFile(p.File)
		if err != nil {
			t.Errorf("%s: a finding with a line in a file that cannot be read: %v", what, err)
			return
		}
		// Lines as the parser counts them: a carriage return alone ends one.
		text := strings.ReplaceAll(string(src), "\r\n", "\n")
		lines := strings.Split(strings.ReplaceAll(text, "\r", "\n"), "\n")
		if p.Line > len(lines) {
			t.Errorf("%s: line %d, but the file has %d", what, p.Line, len(lines))
			return
		}
		line := strings.TrimSuffix(lines[p.Line-1], "\r")
		if p.Line == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		width := utf8.RuneCountInString(line)
		if !utf8.ValidString(line) {
			width = len(line)
		}
		if p.Column > width+1 {
			t.Errorf("%s: column %d, but line %d has %d characters", what, p.Column, p.Line, width)
		}
	}
	for _, d := range diags {
		check(d.String(), d.Pos)
		for _, r := range d.Related {
			check(d.String()+" (related)", r.Pos)
		}
	}
}

// copyTree copies the regular files under src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case e.IsDir():
			return os.MkdirAll(target, 0o755)
		case e.Type().IsRegular():
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		}
		return fmt.Errorf("%s: only folders and regular files belong in a case; generate the rest", path)
	})
	if err != nil {
		t.Fatal(err)
	}
}
