// Package varnish is a native client of the Varnish CLI (the protocol
// varnishadm speaks on varnishd's -T address) and a fleet layer that runs
// the same command on every cache node.
//
// The client never prints and never logs. Secrets are only used to answer
// the authentication challenge: they never appear in an error, an event or
// a command line.
package varnish

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"

	"strings"
	"sync"
	"time"
)

// Dialer opens the byte stream to a node's CLI. It is transport-agnostic:
// TCPDialer connects to the -T address directly; an SSH transport can
// return a connection forwarded through the SSH session.
type Dialer func(ctx context.Context) (net.Conn, error)

// TCPDialer dials the -T address (host:port) over TCP.
func TCPDialer(addr string) Dialer {
	return func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr)
	}
}

// SecretFunc returns the bytes of the -S secret file exactly as stored.
// It may read a local file, or a file on a remote host over SSH.
type SecretFunc func(ctx context.Context) ([]byte, error)

// SecretFile reads the secret from a local file.
func SecretFile(path string) SecretFunc {
	return func(ctx context.Context) ([]byte, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			// The path is not secret; the content is never included.
			return nil, fmt.Errorf("read secret file: %w", err)
		}
		return b, nil
	}
}

// SecretBytes uses secret bytes the caller already has.
func SecretBytes(b []byte) SecretFunc {
	return func(context.Context) ([]byte, error) { return b, nil }
}

// ErrAuth is wrapped by authentication failures.
var ErrAuth = errors.New("authentication failed: the secret does not match varnishd's -S file")

// Error is a failed command on a node. It never contains the secret.
type Error struct {
	Node    string // node name ("" when unknown)
	Command string // the command as sent (arguments quoted), or "connect"/"auth"
	Status  int    // CLI status when varnishd answered, else 0
	Msg     string // varnishd's reply, trimmed
	Err     error  // underlying error (network, protocol, ErrAuth)
}

func (e *Error) Error() string {
	if e.Node == "" {
		return e.Unplaced()
	}
	return "varnish node " + e.Node + ": " + e.Unplaced()
}

// Place is the node (a printer that shows the node says Unplaced).
func (e *Error) Place() string { return e.Node }

