package cli

import (
	"fmt"
	"io"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/translate"
)

func runI18n(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: kbc i18n template KBID LOCALE")
		return ExitUsage
	}
	switch args[0] {
	case "template":
		return runI18nTemplate(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "kbc i18n: unknown subcommand %q\n", args[0])
	return ExitUsage
}

// runI18nTemplate prints the units of one article that are missing or
// stale in a locale, ready to fill in and paste into the locale file.
func runI18nTemplate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("i18n template", stderr, "[--content DIR] KBID LOCALE")
	dir := fs.String("content", ".", "the knowledge base, or a folder inside it")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return ExitUsage
	}
	id, locale := fs.Arg(0), fs.Arg(1)
	root, err := content.FindRoot(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "kbc i18n: %v\n", err)
		return ExitUsage
	}
	kb, _, err := content.Load(root)
	if err != nil {
		fmt.Fprintf(stderr, "kbc i18n: %v\n", err)
		return ExitUsage
	}
	a := kb.Article(id)
	if a == nil {
		fmt.Fprintf(stderr, "kbc i18n: no article %s in %s\n", id, root)
		return ExitUsage
	}
	if !kb.Config.HasLocale(locale) || locale == a.Lang {
		fmt.Fprintf(stderr, "kbc i18n: %q is not a translation locale of %s\n", locale, id)
		return ExitUsage
	}
	if err := translate.WriteTemplate(stdout, a, locale, translate.PendingUnits(a, locale)); err != nil {
		fmt.Fprintf(stderr, "kbc i18n: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}
