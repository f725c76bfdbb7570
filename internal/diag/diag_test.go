package diag

import "testing"

func TestMakeRelative(t *testing.T) {
	l := List{{Pos: Position{File: "/kb/content/kb1/article.yaml", Line: 3}, Related: []Related{{Pos: Position{File: "/kb/content/kb2/article.yaml"}}}}}
	l.MakeRelative("/kb")
	if got := l[0].Pos.File; got != "content/kb1/article.yaml" {
		t.Errorf("file = %q", got)
	}
	if got := l[0].Related[0].Pos.File; got != "content/kb2/article.yaml" {
		t.Errorf("related file = %q", got)
	}
}
