// Package haproxy is a native client for HAProxy's runtime API (the "stats
// socket"), for one node or a fleet of load balancers at once.
//
// Protocol, as HAProxy 2.6 really speaks it (checked against the real
// server by this package's tests):
//
//   - one line per connection: a command, or several joined with ";"; in
//     this non-interactive mode HAProxy closes the connection after the
//     answers, so a reply is read until EOF;
//   - every command's answer is followed by an empty line; a success with
//     nothing to say is just that empty line;
//   - errors are plain text. The client sends "set severity-output number"
//     first, so messages built by HAProxy's CLI layer come back as
//     "[N]: text" (N a syslog severity: 0-3 are errors, 4-7 warnings and
//     notices). Beware: "Unknown command" is severity 6, and a few error
//     messages end without a newline (the empty line is then missing).
//     Commands whose success is silent (set server, set weight, map and acl
//     edits) therefore treat any output at all as an error.
//
// The socket has no authentication: whoever can connect is admin. Reach it
// through a unix socket or SSH, never expose the TCP form beyond loopback.
//
// A node is reached through a Dialer, so the same client works for a local
// unix socket, a TCP address, or a unix socket on a remote host dialled
// through an SSH connection (the caller supplies that Dialer).
package haproxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Dialer opens a fresh connection to a node's admin socket. The runtime API
// answers one command line per connection, so a call dials once per command.
type Dialer func(ctx context.Context) (net.Conn, error)

// Address is a parsed admin-socket address.
type Address struct {
	Network string // "unix" or "tcp"
	Addr    string // socket path or host:port
}

// ParseAddress parses "unix:///run/haproxy/admin.sock" or
// "tcp://127.0.0.1:9999". A bare absolute path is taken as a unix socket.
func ParseAddress(s string) (Address, error) {
	switch {
	case strings.HasPrefix(s, "unix://"):
		p := strings.TrimPrefix(s, "unix://")
		if !strings.HasPrefix(p, "/") {
			return Address{}, fmt.Errorf("admin address %q: unix:// needs an absolute path (unix:///run/haproxy/admin.sock)", s)
		}
		if strings.ContainsAny(p, "\x00\n\r") {
			return Address{}, fmt.Errorf("admin address %q: bad character in path", s)
		}
		return Address{Network: "unix", Addr: p}, nil
	case strings.HasPrefix(s, "tcp://"):
		hp := strings.TrimPrefix(s, "tcp://")
		host, port, err := net.SplitHostPort(hp)
		if err != nil || host == "" {
			return Address{}, fmt.Errorf("admin address %q: want tcp://host:port", s)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return Address{}, fmt.Errorf("admin address %q: bad port %q", s, port)
		}
		return Address{Network: "tcp", Addr: hp}, nil
	case strings.HasPrefix(s, "/"):
		return Address{Network: "unix", Addr: s}, nil
	}
	return Address{}, fmt.Errorf("admin address %q: want unix:///path or tcp://host:port", s)
}

func (a Address) String() string { return a.Network + "://" + a.Addr }

// Dialer dials the address directly from this machine.
func (a Address) Dialer() Dialer {
	return func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, a.Network, a.Addr)
	}
}

// Client talks to one HAProxy node.
type Client struct {
	// Name identifies the node in errors and results.
	Name string
	// Dial opens a connection to the admin socket.
	Dial Dialer
	// Timeout bounds one command when ctx has no earlier deadline
	// (default 10s).
	Timeout time.Duration
	// MaxReply bounds a reply's size (default 64 MiB).
	MaxReply int64
}

// New returns a client for the node name reached through dial.
func New(name string, dial Dialer) *Client { return &Client{Name: name, Dial: dial} }

// Error is a failed command on a node.
type Error struct {
	Node    string
	Command string
	// Severity is HAProxy's severity number for "[N]: ..." messages, -1 for
	// transport errors and unexpected output.
	Severity int
	Msg      string
	Err      error // transport error, if any
}

func (e *Error) Error() string { return "haproxy " + e.Node + ": " + e.Unplaced() }

// Place is the node (a printer that shows the node says Unplaced).
func (e *Error) Place() string { return e.Node }

// Unplaced is the message without the node.
func (e *Error) Unplaced() string {
	what := e.Msg
	if e.Err != nil {
		what = e.Err.Error()
	}
	if e.Command == "" {
		return what
	}
	return e.Command + ": " + what
}

func (e *Error) Unwrap() error { return e.Err }

// ErrProtocol marks a reply that does not follow the runtime API's format.
var ErrProtocol = errors.New("unexpected reply")

const severityCmd = "set severity-output number"

