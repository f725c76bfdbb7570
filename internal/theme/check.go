package theme

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jba/templatecheck"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/suggest"
)

// CheckData checks the theme's templates against the type of the data
// every page hands the page template, dot: a field or method they ask
// for that the data does not have there, a function called with the
// wrong arguments, a range over what cannot be ranged over. Executed
// without data (see escape) a template shows none of this, and with a
// page's data only in the branches that page takes: a footer asking for
// .Site.Nmae fails the build at its first page, and a template asking
// for a field of a retired article's page only once an article is
// retired. The first problem found is a finding at its place in the
// theme's file. kbc's own templates are checked too, at no cost worth
// saving: their tests hold them to it.
func (t *Theme) CheckData(dot any) diag.List {
	err := templatecheck.CheckHTML(t.tmpl.Lookup("page"), dot)
	switch {
	case err == nil:
		return nil
	case rangeOverNumber.MatchString(err.Error()):
		d := t.dataProblem(err.Error(), reflect.TypeOf(dot))
		d.Severity = diag.Info
		d.Message = "the theme's templates are checked against the pages' data up to this {{range}} over a number, which the check cannot follow: what comes after it is not checked"
		return diag.List{d}
	}
	return diag.List{t.dataProblem(err.Error(), reflect.TypeOf(dot))}
}

// rangeOverNumber is templatecheck's error for {{range 3}}, which it does
// not take as the loop over 0, 1, 2 that templates run since Go 1.22.
// The check stops at its first problem, so the templates after such a
// range go unchecked rather than reported wrongly, as an info finding
// says.
var rangeOverNumber = regexp.MustCompile(`: range can't iterate over type templatecheck\.number$`)

// checkError is where templatecheck says a problem is, and what it is:
// "template: footer.html:3:17: checking "footer" at <.Nope>: can't use
// field Nope in type site.homeView".
var checkError = regexp.MustCompile(`^template: ([^:]*):(\d+):(\d+): checking "([^"]*)" at <(.*?)>: (.*)$`)

// missingField is templatecheck's description of a field the data lacks.
var missingField = regexp.MustCompile(`^can't use field (\S+) in type (\S+)$`)

// dataProblem turns templatecheck's error into a finding at its place in
// the theme's file, naming what the data there has instead of a field it
// lacks.
func (t *Theme) dataProblem(msg string, dot reflect.Type) diag.Diagnostic {
	m := checkError.FindStringSubmatch(msg)
	if m == nil {
		return problem(diag.Position{File: t.templatesDir}, "%s", msg)
	}
	pos := diag.Position{File: t.files[m[1]]}
	switch {
	case pos.File == "" && t.files != nil:
		// A problem in one of kbc's templates is one the theme caused
		// (a template it redefines, called with other data): the
		// templates are what the theme can look into.
		pos.File = t.templatesDir
	case pos.File == "":
		pos.File = "site/" + TemplatesDir + "/" + m[1] // a broken build of kbc
		fallthrough
	default:
		pos.Line, _ = strconv.Atoi(m[2])
		pos.Column, _ = strconv.Atoi(m[3])
		pos.Column = runeColumn(t.texts[m[1]], pos.Line, pos.Column)
	}
	what := m[6]
	if f := missingField.FindStringSubmatch(what); f != nil {
		names := namesOf(dot, f[2])
		what = fmt.Sprintf("the data there (%s) has no field or method %s", f[2], f[1])
		if len(names) > 0 {
			what += "; it has " + strings.Join(names, ", ") + suggest.Hint(f[1], names)
		}
	}
	return problem(pos, "{{%s}} in template %q: %s", m[5], m[4], what)
}

// runeColumn returns the column, counted in characters from 1 as kbc
// counts them, of the byte offset col (counted from 0, as text/template
// gives it) on the given line of text; col+1 when the text is not known.
func runeColumn(text string, line, col int) int {
	lines := strings.SplitN(text, "\n", line+1)
	if line < 1 || line > len(lines) || col > len(lines[line-1]) {
		return col + 1
	}
	return utf8.RuneCountInString(lines[line-1][:col]) + 1
}

// namesOf returns the exported fields and methods of the type named name,
// as reflect writes it, among the types the data of type dot leads to,
// sorted.
func namesOf(dot reflect.Type, name string) []string {
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type) []string
	walk = func(t reflect.Type) []string {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if seen[t] {
			return nil
		}
		seen[t] = true
		if t.String() == name {
			return exportedNames(t)
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				if names := walk(f.Type); names != nil {
					return names
				}
			}
		}
		return nil
	}
	return walk(dot)
}

// exportedNames returns what a template may ask of a value of type t:
// its exported fields, and the exported methods of t and *t.
func exportedNames(t reflect.Type) []string {
	var names []string
	if t.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(t) {
			if f.IsExported() && !f.Anonymous {
				names = append(names, f.Name)
			}
		}
	}
	pt := reflect.PointerTo(t)
	for i := range pt.NumMethod() {
		names = append(names, pt.Method(i).Name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}
