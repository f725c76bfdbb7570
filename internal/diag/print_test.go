package diag

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata with the printers' output")

// sample holds one of each kind of finding the printers must handle: a
// locale, related positions, a whole-file position, a position without a
// column, and characters that GitHub's workflow commands must escape.
func sample() List {
	l := List{
		{
			Pos: Position{File: "content/kb2/article.yaml", Line: 14, Column: 9}, Rule: "step-graph", Severity: Error,
			Message: `unknown step "regster" in procedure "activate"; did you mean "register"?`,
		},
		{
			Pos: Position{File: "content/kb2/fr.yaml", Line: 3, Column: 7}, Rule: "typography", Severity: Warning, Locale: "fr",
			Message: "missing space before « : » in 50% of cases,\nsee line 4",
		},
		{
			Pos: Position{File: "content/kb3/article.yaml", Line: 9, Column: 5}, Rule: "schema", Severity: Error,
			Message: `duplicate id "open": step at line 6 has it already`,
			Related: []Related{{Pos: Position{File: "content/kb3/article.yaml", Line: 6, Column: 5}, Message: "first declared here"}},
		},
		{
			Pos: Position{File: "content/kb 4,a:b/article.yaml"}, Rule: "syntax", Severity: Error,
			Message: "cannot read file: permission denied",
		},
		{
			Pos: Position{File: "content/kb5/article.yaml", Line: 2}, Rule: "syntax", Severity: Error,
			Message: "did not find expected key",
		},
		{
			Pos: Position{File: "content/kb6/article.yaml", Line: 1, Column: 5}, Rule: "translations", Check: "missing",
			Severity: Info, Locale: "hu", Message: "no hu translation: 4 units untranslated",
		},
	}
	l.Sort()
	return l
}

func sampleRules() []RuleInfo {
	return []RuleInfo{
		{Name: "syntax", Summary: "every content file is well-formed UTF-8 YAML", Severity: Error,
			Doc: "every content file is well-formed UTF-8 YAML\nReported by the loader: malformed YAML,\ntabs in indentation."},
		{Name: "schema", Summary: "every content file has the shape of an article", Severity: Error,
			Doc: "every content file has the shape of an article"},
		{Name: "step-graph", Summary: "every step is reachable", Severity: Error,
			Doc: "every step is reachable\nA choice's next must name a step."},
		{Name: "translations", Summary: "every source text is translated", Severity: Error,
			Doc: "every source text is translated\nMissing units are info outside the required locales."},
		{Name: "typography", Summary: "locale punctuation rules", Severity: Warning,
			Doc: "locale punctuation rules\nFrench spaces before : ; ! ?"},
	}
}

// printers are every printer with the arguments it needs beyond the list.
var printers = map[string]func(io.Writer, List) error{
	"text":   func(w io.Writer, l List) error { return PrintText(w, l, Paths{}) },
	"json":   func(w io.Writer, l List) error { return PrintJSON(w, l, Paths{}) },
	"github": func(w io.Writer, l List) error { return PrintGitHub(w, l, Paths{}) },
	"sarif":  func(w io.Writer, l List) error { return PrintSARIF(w, l, Tool{Rules: sampleRules()}, Paths{}) },
}

