package diag

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
)

// codeQualityIssue is one finding of a GitLab Code Quality report, the
// subset of the Code Climate issue format that GitLab reads
// (https://docs.gitlab.com/ci/testing/code_quality/).
type codeQualityIssue struct {
	Description string              `json:"description"`
	CheckName   string              `json:"check_name"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"`
	Location    codeQualityLocation `json:"location"`
}

type codeQualityLocation struct {
	Path  string           `json:"path"`
	Lines codeQualityLines `json:"lines"`
}

type codeQualityLines struct {
	Begin int `json:"begin"`
}

// PrintCodeQuality writes the list as a GitLab Code Quality report: a JSON
// array of issues, the findings that follow from another one included
// (GitLab has no way to nest them), paths relative to paths.Dir, which
// for GitLab must be the repository's top. A finding of a whole file is
// placed on its first line.
//
// GitLab tells an issue of a merge request from one of its target branch
// by the fingerprint, so it leaves out the line: a finding keeps its
// fingerprint when lines are added above it. Findings alike in one file
// are told apart by their rank among them.
func PrintCodeQuality(w io.Writer, l List, paths Paths) error {
	issues := []codeQualityIssue{}
	seen := map[string]int{}
	var add func(l List)
	add = func(l List) {
		for _, d := range l {
			msg := d.Message
			if d.Locale != "" {
				msg = "[" + d.Locale + "] " + msg
			}
			check := d.Rule
			if d.Check != "" {
				check += "/" + d.Check
			}
			key := d.Pos.File + "\x00" + check + "\x00" + msg
			seen[key]++
			sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
			issues = append(issues, codeQualityIssue{
				Description: msg,
				CheckName:   "kbc/" + check,
				Fingerprint: hex.EncodeToString(sum[:16]),
				Severity:    codeQualitySeverity(d.Severity),
				Location:    codeQualityLocation{Path: d.Pos.File, Lines: codeQualityLines{Begin: max(d.Pos.Line, 1)}},
			})
			add(d.Folded)
		}
	}
	add(paths.list(l))
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(issues)
}

// codeQualitySeverity is GitLab's name of a severity: an error is major,
// above the warnings, minor, in the merge request's list.
func codeQualitySeverity(s Severity) string {
	switch s {
	case Error:
		return "major"
	case Warning:
		return "minor"
	}
	return "info"
}
