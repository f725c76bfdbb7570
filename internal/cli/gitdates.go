package cli

import (
	"errors"
	"path/filepath"
	"strings"
	"time"

	"github.com/kbcdev/kbc/internal/content"
)

// gitDates returns, for every file under the content folder root that git
// history knows, the date (YYYY-MM-DD) of the last commit that changed
// it, keyed by its path as the loader names it (root joined with the
// file's path inside it). An error says that root is not in a git work
// tree, or what git said.
//
// A shallow clone is refused: its oldest commit would date every file
// whose last change lies before it, silently wrong.
func gitDates(root string) (map[string]string, error) {
	if isShallow(root) {
		return nil, errors.New("the repository is a shallow clone, whose history does not reach every file's last change; " +
			"fetch it whole (git fetch --unshallow, or fetch-depth: 0 with actions/checkout)")
	}
	// One walk of the history, newest commit first: the first date seen
	// for a file is its last change. Each commit is a line "\x00DATE"
	// followed by the names of the files it changed, relative to root.
	out, err := git(root, "log", "--no-renames", "--format=%x00%cs", "--name-only", "--relative", "--", ".")
	if err != nil {
		return nil, err
	}
	dates := map[string]string{}
	date := ""
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "\x00"):
			date = strings.TrimPrefix(line, "\x00")
			if _, err := time.Parse(content.Date, date); err != nil {
				date = "" // not a date: git said something else
			}
		case line == "" || date == "" || strings.HasPrefix(line, `"`):
			// git quotes a name with characters no content file has.
		default:
			file := filepath.Join(root, filepath.FromSlash(line))
			if _, seen := dates[file]; !seen {
				dates[file] = date
			}
		}
	}
	return dates, nil
}
