// Package serve holds kbc's preview server: it builds the help site into a
// temporary folder, serves it over HTTP, watches the content folder, and
// on every change reloads, re-lints and rebuilds. Pages served by the
// preview carry a small script that reloads them when a build finishes and
// shows the lint findings of a failed build over the page; the site on
// disk never carries it.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kbcdev/kbc/internal/build"
	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/output"
)

// DefaultAddr is the address the preview listens on unless told otherwise.
const DefaultAddr = "127.0.0.1:1313"

// DefaultPoll is how often the content folder is checked for changes:
// short enough that a saved file shows up before the writer has switched
// to the browser, long enough that the walk costs nothing noticeable.
const DefaultPoll = 300 * time.Millisecond

// Options configure a preview server.
type Options struct {
	Root string // the content folder, holding kb.yaml
	Addr string // host:port to listen on; empty: DefaultAddr
	// Public allows an address that is not a loopback address. A preview
	// serves drafts and answers anyone who can reach it, and has none of
	// the hardening a public server needs, so listening beyond the machine
	// must be asked for explicitly rather than happen through a typo such
	// as ":1313" or "0.0.0.0:1313".
	Public bool
	// Site selects what to build (locales, platform). Out is ignored: the
	// preview builds into a temporary folder of its own.
	Site build.Options
	// Poll is the interval between checks of the content folder; zero
	// means DefaultPoll. Tests use a shorter one.
	Poll time.Duration
	// Log receives the terminal output: build results and lint findings.
	// Nil discards it.
	Log io.Writer
	// RelativeTo is the folder that file names in findings are shown
	// relative to, as kbc lint shows them; empty keeps them as loaded.
	RelativeTo string
	// Collector, when set, is called as each build starts, and what it
	// returns as the build ends: it sets the garbage collector for the
	// build, which allocates far more than the server between builds.
	Collector func() (restore func())
}

// Server is a preview server that is listening and has run its first
// build. Run serves until its context is done.
type Server struct {
	opts     Options
	ln       net.Listener
	tmp      string       // removed when Run returns
	tmpLock  *output.Lock // held while the server runs (see removeStale)
	out      string       // the site folder inside tmp
	log      io.Writer
	instance string // tells this process's builds from a restarted server's

	// siteMu guards built, which names the site that requests read
	// (siteName). The build swaps the site folder without it: where the
	// system exchanges two folders in one call (Linux) no request finds
	// the folder missing; where it takes two renames (Windows), one
	// between them is answered 404.
	siteMu sync.RWMutex
	built  int // successful builds so far; guarded by siteMu

	stateMu sync.Mutex
	state   Status
	subs    map[chan struct{}]bool

	watched snapshot // the content as of the last build; only the watcher touches it
	// goodFindings are the findings of the last build that wrote the
	// site, which a build that finds the site up to date did not check
	// again; only the builds, one at a time, touch it.
	goodFindings diag.List
	// memory keeps what each build leaves for the next, which the server
	// alone builds: its builds run one at a time.
	memory *build.Memory
	// idleWait is the least wait between walks while nothing changes;
	// tests set it long, to tell that a notification called a walk.
	idleWait time.Duration
}

// New checks the address, starts listening, and runs the first build, so
// that the server is ready to answer when New returns. A knowledge base
// with errors is not a failure: the server starts and shows them. The
// caller must call Run, which releases what New took.
func New(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.Poll <= 0 {
		opts.Poll = DefaultPoll
	}
	// The watcher and the loader must keep reading the same folder
	// whatever the working directory becomes.
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	opts.Root = root
	if opts.RelativeTo != "" {
		if opts.RelativeTo, err = filepath.Abs(opts.RelativeTo); err != nil {
			return nil, err
		}
	}
	log := opts.Log
	if log == nil {
		log = io.Discard
	}
	ln, err := listen(opts.Addr, opts.Public)
	if err != nil {
		return nil, err
	}
	// In the background: the site of a server killed with its terminal
	// may be 100,000 files, and this one's start need not wait for them.
	go removeStale(os.TempDir())
	tmp, err := os.MkdirTemp("", tmpPrefix)
	if err != nil {
		ln.Close()
		return nil, err
	}
	tmpLock, err := output.LockFolder(tmp, nil)
	if err != nil {
		ln.Close()
		os.RemoveAll(tmp)
		return nil, err
	}
	s := &Server{
		opts:     opts,
		ln:       ln,
		tmp:      tmp,
		tmpLock:  tmpLock,
		out:      filepath.Join(tmp, "site"),
		log:      log,
		instance: strconv.FormatInt(time.Now().UnixNano(), 36),
		subs:     map[chan struct{}]bool{},
		memory:   &build.Memory{},
	}
	// The snapshot is taken before the build reads the files, so that an
	// edit made during the build is seen by the first poll.
	s.watched = takeSnapshot(opts.Root)
	if err := s.rebuild(nil); err != nil {
		ln.Close()
		s.removeTmp()
		return nil, err
	}
	return s, nil
}

