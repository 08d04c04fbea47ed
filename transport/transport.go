// Package transport runs commands on hosts over SSH (golang.org/x/crypto/ssh).
//
// A Pool keeps one connection per host, dials it once even when many
// goroutines ask at the same time, keeps it alive and reuses it for every
// later command. Host keys are always verified against a known_hosts file:
// an unknown key is refused unless AcceptNewHostKeys (then it is recorded),
// and a changed key is refused, always. Authentication uses ssh-agent and
// identity files. The user's OpenSSH client config (~/.ssh/config) is
// honoured for Host aliases (HostName, Port, User, IdentityFile, ProxyJump,
// UserKnownHostsFile, StrictHostKeyChecking=accept-new); values given in
// Options or in a Target take precedence.
//
// Every error carries the host name and wraps one of the Err* kinds, so
// callers can tell a down host (ErrConnect) from a bad key (ErrHostKey), a
// refused login (ErrAuth), a timeout (ErrTimeout) and a command's non-zero
// exit (ErrExitStatus, *ExitError).
//
// Remote commands are shell command lines: build them with Command (or
// Quote) so values are never spliced into shell unquoted.
package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/kevinburke/ssh_config"
	"github.com/opsctl/opsctl/internal/iox"
	"golang.org/x/crypto/ssh"
)

// Options are the settings shared by every host of a Pool.
type Options struct {
	User           string   // default login user ("" = ssh config User, then $USER)
	Port           int      // default port ("" = ssh config Port, then 22)
	IdentityFiles  []string // private keys (no passphrase; use the agent for encrypted keys)
	KnownHostsFile string   // "" = ssh config UserKnownHostsFile, then ~/.ssh/known_hosts
	UseAgent       bool     // use ssh-agent at $SSH_AUTH_SOCK
	// AcceptNewHostKeys trusts and records keys of hosts not yet in
	// known_hosts (trust on first use). A changed key is still refused.
	AcceptNewHostKeys bool
	ConnectTimeout    time.Duration // TCP connect + SSH handshake (default 10s)
	CommandTimeout    time.Duration // per command (0 = none; the context still applies)
	KeepAlive         time.Duration // keepalive interval (default 15s; negative disables)
	Jump              *Target       // bastion for every host (overrides ssh config ProxyJump)
	SSHConfigFile     string        // "" = ~/.ssh/config if present; "none" = no ssh config
}

// Target is one host to connect to.
type Target struct {
	Name    string // inventory name (also the ssh config alias)
	Address string // "" = ssh config HostName for Name, else Name
	Port    int    // 0 = Options.Port, ssh config Port, 22
	User    string // "" = Options.User, ssh config User, $USER
	// Via, when not nil, are the jump hosts to go through, in order (the
	// first is dialled directly; an empty list means direct). It overrides
	// Options.Jump and the ssh config's ProxyJump for this target.
	Via []Target
}

// Result is a finished command's output and exit status.
type Result struct {
	Stdout, Stderr []byte
	ExitStatus     int
}

// MarshalJSON encodes a result as {"exit_status", "stdout", "stderr"},
// the output as text (opsctl's exec.host line).
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ExitStatus int    `json:"exit_status"`
		Stdout     string `json:"stdout"`
		Stderr     string `json:"stderr"`
	}{r.ExitStatus, string(r.Stdout), string(r.Stderr)})
}

// Pool hands out one shared SSH connection per host.
type Pool struct {
	opts       Options
	sshcfg     *ssh_config.Config
	sshcfgPath string
	auth       *authenticator

	ctx    context.Context // cancelled by Close; bounds shared dials
	cancel context.CancelFunc

	mu     sync.Mutex
	conns  map[string]*entry
	kh     map[string]*knownHosts
	closed bool
}

type entry struct {
	done   chan struct{}
	client *Client
	err    error
}

// NewPool checks the options (ssh config readable, identity files loadable)
// and returns an empty pool. It does not connect.
func NewPool(opts Options) (*Pool, error) {
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 10 * time.Second
	}
	if opts.KeepAlive == 0 {
		opts.KeepAlive = 15 * time.Second
	}
	cfg, cfgPath, err := loadSSHConfig(opts.SSHConfigFile)
	if err != nil {
		return nil, err
	}
	auth, err := newAuthenticator(opts)
	if err != nil {
		return nil, err
	}
	p := &Pool{opts: opts, sshcfg: cfg, sshcfgPath: cfgPath, auth: auth, conns: map[string]*entry{}, kh: map[string]*knownHosts{}}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	return p, nil
}

