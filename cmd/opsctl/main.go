// Command opsctl deploys code over SSH, rolls it back in seconds, flips a
// site's HAProxy and Varnish nodes into read-only mode, and migrates MySQL to
// PostgreSQL. This package only parses flags and prints; the work is done by
// the library packages.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], systemIO()))
}

// run builds the command tree, executes it and maps the outcome to an exit
// code. Exit codes are decided here and nowhere else.
func run(args []string, io *IOStreams) int {
	a := newApp(io)
	defer a.close()
	root := newRootCmd(a)
	root.SetArgs(args)
	err := root.ExecuteContext(a.hardCtx)
	if err != nil && !a.started {
		// cobra refused before any command ran: an unknown command, bad
		// arguments or flags.
		err = usage(err)
	}
	return a.exit(err)
}
