package diag

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestWithFilesMapsEveryFileName(t *testing.T) {
	l := List{{
		Pos:     Position{File: "a.yaml", Line: 1},
		Related: []Related{{Pos: Position{File: "b.yaml"}}},
		Folded:  List{{Pos: Position{File: "c.yaml"}, Related: []Related{{Pos: Position{File: "d.yaml"}}}}},
	}}
	got, err := l.WithFiles(func(f string) (string, error) { return "root/" + f, nil })
	if err != nil {
		t.Fatal(err)
	}
	want := List{{
		Pos:     Position{File: "root/a.yaml", Line: 1},
		Related: []Related{{Pos: Position{File: "root/b.yaml"}}},
		Folded:  List{{Pos: Position{File: "root/c.yaml"}, Related: []Related{{Pos: Position{File: "root/d.yaml"}}}}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if l[0].Pos.File != "a.yaml" || l[0].Related[0].Pos.File != "b.yaml" || l[0].Folded[0].Pos.File != "c.yaml" {
		t.Error("the list mapped was changed")
	}
	bad := errors.New("outside")
	if _, err := l.WithFiles(func(f string) (string, error) {
		if strings.HasPrefix(f, "d") {
			return "", bad
		}
		return f, nil
	}); !errors.Is(err, bad) {
		t.Errorf("a file name refused deep inside: error %v", err)
	}
}
