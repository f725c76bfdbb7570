package diag

import (
	"bytes"
	"encoding/json"
	"io"
)

// jsonReport is the JSON output: one object holding every finding and a
// summary. Struct fields, not maps, so that keys keep a stable order.
type jsonReport struct {
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     jsonSummary      `json:"summary"`
}

type jsonDiagnostic struct {
	File     string        `json:"file"`
	Line     int           `json:"line"`
	Column   int           `json:"column"`
	Rule     string        `json:"rule"`
	Check    string        `json:"check,omitempty"`
	Severity string        `json:"severity"`
	Locale   string        `json:"locale"`
	Message  string        `json:"message"`
	Related  []jsonRelated `json:"related,omitempty"`
	// Folded holds the findings that follow from this one.
	Folded []jsonDiagnostic `json:"folded,omitempty"`
}

type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// jsonSummary counts findings by severity, and the files they are in.
type jsonSummary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
	Files    int `json:"files"`
}

// PrintJSON writes the list as one JSON object on one line:
//
//	{"diagnostics":[{"file","line","column","rule","severity","locale","message"}],
//	 "summary":{"errors":N,"warnings":N,"infos":N,"files":N}}
//
// where files counts the distinct files with findings. A diagnostic gets a
// "related" array only when it has related positions, and a "folded" array
// of diagnostics only when findings follow from it (they are counted in the
// summary too); an empty list prints "diagnostics":[].
func PrintJSON(w io.Writer, l List, paths Paths) error {
	l = paths.list(l)
	r := jsonReport{Diagnostics: jsonDiagnostics(l)}
	r.Summary.Errors, r.Summary.Warnings = l.Count()
	r.Summary.Infos = l.countInfos()
	r.Summary.Files = len(l.Files())
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Messages quote YAML and Markdown; escaping < > & would only make
	// them harder to read.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONControls(buf.Bytes()))
	return err
}

// jsonDiagnostics converts l, and the findings folded under each of its
// findings, for the JSON output.
func jsonDiagnostics(l List) []jsonDiagnostic {
	out := make([]jsonDiagnostic, 0, len(l))
	for _, d := range l {
		jd := jsonDiagnostic{
			File:     d.Pos.File,
			Line:     d.Pos.Line,
			Column:   d.Pos.Column,
			Rule:     d.Rule,
			Check:    d.Check,
			Severity: d.Severity.String(),
			Locale:   d.Locale,
			Message:  d.Message,
		}
		for _, rel := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{
				File: rel.Pos.File, Line: rel.Pos.Line, Column: rel.Pos.Column, Message: rel.Message,
			})
		}
		if len(d.Folded) > 0 {
			jd.Folded = jsonDiagnostics(d.Folded)
		}
		out = append(out, jd)
	}
	return out
}

// countInfos counts the info findings, folded ones included.
func (l List) countInfos() int {
	n := 0
	for _, d := range l {
		if d.Severity == Info {
			n++
		}
		n += d.Folded.countInfos()
	}
	return n
}
