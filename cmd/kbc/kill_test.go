package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kbcdev/kbc/internal/content"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/output"
)

// Environment variables the kbc command of the tests reads (see TestMain):
// the stage at which the build stops and waits to be killed, or at which
// it fails as on a full disk.
const (
	stopAtEnv = "KBC_TEST_STOP_AT"
	failAtEnv = "KBC_TEST_FAIL_AT"
	// setAsideEnv has the kbc of the tests keep no article whole in a
	// lean load (content.LeanWholeBytes).
	setAsideEnv = "KBC_TEST_SET_ASIDE"
)

// stoppedAt is what kbc prints on stderr once it waits at a stage.
func stoppedAt(stage output.Stage) string { return "kbc test: stopped at " + string(stage) }

// installStageHook makes this process, run as kbc, stop or fail at the
// stages the environment names, and set articles aside if it says so.
func installStageHook() {
	if os.Getenv(setAsideEnv) != "" {
		content.LeanWholeBytes = 0
	}
	stop, fail := output.Stage(os.Getenv(stopAtEnv)), output.Stage(os.Getenv(failAtEnv))
	if stop == "" && fail == "" {
		return
	}
	output.StageHook = func(s output.Stage) error {
		switch s {
		case fail:
			return &fs.PathError{Op: "write", Path: string(s), Err: syscall.ENOSPC}
		case stop:
			fmt.Fprintln(os.Stderr, stoppedAt(s))
			time.Sleep(math.MaxInt64) // until killed
		}
		return nil
	}
}

// killCase is a build killed at a stage: what it builds, and which site the
// output folder must hold once it is killed.
type killCase struct {
	name  string
	cache bool
	// reuse builds once more, incrementally, before the build that is
	// killed, so that it stages in the site that build replaced.
	reuse bool
	edit  func(t *testing.T, dir string)
	stage output.Stage
	// leaves is "previous" when only the previous site will do, "new" when
	// only the new one will, "either" when the kill may leave either, but
	// whole.
	leaves string
	// setAside has kbc keep no article whole in a lean load, as in a
	// knowledge base too large to (see setAsideEnv): a cold build then
	// renders its pages while the checks run.
	setAside bool
}

// TestKilledBuildLeavesAWholeSite kills kbc build (SIGKILL, no chance to
// clean up) at each stage of a full and of an incremental build, and
// checks that the output folder holds a whole site, the previous or the
// new one byte for byte as the stage requires, and that the next build
// succeeds, equals a fresh build and leaves nothing behind.
func TestKilledBuildLeavesAWholeSite(t *testing.T) {
	newContent := func(t *testing.T, dir string) { writeCorpus(t, dir, 2) }
	// A new English title shows on the article's page in every locale,
	// on the pages that link to it in English, on the home pages and in
	// the search index: a build that stops halfway mixes old and new.
	newTitle := func(t *testing.T, dir string) { prefixField(t, dir, 3, "title", "Renamed") }
	for _, tc := range []killCase{
		{"full/staging", false, false, newContent, output.StageStaging, "previous", false},
		{"full/staged", false, false, newContent, output.StageStaged, "previous", false},
		{"full/swap", false, false, newContent, output.StageSwap, "either", false},
		{"incremental/staging", true, false, newTitle, output.StageStaging, "previous", false},
		{"incremental/staged", true, false, newTitle, output.StageStaged, "previous", false},
		{"incremental/swap", true, false, newTitle, output.StageSwap, "either", false},
		{"incremental/cache-write", true, false, newTitle, output.StageCacheWrite, "new", false},
		{"reused/staging", true, true, newTitle, output.StageStaging, "previous", false},
		{"reused/staged", true, true, newTitle, output.StageStaged, "previous", false},
		{"reused/swap", true, true, newTitle, output.StageSwap, "either", false},
		{"cold-with-cache/cache-write", true, false, newContent, output.StageCacheWrite, "new", false},
		{"set-aside/staging", false, false, newContent, output.StageStaging, "previous", true},
		{"set-aside/staged", false, false, newContent, output.StageStaged, "previous", true},
		{"set-aside-with-cache/cache-write", true, false, newContent, output.StageCacheWrite, "new", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			testKill(t, tc)
		})
	}
}

