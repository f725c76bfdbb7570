package diag

import (
	"bytes"
	"testing"
)

// TestPathsAtPrintTime checks that printers write file names relative to
// the directory they are given, and leave the findings as they were.
func TestPathsAtPrintTime(t *testing.T) {
	l := List{{Pos: Position{File: "/kb/content/kb1/article.yaml", Line: 3}, Rule: "xref", Severity: Error, Message: "m",
		Related: []Related{{Pos: Position{File: "/kb/content/kb2/article.yaml"}, Message: "here"}}}}
	var b bytes.Buffer
	if err := PrintGitHub(&b, l, Paths{Dir: "/kb"}); err != nil {
		t.Fatal(err)
	}
	want := "::error file=content/kb1/article.yaml,line=3,title=xref::m%0Acontent/kb2/article.yaml: here\n"
	if b.String() != want {
		t.Errorf("printed %q, want %q", b.String(), want)
	}
	if l[0].Pos.File != "/kb/content/kb1/article.yaml" || l[0].Related[0].Pos.File != "/kb/content/kb2/article.yaml" {
		t.Errorf("the printer changed the findings: %+v", l[0])
	}
	b.Reset()
	if err := PrintText(&b, l, Paths{}); err != nil {
		t.Fatal(err)
	}
	if want := "/kb/content/kb1/article.yaml:3: error: xref: m\n"; b.String() != want {
		t.Errorf("without a directory: %q, want %q", b.String(), want)
	}
}
