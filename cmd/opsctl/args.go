package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// nArgs checks a command's positional arguments (min..max; max < 0: no
// limit) and, when they are wrong, says what the command needs in the
// words of its Use line, with its first example: "haproxy drain needs
// BACKEND/SERVER, e.g. opsctl haproxy drain app/web01" rather than cobra's
// "accepts 1 arg(s), received 0".
func nArgs(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) >= min && (max < 0 || len(args) <= max) {
			return nil
		}
		return argsError(cmd, args, min, max)
	}
}

func argsError(cmd *cobra.Command, args []string, min, max int) error {
	name := strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
	want := ""
	if i := strings.IndexByte(cmd.Use, ' '); i > 0 {
		want = strings.TrimSpace(cmd.Use[i+1:])
	}
	var msg string
	switch {
	case max == 0:
		msg = fmt.Sprintf("%s takes no arguments (got %q)", name, strings.Join(args, " "))
	case len(args) < min:
		msg = fmt.Sprintf("%s needs %s", name, want)
	default:
		msg = fmt.Sprintf("%s takes %s, got %d arguments: %q", name, want, len(args), strings.Join(args, " "))
	}
	if ex := firstExample(cmd); ex != "" && max != 0 {
		msg += ", e.g. " + ex
	}
	return cliUsage(fmt.Errorf("%s", msg))
}

// firstExample is the first line of cmd's examples (Example, else Long)
// that runs the command.
func firstExample(cmd *cobra.Command) string {
	for _, l := range strings.Split(cmd.Example+"\n"+cmd.Long, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, cmd.CommandPath()+" ") {
			// examples carry a comment after two spaces or more
			if i := strings.Index(l, "  "); i > 0 {
				l = strings.TrimSpace(l[:i])
			}
			return l
		}
	}
	return ""
}

// cmdLineError is a command line cobra or an argument check refused: the
// only errors followed by the "Run 'opsctl --help'" hint. A missing
// environment variable, a config error or a server's refusal already say
// what to do; the hint would only be noise there.
type cmdLineError struct{ err error }

func (e *cmdLineError) Error() string { return e.err.Error() }
func (e *cmdLineError) Unwrap() error { return e.err }

func cliUsage(err error) error { return usage(&cmdLineError{err: err}) }

// leaf is a command that takes min..max arguments (max < 0: no limit)
// and runs run with them.
func leaf(use, short, long string, min, max int, run func(args []string) error) *cobra.Command {
	return &cobra.Command{Use: use, Short: short, Long: long, Args: nArgs(min, max),
		RunE: func(_ *cobra.Command, args []string) error { return run(args) }}
}

// dryRunFlag adds --dry-run to a command that changes servers.
func dryRunFlag(cmd *cobra.Command, v *bool, help string) {
	cmd.Flags().BoolVar(v, "dry-run", false, help)
}
