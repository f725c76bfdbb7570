package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzSanitizeSVG checks, for any input, that Sanitize does not panic,
// that what it keeps parses as XML and holds only allowed elements,
// attributes and references (read here without the sanitizer's code),
// and that sanitizing the output again gives the same bytes and no
// problem.
func FuzzSanitizeSVG(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "hostile", "*.svg"))
	bundled, _ := filepath.Glob(filepath.Join("..", "..", "content", "kb2262", "figures", "*.svg"))
	for _, p := range append(seeds, bundled...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(svgOpen + `<text style="font-family: 'a'; fill: url(#b)">x</text></svg>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, problems := Sanitize(data)
		for _, p := range problems {
			if p.Line < 1 || p.Column < 0 || p.Message == "" {
				t.Fatalf("problem without a position or message: %+v", p)
			}
		}
		if out == nil {
			return
		}
		if err := checkKept(out); err != nil {
			t.Fatalf("%v in the output\n%s", err, out)
		}
		again, problems := Sanitize(out)
		if len(problems) > 0 {
			t.Fatalf("the output has problems %v\n%s", problems, out)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("sanitizing the output changes it:\n%s\n%s", out, again)
		}
	})
}

// checkKept reads sanitized output as XML and returns the first thing in
// it outside the allow-list: an element, an attribute, a reference out
// of the file, a function or a character values never hold.
func checkKept(out []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(out))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != Namespace || !elements[t.Name.Local] {
				return errors.New("element " + t.Name.Space + " " + t.Name.Local)
			}
			for _, a := range t.Attr {
				if err := checkKeptAttr(a); err != nil {
					return err
				}
			}
		case xml.ProcInst, xml.Directive:
			return errors.New("a declaration or processing instruction")
		}
	}
}

func checkKeptAttr(a xml.Attr) error {
	name, v := a.Name.Local, strings.ToLower(a.Value)
	switch {
	case a.Name.Space == "" && name == "xmlns":
		if a.Value != Namespace {
			return errors.New("xmlns=" + a.Value)
		}
		return nil
	case a.Name.Space == xmlNamespace && xmlAttributes[name]:
	case a.Name.Space != "":
		return errors.New("attribute " + a.Name.Space + " " + name)
	case name == "href":
		if !strings.HasPrefix(v, "#") {
			return errors.New("href=" + a.Value)
		}
	default:
		if _, ok := attributes[name]; !ok && !properties[name] {
			return errors.New("attribute " + name)
		}
	}
	if strings.ContainsAny(v, `\@!;{}<>&`) && name != "style" || strings.ContainsAny(v, `\@!{}<>&`) {
		return errors.New("a value holding " + a.Value)
	}
	for _, fn := range []string{"url(", "image-set(", "expression(", "var(", "attr(", "src("} {
		for rest := v; strings.Contains(rest, fn); {
			i := strings.Index(rest, fn) + len(fn)
			if fn != "url(" || !strings.HasPrefix(strings.TrimLeft(rest[i:], " \t\n\r\f'\""), "#") {
				return errors.New("a value calling " + a.Value)
			}
			rest = rest[i:]
		}
	}
	return nil
}
