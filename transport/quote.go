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
