package cutover

// Adapters over SSH: the repointer that runs the configured command on
// every app host, and the disk-free probe of PostgreSQL's data directory.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/transport"
)

// SSHRepointer runs the configured repoint command (or its undo, or its
// check) on every app host at once over SSH. Every host reports (one
// failing host never cancels the others): a repoint half-done must be
// known host by host; LastResults has them.
type SSHRepointer struct {
	// Pool returns the SSH connection pool (called on first use, so
	// building the runbook dials nothing).
	Pool                 func() (*transport.Pool, error)
	Hosts                []transport.Target
	Command, Undo, Check string
	Timeout              time.Duration // per host and command
	Concurrency          int           // hosts at once (0: all)

	mu   sync.Mutex
	last []fanout.Result[*transport.Result]
}

// LastResults is every host's outcome of the last command run (done or
// failed, with the error and the command's output).
func (r *SSHRepointer) LastResults() []fanout.Result[*transport.Result] {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

func (r *SSHRepointer) run(ctx context.Context, command string) (string, error) {
	pool, err := r.Pool()
	if err != nil {
		return "", err
	}
	names := make([]string, len(r.Hosts))
	by := map[string]transport.Target{}
	for i, h := range r.Hosts {
		names[i], by[h.Name] = h.Name, h
	}
	limit := r.Concurrency
	if limit <= 0 {
		limit = len(names)
	}
	start := time.Now()
	res := fanout.Run(ctx, names, limit, func(ctx context.Context, name string) (*transport.Result, error) {
		c, err := pool.Client(ctx, by[name])
		if err != nil {
			return nil, err
		}
		return c.Run(transport.WithCommandTimeout(ctx, r.Timeout), command)
	})
	r.mu.Lock()
	r.last = res
	r.mu.Unlock()
	var bad []string
	for _, x := range res {
		if x.Status != fanout.OK {
			bad = append(bad, x.Name+": "+event.Unplaced(x.Err, x.Name))
		}
	}
	if len(bad) > 0 {
		// The command may hold a database URL with its password (${VAR}
		// expanded); errors quote the command.
		return "", fmt.Errorf("%d of %d host(s) failed: %s", len(bad), len(names), MaskURLPasswords(strings.Join(bad, "; ")))
	}
	return fmt.Sprintf("%d host(s) (%s) in %s", len(names), strings.Join(names, ", "), time.Since(start).Round(time.Millisecond)), nil
}

func (r *SSHRepointer) Reachable(ctx context.Context) (string, error) {
	d, err := r.run(ctx, "true")
	if err == nil && r.Undo == "" {
		d += "; no cutover.repoint.undo: abort after the repoint cannot point the app back"
	}
	return d, err
}

func (r *SSHRepointer) Repoint(ctx context.Context) (string, error) { return r.run(ctx, r.Command) }

func (r *SSHRepointer) Repointed(ctx context.Context) (bool, string, error) {
	if r.Check == "" {
		return true, "not checked: no cutover.repoint.check", nil
	}
	d, err := r.run(ctx, r.Check)
	if err != nil {
		return false, err.Error(), nil
	}
	return true, d, nil
}

func (r *SSHRepointer) Unrepoint(ctx context.Context) (string, error) {
	if r.Undo == "" {
		return "", errors.New("no cutover.repoint.undo configured: point the app hosts back at MySQL by hand")
	}
	return r.run(ctx, r.Undo)
}

var urlPasswordRE = regexp.MustCompile(`(://[^:/@\s'"]*):[^@\s'"]*@`)

// MaskURLPasswords hides the password of every scheme://user:password@
// in s (repoint commands often carry the new database URL).
func MaskURLPasswords(s string) string { return urlPasswordRE.ReplaceAllString(s, "$1:***@") }

// SSHDiskFree is MySQLPG.DiskFree over SSH: df on the PostgreSQL host t.
func SSHDiskFree(pool func() (*transport.Pool, error), t transport.Target) func(context.Context, string) (uint64, error) {
	return func(ctx context.Context, dir string) (uint64, error) {
		p, err := pool()
		if err != nil {
			return 0, err
		}
		c, err := p.Client(ctx, t)
		if err != nil {
			return 0, err
		}
		res, err := c.Run(ctx, "df -Pk -- "+transport.Quote(dir))
		if err != nil {
			return 0, err
		}
		return parseDF(string(res.Stdout))
	}
}

// LocalDiskFree is MySQLPG.DiskFree with statfs when the PostgreSQL URL
// names this machine (no host, localhost, a socket directory or a loopback
// address); nil otherwise (preflight then warns it cannot check).
func LocalDiskFree(pgURL string) func(context.Context, string) (uint64, error) {
	u, err := url.Parse(pgURL)
	if err != nil {
		return nil
	}
	host := u.Hostname()
	if hq := u.Query().Get("host"); hq != "" {
		host = hq
	}
	local := host == "" || host == "localhost" || strings.HasPrefix(host, "/")
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		local = true
	}
	if !local {
		return nil
	}
	return func(_ context.Context, dir string) (uint64, error) {
		var st syscall.Statfs_t
		if err := syscall.Statfs(dir, &st); err != nil {
			return 0, err
		}
		return st.Bavail * uint64(st.Bsize), nil
	}
}

func parseDF(out string) (uint64, error) {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 {
		return 0, fmt.Errorf("df: unexpected output %q", clipText(out, 80))
	}
	f := strings.Fields(lines[len(lines)-1])
	if len(f) < 4 {
		return 0, fmt.Errorf("df: unexpected output %q", clipText(out, 80))
	}
	kb, err := strconv.ParseUint(f[3], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("df: %v", err)
	}
	return kb * 1024, nil
}

func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