// exec sends one command line and returns the answer with the severity
// acknowledgement and the final empty line removed.
func (c *Client) exec(ctx context.Context, line string) (string, error) {
	if c.Dial == nil {
		return "", &Error{Node: c.Name, Command: line, Severity: -1, Err: errors.New("no dialer")}
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := c.Dial(ctx)
	if err != nil {
		return "", &Error{Node: c.Name, Command: line, Severity: -1, Err: ctxErr(ctx, err)}
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	if _, err := io.WriteString(conn, severityCmd+";"+line+"\n"); err != nil {
		return "", &Error{Node: c.Name, Command: line, Severity: -1, Err: ctxErr(ctx, err)}
	}
	max := c.MaxReply
	if max <= 0 {
		max = 64 << 20
	}
	b, err := io.ReadAll(io.LimitReader(conn, max+1))
	if err != nil {
		return "", &Error{Node: c.Name, Command: line, Severity: -1, Err: ctxErr(ctx, err)}
	}
	if int64(len(b)) > max {
		return "", &Error{Node: c.Name, Command: line, Severity: -1, Err: fmt.Errorf("reply larger than %d bytes", max)}
	}
	out, err := stripFraming(b)
	if err != nil {
		return "", &Error{Node: c.Name, Command: line, Severity: -1, Err: err}
	}
	return out, nil
}

func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		// The conn deadline (set from ctx's) fired a moment before ctx.
		return fmt.Errorf("%w (%v)", context.DeadlineExceeded, err)
	}
	return err
}

// stripFraming removes the empty answer to "set severity-output number"
// and the empty line that ends the last answer.
func stripFraming(b []byte) (string, error) {
	if len(b) == 0 {
		return "", fmt.Errorf("%w: connection closed without an answer (is this an HAProxy stats socket?)", ErrProtocol)
	}
	if b[0] != '\n' {
		// An HAProxy that does not know severity-output answers with an
		// error here.
		first, _, _ := bytes.Cut(b, []byte("\n"))
		return "", fmt.Errorf("%w to %q: %q", ErrProtocol, severityCmd, truncate(string(first), 120))
	}
	s := string(b[1:])
	if strings.HasSuffix(s, "\n\n") {
		s = s[:len(s)-1]
	} else if s == "\n" {
		s = ""
	}
	return s, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

var severityRE = regexp.MustCompile(`^\[([0-7])\]: ?`)

// Message is one "[N]: text" message found in an answer.
type Message struct {
	Severity int
	Text     string
}

// replyError returns the first error message in an answer: a "[0-3]: ..."
// line or HAProxy's "Unknown command" (which it reports at severity 6).
func replyError(out string) (Message, bool) {
	for _, ln := range strings.Split(out, "\n") {
		m := severityRE.FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		sev := int(m[1][0] - '0')
		text := strings.TrimSpace(ln[len(m[0]):])
		if sev <= 3 || strings.HasPrefix(text, "Unknown command") {
			return Message{Severity: sev, Text: text}, true
		}
	}
	return Message{}, false
}

// Raw sends a command line (one command, or several joined with ";") and
// returns the answer. An answer carrying an error message ("[0-3]: ..." or
// "Unknown command") is returned with an *Error.
func (c *Client) Raw(ctx context.Context, line string) (string, error) {
	if err := checkLine(line); err != nil {
		return "", &Error{Node: c.Name, Command: line, Severity: -1, Msg: err.Error()}
	}
	out, err := c.exec(ctx, line)
	if err != nil {
		return "", err
	}
	if m, bad := replyError(out); bad {
		return out, &Error{Node: c.Name, Command: line, Severity: m.Severity, Msg: m.Text}
	}
	return out, nil
}

// Do sends a command whose success is silent; any output is an error.
func (c *Client) Do(ctx context.Context, line string) error {
	if err := checkLine(line); err != nil {
		return &Error{Node: c.Name, Command: line, Severity: -1, Msg: err.Error()}
	}
	out, err := c.exec(ctx, line)
	if err != nil {
		return err
	}
	if strings.TrimSpace(out) == "" {
		return nil
	}
	if m, ok := replyError(out); ok {
		return &Error{Node: c.Name, Command: line, Severity: m.Severity, Msg: m.Text}
	}
	msg := strings.TrimSpace(out)
	sev := -1
	if m := severityRE.FindStringSubmatch(msg); m != nil {
		sev = int(m[1][0] - '0')
		msg = strings.TrimSpace(msg[len(m[0]):])
	}
	return &Error{Node: c.Name, Command: line, Severity: sev, Msg: truncate(msg, 500)}
}

// query sends a command that answers with data: an error message is an
// error, anything else is returned.
func (c *Client) query(ctx context.Context, line string) (string, error) {
	out, err := c.exec(ctx, line)
	if err != nil {
		return "", err
	}
	if m, bad := replyError(out); bad {
		return "", &Error{Node: c.Name, Command: line, Severity: m.Severity, Msg: m.Text}
	}
	return out, nil
}

func checkLine(line string) error {
	if strings.TrimSpace(line) == "" {
		return errors.New("empty command")
	}
	if strings.ContainsAny(line, "\n\r\x00") {
		return errors.New("command contains a newline or NUL (one command line per call)")
	}
	return nil
}
