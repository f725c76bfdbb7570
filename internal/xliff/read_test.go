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

// A segment with two targets is refused at the second: which one is the
// translation is not for an import to guess.
func TestReadRefusesASecondTarget(t *testing.T) {
	doc, diags := readDoc(t, `<file id="KB1"><unit id="title"><segment state="translated"><source>Pay</source><target>Payer</target>`+"\n"+`<target>Régler</target></segment></unit></file>`)
	if len(diags) != 1 || diags[0].Pos.Line != 3 || !strings.Contains(diags[0].Message, `unit "title": a segment has a second <target>`) {
		t.Fatalf("got %v, want one finding at the second target", diags)
	}
	if doc == nil || !doc.Files[0].Units[0].Bad {
		t.Error("the unit is not refused")
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

// A document kbc cannot read says why in words a translator can act on:
// another encoding than UTF-8, declared or by its byte-order mark, and a
// document type declaration, whose entities kbc never expands.
func TestReadSaysWhyItCannotRead(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`<?xml version="1.0" encoding="ISO-8859-1"?><xliff/>`, `the document declares the encoding "ISO-8859-1"; kbc reads XLIFF in UTF-8`},
		{"\xff\xfe<\x00?\x00", "the document is in UTF-16; kbc reads XLIFF in UTF-8"},
		{"\xff\xfe\x00\x00<\x00\x00\x00", "the document is in UTF-32; kbc reads XLIFF in UTF-8"},
		{"<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"&b;&b;\"><!ENTITY b \"c\">]>\n<xliff>&a;</xliff>", "a <!DOCTYPE> is not allowed"},
	} {
		var diags diag.List
		if doc := Read("a.xlf", []byte(tc.src), &diags); doc != nil || len(diags) != 1 || !strings.Contains(diags[0].Message, tc.want) {
			t.Errorf("%q: got %v, want one finding %q", tc.src, diags, tc.want)
		}
	}
}

// A line break written as "&#13;\n" or "&#13;", as Windows tools write
// them, reads as the line feed a content file has.
func TestReadTakesCarriageReturnsAsLineBreaks(t *testing.T) {
	doc, diags := readDoc(t, `<file id="KB1"><unit id="body"><segment state="translated"><source>One`+"\n"+`Two</source><target>Un&#13;`+"\n"+`Deux&#13;Trois</target></segment></unit></file>`)
	if len(diags) != 0 || doc == nil {
		t.Fatalf("got %v, want the document read", diags)
	}
	_, tgt := doc.Files[0].Units[0].Restore("One\nTwo", true)
	if tgt.Text != "Un\nDeux\nTrois" {
		t.Errorf("target %q, want %q", tgt.Text, "Un\nDeux\nTrois")
	}
}

// A target in another language than the document's trgLang is refused:
// XLIFF 2.0 has every target in trgLang; one in the same language, in
// another case or with a region, is read.
func TestReadRefusesATargetInAnotherLanguage(t *testing.T) {
	doc, diags := readDoc(t, `<file id="KB1"><unit id="title"><segment state="translated"><source>Pay</source>`+"\n"+`<target xml:lang="de">Bezahlen</target></segment></unit></file>`)
	if len(diags) != 1 || diags[0].Pos.Line != 3 || !strings.Contains(diags[0].Message, `unit "title": <target xml:lang="de"> in a document whose trgLang is "fr"`) {
		t.Fatalf("got %v, want one finding at the target", diags)
	}
	if doc == nil || !doc.Files[0].Units[0].Bad {
		t.Error("the unit is not refused")
	}
	if _, diags := readDoc(t, `<file id="KB1"><unit id="title"><segment state="translated"><source>Pay</source><target xml:lang="fr-CA-x-y">Payer</target></segment></unit></file>`); len(diags) != 0 {
		t.Errorf("a target in a more precise fr: %v", diags)
	}
	for _, other := range [][2]string{{"pt-BR", "pt-PT"}, {"zh-Hans", "zh-Hant"}} {
		src := `<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="` + other[0] + `"><file id="KB1"><unit id="title"><segment state="translated"><source>Pay</source><target xml:lang="` + other[1] + `">x</target></segment></unit></file></xliff>`
		var diags diag.List
		if Read("a.xlf", []byte(src), &diags); len(diags) != 1 {
			t.Errorf("trgLang %s, target %s: %v, want the target refused", other[0], other[1], diags)
		}
	}
	for _, lang := range []string{"FR", "fr-FR"} {
		if _, diags := readDoc(t, `<file id="KB1"><unit id="title"><segment state="translated"><source>Pay</source><target xml:lang="`+lang+`">Payer</target></segment></unit></file>`); len(diags) != 0 {
			t.Errorf("a target in trgLang's language, xml:lang=%q: %v", lang, diags)
		}
	}
}
