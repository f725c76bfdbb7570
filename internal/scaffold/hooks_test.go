package scaffold_test

import (
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kbcdev/kbc/internal/cli"
	"github.com/kbcdev/kbc/internal/scaffold"
)

// hook is an entry of .pre-commit-hooks.yaml, as pre-commit reads it.
type hook struct {
	ID            string `yaml:"id"`
	Name          string `yaml:"name"`
	Entry         string `yaml:"entry"`
	Language      string `yaml:"language"`
	Files         string `yaml:"files"`
	PassFilenames *bool  `yaml:"pass_filenames"`
}

// The hooks this repository offers are those kbc init's
// .pre-commit-config.yaml names; each runs a kbc command with flags kbc
// accepts, is built as a Go program, and checks the whole knowledge base
// (file names would split it, and references cross articles).
func TestPreCommitHooks(t *testing.T) {
	var hooks []hook
	readYAML(t, "../../.pre-commit-hooks.yaml", &hooks)
	files, err := scaffold.Files(scaffold.Options{Locales: []string{"en"}, Source: "en", Version: "v1.4.0", Rev: "v1.4.0"})
	if err != nil {
		t.Fatal(err)
	}
	var config struct {
		Repos []struct {
			Repo  string
			Rev   string
			Hooks []struct{ ID string }
		}
	}
	for _, f := range files {
		if f.Path == ".pre-commit-config.yaml" {
			if err := yaml.Unmarshal(f.Data, &config); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(config.Repos) != 1 || config.Repos[0].Repo != "https://github.com/kbcdev/kbc" || len(config.Repos[0].Hooks) == 0 {
		t.Fatalf("kbc init's .pre-commit-config.yaml: %+v", config)
	}
	for _, h := range config.Repos[0].Hooks {
		if !slices.ContainsFunc(hooks, func(g hook) bool { return g.ID == h.ID }) {
			t.Errorf("kbc init names hook %q, which .pre-commit-hooks.yaml lacks", h.ID)
		}
	}
	for _, h := range hooks {
		if h.ID == "" || h.Name == "" || h.Language != "golang" || h.PassFilenames == nil || *h.PassFilenames {
			t.Errorf("hook %+v: want an id, a name, language golang and pass_filenames false", h)
		}
		if _, err := regexp.Compile(h.Files); err != nil {
			t.Errorf("hook %s: files: %v", h.ID, err)
		}
		args := strings.Fields(h.Entry)
		if len(args) < 2 || args[0] != "kbc" {
			t.Errorf("hook %s: entry %q does not run kbc", h.ID, h.Entry)
			continue
		}
		assertFlagsAccepted(t, h.ID, args[1:])
	}
}

// assertFlagsAccepted runs kbc's command with the flags and -h: a command
// or flag kbc does not know is a usage error, not help.
func assertFlagsAccepted(t *testing.T, what string, args []string) {
	t.Helper()
	var stderr strings.Builder
	if code := cli.Run(append(slices.Clip(args), "-h"), io.Discard, &stderr); code != cli.ExitOK {
		t.Errorf("%s: kbc %s: exit %d: %s", what, strings.Join(args, " "), code, stderr.String())
	}
}

// action.yml is a composite action whose run steps name their shell and
// use only the inputs it declares, and whose kbc commands kbc accepts.
func TestCompositeAction(t *testing.T) {
	var action struct {
		Name   string
		Inputs map[string]struct {
			Description string
			Default     *string
		}
		Runs struct {
			Using string
			Steps []struct {
				ID              string
				If              string
				Uses            string
				Run             string
				Shell           string
				ContinueOnError bool `yaml:"continue-on-error"`
			}
		}
	}
	readYAML(t, "../../action.yml", &action)
	if action.Name == "" || action.Runs.Using != "composite" || len(action.Runs.Steps) == 0 {
		t.Fatalf("action.yml: want a named composite action with steps, got %+v", action)
	}
	for name, in := range action.Inputs {
		if in.Description == "" || in.Default == nil {
			t.Errorf("input %s: want a description and a default", name)
		}
	}
	src, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`inputs\.([A-Za-z0-9_-]+)`).FindAllStringSubmatch(string(src), -1) {
		if _, ok := action.Inputs[m[1]]; !ok {
			t.Errorf("action.yml uses input %q, which it does not declare", m[1])
		}
	}
	kbcCall := regexp.MustCompile(`(?m)^\s*kbc (lint|version)( [^"|>\n]*)?`)
	calls := 0
	for _, s := range action.Runs.Steps {
		if s.Run != "" && s.Shell != "bash" {
			t.Errorf("step %q runs a script without shell: bash", s.ID)
		}
		if s.Uses != "" && !regexp.MustCompile(`^[\w.-]+/[\w./-]+@v\d+$`).MatchString(s.Uses) {
			t.Errorf("step uses %q: want an action at a major version", s.Uses)
		}
		// A fork's pull request cannot upload code-scanning alerts, and
		// the findings are in the annotations already.
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") &&
			(!s.ContinueOnError || !strings.Contains(s.If, "github.event.pull_request.head.repo.full_name == github.repository")) {
			t.Errorf("the SARIF upload (if: %s) may fail the job: want it skipped for forks' pull requests and continue-on-error", s.If)
		}
		for _, m := range kbcCall.FindAllStringSubmatch(s.Run, -1) {
			calls++
			assertFlagsAccepted(t, "action.yml", strings.Fields(m[1]+m[2]))
		}
	}
	if calls == 0 {
		t.Error("action.yml runs no kbc command")
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(src, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// A knowledge base in a folder of a larger repository gets its workflow
// and hooks at the repository's top, where GitHub and pre-commit read
// them: the workflow runs kbc in the folder and finds what kbc wrote
// there, and the hooks name the folder, with flags kbc accepts.
func TestFilesOfAKnowledgeBaseInAFolder(t *testing.T) {
	files, err := scaffold.Files(scaffold.Options{Locales: []string{"en"}, Source: "en", Version: "v1.4.0", Rev: "v1.4.0", Under: "docs/help"})
	if err != nil {
		t.Fatal(err)
	}
	var workflow struct {
		Defaults struct{ Run map[string]string }
		Jobs     map[string]struct {
			Steps []struct {
				Uses string
				With map[string]string
			}
		}
	}
	var config struct {
		Repos []struct {
			Hooks []struct {
				ID   string
				Args []string
			}
		}
	}
	var hooks []hook
	readYAML(t, "../../.pre-commit-hooks.yaml", &hooks)
	for _, f := range files {
		switch f.Path {
		case ".github/workflows/kb.yml":
			if err := yaml.Unmarshal(f.Data, &workflow); err != nil || !f.AtTop {
				t.Fatalf("workflow: %v, at the top: %v", err, f.AtTop)
			}
		case ".pre-commit-config.yaml":
			if err := yaml.Unmarshal(f.Data, &config); err != nil || !f.AtTop {
				t.Fatalf("pre-commit config: %v, at the top: %v", err, f.AtTop)
			}
		default:
			if f.AtTop {
				t.Errorf("%s is put at the top of the repository", f.Path)
			}
		}
	}
	if got := workflow.Defaults.Run["working-directory"]; got != "docs/help" {
		t.Errorf("workflow runs in %q, want docs/help", got)
	}
	uploads := map[string]string{}
	for _, job := range workflow.Jobs {
		for _, s := range job.Steps {
			for _, key := range []string{"path", "sarif_file"} {
				if v, ok := s.With[key]; ok {
					uploads[key] = v
				}
			}
		}
	}
	if uploads["path"] != "docs/help/public" || uploads["sarif_file"] != "docs/help/kbc.sarif" {
		t.Errorf("the workflow uploads %v, want the site and findings kbc wrote in docs/help", uploads)
	}
	if len(config.Repos) != 1 || len(config.Repos[0].Hooks) != len(hooks) {
		t.Fatalf("pre-commit config %+v", config)
	}
	for _, h := range config.Repos[0].Hooks {
		if len(h.Args) == 0 || h.Args[len(h.Args)-1] != "docs/help/content" {
			t.Errorf("hook %s: args %q, want the content folder last", h.ID, h.Args)
		}
		i := slices.IndexFunc(hooks, func(g hook) bool { return g.ID == h.ID })
		if i < 0 {
			t.Fatalf("no hook %s", h.ID)
		}
		assertFlagsAccepted(t, h.ID, append(strings.Fields(hooks[i].Entry)[1:], h.Args...))
	}
}
