package build_test

import (
	"errors"
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

// noHalfWrittenManifests fails the test if the cache folder holds a
// manifest written under a temporary name and never put in place.
func noHalfWrittenManifests(t *testing.T, cache string) {
	t.Helper()
	entries, _ := os.ReadDir(cache)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".manifest-") {
			t.Errorf("the cache folder holds %s, a manifest never put in place", e.Name())
		}
	}
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
	noHalfWrittenManifests(t, k.cache)
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
				noHalfWrittenManifests(t, k.cache)
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

// A build killed while it writes the cache leaves a manifest under a
// temporary name, which the next build removes.
func TestBuildRemovesTheManifestsAKilledBuildLeft(t *testing.T) {
	k := newCachedKB(t, 6)
	k.build()
	stale := filepath.Join(k.cache, ".manifest-1234")
	if err := os.WriteFile(stale, []byte("half a manifest"), 0o600); err != nil {
		t.Fatal(err)
	}
	k.editSummary(1, "Again")
	k.build()
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s is still there after the next build (stat: %v)", stale, err)
	}
	noHalfWrittenManifests(t, k.cache)
}

// A cache folder whose files can be neither written nor removed (here,
// folders in their places, which no one may remove whole) fails the
// build before the swap, saying what to do, and the previous site stays.
func TestCacheThatCannotBeEmptiedFailsTheBuildSayingWhy(t *testing.T) {
	k := newCachedKB(t, 6)
	k.build()
	before := k.cold("before")
	for _, name := range []string{output.JournalFile, "pages"} {
		p := filepath.Join(k.cache, name)
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(p, "held"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	k.edit(filepath.Join(strings.ToLower(corpus.ArticleID(2)), "article.yaml"), "\ntitle: \"", "\ntitle: \"Renamed ")
	_, err := build.Build(k.load(), build.Options{Out: k.out, Cache: k.cache})
	if err == nil || !strings.Contains(err.Error(), "can be neither written nor emptied") || !strings.Contains(err.Error(), "--no-cache") {
		t.Fatalf("Build = %v; want it to fail saying the cache folder is the cause", err)
	}
	sameTree(t, k.out, before)
}
