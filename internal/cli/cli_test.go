package cli

import (
	"bytes"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestParseInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		positional []string
		title      string
		strict     bool
	}{
		{[]string{"KB1", "--title", "T"}, []string{"KB1"}, "T", false},
		{[]string{"--title", "T", "KB1"}, []string{"KB1"}, "T", false},
		{[]string{"a", "--strict", "b", "--title=T"}, []string{"a", "b"}, "T", true},
		{[]string{"--strict", "--", "--title", "x"}, []string{"--title", "x"}, "", true},
		{[]string{"a", "--", "-b"}, []string{"a", "-b"}, "", false},
		{nil, nil, "", false},
	} {
		fs := newFlagSet("test", io.Discard, "")
		title := fs.String("title", "", "")
		strict := fs.Bool("strict", false, "")
		got, _, ok := parseInterspersed(fs, tc.args, io.Discard)
		if !ok {
			t.Errorf("%q: parse failed", tc.args)
			continue
		}
		if !slices.Equal(got, tc.positional) || *title != tc.title || *strict != tc.strict {
			t.Errorf("%q: positional %q title %q strict %v; want %q %q %v", tc.args, got, *title, *strict, tc.positional, tc.title, tc.strict)
		}
	}
}

func TestParseInterspersedErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"a", "--bogus"}, ExitUsage, "kbc test: flag provided but not defined: -bogus; run \"kbc test -h\" for usage\n"},
		{[]string{"-h"}, ExitOK, "usage: kbc test SYNOPSIS\n"},
	} {
		var stderr bytes.Buffer
		fs := newFlagSet("test", &stderr, "SYNOPSIS")
		_, code, ok := parseInterspersed(fs, tc.args, &stderr)
		if ok || code != tc.code {
			t.Errorf("%q: ok %v code %d, want stop with %d", tc.args, ok, code, tc.code)
		}
		if stderr.String() != tc.out {
			t.Errorf("%q: stderr %q, want %q", tc.args, stderr.String(), tc.out)
		}
	}
}

func TestWithin(t *testing.T) {
	sep := string(filepath.Separator)
	dir := sep + filepath.Join("kb", "content", "kb1")
	for p, want := range map[string]bool{
		dir:                                true,
		filepath.Join(dir, "article.yaml"): true,
		dir + "0" + sep + "article.yaml":   false, // kb10 is not under kb1
		filepath.Dir(dir):                  false,
		sep + filepath.Join("kb", "other"): false,
	} {
		if got := within(p, dir); got != want {
			t.Errorf("within(%q, %q) = %v, want %v", p, dir, got, want)
		}
	}
	if !within(filepath.Join(sep, "a"), sep) {
		t.Errorf("every path is within the root folder")
	}
}

// TestYAMLScalar checks that a title written into a new article reads
// back as the same string, whatever YAML would otherwise make of it.
func TestYAMLScalar(t *testing.T) {
	for _, title := range []string{
		"Reset your password", "Note: yes", "123", "yes", "null", "~", "[draft] title",
		"#1 tip", "- list", "'quoted'", `"double"`, "tab\there", "Réinitialiser", "パスワード", "a: b # c",
	} {
		line := "title: " + yamlScalar(title)
		if strings.Contains(line, "\n") {
			t.Errorf("%q is written on more than one line: %q", title, line)
		}
		var got struct{ Title any }
		if err := yaml.Unmarshal([]byte(line), &got); err != nil {
			t.Errorf("%q: %v", line, err)
			continue
		}
		if got.Title != title {
			t.Errorf("%q reads back as %#v, want the string %q", line, got.Title, title)
		}
	}
}
