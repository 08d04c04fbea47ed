package transport

import (
	"strings"

	"al.essio.dev/pkg/shellescape"
)

// Quote returns s quoted for a POSIX shell, so it reaches the remote command
// as one argument whatever it contains.
func Quote(s string) string { return shellescape.Quote(s) }

// Command builds a remote shell command line from separate arguments, each
// quoted with Quote. Use it for every command that contains values from
// config, flags or the network.
func Command(args ...string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = Quote(a)
	}
	return strings.Join(q, " ")
}

// CommandLine is what ssh makes of a command's arguments: a single
// argument is a shell snippet passed as is (ssh HOST 'a | b': pipes, globs
// and $VARS are the host's); several are quoted one by one (a program and
// its arguments, each reaching the host as exactly one word).
func CommandLine(args ...string) string {
	if len(args) == 1 {
		return args[0]
	}
	return Command(args...)
}