func TestPrintersGolden(t *testing.T) {
	for name, print := range printers {
		for _, tc := range []struct {
			suffix string
			list   List
		}{{"", sample()}, {"_empty", nil}} {
			t.Run(name+tc.suffix, func(t *testing.T) {
				var buf bytes.Buffer
				if err := print(&buf, tc.list); err != nil {
					t.Fatal(err)
				}
				checkGolden(t, filepath.Join("testdata", name+tc.suffix+".golden"), buf.Bytes())
			})
		}
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update to accept it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// failingWriter fails every write, as a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestPrintersReportWriteErrors(t *testing.T) {
	for name, print := range printers {
		if err := print(failingWriter{}, sample()); err == nil {
			t.Errorf("%s: writing to a failing writer returned no error", name)
		}
	}
}

func TestJSONShape(t *testing.T) {
	var buf bytes.Buffer
	if err := PrintJSON(&buf, sample(), Paths{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != 1 {
		t.Errorf("JSON output has %d lines, want one object on one line", n)
	}
	var got struct {
		Diagnostics []map[string]any
		Summary     struct{ Errors, Warnings, Infos, Files int }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// sample has findings in six files, two of them in one file.
	if got.Summary.Errors != 4 || got.Summary.Warnings != 1 || got.Summary.Infos != 1 || got.Summary.Files != 6 {
		t.Errorf("summary = %+v, want 4 errors, 1 warning, 1 info, 6 files", got.Summary)
	}
	for i, d := range got.Diagnostics {
		for _, k := range []string{"file", "line", "column", "rule", "severity", "locale", "message"} {
			if _, ok := d[k]; !ok {
				t.Errorf("diagnostic %d has no %q key", i, k)
			}
		}
		_, hasRelated := d["related"]
		if wantRelated := len(sample()[i].Related) > 0; hasRelated != wantRelated {
			t.Errorf("diagnostic %d: related present = %v, want %v", i, hasRelated, wantRelated)
		}
	}

	buf.Reset()
	if err := PrintJSON(&buf, nil, Paths{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"diagnostics":[]`) {
		t.Errorf("empty list printed %s, want \"diagnostics\":[]", buf.String())
	}
}

func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"50%", "50%25", "50%25"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A", "%250A", "%250A"},
		{"a\x1b[1mb\u2028c", `a\x1b[1mb\u2028c`, `a\x1b[1mb\u2028c`},
	} {
		if got := escapeGitHubData(tc.in); got != tc.data {
			t.Errorf("escapeGitHubData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeGitHubProperty(tc.in); got != tc.prop {
			t.Errorf("escapeGitHubProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestGitHubOneLinePerFinding(t *testing.T) {
	var buf bytes.Buffer
	l := sample()
	if err := PrintGitHub(&buf, l, Paths{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(l) {
		t.Fatalf("got %d lines for %d findings:\n%s", len(lines), len(l), buf.String())
	}
	for i, line := range lines {
		want := "::" + map[Severity]string{Error: "error", Warning: "warning", Info: "notice"}[l[i].Severity] + " "
		if !strings.HasPrefix(line, want) {
			t.Errorf("line %d = %q, want prefix %q", i, line, want)
		}
		if l[i].Pos.Line == 0 && strings.Contains(line, "line=") {
			t.Errorf("line %d names a line for a whole-file finding: %q", i, line)
		}
	}
}

// TestSARIFValid checks the fields a SARIF 2.1.0 consumer such as GitHub
// code scanning requires, on the decoded JSON rather than on text.
func TestSARIFValid(t *testing.T) {
	var buf bytes.Buffer
	l, rules := sample(), sampleRules()
	if err := PrintSARIF(&buf, l, Tool{Version: "v1.2.3", Rules: rules}, Paths{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []struct {
						ID                   string
						ShortDescription     struct{ Text string }
						FullDescription      struct{ Text string }
						DefaultConfiguration struct{ Level string }
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex *int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           *struct{ StartLine, StartColumn int }
					}
				}
				RelatedLocations []json.RawMessage
				Properties       map[string]string
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatalf("SARIF output is not valid JSON: %v", err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif") {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "kbc" || d.Version != "v1.2.3" || d.InformationURI == "" {
		t.Errorf("driver name %q, version %q, informationUri %q", d.Name, d.Version, d.InformationURI)
	}
	if len(d.Rules) != len(rules) {
		t.Fatalf("%d rule descriptors, want %d", len(d.Rules), len(rules))
	}
	for i, r := range d.Rules {
		if r.ID != rules[i].Name || r.ShortDescription.Text == "" || r.FullDescription.Text == "" {
			t.Errorf("rule %d = %+v, want id %s and both descriptions", i, r, rules[i].Name)
		}
		if want := rules[i].Severity.String(); r.DefaultConfiguration.Level != want {
			t.Errorf("rule %s level %q, want %q", r.ID, r.DefaultConfiguration.Level, want)
		}
	}
	if len(run.Results) != len(l) {
		t.Fatalf("%d results, want %d", len(run.Results), len(l))
	}
	for i, res := range run.Results {
		want := l[i]
		level := map[Severity]string{Error: "error", Warning: "warning", Info: "note"}[want.Severity]
		if res.RuleID != want.Rule || res.Level != level || res.Message.Text != want.Message {
			t.Errorf("result %d = %s %s %q, want %s %s %q", i, res.RuleID, res.Level, res.Message.Text, want.Rule, want.Severity, want.Message)
		}
		if res.RuleIndex == nil || d.Rules[*res.RuleIndex].ID != want.Rule {
			t.Errorf("result %d: ruleIndex does not point at rule %s", i, want.Rule)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %d has %d locations", i, len(res.Locations))
		}
		pl := res.Locations[0].PhysicalLocation
		if uri := pl.ArtifactLocation.URI; uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, `\`) {
			t.Errorf("result %d: uri %q is not a relative slash-separated reference", i, uri)
		}
		switch {
		case want.Pos.Line == 0 && pl.Region != nil:
			t.Errorf("result %d: whole-file finding has a region", i)
		case want.Pos.Line > 0 && (pl.Region == nil || pl.Region.StartLine != want.Pos.Line || pl.Region.StartColumn != want.Pos.Column):
			t.Errorf("result %d: region %+v, want line %d column %d", i, pl.Region, want.Pos.Line, want.Pos.Column)
		}
		if len(res.RelatedLocations) != len(want.Related) {
			t.Errorf("result %d: %d related locations, want %d", i, len(res.RelatedLocations), len(want.Related))
		}
		if res.Properties["locale"] != want.Locale {
			t.Errorf("result %d: locale %q, want %q", i, res.Properties["locale"], want.Locale)
		}
	}
}

func TestFileURI(t *testing.T) {
	for in, want := range map[string]string{
		"content/kb1/article.yaml":  "content/kb1/article.yaml",
		"content/kb 1/article.yaml": "content/kb%201/article.yaml",
		"../kb/kb1/fr.yaml":         "../kb/kb1/fr.yaml",
		"a:b/c.yaml":                "./a:b/c.yaml",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextOneLinePerFinding(t *testing.T) {
	var buf bytes.Buffer
	l := sample()
	if err := PrintText(&buf, l, Paths{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != len(l) {
		t.Errorf("%d lines for %d findings:\n%s", n, len(l), buf.String())
	}
}

// forging holds findings whose paths, locale and messages carry control
// characters: a folder named with a line break and "::warning::" would
// forge a GitHub workflow command in any output that CI prints, and an
// escape sequence would restyle a terminal.
func forging() List {
	return List{
		{
			Pos: Position{File: "content/kb1\n::warning::x/article.yaml", Line: 3, Column: 1}, Rule: "syntax", Severity: Error,
			Message: "bell\a escape\x1b[31m red\r\n::error::forged nel\u0085 ls\u2028 ps\u2029 rlo\u202e del\x7f tab\t end",
			Related: []Related{{Pos: Position{File: "a\r\n::notice::y.yaml", Line: 1}, Message: "first\n::warning::z"}},
		},
		{Pos: Position{File: "content/kb2/article.yaml"}, Rule: "schema", Severity: Warning, Locale: "fr\n::error::l", Message: "ok"},
	}
}

// isControlOutput reports whether a printer must not write r as it is:
// a C0 or C1 control other than the line feed that ends its own lines, a
// line or paragraph separator, or a bidirectional control.
func isControlOutput(r rune) bool {
	return r != '\n' && unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
		r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' || r == '\u200e' || r == '\u200f' || r == '\u061c'
}

func TestPrintersEscapeControlCharacters(t *testing.T) {
	l := forging()
	for name, print := range printers {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := print(&buf, l); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if i := strings.IndexFunc(out, isControlOutput); i >= 0 {
				t.Errorf("output holds control character %U:\n%s", []rune(out[i:])[0], out)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			annotations := 0
			for _, line := range lines {
				if !strings.HasPrefix(line, "::") {
					continue
				}
				if name != "github" || !strings.HasPrefix(line, "::error ") && !strings.HasPrefix(line, "::warning ") {
					t.Errorf("a line starts a workflow command: %q", line)
				}
				annotations++
			}
			switch name {
			case "github":
				if annotations != len(l) || len(lines) != len(l) {
					t.Errorf("%d lines, %d annotations for %d findings:\n%s", len(lines), annotations, len(l), out)
				}
			case "text":
				if len(lines) != len(l) {
					t.Errorf("%d lines for %d findings:\n%s", len(lines), len(l), out)
				}
			}
		})
	}
}

// TestJSONKeepsControlCharacters checks that the JSON printers escape
// control characters as JSON does, so that a reader of the output gets
// the path and message exactly.
func TestJSONKeepsControlCharacters(t *testing.T) {
	l := forging()
	var buf bytes.Buffer
	if err := PrintJSON(&buf, l, Paths{}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Diagnostics []struct{ File, Locale, Message string }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := PrintSARIF(&buf, l, Tool{Rules: sampleRules()}, Paths{}); err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				Message    struct{ Text string }
				Properties map[string]string
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &sarif); err != nil {
		t.Fatal(err)
	}
	for i, d := range l {
		if g := got.Diagnostics[i]; g.File != d.Pos.File || g.Locale != d.Locale || g.Message != d.Message {
			t.Errorf("JSON finding %d = %q %q %q, want %q %q %q", i, g.File, g.Locale, g.Message, d.Pos.File, d.Locale, d.Message)
		}
		if r := sarif.Runs[0].Results[i]; r.Message.Text != d.Message || r.Properties["locale"] != d.Locale {
			t.Errorf("SARIF result %d = %q %q, want %q %q", i, r.Message.Text, r.Properties["locale"], d.Message, d.Locale)
		}
	}
}

// Findings folded under their cause are printed under it, indented, and
// still counted.
func TestPrintTextFolded(t *testing.T) {
	cause := Diagnostic{Pos: Position{"a.yaml", 10, 5}, Rule: "schema", Severity: Error, Message: `unknown key "stpes"`,
		Folded: List{
			{Pos: Position{"a.yaml", 7, 5}, Rule: "schema", Severity: Error, Message: `missing key "steps"`},
			{Pos: Position{"a.yaml", 5, 3}, Rule: "figures", Severity: Warning, Message: "figure never referenced"},
		}}
	l := List{cause, {Pos: Position{"b.yaml", 1, 1}, Rule: "xref", Severity: Error, Message: "other"}}
	var out strings.Builder
	if err := PrintText(&out, l, Paths{}); err != nil {
		t.Fatal(err)
	}
	want := `a.yaml:10:5: error: schema: unknown key "stpes" (the 2 findings below follow from it)
    a.yaml:7:5: error: schema: missing key "steps"
    a.yaml:5:3: warning: figures: figure never referenced
b.yaml:1:1: error: xref: other
`
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
	if e, w := l.Count(); e != 3 || w != 1 {
		t.Errorf("Count = %d errors, %d warnings; want 3, 1", e, w)
	}
}

// WithoutInfo drops the info findings, those folded under a cause too, and
// counts them; the list it is given is left as it is.
func TestWithoutInfo(t *testing.T) {
	cause := Diagnostic{Pos: Position{File: "a.yaml", Line: 3, Column: 1}, Rule: "schema", Severity: Error, Message: `unknown key "reslut"`,
		Folded: List{
			{Pos: Position{File: "a.yaml", Line: 1, Column: 5}, Rule: "translations", Severity: Info, Message: "no fr translation"},
			{Pos: Position{File: "a.yaml", Line: 9, Column: 5}, Rule: "xref", Severity: Warning, Message: "unknown step"},
		}}
	l := List{cause, {Pos: Position{File: "b.yaml", Line: 1, Column: 5}, Rule: "translations", Severity: Info, Message: "no hu translation"}}
	got, hidden := l.WithoutInfo()
	if hidden != 2 || len(got) != 1 || len(got[0].Folded) != 1 || got[0].Folded[0].Severity != Warning {
		t.Errorf("got %v, %d hidden; want the cause with its warning, 2 hidden", got, hidden)
	}
	if len(l) != 2 || len(l[0].Folded) != 2 {
		t.Error("the list given was changed")
	}
}