// Close closes every connection.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	var clients []*Client
	for _, e := range p.conns {
		select {
		case <-e.done:
			if e.client != nil {
				clients = append(clients, e.client)
			}
		default:
		}
	}
	p.conns = map[string]*entry{}
	p.mu.Unlock()
	p.cancel()
	for _, c := range clients {
		c.ssh.Close()
	}
	p.auth.close()
	return nil
}

// Client returns the connection to t, dialling it if needed. Concurrent
// callers for the same host share one dial. A failed dial is not cached: the
// next call tries again.
func (p *Pool) Client(ctx context.Context, t Target) (*Client, error) {
	return p.client(ctx, t, 0)
}

func (p *Pool) client(ctx context.Context, t Target, depth int) (*Client, error) {
	r, err := p.resolve(t)
	if err != nil {
		return nil, &Error{Host: t.Name, Op: "connect", Kind: ErrConnect, Err: err}
	}
	key := r.key()
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, &Error{Host: r.name, Op: "connect", Kind: ErrConnect, Err: errors.New("connection pool is closed")}
	}
	e, ok := p.conns[key]
	if ok {
		select {
		case <-e.done:
			if e.err != nil || e.client.isClosed() {
				ok = false // stale: dial again
			}
		default:
		}
	}
	if !ok {
		e = &entry{done: make(chan struct{})}
		p.conns[key] = e
		go func() {
			c, err := p.dial(r, depth)
			p.mu.Lock()
			if err == nil && p.closed {
				c.ssh.Close()
				c, err = nil, &Error{Host: r.name, Op: "connect", Kind: ErrConnect, Err: errors.New("connection pool is closed")}
			}
			e.client, e.err = c, err
			close(e.done) // under p.mu: Close sees either a done entry or p.closed
			if err != nil && p.conns[key] == e {
				delete(p.conns, key) // not cached: the next call dials again
			}
			p.mu.Unlock()
		}()
	}
	p.mu.Unlock()
	select {
	case <-e.done:
		return e.client, e.err
	case <-ctx.Done():
		return nil, &Error{Host: r.name, Op: "connect", Kind: kindOfCtx(ctx.Err()), Err: ctx.Err()}
	}
}

func (p *Pool) knownHosts(path string) *knownHosts {
	p.mu.Lock()
	defer p.mu.Unlock()
	k, ok := p.kh[path]
	if !ok {
		k = &knownHosts{path: path}
		p.kh[path] = k
	}
	return k
}

func kindOfCtx(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	return ErrConnect
}

// fastKex puts curve25519 first: it is the fastest exchange OpenSSH and
// x/crypto share. The others remain for older servers.
var fastKex = []string{
	ssh.KeyExchangeCurve25519, "curve25519-sha256@libssh.org", ssh.KeyExchangeMLKEM768X25519,
	ssh.KeyExchangeECDHP256, ssh.KeyExchangeECDHP384, ssh.KeyExchangeECDHP521,
	ssh.KeyExchangeDH14SHA256, ssh.KeyExchangeDH16SHA512, ssh.KeyExchangeDHGEXSHA256,
}

const maxJumpDepth = 4

