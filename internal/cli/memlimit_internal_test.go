package cli

import (
	"bytes"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// unsetenv unsets key for the test, and sets it back after.
func unsetenv(t *testing.T, key string) {
	t.Setenv(key, "") // restores it after the test
	os.Unsetenv(key)
}

func TestMemoryLimitIsAShareOfWhatTheMachineAllows(t *testing.T) {
	const container = 1 << 30
	for _, c := range []struct {
		name, gomemlimit, automemlimit string // "-": unset
		want                           int64  // 0: the limit as it was
		warning                        string
	}{
		{name: "default", gomemlimit: "-", automemlimit: "-", want: int64(container * memoryShare)},
		{name: "another share", gomemlimit: "-", automemlimit: "0.5", want: container / 2},
		{name: "off", gomemlimit: "-", automemlimit: "off"},
		{name: "set by the user", gomemlimit: "2GiB", automemlimit: "-"},
		{name: "not a share", gomemlimit: "-", automemlimit: "most", warning: "kbc: warning: AUTOMEMLIMIT: cannot parse AUTOMEMLIMIT: most\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for key, val := range map[string]string{"GOMEMLIMIT": c.gomemlimit, "AUTOMEMLIMIT": c.automemlimit} {
				if val == "-" {
					unsetenv(t, key)
				} else {
					t.Setenv(key, val)
				}
			}
			const before = 5 << 30
			defer debug.SetMemoryLimit(debug.SetMemoryLimit(before))
			var stderr bytes.Buffer
			limitMemory(memlimit.Limit(container), &stderr)
			want := c.want
			if want == 0 {
				want = before
			}
			if got := debug.SetMemoryLimit(-1); got != want {
				t.Errorf("memory limit %d, want %d", got, want)
			}
			if got := stderr.String(); got != c.warning {
				t.Errorf("stderr %q, want %q", got, c.warning)
			}
		})
	}
}

func TestMemoryLimitLeftAsItWasWhereTheSystemTellsNone(t *testing.T) {
	unsetenv(t, "GOMEMLIMIT")
	unsetenv(t, "AUTOMEMLIMIT")
	const before = 5 << 30
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(before))
	var stderr bytes.Buffer
	unknown := func() (uint64, error) { return 0, os.ErrPermission }
	limitMemory(unknown, &stderr)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("memory limit %d, want %d as it was", got, before)
	}
	if strings.TrimSpace(stderr.String()) != "" {
		t.Errorf("stderr %q, want nothing", stderr.String())
	}
}
