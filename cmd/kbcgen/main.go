// Command kbcgen writes a synthetic knowledge base of N articles in four
// locales, valid under every lint rule, for benchmarks:
//
//	go run ./cmd/kbcgen -n 5000 -seed 1 -o /tmp/corpus
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kbcdev/kbc/internal/corpus"
)

func main() { os.Exit(run()) }

func run() int {
	n := flag.Int("n", 500, "number of articles")
	seed := flag.Uint64("seed", 1, "random seed; the same n and seed give the same corpus")
	sections := flag.Int("sections", 0, "number of sections the articles are put in, in turn; 0 for none")
	out := flag.String("o", "", "output folder (must not exist)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		return 2
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "kbcgen: %s already exists\n", *out)
		return 2
	}
	if err := corpus.Write(*out, corpus.Options{Articles: *n, Seed: *seed, Sections: *sections}); err != nil {
		fmt.Fprintf(os.Stderr, "kbcgen: %v\n", err)
		return 1
	}
	return 0
}