// tmpPrefix starts the name of the folder, in the system's temporary
// folder, that a server builds its site in.
const tmpPrefix = "kbc-serve-"

// staleAfter is how old the lock file of a server's folder must be for
// another server to take it as stale: one starting this moment has made
// its lock file and not yet locked it.
const staleAfter = time.Minute

// removeTmp lets go of the server's folder and removes it.
func (s *Server) removeTmp() {
	s.tmpLock.Release()
	removeFolder(s.tmp)
}

// removeFolder removes a server's folder, its lock file last: a removal
// cut short (a second Ctrl+C, the machine shut down) leaves a folder
// that the next server still knows for a stale one of its kind.
func removeFolder(folder string) {
	entries, _ := os.ReadDir(folder)
	for _, e := range entries {
		if e.Name() != output.FolderLockFile {
			os.RemoveAll(filepath.Join(folder, e.Name()))
		}
	}
	os.RemoveAll(folder)
}

// removeStale removes the folders in dir of servers that ended without
// removing theirs, as one killed with SIGKILL does: a server holds the
// lock of its folder while it runs, and the system lets go of it when
// the process ends, however it ends. A folder without a lock file, which
// no server of this kind made, is left alone, as is one another user's
// server holds.
func removeStale(dir string) {
	if !output.Locks {
		return // no lock tells a live server's folder from a dead one's
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), tmpPrefix) {
			continue
		}
		folder := filepath.Join(dir, e.Name())
		if st, err := os.Lstat(filepath.Join(folder, output.FolderLockFile)); err != nil || time.Since(st.ModTime()) < staleAfter {
			continue
		}
		// Released first: Windows removes no file another handle has
		// open. No server takes an old folder for its own, so none can
		// lock this one meanwhile.
		if l, ok, _ := output.TryLockFolder(folder); ok {
			l.Release()
			removeFolder(folder)
		}
	}
}

// listen resolves the address once and listens on exactly what was
// checked, so that a host name cannot resolve to one address for the
// check and another for the listener.
func listen(addr string, public bool) (net.Listener, error) {
	tcp, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--addr %s: %w", addr, err)
	}
	if !public && (tcp.IP == nil || !tcp.IP.IsLoopback()) {
		return nil, &AddrError{Addr: addr}
	}
	return net.ListenTCP("tcp", tcp)
}

// AddrError refuses a listening address beyond the machine without
// Options.Public.
type AddrError struct{ Addr string }

func (e *AddrError) Error() string {
	return fmt.Sprintf("refusing to listen on %s: it is not a loopback address, so anyone on the network could read the preview; use --public to allow it", e.Addr)
}

// URL is the address of the preview's home page.
func (s *Server) URL() string {
	return "http://" + s.ln.Addr().String() + "/"
}

// Run serves the preview and rebuilds on every change until ctx is done,
// then shuts the server down and removes the temporary folder. It returns
// nil after a shutdown asked for through ctx.
func (s *Server) Run(ctx context.Context) error {
	defer s.removeTmp()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		// Request contexts derive from ctx, so that event streams, which
		// never finish on their own, end when the server stops.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(s.ln) }()
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		s.watch(ctx)
	}()

	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
		cancel()
	}
	shutdownCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	if serr := srv.Shutdown(shutdownCtx); serr != nil && err == nil {
		err = serr
	}
	// A build may be writing into the temporary folder: let it finish
	// before the folder is removed, which for a large site takes a while.
	<-watched
	fmt.Fprintf(s.log, "kbc serve: stopped; removing the preview's files from %s\n", s.tmp)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
