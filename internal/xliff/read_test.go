package xliff

import (
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
)

func readDoc(t *testing.T, files string) (*Document, diag.List) {
	t.Helper()
	src := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">` + files + `</xliff>`
	var diags diag.List
	doc := Read("a.xlf", []byte(src), &diags)
	return doc, diags
}

const unit = `<unit id="title"><segment state="translated"><source>Pay</source><target>Payer</target></segment></unit>`

// XLIFF requires the ids of a file's units to differ: a second unit of
// the same id is refused at its position; units of the same id in two
// files are two units.
func TestReadRefusesAUnitIDTwiceInAFile(t *testing.T) {
	doc, diags := readDoc(t, `<file id="KB1">`+unit+"\n"+unit+`</file><file id="KB2">`+unit+`</file>`)
	if len(diags) != 1 || diags[0].Pos.Line != 3 || !strings.Contains(diags[0].Message, `unit id "title" appears twice in file "KB1"; the first is at line 2`) {
		t.Fatalf("got %v, want one finding at the second unit", diags)
	}
	if doc == nil || !doc.Files[0].Units[1].Bad || doc.Files[0].Units[0].Bad || doc.Files[1].Units[0].Bad {
		t.Error("only the second unit of KB1 is bad")
	}
}

// Inline codes nested deeper than any text has them, and groups nested as
// deep, are refused with one finding each, in time linear in the
// document: a hostile document nests them by the thousand.
func TestReadRefusesCodesAndGroupsNestedTooDeep(t *testing.T) {
	const n = 5_000
	codes := `<unit id="title"><segment state="translated"><source>Pay</source><target>` +
		strings.Repeat(`<pc id="1">`, n) + "x" + strings.Repeat(`</pc>`, n) + `</target></segment></unit>`
	doc, diags := readDoc(t, `<file id="KB1">`+codes+`</file>`)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, `unit "title": inline codes and markers nested more than 1024 deep`) {
		t.Fatalf("got %d findings, first %v; want one about the nesting", len(diags), diags[:min(1, len(diags))])
	}
	if doc == nil || !doc.Files[0].Units[0].Bad {
		t.Error("the unit is not refused")
	}
	groups := strings.Repeat(`<group id="g">`, n) + unit + strings.Repeat(`</group>`, n)
	if _, diags := readDoc(t, `<file id="KB1">`+groups+`</file>`); len(diags) != 1 || !strings.Contains(diags[0].Message, "groups nested more than 1024 deep") {
		t.Fatalf("got %d findings, first %v; want one about the nesting", len(diags), diags[:min(1, len(diags))])
	}
}
