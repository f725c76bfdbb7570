package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kbcdev/kbc/internal/cli"
)

// TestReadmeCommandsAreTheSynopses holds the README's list of commands to
// what each command's help prints: a flag added to a command and not to
// the README, or the other way round, fails it.
func TestReadmeCommandsAreTheSynopses(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)## Commands\n\n```\n(.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("README.md has no code block under ## Commands")
	}
	listed := 0
	for _, line := range strings.Split(strings.TrimSpace(string(block[1])), "\n") {
		// A synopsis, then what the command does after a run of spaces;
		// spaces align the synopses too, before a "[".
		synopsis := line
		if loc := regexp.MustCompile(` {2,}[^ \[]`).FindStringIndex(line); loc != nil {
			synopsis = line[:loc[0]]
		}
		synopsis = strings.Join(strings.Fields(synopsis), " ")
		args := []string{"help"}
		for _, w := range strings.Fields(synopsis)[1:] {
			if !regexp.MustCompile(`^[a-z][a-z0-9]*$`).MatchString(w) {
				break
			}
			args = append(args, w)
		}
		if len(args) == 2 && args[1] == "help" {
			continue // kbc help [CMD] has no flags, and no synopsis of its own
		}
		var stdout, stderr bytes.Buffer
		if code := cli.Run(args, &stdout, &stderr); code != cli.ExitOK {
			t.Errorf("kbc %s: exit %d, %s", strings.Join(args, " "), code, stderr.String())
			continue
		}
		usage := regexp.MustCompile(`(?m)^usage: (.*)$`).FindStringSubmatch(stdout.String())
		if usage == nil || strings.Join(strings.Fields(usage[1]), " ") != synopsis {
			t.Errorf("README.md lists\n\t%s\nkbc %s prints\n\t%v", synopsis, strings.Join(args, " "), usage)
		}
		listed++
	}
	if listed < 10 {
		t.Errorf("%d commands checked in README.md; the list was not read as it is written", listed)
	}
}
