// Command kbc compiles a multilingual knowledge base of support procedures:
// kbc lint checks it, kbc build renders it into a static help site.
package main

import (
	"os"

	"github.com/kbcdev/kbc/internal/cli"
)

func main() { os.Exit(cli.Main()) }
