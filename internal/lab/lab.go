// Package lab starts real servers (sshd, HAProxy, Varnish, MariaDB, PostgreSQL)
// on loopback for tests, benchmarks and the README's end-to-end demo.
//
// Everything a Lab starts is tracked by PID and stopped by Close. Tests get a
// Lab from NewT, which registers Close with t.Cleanup and dumps the servers'
// logs when the test failed.
//
// Missing binaries skip a test locally but fail it when CI=true (restic's
// rule): CI can never go green by skipping.
package lab

import (
	"errors"
	"fmt"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Lab is a set of servers started for one test or one demo run.
type Lab struct {
	// Dir is the lab's root directory. It is short (unix socket paths are
	// limited to about 108 bytes).
	Dir string

	mu      sync.Mutex
	procs   []*Proc
	cleanup []func()
	closed  bool
}

// New makes a lab rooted in a fresh short directory under base (default
// /tmp when base is empty).
func New(base string) (*Lab, error) {
	if base == "" {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "opl")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	return &Lab{Dir: dir}, nil
}

// NewT makes a lab for a test: Close runs at cleanup, logs are dumped on
// failure, and the directory is removed.
func NewT(t testing.TB) *Lab {
	t.Helper()
	SkipShort(t)
	l, err := New("")
	if err != nil {
		t.Fatalf("lab: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			l.DumpLogs(t)
		}
		l.Close()
		os.RemoveAll(l.Dir)
	})
	return l
}

// Path joins elements under the lab directory.
func (l *Lab) Path(elem ...string) string {
	return filepath.Join(append([]string{l.Dir}, elem...)...)
}

// OnClose registers f to run at Close, after the processes are stopped
// (last registered runs first).
func (l *Lab) OnClose(f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cleanup = append(l.cleanup, f)
}

// Proc is one server process started by a lab.
type Proc struct {
	Name    string
	Cmd     *exec.Cmd
	LogPath string
	done    chan struct{}
	err     error
}

// Start runs cmd in its own process group with stdout and stderr going to
// <lab>/<name>.log, and tracks it for Close.
func (l *Lab) Start(name string, cmd *exec.Cmd) (*Proc, error) {
	logPath := l.Path(name + ".log")
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	if cmd.Stdout == nil {
		cmd.Stdout = f
	}
	if cmd.Stderr == nil {
		cmd.Stderr = f
	}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("lab: start %s: %w", name, err)
	}
	p := &Proc{Name: name, Cmd: cmd, LogPath: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	l.mu.Lock()
	l.procs = append(l.procs, p)
	l.mu.Unlock()
	return p, nil
}

// Exited reports whether the process has ended.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Done is closed when the process ends.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Stop sends SIGTERM to the process group, then SIGKILL after a grace period.
func (p *Proc) Stop() {
	if p.Exited() {
		return
	}
	pgid := p.Cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-p.done
	}
}

// Kill sends SIGKILL to the process group and waits for the process to end.
func (p *Proc) Kill() {
	if p.Exited() {
		return
	}
	_ = syscall.Kill(-p.Cmd.Process.Pid, syscall.SIGKILL)
	<-p.done
}

// Close stops every process the lab started (in reverse order, in parallel
// within reason) and runs the OnClose functions.
func (l *Lab) Close() {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	l.closed = true
	procs := l.procs
	cleanup := l.cleanup
	l.mu.Unlock()
	var wg sync.WaitGroup
	for i := len(procs) - 1; i >= 0; i-- {
		wg.Add(1)
		go func(p *Proc) { defer wg.Done(); p.Stop() }(procs[i])
	}
	wg.Wait()
	for i := len(cleanup) - 1; i >= 0; i-- {
		cleanup[i]()
	}
}

// DumpLogs writes the tail of every process log to the test log.
func (l *Lab) DumpLogs(t testing.TB) {
	l.mu.Lock()
	procs := append([]*Proc(nil), l.procs...)
	l.mu.Unlock()
	for _, p := range procs {
		b, err := os.ReadFile(p.LogPath)
		if err != nil || len(b) == 0 {
			continue
		}
		if len(b) > 4000 {
			b = b[len(b)-4000:]
		}
		t.Logf("--- %s log (%s) ---\n%s", p.Name, p.LogPath, b)
	}
}

// InCI reports whether skips must become failures (CI=true, or
// OPSCTL_TEST_DISALLOW_SKIP=1).
func InCI() bool {
	return os.Getenv("CI") == "true" || os.Getenv("OPSCTL_TEST_DISALLOW_SKIP") == "1"
}

