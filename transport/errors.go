package transport

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel kinds. Every error returned by this package wraps exactly one of
// them (test with errors.Is), plus the underlying cause.
var (
	// ErrConnect: the TCP connection or SSH handshake failed (host down,
	// refused, reset, bad address, jump host unreachable).
	ErrConnect = errors.New("connect failed")
	// ErrHostKey: the host key is unknown or changed (see *HostKeyError).
	ErrHostKey = errors.New("host key verification failed")
	// ErrAuth: the server accepted none of our keys.
	ErrAuth = errors.New("authentication failed")
	// ErrTimeout: the connect timeout or command timeout passed.
	ErrTimeout = errors.New("timed out")
	// ErrExitStatus: the command ran and exited non-zero (see *ExitError).
	ErrExitStatus = errors.New("non-zero exit status")
	// ErrSession: the connection was fine but a session or channel could not
	// be opened or broke mid-command.
	ErrSession = errors.New("session failed")
)

// Error is a transport error with its place: the host, what was being done,
// its kind (one of the Err* sentinels) and the cause.
type Error struct {
	Host string // inventory name of the host
	Op   string // "connect", "run", "dial unix"
	Kind error  // ErrConnect, ErrHostKey, ErrAuth, ErrTimeout, ErrSession
	Err  error  // the cause
}

func (e *Error) Error() string {
	msg := e.Err.Error()
	if e.Kind == ErrTimeout && !strings.Contains(msg, "timed out") {
		msg = "timed out: " + msg
	}
	return fmt.Sprintf("%s: %s: %s", e.Host, e.Op, msg)
}

// Unwrap lets errors.Is match both the kind and the cause (for example
// context.Canceled).
func (e *Error) Unwrap() []error { return []error{e.Kind, e.Err} }

// ExitError reports a command that ran and exited with a non-zero status.
// Run returns it together with the full Result.
type ExitError struct {
	Host       string
	Cmd        string // the command, shortened for messages
	ExitStatus int    // -1 when the command died by a signal
	Signal     string // the signal name when killed, e.g. "KILL"
	StderrTail string // the last lines of stderr
}

func (e *ExitError) Error() string {
	var b strings.Builder
	if e.Signal != "" {
		fmt.Fprintf(&b, "%s: %s: killed by signal %s", e.Host, e.Cmd, e.Signal)
	} else {
		fmt.Fprintf(&b, "%s: %s: exit status %d", e.Host, e.Cmd, e.ExitStatus)
	}
	if e.StderrTail != "" {
		fmt.Fprintf(&b, ": %s", e.StderrTail)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrExitStatus) true.
func (e *ExitError) Is(target error) bool { return target == ErrExitStatus }

// IsExit reports whether err is a command's non-zero exit and returns the
// status.
func IsExit(err error) (int, bool) {
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.ExitStatus, true
	}
	return 0, false
}

func summarize(cmd string) string {
	cmd = strings.Join(strings.Fields(cmd), " ")
	if len(cmd) > 60 {
		cmd = cmd[:57] + "..."
	}
	return cmd
}

// tail returns the last non-empty lines of b (at most 3 lines, 300 bytes),
// joined with " / ".
func tail(b []byte) string {
	s := strings.TrimRight(string(b), "\n\r\t ")
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > 3 {
		lines = lines[len(lines)-3:]
	}
	out := strings.Join(lines, " / ")
	if len(out) > 300 {
		out = "..." + out[len(out)-297:]
	}
	return out
}
