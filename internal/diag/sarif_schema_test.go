package diag

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchemaFile is the official SARIF 2.1.0 JSON schema, as Microsoft's
// SARIF SDK ships it on the npm registry, pinned in tools/sarif: .ci/run
// installs it, and a developer with `npm ci --ignore-scripts --prefix
// tools/sarif`.
const sarifSchemaFile = "../../tools/sarif/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json"

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	abs, err := filepath.Abs(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		msg := "the SARIF schema is not installed: run npm ci --ignore-scripts --prefix tools/sarif"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat() // uri and uri-reference, which the schema asks for
	sch, err := c.Compile(abs)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, log []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return sch.Validate(inst)
}

// Every log PrintSARIF writes is valid against the official schema: with
// file names as the findings hold them, relative to a checkout's root,
// and with files outside that root; with related locations, folded
// findings, whole-file and line-only positions, and locales.
func TestSARIFMatchesTheOfficialSchema(t *testing.T) {
	sch := sarifSchema(t)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	l := sample()
	l[0].Folded = List{{Pos: Position{File: "content/kb2/article.yaml", Line: 20, Column: 11}, Rule: "step-graph",
		Severity: Error, Message: `step "done" is unreachable`}}
	tool := Tool{Version: "v1.2.3", Rules: sampleRules()}
	for _, paths := range []Paths{{}, {Dir: wd}, {Dir: filepath.Join(wd, "content", "kb2")}} {
		var buf bytes.Buffer
		if err := PrintSARIF(&buf, l, tool, paths); err != nil {
			t.Fatal(err)
		}
		if err := validateSARIF(t, sch, buf.Bytes()); err != nil {
			t.Errorf("paths %+v: the log does not match the SARIF schema: %v", paths, err)
		}
	}
	var empty bytes.Buffer
	if err := PrintSARIF(&empty, nil, Tool{}, Paths{}); err != nil {
		t.Fatal(err)
	}
	if err := validateSARIF(t, sch, empty.Bytes()); err != nil {
		t.Errorf("a log without findings does not match the SARIF schema: %v", err)
	}
}

// The schema check can fail: a result with a level SARIF does not know is
// refused.
func TestSARIFSchemaRefusesAnUnknownLevel(t *testing.T) {
	sch := sarifSchema(t)
	var buf bytes.Buffer
	if err := PrintSARIF(&buf, sample(), Tool{Rules: sampleRules()}, Paths{}); err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(buf.Bytes(), []byte(`"level": "error"`), []byte(`"level": "fatal"`), 1)
	if bytes.Equal(bad, buf.Bytes()) {
		t.Fatal("the log has no error level to change")
	}
	if validateSARIF(t, sch, bad) == nil {
		t.Error("a result of level fatal matches the schema")
	}
}
