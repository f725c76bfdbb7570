package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/contentfile"
	"github.com/kbcdev/kbc/internal/contentfmt"
	"github.com/kbcdev/kbc/internal/diag"
)

func runFmt(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("fmt", stderr, "[--check] [PATH...]")
	check := fs.Bool("check", false, "change no file: list those not in the canonical layout and exit 1 if there are any")
	paths, code, ok := parseInterspersed(fs, args, stderr)
	if !ok {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "kbc fmt: %v\n", err)
		return ExitUsage
	}
	root, err := commonRoot(paths)
	if err != nil {
		return fail(err)
	}
	files, links, err := contentFiles(root, paths)
	if err != nil {
		return fail(err)
	}
	var diags diag.List
	for _, l := range links {
		diags.Errorf(diag.Position{File: l}, content.RuleSchema, "symbolic links are not followed in the content tree; kbc fmt leaves it as it is")
	}
	unformatted := 0
	for _, f := range files {
		var buf bytes.Buffer
		if err := contentfile.ReadLimited(f, content.MaxFileSize+1, &buf); err != nil {
			diags.Errorf(diag.Position{File: f}, contentfile.RuleSyntax, "cannot read file: %v", err)
			continue
		}
		if buf.Len() > content.MaxFileSize {
			diags.Errorf(diag.Position{File: f, Line: 1, Column: 1}, contentfile.RuleSyntax, "file is larger than %d KiB; content files are split into articles", content.MaxFileSize>>10)
			continue
		}
		src := buf.Bytes()
		out, found := contentfmt.Format(f, src)
		diags = append(diags, found...)
		line, differs := contentfmt.Differs(src, out)
		if out == nil || !differs {
			continue
		}
		unformatted++
		name := workingDir().File(f)
		if *check {
			fmt.Fprintf(stdout, "%s:%d: not in the canonical layout; kbc fmt rewrites it\n", name, line)
			continue
		}
		if err := replaceFile(f, out); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "formatted %s\n", name)
	}
	diags.Sort()
	if err := diag.PrintText(stdout, diags, workingDir()); err != nil {
		return fail(err)
	}
	if diags.HasErrors() || (*check && unformatted > 0) {
		return ExitFindings
	}
	return ExitOK
}

// contentFiles lists the YAML files of the knowledge base at root that
// lie at or under one of paths (all of them without paths): kb.yaml, the
// term base, and the files of the article and fragment folders, as the
// loader reads them; and, apart, the symbolic links named as such files,
// which the loader refuses.
func contentFiles(root string, paths []string) (files, links []string, err error) {
	files = []string{filepath.Join(root, content.ConfigFile)}
	if st, err := os.Lstat(filepath.Join(root, content.TermBaseFile)); err == nil && st.Mode().IsRegular() {
		files = append(files, filepath.Join(root, content.TermBaseFile))
	}
	dirs, err := subfolders(root)
	if err != nil {
		return nil, nil, err
	}
	if fragments, err := subfolders(filepath.Join(root, content.FragmentsDir)); err == nil {
		dirs = append(dirs, fragments...)
	}
	for _, dir := range dirs {
		inner, err := os.ReadDir(dir)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range inner {
			switch {
			case !isContentYAML(f.Name()):
			case f.Type().IsRegular():
				files = append(files, filepath.Join(dir, f.Name()))
			case f.Type()&os.ModeSymlink != 0:
				links = append(links, filepath.Join(dir, f.Name()))
			}
		}
	}
	if len(paths) == 0 {
		return files, links, nil
	}
	prefixes, err := absPaths(paths)
	if err != nil {
		return nil, nil, err
	}
	outside := func(f string) bool { return !underAny(f, prefixes) }
	return slices.DeleteFunc(files, outside), slices.DeleteFunc(links, outside), nil
}

// subfolders lists the folders in dir whose names do not start with a
// dot: the article folders of a content folder, or the fragments' folders
// of its _fragments folder (which is one of the first).
func subfolders(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			dirs = append(dirs, filepath.Join(dir, e.Name()))
		}
	}
	return dirs, nil
}

func isContentYAML(name string) bool {
	return !strings.HasPrefix(name, ".") && (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml"))
}
