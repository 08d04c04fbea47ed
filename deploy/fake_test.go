package deploy

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
)

// testDeployTo is rewritten by the fake into each host's own directory.
const testDeployTo = "/opsctl-fake-deploy/app"

// fakeFleet runs the real shell commands locally with sh, each host in its
// own root directory (deploy_to is rewritten under it).
type fakeFleet struct {
	t    *testing.T
	base string
	mu   sync.Mutex
	// down hosts refuse to connect; dropOn[host] = substring: a command
	// containing it fails as a lost connection without running.
	down    map[string]bool
	dropOn  map[string]string
	corrupt map[string]bool // flip a byte of stdin
	// cutReply[host] = substring: the next command containing it runs,
	// but its answer is lost (the connection drops before the reply).
	cutReply map[string]string
	cmds     map[string]int // commands run per host
}

// fleetTest marks a test that deploys to a fake fleet of several hosts: sh
// runs every command of every host (some twenty processes per host and
// deploy, CPU-bound on the 2-core lab machine), so -short leaves it to the
// full tier. Each such test has its own fleet (a temporary directory) and
// the package has no global state, so they run in parallel.
func fleetTest(t *testing.T) {
	t.Helper()
	lab.SkipShortSlow(t, "a fake fleet runs sh for every command on every host")
	t.Parallel()
}

func newFakeFleet(t *testing.T) *fakeFleet {
	return &fakeFleet{t: t, base: t.TempDir(), down: map[string]bool{}, dropOn: map[string]string{}, corrupt: map[string]bool{}, cutReply: map[string]string{}, cmds: map[string]int{}}
}

func (f *fakeFleet) root(host string) string { return filepath.Join(f.base, host) }

// path is a path on the host (under deploy_to).
func (f *fakeFleet) path(host string, elem ...string) string {
	return filepath.Join(append([]string{f.root(host) + testDeployTo}, elem...)...)
}

func (f *fakeFleet) connect(ctx context.Context, h Host) (Remote, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down[h.Name] {
		return nil, errors.New("dial tcp: connection refused")
	}
	return &fakeRemote{f: f, host: h.Name}, nil
}

type fakeRemote struct {
	f    *fakeFleet
	host string
}

var errLost = fmt.Errorf("ssh: connection lost: %w", ErrNotStarted)

func (r *fakeRemote) Run(ctx context.Context, cmd string, stdin io.Reader) (*Output, error) {
	f := r.f
	f.mu.Lock()
	f.cmds[r.host]++
	down, drop, corrupt := f.down[r.host], f.dropOn[r.host], f.corrupt[r.host]
	cut := f.cutReply[r.host] != "" && strings.Contains(cmd, f.cutReply[r.host])
	if cut {
		delete(f.cutReply, r.host)
	}
	f.mu.Unlock()
	if down || (drop != "" && strings.Contains(cmd, drop)) {
		if stdin != nil {
			io.Copy(io.Discard, stdin)
		}
		return nil, errLost
	}
	if stdin != nil && corrupt {
		b, _ := io.ReadAll(stdin)
		if len(b) > 100 {
			b[100] ^= 0xff
		}
		stdin = bytes.NewReader(b)
	}
	var out bytes.Buffer
	o, err := r.exec(ctx, cmd, stdin, &out)
	if cut {
		return nil, errors.New("ssh: connection lost before the reply")
	}
	if o != nil {
		o.Stdout = out.Bytes()
	}
	return o, err
}

// exec runs cmd with sh on this machine the way SSHRemote runs it on a host
// (TestSuiteFake holds it to that): its own process group, killed whole
// when ctx ends (an error wrapping ctx.Err()); a shell killed by a signal
// is an error, not an exit status.
func (r *fakeRemote) exec(ctx context.Context, cmd string, stdin io.Reader, stdout io.Writer) (*Output, error) {
	cmd = strings.ReplaceAll(cmd, testDeployTo, r.f.root(r.host)+testDeployTo)
	c := exec.CommandContext(ctx, "sh", "-c", cmd)
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.Cancel = func() error { return syscall.Kill(-c.Process.Pid, syscall.SIGKILL) }
	c.WaitDelay = time.Second
	c.Stdin = stdin
	var errb bytes.Buffer
	c.Stdout, c.Stderr = stdout, &errb
	err := c.Run()
	o := &Output{Stderr: errb.Bytes()}
	if err != nil && ctx.Err() != nil {
		return o, fmt.Errorf("%s: interrupted (killed): %w", r.host, ctx.Err())
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if !ee.Exited() {
			return o, fmt.Errorf("%s: %s", r.host, ee.ProcessState)
		}
		o.ExitStatus = ee.ExitCode()
		return o, nil
	}
	return o, err
}

// artifact writes a .tar.gz with the given files and returns its path.
func artifact(t testing.TB, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, body := range files {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
		tw.Write([]byte(body))
	}
	tw.Close()
	gz.Close()
	p := filepath.Join(t.TempDir(), "app.tar.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func hostsN(n int) []Host {
	hs := make([]Host, n)
	for i := range hs {
		hs[i] = Host{Name: "web" + string(rune('a'+i/26)) + string(rune('a'+i%26))}
	}
	return hs
}

// live returns the release id current points at on host ("" if none).
func (f *fakeFleet) live(host string) string {
	l, err := os.Readlink(f.path(host, "current"))
	if err != nil {
		return ""
	}
	return filepath.Base(l)
}

func (r *fakeRemote) Stream(ctx context.Context, cmd string, stdin io.Reader, stdout io.Writer) (*Output, error) {
	f := r.f
	f.mu.Lock()
	f.cmds[r.host]++
	down := f.down[r.host]
	f.mu.Unlock()
	if down {
		return nil, errLost
	}
	return r.exec(ctx, cmd, stdin, stdout)
}