// Require skips the test when a binary is missing, or fails it in CI.
// Names may be bare (looked up in PATH and the usual sbin/libexec places) or
// absolute.
func Require(t testing.TB, bins ...string) {
	t.Helper()
	SkipShort(t)
	for _, b := range bins {
		if _, err := LookPath(b); err != nil {
			skipOrFail(t, fmt.Sprintf("%s not installed (run scripts/setup)", b))
		}
	}
}

// RequireRoot skips (or fails in CI) when not running as root: the lab uses
// mount namespaces and binds servers as their own users.
func RequireRoot(t testing.TB) {
	t.Helper()
	SkipShort(t)
	if os.Geteuid() != 0 {
		skipOrFail(t, "the lab needs root (mount namespaces, per-user servers)")
	}
}

// SkipShort skips integration tests under -short (never in CI). Require,
// RequireRoot and NewT call it, so every test that needs a real server is
// left out of the -short tier (go test -short ./... runs in seconds); the
// full tier (go test ./..., the README's command and CI's) runs them.
func SkipShort(t testing.TB) {
	t.Helper()
	skipShort(t, "starts real servers (internal/lab)")
}

// SkipShortSlow skips under -short (never in CI) a test that needs no
// server but runs many real processes, such as a fake fleet running sh per
// host: why says what makes it slow. The full tier runs it.
func SkipShortSlow(t testing.TB, why string) {
	t.Helper()
	skipShort(t, why)
}

func skipShort(t testing.TB, why string) {
	t.Helper()
	if testing.Short() && !InCI() {
		t.Skipf("skipped with -short: %s; the full tier runs it (go test ./..., TESTING.md)", why)
	}
}

func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true forbids skipping: %s", msg)
	}
	t.Skip(msg)
}

var extraPath = []string{"/usr/sbin", "/sbin", "/usr/lib/postgresql/15/bin", "/usr/local/sbin"}

// LookPath finds a binary in PATH or the usual server locations.
func LookPath(name string) (string, error) {
	if strings.Contains(name, "/") {
		if _, err := os.Stat(name); err != nil {
			return "", err
		}
		return name, nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, d := range extraPath {
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: not found in PATH or %s", name, strings.Join(extraPath, ", "))
}

// Lab ports are drawn at random from below the kernel's ephemeral range
// (32768-60999 by default). Ports the kernel hands out for "port 0" come
// from that range, and so do the local ports of every outgoing connection:
// a port freed by FreePort could be taken by one of the many SSH client
// connections a test makes before the server binds it. Below the range,
// only another FreePort caller can collide, and picks are random.
const (
	portLow  = 20000
	portHigh = 32700
)

var (
	portMu  sync.Mutex
	portRnd = rand.New(rand.NewSource(time.Now().UnixNano() ^ int64(os.Getpid())<<20))
)

func listenFree() (net.Listener, error) {
	portMu.Lock()
	defer portMu.Unlock()
	for i := 0; i < 200; i++ {
		port := portLow + portRnd.Intn(portHigh-portLow)
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			return ln, nil
		}
	}
	return net.Listen("tcp", "127.0.0.1:0")
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort() (int, error) {
	ln, err := listenFree()
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// FreePorts returns n distinct free loopback ports (all listeners are held
// open until every port is chosen, so they cannot repeat).
func FreePorts(n int) ([]int, error) {
	lns := make([]net.Listener, 0, n)
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	ports := make([]int, 0, n)
	for i := 0; i < n; i++ {
		ln, err := listenFree()
		if err != nil {
			return nil, err
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// WaitTCP waits until addr accepts connections, the process exits, or the
// timeout passes.
func WaitTCP(addr string, p *Proc, timeout time.Duration) error {
	return waitFor(p, timeout, func() bool {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return true
		}
		return false
	}, "tcp "+addr)
}

// WaitUnix waits until the unix socket at path accepts connections.
func WaitUnix(path string, p *Proc, timeout time.Duration) error {
	return waitFor(p, timeout, func() bool {
		c, err := net.DialTimeout("unix", path, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return true
		}
		return false
	}, "unix "+path)
}

func waitFor(p *Proc, timeout time.Duration, ok func() bool, what string) error {
	deadline := time.Now().Add(timeout)
	for {
		if ok() {
			return nil
		}
		if p != nil && p.Exited() {
			return fmt.Errorf("lab: %s exited before %s was ready: %v (log: %s)", p.Name, what, p.err, p.LogPath)
		}
		if time.Now().After(deadline) {
			name := "server"
			if p != nil {
				name = p.Name
			}
			return fmt.Errorf("lab: %s: %s not ready after %s", name, what, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ErrNotRoot is returned by lab functions that need root.
var ErrNotRoot = errors.New("lab: needs root")
