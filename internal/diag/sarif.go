package diag

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
)

// RuleInfo describes a rule for output formats that carry rule metadata,
// such as SARIF. The CLI builds it from the lint rules, so that diag need
// not know them.
type RuleInfo struct {
	Name     string
	Summary  string // one line
	Doc      string // the full explanation
	Severity Severity
}

// Tool describes kbc for output formats that name the tool that reported:
// its version (empty when unknown) and every rule that may report, in the
// order they are listed.
type Tool struct {
	Version string
	Rules   []RuleInfo
}

// SARIF constants: the version this printer writes and where kbc lives.
const (
	SARIFVersion   = "2.1.0"
	SARIFSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	InformationURI = "https://github.com/kbcdev/kbc"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool sarifTool `json:"tool"`
	// ColumnKind says how columns count: kbc counts code points, where
	// SARIF's default is UTF-16 code units.
	ColumnKind string `json:"columnKind"`
	// OriginalURIBaseIDs says where the folder that file names are
	// relative to is, for a reader that is not in it.
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult            `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	DefaultConfiguration sarifRuleLevel `json:"defaultConfiguration"`
}

type sarifRuleLevel struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        *int            `json:"ruleIndex,omitempty"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Properties       *sarifProps     `json:"properties,omitempty"`
}

type sarifProps struct {
	Locale string `json:"locale"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// srcRoot names the folder file names are relative to, as code-scanning
// tools name a checkout's root.
const srcRoot = "%SRCROOT%"

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// moduleVersionPattern matches a Go module version, release or pseudo,
// which is a semantic version (2.0.0's grammar) after its "v".
var moduleVersionPattern = regexp.MustCompile(`^v((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)` +
	`(?:-(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?` +
	`(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)$`)

// semanticVersion returns the semantic version a module version names,
// for the driver's semanticVersion, which SARIF viewers compare: version
// is free text ("(devel)" for a build from a source tree); "" for none.
func semanticVersion(version string) string {
	if m := moduleVersionPattern.FindStringSubmatch(version); m != nil {
		return m[1]
	}
	return ""
}

// PrintSARIF writes the list as a SARIF 2.1.0 log with one run, the form
// code-scanning services read, with tool as its driver; a result names
// its rule by id and by index into tool.Rules.
//
// With paths.Dir set, file names are relative to it, the root of the
// checkout, which the log names as %SRCROOT%: code scanning places a
// result by its path in the repository, whatever folder lint ran in.
func PrintSARIF(w io.Writer, l List, tool Tool, paths Paths) error {
	l = paths.list(l)
	index := map[string]int{}
	driver := sarifDriver{Name: "kbc", Version: tool.Version, SemanticVersion: semanticVersion(tool.Version), InformationURI: InformationURI, Rules: make([]sarifRule, 0, len(tool.Rules))}
	for i, r := range tool.Rules {
		index[r.Name] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.Name,
			ShortDescription:     sarifText{r.Summary},
			FullDescription:      sarifText{fullDescription(r)},
			DefaultConfiguration: sarifRuleLevel{sarifLevel(r.Severity)},
		})
	}
	run := sarifRun{Tool: sarifTool{driver}, ColumnKind: "unicodeCodePoints", Results: make([]sarifResult, 0, len(l))}
	if paths.Dir != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifact{srcRoot: {URI: folderURI(paths.Dir)}}
	}
	for _, d := range l {
		res := sarifResult{
			RuleID:    d.Rule,
			Level:     sarifLevel(d.Severity),
			Message:   sarifText{d.Message},
			Locations: []sarifLocation{{PhysicalLocation: paths.physicalLocation(d.Pos)}},
		}
		if i, ok := index[d.Rule]; ok {
			res.RuleIndex = &i
		}
		for i, r := range d.Related {
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &i,
				PhysicalLocation: paths.physicalLocation(r.Pos),
				Message:          &sarifText{r.Message},
			})
		}
		for _, f := range d.Folded {
			i := len(res.RelatedLocations)
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &i,
				PhysicalLocation: paths.physicalLocation(f.Pos),
				Message:          &sarifText{"follows from this finding: " + f.Severity.String() + ": " + f.Rule + ": " + f.Message},
			})
		}
		if d.Locale != "" {
			res.Properties = &sarifProps{Locale: d.Locale}
		}
		run.Results = append(run.Results, res)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sarifLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []sarifRun{run}}); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONControls(buf.Bytes()))
	return err
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "note"
	}
	return "none"
}

// fullDescription returns the rule's doc after its summary line, unwrapped
// into one paragraph, or the summary when the doc says no more.
func fullDescription(r RuleInfo) string {
	_, body, _ := strings.Cut(strings.TrimSpace(r.Doc), "\n")
	if body = strings.Join(strings.Fields(body), " "); body != "" {
		return body
	}
	return r.Summary
}

// physicalLocation places a position in SARIF terms. The file name is
// written as a relative URI reference, so that a scanning service resolves
// it against the repository root; relative to %SRCROOT% when p.Dir is set,
// and as an absolute file URI when the file is outside it. A whole-file
// position has no region.
func (paths Paths) physicalLocation(p Position) sarifPhysicalLocation {
	art := sarifArtifact{URI: fileURI(p.File)}
	switch {
	case paths.Dir == "":
	case p.File == ".." || strings.HasPrefix(p.File, "../") || filepath.IsAbs(p.File):
		abs := p.File
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(paths.Dir, filepath.FromSlash(p.File))
		}
		art.URI = fileURL(abs)
	default:
		art.URIBaseID = srcRoot
	}
	loc := sarifPhysicalLocation{ArtifactLocation: art}
	if p.Line > 0 {
		loc.Region = &sarifRegion{StartLine: p.Line, StartColumn: p.Column}
	}
	return loc
}

// fileURI escapes a slash-separated path into a URI reference, leaving the
// slashes alone: "content/kb 1/article.yaml" becomes
// "content/kb%201/article.yaml".
func fileURI(path string) string {
	return (&url.URL{Path: path}).String()
}

// folderURI returns the file URI of a folder, ending in a slash as SARIF
// requires of a base.
func folderURI(dir string) string {
	u := fileURL(dir)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// fileURL returns the file URL of an absolute path: file:///C:/kb on
// Windows, where the drive letter would otherwise be taken for a host.
func fileURL(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