// Unplaced is the message without the node.
func (e *Error) Unplaced() string {
	var b strings.Builder
	b.WriteString(e.Command)
	b.WriteString(": ")
	switch {
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	default:
		fmt.Fprintf(&b, "status %d", e.Status)
		if e.Msg != "" {
			b.WriteString(": ")
			b.WriteString(e.Msg)
		}
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Options configure a connection.
type Options struct {
	Name   string     // node name used in errors
	Dial   Dialer     // how to reach the CLI
	Secret SecretFunc // nil when varnishd runs without -S
	// Timeout bounds each command (default DefaultTimeout).
	Timeout time.Duration
	// ConnectTimeout bounds dialling and authentication (default
	// DefaultConnectTimeout).
	ConnectTimeout time.Duration
}

// DefaultConnectTimeout bounds connecting to a node, so a node whose
// packets vanish is reported down quickly.
const DefaultConnectTimeout = 10 * time.Second

// DefaultTimeout bounds one command when ctx has no earlier deadline.
// vcl.load compiles C and can take seconds.
const DefaultTimeout = 60 * time.Second

// Client is one authenticated CLI connection. It is safe for concurrent use
// (commands are serialised).
type Client struct {
	name    string
	conn    net.Conn
	br      *bufio.Reader
	timeout time.Duration
	mu      sync.Mutex
	// Banner is the reply to a successful connect (version, platform).
	Banner string
}

// Dial connects and authenticates.
func Dial(ctx context.Context, o Options) (*Client, error) {
	if o.Dial == nil {
		return nil, &Error{Node: o.Name, Command: "connect", Err: errors.New("no dialer")}
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	cctx, cancel := context.WithTimeout(ctx, o.ConnectTimeout)
	defer cancel()
	conn, err := o.Dial(cctx)
	if err != nil {
		if ctx.Err() == nil && cctx.Err() != nil {
			err = fmt.Errorf("no connection within %s: %w", o.ConnectTimeout, err)
		}
		return nil, &Error{Node: o.Name, Command: "connect", Err: err}
	}
	c := &Client{name: o.Name, conn: conn, br: bufio.NewReader(conn), timeout: o.Timeout}
	if err := c.handshake(cctx, o.Secret); err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

// Version returns the "varnish-x.y.z" word of the banner ("" if absent).
func (c *Client) Version() string {
	for _, f := range strings.Fields(c.Banner) {
		if strings.HasPrefix(f, "varnish-") {
			return f
		}
	}
	return ""
}

func (c *Client) handshake(ctx context.Context, secret SecretFunc) error {
	stop := c.deadline(ctx)
	defer stop()
	r, err := ReadResponse(c.br)
	if err != nil {
		return c.netErr(ctx, "connect", err)
	}
	if r.Status == StatusOK {
		c.Banner = r.Body
		return nil
	}
	if r.Status != StatusAuth {
		return &Error{Node: c.name, Command: "connect", Status: r.Status, Msg: trimMsg(r.Body)}
	}
	if secret == nil {
		return &Error{Node: c.name, Command: "auth", Err: errors.New("varnishd asks for authentication but no secret is configured")}
	}
	challenge, err := challengeOf(r.Body)
	if err != nil {
		return &Error{Node: c.name, Command: "auth", Err: err}
	}
	s, err := secret(ctx)
	if err != nil {
		return &Error{Node: c.name, Command: "auth", Err: err}
	}
	if _, err := c.conn.Write([]byte("auth " + AuthResponse(challenge, s) + "\n")); err != nil {
		return c.netErr(ctx, "auth", err)
	}
	r, err = ReadResponse(c.br)
	if err != nil {
		return c.netErr(ctx, "auth", err)
	}
	if r.Status != StatusOK {
		// varnishd answers 500 (close) or 107 again; never echo anything
		// of ours back.
		return &Error{Node: c.name, Command: "auth", Status: r.Status, Err: ErrAuth}
	}
	c.Banner = r.Body
	return nil
}

// deadline applies ctx's deadline (or the default timeout) to the
// connection, and closes it if ctx is cancelled meanwhile.
func (c *Client) deadline(ctx context.Context) func() {
	d := time.Now().Add(c.timeout)
	if cd, ok := ctx.Deadline(); ok && cd.Before(d) {
		d = cd
	}
	c.conn.SetDeadline(d)
	stop := context.AfterFunc(ctx, func() { c.conn.SetDeadline(time.Unix(1, 0)) })
	return func() { stop() }
}

func (c *Client) netErr(ctx context.Context, cmd string, err error) error {
	switch {
	case ctx.Err() != nil:
		err = ctx.Err()
	case errors.Is(err, os.ErrDeadlineExceeded):
		// The connection deadline is ctx's deadline or our own timeout.
		if d, ok := ctx.Deadline(); ok && time.Until(d) <= 0 {
			err = context.DeadlineExceeded
		} else {
			err = fmt.Errorf("no reply within %s", c.timeout)
		}
	}
	return &Error{Node: c.name, Command: cmd, Err: err}
}

// Close ends the session politely and closes the connection.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn.SetDeadline(time.Now().Add(time.Second))
	c.conn.Write([]byte("quit\n"))
	return c.conn.Close()
}

// Do sends one command (arguments are quoted) and returns the reply. A
// status other than 200 is an *Error carrying the reply.
func (c *Client) Do(ctx context.Context, args ...string) (Response, error) {
	return c.do(ctx, CommandLine(args...), CommandLine(args...))
}

// do sends line; shown is what errors display (vcl.inline hides the source).
func (c *Client) do(ctx context.Context, line, shown string) (Response, error) {
	if strings.ContainsAny(line, "\n\r") {
		return Response{}, &Error{Node: c.name, Command: shown, Err: errors.New("command contains a newline")}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	stop := c.deadline(ctx)
	defer stop()
	if _, err := c.conn.Write([]byte(line + "\n")); err != nil {
		return Response{}, c.netErr(ctx, shown, err)
	}
	r, err := ReadResponse(c.br)
	if err != nil {
		return Response{}, c.netErr(ctx, shown, err)
	}
	if r.Status != StatusOK {
		return r, &Error{Node: c.name, Command: shown, Status: r.Status, Msg: trimMsg(r.Body)}
	}
	return r, nil
}

func trimMsg(s string) string {
	return truncate(strings.TrimSpace(s), 2000)
}

// Ping checks the CLI answers ("PONG <time> 1.0").
func (c *Client) Ping(ctx context.Context) error {
	r, err := c.Do(ctx, "ping")
	if err != nil {
		return err
	}
	if !strings.HasPrefix(r.Body, "PONG") {
		return &Error{Node: c.name, Command: "ping", Err: fmt.Errorf("%w: unexpected reply %q", ErrProtocol, truncate(r.Body, 60))}
	}
	return nil
}

// Status returns the child's state ("running", "stopped", ...).
func (c *Client) Status(ctx context.Context) (string, error) {
	r, err := c.Do(ctx, "status")
	if err != nil {
		return "", err
	}
	st, err := ChildState(r.Body)
	if err != nil {
		return "", &Error{Node: c.name, Command: "status", Err: err}
	}
	return st, nil
}

// VCLList returns the loaded VCLs and labels.
func (c *Client) VCLList(ctx context.Context) ([]VCL, error) {
	r, err := c.Do(ctx, "vcl.list")
	if err != nil {
		return nil, err
	}
	l, err := ParseVCLList(r.Body)
	if err != nil {
		return nil, &Error{Node: c.name, Command: "vcl.list", Err: err}
	}
	return l, nil
}

// VCLLoad compiles and loads the VCL file at path (a path on the cache
// host, read by varnishd).
func (c *Client) VCLLoad(ctx context.Context, name, path string) error {
	_, err := c.Do(ctx, "vcl.load", name, path)
	return err
}

// VCLInline compiles and loads VCL source sent over the connection.
func (c *Client) VCLInline(ctx context.Context, name, src string) error {
	line := CommandLine("vcl.inline", name, src)
	// Quote escapes newlines, so the line is one line.
	_, err := c.do(ctx, line, fmt.Sprintf("vcl.inline %s <%d bytes of VCL>", Quote(name), len(src)))
	return err
}

// VCLUse makes the named VCL active.
func (c *Client) VCLUse(ctx context.Context, name string) error {
	_, err := c.Do(ctx, "vcl.use", name)
	return err
}

// VCLDiscard unloads the named VCL or label.
func (c *Client) VCLDiscard(ctx context.Context, name string) error {
	_, err := c.Do(ctx, "vcl.discard", name)
	return err
}

// VCLLabel points label at the named VCL.
func (c *Client) VCLLabel(ctx context.Context, label, name string) error {
	_, err := c.Do(ctx, "vcl.label", label, name)
	return err
}

// Ban adds a ban. expr is the expression as separate words, e.g.
// "req.url", "~", "^/img/", "&&", "req.http.host", "==", "example.com".
func (c *Client) Ban(ctx context.Context, expr ...string) error {
	if len(expr) == 0 {
		return &Error{Node: c.name, Command: "ban", Err: errors.New("empty ban expression")}
	}
	_, err := c.Do(ctx, append([]string{"ban"}, expr...)...)
	return err
}

// BanList returns the ban list.
func (c *Client) BanList(ctx context.Context) ([]Ban, error) {
	r, err := c.Do(ctx, "ban.list")
	if err != nil {
		return nil, err
	}
	l, err := ParseBanList(r.Body)
	if err != nil {
		return nil, &Error{Node: c.name, Command: "ban.list", Err: err}
	}
	return l, nil
}

// ParamShow returns one parameter.
func (c *Client) ParamShow(ctx context.Context, name string) (Param, error) {
	r, err := c.Do(ctx, "param.show", name)
	if err != nil {
		return Param{}, err
	}
	p, err := ParseParam(name, r.Body)
	if err != nil {
		return p, &Error{Node: c.name, Command: "param.show " + Quote(name), Err: err}
	}
	return p, nil
}

// BackendList returns the backends of the loaded VCLs.
func (c *Client) BackendList(ctx context.Context) ([]Backend, error) {
	r, err := c.Do(ctx, "backend.list")
	if err != nil {
		return nil, err
	}
	l, err := ParseBackendList(r.Body)
	if err != nil {
		return nil, &Error{Node: c.name, Command: "backend.list", Err: err}
	}
	return l, nil
}
