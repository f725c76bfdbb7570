package site

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// bufferMethods are the htmlWriter methods that may touch its buffer:
// raw writes constant markup, rendered writes what package render made,
// and the others escape the value they are given.
var bufferMethods = []string{"raw", "rendered", "text", "int", "url", "fragment", "release", "articleHTML"}

// checkWriter reports, as "file:line: message", each place in the source
// that could write markup the escaping methods have not seen: raw called
// with anything but a string literal, and the buffer used outside the
// methods that escape or write constants.
func checkWriter(fset *token.FileSet, f *ast.File) []string {
	var problems []string
	report := func(n ast.Node, msg string) {
		p := fset.Position(n.Pos())
		problems = append(problems, filepath.Base(p.Filename)+":"+strconv.Itoa(p.Line)+": "+msg)
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "raw" && len(n.Args) == 1 {
					if lit, ok := n.Args[0].(*ast.BasicLit); !ok || lit.Kind != token.STRING {
						report(n, "raw is given a value that is not a string literal; write values with text, url, fragment or int")
					}
				}
			case *ast.SelectorExpr:
				if n.Sel.Name == "buf" && !slices.Contains(bufferMethods, fn.Name.Name) {
					report(n, fn.Name.Name+" writes to the buffer itself; only "+strings.Join(bufferMethods, ", ")+" may")
				}
			}
			return true
		})
	}
	return problems
}

// TestWriterMarkupIsConstant holds the article writer to its rule: markup
// is written from string literals, and every value goes through a method
// that escapes it for where it goes.
func TestWriterMarkupIsConstant(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(src), "htmlWriter") {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, p := range checkWriter(fset, f) {
			t.Error(p)
		}
	}
	if checked == 0 {
		t.Fatal("no file of the writer was checked")
	}
}

func TestWriterCheckCatches(t *testing.T) {
	const src = `package site
func (w *htmlWriter) good(v string) { w.raw("<p>"); w.text(v); w.raw("</p>") }
func (w *htmlWriter) joined(v string) { w.raw("<p id=\"" + v + "\">") }
func (w *htmlWriter) direct(v string) { w.buf.WriteString(v) }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "w.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := checkWriter(fset, f)
	if len(got) != 2 || !strings.HasPrefix(got[0], "w.go:3: raw is given") || !strings.HasPrefix(got[1], "w.go:4: direct writes") {
		t.Errorf("problems found: %q", got)
	}
}
