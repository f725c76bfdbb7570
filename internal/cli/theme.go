package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/suggest"
	"github.com/kbcdev/kbc/internal/theme"
)

// runTheme lists kbc's templates, or copies the named ones into the
// knowledge base's theme folder, for a site owner to edit: kbc's own are
// built into kbc, where one who installed it has no file to start from.
func runTheme(args []string, stdout, stderr io.Writer) int {
	flags := newFlagSet("theme", stderr, "[--content DIR] [TEMPLATE...]")
	dir := flags.String("content", ".", "the knowledge base, or a folder inside it")
	args, code, ok := parseInterspersed(flags, args, stderr)
	if !ok {
		return code
	}
	fail := usageFailure("theme", stderr)
	defs, err := theme.Definitions()
	if err != nil {
		return fail("kbc's templates: %v", err)
	}
	root, err := content.FindRoot(*dir)
	if err != nil {
		return fail("%v", err)
	}
	templates := filepath.Join(root, content.ThemeDir, theme.TemplatesDir)
	if len(args) == 0 {
		listDefinitions(stdout, defs, templates)
		return ExitOK
	}
	byName := map[string]theme.Definition{}
	var names []string
	for _, d := range defs {
		byName[d.Name] = d
		names = append(names, d.Name)
	}
	for _, name := range args {
		if _, ok := byName[name]; !ok {
			return fail("kbc has no template %q; kbc theme lists them%s", name, suggest.Hint(name, names))
		}
	}
	// Every file is checked before any is written: a copy refused halfway
	// would leave the others written.
	for _, name := range args {
		p := filepath.Join(templates, name+".html")
		if _, err := os.Lstat(p); err == nil {
			return fail("%s exists already; it is left as it is, and nothing is written", p)
		}
	}
	if err := os.MkdirAll(templates, 0o755); err != nil {
		return fail("%v", err)
	}
	for _, name := range args {
		p := filepath.Join(templates, name+".html")
		if err := createFile(p, []byte(byName[name].Text+"\n")); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fail("%s exists already; it is left as it is", p)
			}
			return fail("%v", err)
		}
		fmt.Fprintf(stdout, "wrote %s: kbc's %q, which it replaces; edit it, and kbc lint checks it\n", p, name)
	}
	return ExitOK
}

// listDefinitions writes kbc's templates, a line per file, and where a
// theme's go.
func listDefinitions(w io.Writer, defs []theme.Definition, templates string) {
	fmt.Fprintf(w, "kbc's templates, which a template of the same name in %s replaces:\n", templates)
	for i, d := range defs {
		if i == 0 || defs[i-1].File != d.File {
			fmt.Fprintf(w, "  %s:", d.File)
		}
		fmt.Fprintf(w, " %s", d.Name)
		if i+1 == len(defs) || defs[i+1].File != d.File {
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintln(w, `"kbc theme NAME..." copies kbc's definition of each into that folder, to start from`)
}
