package output

// Stage names a point of a build that tests stop the build at, to see
// what a build killed or failing there leaves behind.
type Stage string

// The stages of a build, in order.
const (
	// StageStaging: the staging folder holds some of the new site's
	// files, not all.
	StageStaging Stage = "staging"
	// StageStaged: the new site is staged whole; the old one is in
	// place.
	StageStaged Stage = "staged"
	// StageSwap: the site folder is being swapped.
	StageSwap Stage = "swap"
	// StageCacheWrite: the new site is in place; the cache that
	// describes it is being written.
	StageCacheWrite Stage = "cache-write"
	// StageLintCacheWrite: a lint's findings are known; the record of
	// them is written under a temporary name, not yet in place.
	StageLintCacheWrite Stage = "lint-cache-write"
)

// StageHook, when set, is called as a build reaches each stage. An error
// it returns is the failure of what the build does at that stage, as a
// full disk would make it. Only tests set it.
var StageHook func(Stage) error

// Reached tells StageHook that a build reached the stage.
func Reached(s Stage) error {
	if StageHook == nil {
		return nil
	}
	return StageHook(s)
}
