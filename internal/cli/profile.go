package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// profiles are the --cpuprofile and --memprofile flags of the commands
// whose speed matters, so that a slow build can be measured where it runs.
type profiles struct {
	cpu, mem, trace    *string
	cpuFile, traceFile *os.File
}

func addProfileFlags(fs *flag.FlagSet) *profiles {
	return &profiles{
		cpu:   fs.String("cpuprofile", "", "write a CPU profile to `file` (for go tool pprof)"),
		mem:   fs.String("memprofile", "", "write a heap profile to `file` when done (for go tool pprof)"),
		trace: fs.String("trace", "", "write an execution trace to `file` (for go tool trace), which shows when the cores wait"),
	}
}

// start begins CPU profiling and tracing if asked to.
func (p *profiles) start() error {
	var err error
	if *p.trace != "" {
		if p.traceFile, err = startWriting(*p.trace, trace.Start); err != nil {
			return err
		}
	}
	if *p.cpu != "" {
		if p.cpuFile, err = startWriting(*p.cpu, pprof.StartCPUProfile); err != nil {
			return err
		}
	}
	return nil
}

// startWriting creates the file name and has start begin writing to it.
func startWriting(name string, start func(io.Writer) error) (*os.File, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// stop ends CPU profiling and tracing and writes the heap profile, if
// asked to.
func (p *profiles) stop() error {
	if p.traceFile != nil {
		trace.Stop()
		if err := p.traceFile.Close(); err != nil {
			return err
		}
		p.traceFile = nil
	}
	if p.cpuFile != nil {
		pprof.StopCPUProfile()
		if err := p.cpuFile.Close(); err != nil {
			return err
		}
		p.cpuFile = nil
	}
	if *p.mem == "" {
		return nil
	}
	f, err := os.Create(*p.mem)
	if err != nil {
		return err
	}
	runtime.GC() // up-to-date statistics of what is still live
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("writing heap profile: %w", err)
	}
	return f.Close()
}