func (p *Pool) dial(r *resolved, depth int) (*Client, error) {
	connErr := func(kind error, err error) error {
		return &Error{Host: r.name, Op: "connect", Kind: kind, Err: err}
	}
	kh := p.knownHosts(r.knownHosts)
	signers, err := p.auth.signersFor(r)
	if err != nil {
		return nil, connErr(ErrAuth, err)
	}
	var hostKeyErr error
	cfg := &ssh.ClientConfig{
		User: r.user,
		Auth: []ssh.AuthMethod{ssh.PublicKeysCallback(signers)},
		HostKeyCallback: func(_ string, remote net.Addr, key ssh.PublicKey) error {
			err := kh.check(r.name, r.addr(), remote, key, r.acceptNew)
			hostKeyErr = err
			return err
		},
		HostKeyAlgorithms: kh.algorithms(r.addr()),
		Timeout:           p.opts.ConnectTimeout,
		ClientVersion:     "SSH-2.0-opsctl",
	}
	if cfg.HostKeyAlgorithms == nil {
		cfg.HostKeyAlgorithms = preferredHostKeyAlgos
	}
	cfg.KeyExchanges = fastKex

	ctx, cancel := context.WithTimeout(p.ctx, p.opts.ConnectTimeout)
	defer cancel()

	var conn net.Conn
	via := ""
	if r.jumpTarget != nil && !p.isSelf(r, *r.jumpTarget) {
		if depth >= maxJumpDepth {
			return nil, connErr(ErrConnect, fmt.Errorf("too many jump hosts (loop in ProxyJump?)"))
		}
		jc, err := p.client(ctx, *r.jumpTarget, depth+1+len(r.jumpTarget.Via))
		if err != nil {
			return nil, connErr(kindOf(err), fmt.Errorf("via jump host: %w", err))
		}
		via = " via " + jc.name
		conn, err = jc.ssh.DialContext(ctx, "tcp", r.addr())
		if err != nil {
			return nil, connErr(kindOfDial(ctx, err), fmt.Errorf("%s%s: %w", r.addr(), via, err))
		}
	} else {
		d := net.Dialer{Timeout: p.opts.ConnectTimeout, KeepAlive: -1}
		conn, err = d.DialContext(ctx, "tcp", r.addr())
		if err != nil {
			return nil, connErr(kindOfDial(ctx, err), fmt.Errorf("%s: %w", r.addr(), unwrapOpError(err)))
		}
	}

	// x/crypto has no handshake deadline for tunnelled conns: close the
	// conn when the connect timeout passes or the pool closes.
	// The handshake and the timer race at the deadline: the mutex makes
	// it one or the other, so a handshake that succeeded is never handed
	// out on a conn the timer closed ("open session: use of closed
	// network connection" instead of a timeout).
	var (
		mu       sync.Mutex
		finished bool
		expired  bool
	)
	stop := make(chan struct{})
	go func() {
		select {
		case <-stop:
		case <-ctx.Done():
			mu.Lock()
			if !finished {
				expired = true
				conn.Close()
			}
			mu.Unlock()
		}
	}()
	sc, chans, reqs, err := ssh.NewClientConn(conn, r.addr(), cfg)
	mu.Lock()
	finished = true
	late := expired
	mu.Unlock()
	close(stop)
	if err == nil && late {
		sc.Close()
		err = ctx.Err()
	}
	if err != nil {
		conn.Close()
		switch {
		case hostKeyErr != nil:
			var hk *HostKeyError
			if errors.As(hostKeyErr, &hk) {
				return nil, connErr(ErrHostKey, hk)
			}
			return nil, connErr(ErrHostKey, hostKeyErr)
		case ctx.Err() != nil:
			return nil, connErr(ErrTimeout, fmt.Errorf("%s%s: SSH handshake timed out after %s", r.addr(), via, p.opts.ConnectTimeout))
		case strings.Contains(err.Error(), "unable to authenticate"):
			return nil, connErr(ErrAuth, fmt.Errorf("%s@%s%s: the server accepted none of our keys (%s); check ssh.user, ssh.identity_files, the agent and the host's authorized_keys",
				r.user, r.addr(), via, p.auth.describe(r)))
		default:
			return nil, connErr(ErrConnect, fmt.Errorf("%s%s: %w", r.addr(), via, err))
		}
	}
	c := &Client{name: r.name, addr: r.addr(), user: r.user, ssh: ssh.NewClient(sc, chans, reqs), cmdTimeout: p.opts.CommandTimeout, closed: make(chan struct{})}
	go func() {
		c.ssh.Wait()
		close(c.closed)
	}()
	if p.opts.KeepAlive > 0 {
		go c.keepAlive(p.opts.KeepAlive)
	}
	return c, nil
}

// isSelf reports whether the jump host is the target itself (the bastion is
// also in the inventory): then it is dialled directly.
func (p *Pool) isSelf(r *resolved, jump Target) bool {
	jr, err := p.resolve(jump)
	return err == nil && jr.addr() == r.addr()
}

func kindOf(err error) error {
	for _, k := range []error{ErrHostKey, ErrAuth, ErrTimeout} {
		if errors.Is(err, k) {
			return k
		}
	}
	return ErrConnect
}

func kindOfDial(ctx context.Context, err error) error {
	var ne net.Error
	if ctx.Err() == context.DeadlineExceeded || (errors.As(err, &ne) && ne.Timeout()) {
		return ErrTimeout
	}
	return ErrConnect
}

// unwrapOpError drops net.OpError's "dial tcp 127.0.0.1:22:" prefix (we
// print the address ourselves).
func unwrapOpError(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err
	}
	var se *os.SyscallError
	if errors.As(err, &se) && se.Err != nil {
		err = se.Err
	}
	return err
}

// Client is one SSH connection to a host, shared by every caller.
type Client struct {
	name, addr string
	user       string
	ssh        *ssh.Client
	cmdTimeout time.Duration
	closed     chan struct{}
}

