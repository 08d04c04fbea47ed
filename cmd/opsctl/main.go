// Command opsctl deploys code over SSH, rolls it back in seconds, flips a
// site's HAProxy and Varnish nodes into read-only mode, and migrates MySQL to
// PostgreSQL. This package only parses flags and prints; the work is done by
// the library packages.
package main

import (
	"errors"
	"os"
	"strings"
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
	cmd, err := root.ExecuteContextC(a.hardCtx)
	if err != nil && !a.started {
		// cobra refused before any command ran: an unknown command, bad
		// arguments or flags. --output may not be parsed yet (an unknown
		// command stops cobra first): read it from the arguments.
		var cl *cmdLineError
		if !errors.As(err, &cl) {
			err = cliUsage(err)
		}
		if o := outputFlag(args); o != "" {
			a.opts.output = o
		}
	}
	if cmd != nil {
		a.cmdPath = cmd.CommandPath()
	}
	return a.exit(err)
}

// outputFlag is the value of the last -o/--output in args ("" if none),
// for the errors cobra reports before it parsed the flags.
func outputFlag(args []string) string {
	out := ""
	for i, x := range args {
		if x == "--" {
			break
		}
		switch {
		case (x == "-o" || x == "--output") && i+1 < len(args):
			out = args[i+1]
		case strings.HasPrefix(x, "--output="):
			out = strings.TrimPrefix(x, "--output=")
		case strings.HasPrefix(x, "-o") && !strings.HasPrefix(x, "--"):
			out = strings.TrimPrefix(strings.TrimPrefix(x, "-o"), "=")
		}
	}
	if out != "json" && out != "text" {
		return ""
	}
	return out
}
