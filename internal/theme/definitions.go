package theme

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/kbcdev/kbc/internal/diag"
	sitefiles "github.com/kbcdev/kbc/site"
)

// A Definition is one of kbc's templates as its file writes it, for a
// theme to start from: a theme's template of the same name replaces it.
type Definition struct {
	Name string // as {{define}} names it
	File string // kbc's template file that defines it, in site/templates
	Text string // from {{define "Name"}} to its {{end}}, comments and all
}

// Definitions returns kbc's templates, in the order of their files and,
// within a file, of their definitions.
func Definitions() ([]Definition, error) {
	files, err := fs.Glob(sitefiles.FS, TemplatesDir+"/*.html")
	if err != nil {
		return nil, err
	}
	var defs []Definition
	for _, f := range files {
		data, err := fs.ReadFile(sitefiles.FS, f)
		if err != nil {
			return nil, err
		}
		defs = append(defs, definitionsIn(path.Base(f), string(data))...)
	}
	return defs, nil
}

// blockActions are the actions that an {{end}} closes.
var blockActions = []string{"define", "if", "range", "with", "block"}

// definitionsIn returns the definitions of a template file's text, each
// from its {{define}} to the {{end}} that closes it.
func definitionsIn(file, src string) []Definition {
	var defs []Definition
	depth, start, name := 0, 0, ""
	for i, end := range actions(src) {
		word, rest := actionWord(src[i:end])
		switch {
		case word == "define" && depth == 0:
			start, name = i, strings.Trim(strings.Fields(rest + " \"\"")[0], "\"`")
			depth = 1
		case word == "end":
			depth--
			if depth == 0 && name != "" {
				defs = append(defs, Definition{Name: name, File: file, Text: src[start:end]})
				name = ""
			}
		case depth > 0 && slices.Contains(blockActions, word):
			depth++
		}
	}
	return defs
}

// actionWord returns the first word of an action ({{…}}), without its
// trim markers, and what follows it.
func actionWord(action string) (word, rest string) {
	inner := strings.TrimSuffix(strings.TrimPrefix(action, "{{"), "}}")
	inner = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(inner, "-"), "-"))
	if strings.HasPrefix(inner, "/*") {
		return "", ""
	}
	// A keyword ends where a name cannot go on: {{if(eq .A .B)}} and
	// {{range\t.Y}} are blocks too.
	end := strings.IndexFunc(inner, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' })
	if end < 0 {
		end = len(inner)
	}
	return inner[:end], strings.TrimSpace(inner[end:])
}

// parseFinding turns a template's parse error into a finding at its
// line. text/template says only "unexpected EOF", at a line past the
// last, of a file that ends inside an action or a block: the finding is
// at the action not closed, or at the block ({{if}}, {{range}}…) whose
// {{end}} is missing, and says which.
func parseFinding(file, src string, err error) diag.Diagnostic {
	d := finding(file, err)
	if m := unclosedAction.FindStringSubmatch(d.Message); m != nil {
		d.Pos.Line, _ = strconv.Atoi(m[1])
		d.Message = "an action ({{…}}) on this line is not closed with }}"
		return d
	}
	if m := badCharacter.FindStringSubmatch(d.Message); m != nil && d.Pos.Column == 0 {
		d.Pos.Column = badCharacterColumn(src, d.Pos.Line, m[1])
		return d
	}
	if d.Message != "unexpected EOF" {
		return d
	}
	type open struct {
		word string
		off  int
	}
	var blocks []open
	for i, end := range actions(src) {
		switch word, _ := actionWord(src[i:end]); {
		case word == "end" && len(blocks) > 0:
			blocks = blocks[:len(blocks)-1]
		case slices.Contains(blockActions, word):
			blocks = append(blocks, open{word, i})
		}
	}
	if len(blocks) == 0 {
		return d
	}
	b := blocks[len(blocks)-1]
	return unclosedAt(d, src, b.off, fmt.Sprintf("{{%s}} is not closed: the file ends before its {{end}}; each {{if}}, {{range}} and {{with}} in it needs an {{end}} of its own", b.word))
}

// badCharacter is text/template's message for a character an action
// cannot hold, which it places by line alone.
var badCharacter = regexp.MustCompile(`^bad character U\+[0-9A-F]+ '(.+)'$`)

// badCharacterColumn returns the column of the first c inside an action
// on the line of src, 0 when there is none.
func badCharacterColumn(src string, line int, c string) int {
	masked := maskActions(src)
	start := 0
	for range line - 1 {
		i := strings.IndexByte(src[start:], '\n')
		if i < 0 {
			return 0
		}
		start += i + 1
	}
	end := len(src)
	if i := strings.IndexByte(src[start:], '\n'); i >= 0 {
		end = start + i
	}
	for off := start; off < end; {
		i := strings.Index(src[off:end], c)
		if i < 0 {
			return 0
		}
		if masked[off+i] == 'X' {
			return runeColumn(src, line, off+i-start)
		}
		off += i + len(c)
	}
	return 0
}

// unclosedAction is text/template's message for an action that a line
// break follows before its }}.
var unclosedAction = regexp.MustCompile(`^unclosed action started at [^:]*:(\d+)$`)

// unclosedAt returns d at the byte offset off of src, saying why.
func unclosedAt(d diag.Diagnostic, src string, off int, why string) diag.Diagnostic {
	d.Pos = positionAt(d.Pos.File, src, off)
	d.Message = why
	return d
}