// Name is the host's inventory name.
func (c *Client) Name() string { return c.name }

// Addr is the host:port dialled.
func (c *Client) Addr() string { return c.addr }

// SSH returns the underlying x/crypto client (for protocols built on it,
// such as SFTP).
func (c *Client) SSH() *ssh.Client { return c.ssh }

func (c *Client) isClosed() bool {
	select {
	case <-c.closed:
		return true
	default:
		return false
	}
}

// keepAlive sends keepalive@openssh.com every interval and closes the
// connection when the server stops answering (3 intervals), so the pool
// redials instead of hanging on a dead link.
func (c *Client) keepAlive(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-c.closed:
			return
		case <-t.C:
		}
		reply := make(chan error, 1)
		go func() {
			_, _, err := c.ssh.SendRequest("keepalive@openssh.com", true, nil)
			reply <- err
		}()
		select {
		case err := <-reply:
			if err != nil {
				c.ssh.Close()
				return
			}
		case <-time.After(3 * interval):
			c.ssh.Close()
			return
		case <-c.closed:
			return
		}
	}
}

// Run runs cmd (a shell command line; build it with Command) and returns
// its output and exit status. A non-zero exit returns the Result AND an
// *ExitError (errors.Is(err, ErrExitStatus)) naming the host, the command,
// the status and the tail of stderr. Options.CommandTimeout and ctx bound
// the command; when either ends it, the remote process is sent KILL, the
// session is closed and the error wraps ErrTimeout (or context.Canceled).
// (OpenSSH ignores signal requests for root logins; for root, the command
// line is prefixed with one that prints the shell's pid, hidden from
// stdout, and the process group is killed from a second session.)
func (c *Client) Run(ctx context.Context, cmd string) (*Result, error) {
	var out, errb bytes.Buffer
	wout, werr := &gate{w: &out}, &gate{w: &errb}
	status, err := c.exec(ctx, cmd, nil, wout, werr)
	// After a timeout the session's copiers may still be running: close
	// the gates before reading the buffers.
	wout.close()
	werr.close()
	res := &Result{Stdout: out.Bytes(), Stderr: errb.Bytes(), ExitStatus: status}
	if err != nil {
		var ee *ExitError
		if errors.As(err, &ee) {
			ee.StderrTail = tail(errb.Bytes())
		}
	}
	return res, err
}

// gate forwards writes until closed, then drops them, so nothing writes to
// a caller's buffer or stream after Run or Stream returned.
type gate struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (g *gate) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return len(p), nil
	}
	return g.w.Write(p)
}

func (g *gate) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

// Stream runs cmd with stdin streamed to it (never buffered whole; nil for
// none) and its output written to stdout and stderr as it comes (nil
// discards). A non-zero exit returns an *ExitError.
func (c *Client) Stream(ctx context.Context, cmd string, stdin io.Reader, stdout, stderr io.Writer) error {
	tb := &iox.TailBuffer{Max: 4096}
	if stderr == nil {
		stderr = tb
	} else {
		stderr = io.MultiWriter(stderr, tb)
	}
	if stdout == nil {
		stdout = io.Discard
	}
	wout, werr := &gate{w: stdout}, &gate{w: stderr}
	_, err := c.exec(ctx, cmd, stdin, wout, werr)
	wout.close()
	werr.close()
	var ee *ExitError
	if errors.As(err, &ee) {
		ee.StderrTail = tail(tb.Bytes())
	}
	return err
}

// commandTimeoutKey carries a per-call command timeout (WithCommandTimeout).
type commandTimeoutKey struct{}

// WithCommandTimeout returns a context under which Run and Stream use d
// instead of Options.CommandTimeout (0 = no command timeout; the context's
// own deadline still applies).
func WithCommandTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, commandTimeoutKey{}, d)
}

