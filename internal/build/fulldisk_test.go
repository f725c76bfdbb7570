package build_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/corpus"
	"github.com/kbcdev/kbc/internal/output"
)

// failAt makes builds fail at the stage as on a full disk, until the test
// ends.
func failAt(t *testing.T, stage output.Stage) {
	t.Helper()
	output.StageHook = func(s output.Stage) error {
		if s == stage {
			return &fs.PathError{Op: "write", Path: string(s), Err: syscall.ENOSPC}
		}
		return nil
	}
	t.Cleanup(func() { output.StageHook = nil })
}

// TestFullDiskWhileTheCacheIsWritten fills the disk once the new site is
// in place, while the cache is written: the build succeeds with the new
// site and a warning, and the cache is dropped, so that the next build
// does not trust it.
func TestFullDiskWhileTheCacheIsWritten(t *testing.T) {
	k := newCachedKB(t, 6)
	k.build()
	k.edit(filepath.Join(strings.ToLower(corpus.ArticleID(2)), "article.yaml"), "\ntitle: \"", "\ntitle: \"Renamed ")
	failAt(t, output.StageCacheWrite)
	sum, err := build.Build(k.load(), build.Options{Out: k.out, Cache: k.cache})
	output.StageHook = nil
	if err != nil {
		t.Fatalf("the build failed once the site was in place: %v", err)
	}
	sameTree(t, k.out, k.cold("cold"))
	if len(sum.Warnings) != 1 || !strings.Contains(sum.Warnings[0], "the build cache could not be saved") {
		t.Errorf("warnings %q, want one about the cache", sum.Warnings)
	}
	if _, ok := build.UpToDate(k.root, build.Options{Out: k.out, Cache: k.cache}); ok {
		t.Error("UpToDate trusted the cache that could not be saved")
	}
	if next := k.build(); next.Cache == "" {
		t.Error("the build after the failed cache write used the cache")
	}
	sameTree(t, k.out, k.cold("cold-again"))
}

// TestFullDiskBeforeTheSwapKeepsThePreviousSite fills the disk while the
// new site is staged, and once it is: the build fails, and the previous
// site is as it was.
func TestFullDiskBeforeTheSwapKeepsThePreviousSite(t *testing.T) {
	for _, cached := range []bool{false, true} {
		for _, stage := range []output.Stage{output.StageStaging, output.StageStaged} {
			t.Run(fmt.Sprintf("%s, cache %v", stage, cached), func(t *testing.T) {
				k := newCachedKB(t, 6)
				opts := build.Options{Out: k.out}
				if cached {
					opts.Cache = k.cache
				}
				if _, err := build.Build(k.load(), opts); err != nil {
					t.Fatal(err)
				}
				before := k.cold("before")
				k.edit(filepath.Join(strings.ToLower(corpus.ArticleID(2)), "article.yaml"), "\ntitle: \"", "\ntitle: \"Renamed ")
				failAt(t, stage)
				if _, err := build.Build(k.load(), opts); err == nil {
					t.Fatal("the build succeeded with the disk full")
				}
				output.StageHook = nil
				sameTree(t, k.out, before)
				entries, _ := os.ReadDir(k.dir)
				for _, e := range entries {
					if strings.Contains(e.Name(), ".kbc-new-") || strings.Contains(e.Name(), ".kbc-old-") {
						t.Errorf("leftover %s", e.Name())
					}
				}
			})
		}
	}
}
