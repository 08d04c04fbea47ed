package main

// Reaching admin sockets "via" an inventory host: HAProxy's stats socket
// and Varnish's -T port live on the load balancer / cache host, and opsctl
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
	"sync"
	"time"

	"github.com/opsctl/opsctl/transport"
)

// viaClient returns the pooled SSH connection to inventory host name,
// dialling it on first use.
func (a *app) viaClient(ctx context.Context, name string) (*transport.Client, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	h, ok := cfg.Host(name)
	if !ok {
		return nil, withCode(ExitUsage, fmt.Errorf("via %q is not a host in the inventory", name))
	}
	pool, err := a.sshPool()
	if err != nil {
		return nil, err
	}
	return pool.Client(ctx, a.sshTarget(h))
}

// checkVia reports a via: naming no inventory host (the inventory's own
// validation catches it too; this keeps the dialers honest).
func (a *app) checkVia(name string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	if _, ok := cfg.Host(name); !ok {
		return withCode(ExitUsage, fmt.Errorf("via %q is not a host in the inventory", name))
	}
	return nil
}

// viaDial opens a connection from host via to network/addr ("unix" and a
// path, or "tcp" and host:port as seen from that host). The connection
// honours deadlines (SSH channels do not by themselves), so the protocol
// clients' timeouts and cancellation work as on a local socket.
func (a *app) viaDial(ctx context.Context, via, network, addr string) (net.Conn, error) {
	c, err := a.viaClient(ctx, via)
	if err != nil {
		return nil, err
	}
	var conn net.Conn
	switch network {
	case "unix":
		conn, err = c.DialUnix(ctx, addr)
	case "tcp":
		conn, err = c.SSH().DialContext(ctx, "tcp", addr)
		if err != nil {
			kind := transport.ErrSession
			if ctx.Err() != nil {
				kind = transport.ErrTimeout
				if errors.Is(ctx.Err(), context.Canceled) {
					kind = transport.ErrConnect
				}
			}
			err = &transport.Error{Host: c.Name(), Op: "dial tcp " + addr, Kind: kind, Err: err}
		}
	default:
		return nil, fmt.Errorf("via %s: cannot dial network %q", via, network)
	}
	if err != nil {
		return nil, err
	}
	return newDeadlineConn(conn), nil
}

// viaReadFile reads a file on host via (cat -- PATH). A missing file is
// reported as os.ErrNotExist. The content never goes into an error.
func (a *app) viaReadFile(ctx context.Context, via, p string) ([]byte, error) {
	c, err := a.viaClient(ctx, via)
	if err != nil {
		return nil, err
	}
	// Exit 66 (EX_NOINPUT) tells "no such file" apart from other failures
	// without depending on the remote locale's wording.
	cmd := "test -e " + transport.Quote(p) + " || exit 66; cat -- " + transport.Quote(p)
	res, err := c.Run(ctx, cmd)
	if err != nil {
		if st, ok := transport.IsExit(err); ok && st == 66 {
			return nil, fmt.Errorf("%s: %s: %w", via, p, os.ErrNotExist)
		}
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return res.Stdout, nil
}

// viaWriteFile replaces a file on host via atomically (replaceFileCommand):
// a temporary file in the same directory, the old file's mode kept (newMode
// for a new file), renamed over the target.
func (a *app) viaWriteFile(ctx context.Context, via, p string, data []byte, newMode os.FileMode) error {
	c, err := a.viaClient(ctx, via)
	if err != nil {
		return err
	}
	if err := c.Stream(ctx, replaceFileCommand(p, newMode), bytes.NewReader(data), nil, nil); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	return nil
}

// replaceFileCommand is the remote shell command that atomically replaces
// path with its stdin: a temp file in the same directory (so the rename is
// atomic), the old file's mode kept (newMode for a new file), then mv -f.
// The temp file is removed if anything fails.
func replaceFileCommand(p0 string, newMode os.FileMode) string {
	dir := transport.Quote(path.Dir(p0))
	base := transport.Quote("." + path.Base(p0) + ".opsctl.XXXXXX")
	p := transport.Quote(p0)
	return "set -e; umask 077; t=$(mktemp " + dir + "/" + base + "); trap 'rm -f \"$t\"' EXIT; cat > \"$t\"; " +
		"chmod --reference=" + p + " \"$t\" 2>/dev/null || chmod " + fmt.Sprintf("%o", newMode.Perm()) + " \"$t\"; mv -f \"$t\" " + p + "; trap - EXIT"
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