func (c *Client) exec(ctx context.Context, cmd string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	timeout := c.cmdTimeout
	if d, ok := ctx.Value(commandTimeoutKey{}).(time.Duration); ok {
		timeout = d
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	runErr := func(kind, err error) error {
		return &Error{Host: c.name, Op: "run " + summarize(cmd), Kind: kind, Err: err}
	}
	ctxErr := func() error {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			if timeout > 0 {
				return runErr(ErrTimeout, fmt.Errorf("command timed out after %s (killed): %w", timeout, ctx.Err()))
			}
			return runErr(ErrTimeout, fmt.Errorf("command timed out (killed): %w", ctx.Err()))
		}
		return runErr(ErrSession, fmt.Errorf("interrupted (killed): %w", ctx.Err()))
	}
	if ctx.Err() != nil {
		return -1, ctxErr()
	}

	type opened struct {
		s   *ssh.Session
		err error
	}
	och := make(chan opened, 1)
	go func() {
		s, err := c.ssh.NewSession()
		och <- opened{s, err}
	}()
	var sess *ssh.Session
	select {
	case o := <-och:
		if o.err != nil {
			return -1, runErr(ErrSession, fmt.Errorf("open session: %w", o.err))
		}
		sess = o.s
	case <-ctx.Done():
		go func() {
			if o := <-och; o.s != nil {
				o.s.Close()
			}
		}()
		return -1, ctxErr()
	}
	defer sess.Close()
	remote := cmd
	var pw *pidWriter
	if c.user == "root" {
		// sshd ignores signal requests for root logins: learn the
		// shell's pid (it leads the session's process group) so a
		// timeout can kill the group from a second session.
		pw = &pidWriter{w: stdout}
		stdout = pw
		remote = "printf '%d\\n' $$\n" + cmd
	}
	sess.Stdin, sess.Stdout, sess.Stderr = stdin, stdout, stderr
	if err := sess.Start(remote); err != nil {
		return -1, runErr(ErrSession, fmt.Errorf("start: %w", err))
	}
	wait := make(chan error, 1)
	go func() { wait <- sess.Wait() }()
	var err error
	select {
	case err = <-wait:
	case <-ctx.Done():
		_ = sess.Signal(ssh.SIGKILL)
		if pid := pw.get(); pid > 0 {
			c.killGroup(pid)
		}
		sess.Close()
		select {
		case <-wait:
		case <-time.After(time.Second):
			// sshd keeps a session open until its process exits: don't
			// wait for a process we could not kill.
		}
		return -1, ctxErr()
	}
	if err == nil {
		return 0, nil
	}
	var ee *ssh.ExitError
	if errors.As(err, &ee) {
		xe := &ExitError{Host: c.name, Cmd: summarize(cmd), ExitStatus: ee.ExitStatus(), Signal: ee.Signal()}
		if xe.Signal != "" {
			xe.ExitStatus = -1
		}
		return xe.ExitStatus, xe
	}
	var me *ssh.ExitMissingError
	if errors.As(err, &me) {
		return -1, runErr(ErrSession, errors.New("the command ended without an exit status (connection lost?)"))
	}
	return -1, runErr(ErrSession, err)
}

// killGroup kills a remote process group from a fresh session.
func (c *Client) killGroup(pid int) {
	s, err := c.ssh.NewSession()
	if err != nil {
		return
	}
	defer s.Close()
	done := make(chan struct{})
	go func() {
		_ = s.Run(fmt.Sprintf("kill -KILL -- -%d %d 2>/dev/null; true", pid, pid))
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
	}
}

// pidWriter takes the first line of a command's stdout (the remote shell's
// pid) and passes the rest through.
type pidWriter struct {
	mu   sync.Mutex
	w    io.Writer
	buf  []byte
	pid  int
	done bool
}

func (p *pidWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return p.w.Write(b)
	}
	p.buf = append(p.buf, b...)
	i := bytes.IndexByte(p.buf, '\n')
	if i < 0 {
		if len(p.buf) > 32 { // not a pid line: pass everything through
			p.done = true
			_, err := p.w.Write(p.buf)
			return len(b), err
		}
		return len(b), nil
	}
	p.done = true
	fmt.Sscanf(string(p.buf[:i]), "%d", &p.pid)
	if rest := p.buf[i+1:]; len(rest) > 0 {
		if _, err := p.w.Write(rest); err != nil {
			return len(b), err
		}
	}
	return len(b), nil
}

func (p *pidWriter) get() int {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pid
}

// DialUnix connects to a unix socket on the host through the SSH connection
// (direct-streamlocal@openssh.com; the server must allow stream-local
// forwarding). Used for HAProxy's admin socket on a load balancer.
func (c *Client) DialUnix(ctx context.Context, path string) (net.Conn, error) {
	conn, err := c.ssh.DialContext(ctx, "unix", path)
	if err != nil {
		kind := ErrSession
		if ctx.Err() != nil {
			kind = kindOfCtx(ctx.Err())
		}
		return nil, &Error{Host: c.name, Op: "dial unix " + path, Kind: kind, Err: err}
	}
	return conn, nil
}

// Close closes this connection; the pool dials again on the next Client
// call for the host.
func (c *Client) Close() error { return c.ssh.Close() }
