package transport

// Reaching sockets and files "via" a host: HAProxy's stats socket and
// Varnish's -T port live on the load balancer / cache host, and a client
// gets there through the pooled SSH connection to that host: a
// direct-streamlocal channel for a unix socket, a direct-tcpip channel for
// host:port (no socat on the host), and plain commands (cat, mv) for the
// few files it needs there.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path"
	"strings"
	"sync"
	"time"
)

// Dial opens a connection from this host to network/addr ("unix" and a
// path, or "tcp" and host:port as seen from the host). The connection
// honours deadlines (SSH channels do not by themselves), so protocol
// clients' timeouts and cancellation work as on a local socket.
func (c *Client) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var conn net.Conn
	var err error
	switch network {
	case "unix":
		conn, err = c.DialUnix(ctx, addr)
	case "tcp":
		conn, err = c.ssh.DialContext(ctx, "tcp", addr)
		if err != nil {
			kind := ErrSession
			if ctx.Err() != nil {
				kind = ErrTimeout
				if errors.Is(ctx.Err(), context.Canceled) {
					kind = ErrConnect
				}
			}
			err = &Error{Host: c.name, Op: "dial tcp " + addr, Kind: kind, Err: err}
		}
	default:
		return nil, fmt.Errorf("via %s: cannot dial network %q", c.name, network)
	}
	if err != nil {
		return nil, err
	}
	return NewDeadlineConn(conn), nil
}

// ReadFile reads a file on the host (cat -- PATH). A missing file is
// reported as os.ErrNotExist. The content never goes into an error.
func (c *Client) ReadFile(ctx context.Context, p string) ([]byte, error) {
	// Exit 66 (EX_NOINPUT) tells "no such file" apart from other failures
	// without depending on the remote locale's wording.
	cmd := "test -e " + Quote(p) + " || exit 66; cat -- " + Quote(p)
	res, err := c.Run(ctx, cmd)
	if err != nil {
		if st, ok := IsExit(err); ok && st == 66 {
			return nil, fmt.Errorf("%s: %s: %w", c.name, p, os.ErrNotExist)
		}
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return res.Stdout, nil
}

// WriteFile replaces a file on the host atomically (ReplaceFileCommand):
// a temporary file in the same directory, the old file's mode kept
// (newMode for a new file), renamed over the target.
func (c *Client) WriteFile(ctx context.Context, p string, data []byte, newMode os.FileMode) error {
	if err := c.Stream(ctx, ReplaceFileCommand(p, newMode), bytes.NewReader(data), nil, nil); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	return nil
}

// ReplaceFileCommand is the remote shell command that atomically replaces
// path with its stdin: a temp file in the same directory (so the rename is
// atomic), the old file's mode kept (newMode for a new file), then mv -f.
// The temp file is removed if anything fails.
func ReplaceFileCommand(p0 string, newMode os.FileMode) string {
	dir := Quote(path.Dir(p0))
	base := Quote("." + path.Base(p0) + ".opsctl.XXXXXX")
	p := Quote(p0)
	return "set -e; umask 077; t=$(mktemp " + dir + "/" + base + "); trap 'rm -f \"$t\"' EXIT; cat > \"$t\"; " +
		"chmod --reference=" + p + " \"$t\" 2>/dev/null || chmod " + fmt.Sprintf("%o", newMode.Perm()) + " \"$t\"; mv -f \"$t\" " + p + "; trap - EXIT"
}

// NotStarted reports transport errors that happen before a remote command
// starts (so it certainly did not run): no connection, refused host key or
// credentials, or a session that could not be opened or started.
func NotStarted(err error) bool {
	if errors.Is(err, ErrConnect) || errors.Is(err, ErrAuth) || errors.Is(err, ErrHostKey) {
		return true
	}
	m := err.Error()
	return errors.Is(err, ErrSession) && (strings.Contains(m, "open session") || strings.Contains(m, ": start: "))
}

// deadlineConn gives a connection without deadline support (an SSH channel)
// read and write deadlines. When a deadline passes, the channel is closed
// (its blocked Read/Write return) and later calls report
// os.ErrDeadlineExceeded, as a net.Conn's would; the connection cannot be
// used after a deadline passed (the protocol clients drop it then anyway).
type deadlineConn struct {
	net.Conn

	mu      sync.Mutex
	timer   *time.Timer
	expired bool
	gen     int
}

// NewDeadlineConn wraps c (an SSH channel, say) so that its deadlines work:
// a deadline that passes closes c and later calls report
// os.ErrDeadlineExceeded.
func NewDeadlineConn(c net.Conn) net.Conn { return newDeadlineConn(c) }

func newDeadlineConn(c net.Conn) *deadlineConn { return &deadlineConn{Conn: c} }
func (d *deadlineConn) Read(b []byte) (int, error) {
	n, err := d.Conn.Read(b)
	if err != nil && d.isExpired() {
		err = os.ErrDeadlineExceeded
	}
	return n, err
}

func (d *deadlineConn) Write(b []byte) (int, error) {
	if d.isExpired() {
		return 0, os.ErrDeadlineExceeded
	}
	n, err := d.Conn.Write(b)
	if err != nil && d.isExpired() {
		err = os.ErrDeadlineExceeded
	}
	return n, err
}

func (d *deadlineConn) isExpired() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.expired
}

// SetDeadline arms (or, with the zero time, disarms) the deadline. Read and
// write deadlines are one: the clients always set both.
func (d *deadlineConn) SetDeadline(t time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	d.gen++
	if d.expired || t.IsZero() {
		return nil
	}
	wait := time.Until(t)
	if wait <= 0 {
		d.expired = true
		go d.Conn.Close()
		return nil
	}
	gen := d.gen
	d.timer = time.AfterFunc(wait, func() {
		d.mu.Lock()
		fire := gen == d.gen && !d.expired
		if fire {
			d.expired = true
		}
		d.mu.Unlock()
		if fire {
			d.Conn.Close()
		}
	})
	return nil
}

func (d *deadlineConn) SetReadDeadline(t time.Time) error  { return d.SetDeadline(t) }
func (d *deadlineConn) SetWriteDeadline(t time.Time) error { return d.SetDeadline(t) }

func (d *deadlineConn) Close() error {
	d.mu.Lock()
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	d.gen++
	d.mu.Unlock()
	return d.Conn.Close()
}
