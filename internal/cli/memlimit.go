package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// machineMemory is the memory kbc may use: the limit of its container
// (cgroups v1 or v2), or else the machine's memory.
var machineMemory = memlimit.ApplyFallback(memlimit.FromCgroup, memlimit.FromSystem)

// memoryShare is the share of a container's memory that kbc's heap may
// take. The rest is for what the kernel charges the container for kbc's
// work: the page cache of the files a build writes, and the inodes of a
// site of hundreds of thousands of files.
const memoryShare = 0.75

// limitMemory sets the garbage collector's soft memory limit to a share
// (memoryShare) of what provider says kbc may use. By default the runtime
// lets the heap grow to twice what is live before it collects, whatever
// the machine has: a build of 20,000 articles, 560 MB live at its peak,
// reaches 1.4 GB, and in a container of 1 GB the kernel kills it. With
// the limit the collector works harder as the heap nears it, and the
// build ends. Where memory is plentiful the limit is never reached and
// changes nothing. The collector settings lint and build choose (see
// lintCollector and tuneCollector) stay under it.
//
// GOMEMLIMIT, when set, is the user's choice and wins. AUTOMEMLIMIT sets
// another share, such as 0.8, or turns this off with "off"; a value that
// is neither is reported on stderr and leaves the runtime's default.
func limitMemory(provider memlimit.Provider, stderr io.Writer) {
	_, err := memlimit.Set(memlimit.WithProvider(provider), memlimit.WithRatio(memoryShare))
	// A limit the system does not tell leaves the runtime's default: kbc
	// works as it did, and saying so on every run would only be noise.
	if _, asked := os.LookupEnv("AUTOMEMLIMIT"); err != nil && asked {
		fmt.Fprintf(stderr, "kbc: warning: AUTOMEMLIMIT: %v\n", err)
	}
}