// prefixField puts word before the value of a top-level field of the i-th
// article of the corpus.
func prefixField(t *testing.T, dir string, i int, field, word string) {
	t.Helper()
	p := filepath.Join(dir, "content", strings.ToLower(corpus.ArticleID(i)), "article.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	from := "\n" + field + ": \""
	if !bytes.Contains(data, []byte(from)) {
		t.Fatalf("%s has no %s", p, field)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte(from), []byte(from+word+" "), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func testKill(t *testing.T, tc killCase) {
	dir := t.TempDir()
	writeCorpus(t, dir, 1)
	args := []string{"build", "-o", "public"}
	if !tc.cache {
		args = append(args, "--no-cache")
	}
	var env []string
	if tc.setAside {
		env = []string{setAsideEnv + "=1"}
	}
	run(t, dir, env, args...)
	if tc.reuse {
		prefixField(t, dir, 2, "summary", "Edited")
		run(t, dir, env, args...)
	}
	before := snapshotTree(t, filepath.Join(dir, "public"))

	tc.edit(t, dir)
	killAt(t, dir, env, tc.stage, args...)
	after := snapshotTree(t, filepath.Join(dir, "public"))

	run(t, dir, nil, "build", "--no-cache", "-o", "fresh")
	fresh := snapshotTree(t, filepath.Join(dir, "fresh"))
	isPrevious, isNew := sameTree(before, after), sameTree(fresh, after)
	switch {
	case after == nil:
		t.Fatal("the killed build left no site at the output path")
	case tc.leaves == "previous" && !isPrevious:
		t.Fatalf("the build killed at %s changed the previous site (%s)", tc.stage, describe(before, fresh, after))
	case tc.leaves == "new" && !isNew:
		t.Fatalf("the build killed at %s left a site other than the new one (%s)", tc.stage, describe(before, fresh, after))
	case !isPrevious && !isNew:
		t.Fatalf("the build killed at %s left a mixed site (%s)", tc.stage, describe(before, fresh, after))
	}

	run(t, dir, env, args...)
	if !sameTree(snapshotTree(t, filepath.Join(dir, "public")), fresh) {
		t.Error("the build after the kill differs from a fresh build of the same content")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".kbc-new-") || strings.Contains(e.Name(), ".kbc-old-") {
			t.Errorf("leftover %s after the next build", e.Name())
		}
	}
}

// run runs kbc in dir with the environment additions env and fails the
// test unless it succeeds.
func run(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("kbc", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("kbc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// killAt starts kbc in dir, waits until it stops at the stage, and kills
// it there.
func killAt(t *testing.T, dir string, env []string, stage output.Stage, args ...string) {
	t.Helper()
	cmd, stderr := startStopping(t, dir, env, stage, args...)
	cmd.Process.Kill()
	cmd.Wait()
	stderr.Close()
}

// startStopping starts kbc in dir, told to stop at the stage, and returns
// once it has stopped there; its stderr is left to read.
func startStopping(t *testing.T, dir string, env []string, stage output.Stage, args ...string) (*exec.Cmd, io.ReadCloser) {
	t.Helper()
	cmd := exec.Command("kbc", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), env...), stopAtEnv+"="+string(stage))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !waitForLine(stderr, stoppedAt(stage)) {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("kbc %s ended without reaching stage %s", strings.Join(args, " "), stage)
	}
	return cmd, stderr
}

// waitForLine reads r until a line that is want, and reports whether it
// came before the end.
func waitForLine(r io.Reader, want string) bool {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if sc.Text() == want {
			return true
		}
	}
	return false
}

// describe says how a site differs from the previous and the new one.
func describe(before, fresh, after map[string][32]byte) string {
	count := func(want map[string][32]byte) int {
		n := 0
		for p, sum := range want {
			if after[p] != sum {
				n++
			}
		}
		for p := range after {
			if _, ok := want[p]; !ok {
				n++
			}
		}
		return n
	}
	return fmt.Sprintf("%d files differ from the previous site, %d from the new one", count(before), count(fresh))
}

// writeCorpus replaces the content folder with a generated knowledge base.
func writeCorpus(t *testing.T, dir string, seed uint64) {
	t.Helper()
	content := filepath.Join(dir, "content")
	if err := os.RemoveAll(content); err != nil {
		t.Fatal(err)
	}
	if err := corpus.Write(content, corpus.Options{Articles: 12, Seed: seed}); err != nil {
		t.Fatal(err)
	}
}

// snapshotTree returns the hash of every file under root; nil when root
// does not exist.
func snapshotTree(t *testing.T, root string) map[string][32]byte {
	t.Helper()
	if _, err := os.Lstat(root); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	files := map[string][32]byte{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(a, b map[string][32]byte) bool {
	if a == nil || b == nil || len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}

// TestConcurrentBuildsTakeTurns starts a second kbc build of the same site
// while a first one is writing its staging folder: the second must say it
// waits, leave the first one's work alone, and build once the first is
// gone.
func TestConcurrentBuildsTakeTurns(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, 1)
	run(t, dir, nil, "build", "-o", "public")
	writeCorpus(t, dir, 2)

	first, firstErr := startStopping(t, dir, nil, output.StageStaging, "build", "-o", "public")
	defer firstErr.Close()
	staging, _ := filepath.Glob(filepath.Join(dir, ".public.kbc-new-*"))
	if len(staging) != 1 {
		t.Fatalf("staging folders of the first build: %v", staging)
	}
	takeTurns(t, dir, first, "kbc build: waiting for another kbc process to finish with public", staging[0], "build", "-o", "public")
	run(t, dir, nil, "build", "--no-cache", "-o", "fresh")
	if !sameTree(snapshotTree(t, filepath.Join(dir, "public")), snapshotTree(t, filepath.Join(dir, "fresh"))) {
		t.Error("the second build's site differs from a fresh build")
	}
}

// TestFullDiskBuild fills the disk at a stage of kbc build: before the
// swap, the build fails with exit code 2 and the previous site is as it
// was; once the site is swapped in, while the cache is written, the build
// succeeds with a warning, and the next build does not trust the cache.
func TestFullDiskBuild(t *testing.T) {
	for _, tc := range []struct {
		stage  output.Stage
		builds bool
	}{
		{output.StageStaging, false},
		{output.StageStaged, false},
		{output.StageCacheWrite, true},
	} {
		t.Run(string(tc.stage), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeCorpus(t, dir, 1)
			run(t, dir, nil, "build", "-o", "public")
			before := snapshotTree(t, filepath.Join(dir, "public"))
			writeCorpus(t, dir, 2)
			cmd := exec.Command("kbc", "build", "-o", "public")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), failAtEnv+"="+string(tc.stage))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			run(t, dir, nil, "build", "--no-cache", "-o", "fresh")
			after, fresh := snapshotTree(t, filepath.Join(dir, "public")), snapshotTree(t, filepath.Join(dir, "fresh"))
			if !tc.builds {
				if code := exitCode(err); code != 2 {
					t.Errorf("exit code %d, want 2; stderr:\n%s", code, stderr.String())
				}
				if !sameTree(before, after) {
					t.Errorf("the failed build changed the previous site (%s)", describe(before, fresh, after))
				}
				return
			}
			if err != nil {
				t.Fatalf("the build failed once the site was in place: %v\n%s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "kbc build: warning: the build cache could not be saved") {
				t.Errorf("stderr:\n%s\nwant a warning about the cache", stderr.String())
			}
			if !sameTree(fresh, after) {
				t.Errorf("the site is not the new one (%s)", describe(before, fresh, after))
			}
			if out := run(t, dir, nil, "build", "-o", "public"); !strings.Contains(out, "every page rendered") {
				t.Errorf("the next build trusted the cache:\n%s", out)
			}
		})
	}
}

// exitCode returns the exit code of a command's error: 0 for none.
func exitCode(err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestLintsTakeTurnsAndLeaveNoRecordAside stops kbc lint while it writes
// its record under a temporary name, starts a second lint, which must
// wait and leave that file alone, and kills the first: the second then
// lints, removes what the killed one left, and reports what a lint
// without the cache reports.
func TestLintsTakeTurnsAndLeaveNoRecordAside(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, 1)
	cacheDir := filepath.Join(dir, ".kbc-cache", "lint")
	aside := func() []string {
		names, err := filepath.Glob(filepath.Join(cacheDir, ".manifest-*"))
		if err != nil {
			t.Fatal(err)
		}
		return names
	}

	first, firstErr := startStopping(t, dir, nil, output.StageLintCacheWrite, "lint", "--strict")
	defer firstErr.Close()
	left := aside()
	if len(left) != 1 {
		t.Fatalf("records written aside by the stopped lint: %v", left)
	}
	secondOut := takeTurns(t, dir, first, "kbc lint: waiting for another kbc process to finish with "+filepath.Join(".kbc-cache", "lint"), left[0], "lint", "--strict")
	if left := aside(); len(left) != 0 {
		t.Errorf("records left aside after the second lint: %v", left)
	}
	want := run(t, dir, nil, "lint", "--strict", "--cache", filepath.Join(t.TempDir(), "fresh"))
	if secondOut != want {
		t.Errorf("the second lint reported\n%s\nwant, as a lint without the cache:\n%s", secondOut, want)
	}
	if got := run(t, dir, nil, "lint", "--strict"); got != want {
		t.Errorf("a lint from the second one's record reported\n%s\nwant\n%s", got, want)
	}
}

// takeTurns starts a second kbc with args in dir while first, stopped at
// a stage, holds a lock: the second must say it waits (waiting, a line of
// its stderr) and leave the first one's work, the file or folder at
// firstWork, alone; once first is killed, it must succeed. It returns the
// second's stdout.
func takeTurns(t *testing.T, dir string, first *exec.Cmd, waiting, firstWork string, args ...string) string {
	t.Helper()
	second := exec.Command("kbc", args...)
	second.Dir = dir
	secondErr, err := second.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var secondOut bytes.Buffer
	second.Stdout = &secondOut
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	waited := waitForLine(secondErr, waiting)
	if _, err := os.Stat(firstWork); err != nil {
		t.Errorf("the second kbc %s removed the first one's %s while it waited: %v", args[0], filepath.Base(firstWork), err)
	}
	first.Process.Kill()
	first.Wait()
	if !waited {
		second.Wait()
		t.Fatalf("the second kbc %s did not wait for the first; it printed:\n%s", args[0], secondOut.String())
	}
	io.Copy(io.Discard, secondErr)
	if err := second.Wait(); err != nil {
		t.Fatalf("the second kbc %s, once the first was gone: %v\n%s", args[0], err, secondOut.String())
	}
	return secondOut.String()
}
