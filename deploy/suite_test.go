package deploy

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/transport"
)

// suite is the conformance suite of a Remote (the same shape as haproxy's,
// varnish's and readonly's): TestSuiteFake runs it against the fake the
// unit tests deploy with (fake_test.go), TestSuiteReal against SSHRemote
// over the lab's real sshd, so the fake cannot promise what SSH does not.
type suite struct {
	connect Connect
	hosts   []Host // two hosts, each with its own filesystem
	dir     string // a scratch directory path on each host (the suite creates it)
	// down makes a host unreachable (refuses connections); the suite
	// calls it last.
	down func(t *testing.T, host string)
}

func TestSuiteFake(t *testing.T) {
	t.Parallel()
	f := newFakeFleet(t)
	suite{
		connect: f.connect,
		hosts:   hostsN(2),
		dir:     testDeployTo + "/suite",
		down: func(t *testing.T, host string) {
			f.mu.Lock()
			f.down[host] = true
			f.mu.Unlock()
		},
	}.run(t)
}

// sshFleet starts n real sshd hosts and returns them as deploy Hosts
// with a Connect that reaches each over one SSH pool (SSHRemote).
func sshFleet(t *testing.T, n int) (*lab.SSHFleet, []Host, func(context.Context, Host) (Remote, error)) {
	t.Helper()
	_, fleet := lab.StartSSHDT(t, n)
	pool, err := transport.NewPool(fleet.TransportOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	var hosts []Host
	for _, h := range fleet.Hosts {
		hosts = append(hosts, Host{Name: h.Name})
	}
	return fleet, hosts, func(ctx context.Context, h Host) (Remote, error) {
		return &SSHRemote{Pool: pool, Target: fleet.Host(h.Name).Target()}, nil
	}
}

func TestSuiteReal(t *testing.T) {
	t.Parallel()
	fleet, hosts, connect := sshFleet(t, 2)
	suite{
		connect: connect,
		hosts:   hosts,
		dir:     "/srv/opsctl-suite",
		down:    func(t *testing.T, host string) { fleet.Host(host).Kill() },
	}.run(t)
}

// lineWaiter is a stdout that reports when a line has been written (it
// proves output arrives while the command still runs).
type lineWaiter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
}

func newLineWaiter(want string) *lineWaiter {
	return &lineWaiter{want: want, seen: make(chan struct{})}
}

func (w *lineWaiter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	had := strings.Contains(w.buf.String(), w.want)
	w.buf.Write(p)
	if !had && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
	}
	return len(p), nil
}

func (w *lineWaiter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func (w *lineWaiter) wait(t *testing.T) {
	t.Helper()
	select {
	case <-w.seen:
	case <-time.After(20 * time.Second):
		t.Fatalf("no %q on stdout while the command runs; got %q", w.want, w.String())
	}
}

func (s suite) run(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	remote := func(t *testing.T, h Host) Remote {
		t.Helper()
		r, err := s.connect(ctx, h)
		if err != nil {
			t.Fatalf("connect %s: %v", h.Name, err)
		}
		return r
	}
	run := func(t *testing.T, r Remote, cmd string, stdin io.Reader) *Output {
		t.Helper()
		o, err := r.Run(ctx, cmd, stdin)
		if err != nil {
			t.Fatalf("%q: %v", cmd, err)
		}
		return o
	}
	r0 := remote(t, s.hosts[0])
	run(t, r0, "mkdir -p "+s.dir, nil)
	t.Cleanup(func() { r0.Run(context.Background(), "rm -rf "+s.dir, nil) })

	t.Run("exit-status-and-streams", func(t *testing.T) {
		// A command that ran and failed is an exit status, not an error;
		// stdout and stderr come back apart.
		o := run(t, r0, "printf out; printf err >&2; exit 3", nil)
		if o.ExitStatus != 3 || string(o.Stdout) != "out" || string(o.Stderr) != "err" {
			t.Fatalf("got %d %q %q", o.ExitStatus, o.Stdout, o.Stderr)
		}
		if o := run(t, r0, "true", nil); o.ExitStatus != 0 || len(o.Stdout)+len(o.Stderr) != 0 {
			t.Fatalf("true: %+v", o)
		}
		if o := run(t, r0, "opsctl-no-such-command-7", nil); o.ExitStatus != 127 {
			t.Fatalf("missing command: %+v", o)
		}
		// Big outputs on both streams at once do not block each other.
		o = run(t, r0, "head -c 2000000 /dev/zero; head -c 1000000 /dev/zero >&2", nil)
		if len(o.Stdout) != 2000000 || len(o.Stderr) != 1000000 {
			t.Fatalf("big outputs: %d %d", len(o.Stdout), len(o.Stderr))
		}
	})

	t.Run("stdin", func(t *testing.T) {
		// nil stdin is an empty input, not a hang.
		if o := run(t, r0, "cat; echo end", nil); string(o.Stdout) != "end\n" {
			t.Fatalf("nil stdin: %q", o.Stdout)
		}
		b := make([]byte, 1<<20)
		rand.Read(b)
		if o := run(t, r0, "cat", bytes.NewReader(b)); !bytes.Equal(o.Stdout, b) {
			t.Fatalf("stdin came back as %d bytes, want %d identical", len(o.Stdout), len(b))
		}
	})

	t.Run("own-filesystem", func(t *testing.T) {
		r1 := remote(t, s.hosts[1])
		run(t, r0, "echo "+s.hosts[0].Name+" > "+s.dir+"/who", nil)
		if o := run(t, r0, "cat "+s.dir+"/who", nil); strings.TrimSpace(string(o.Stdout)) != s.hosts[0].Name {
			t.Fatalf("%s reads %q", s.hosts[0].Name, o.Stdout)
		}
		if o := run(t, r1, "cat "+s.dir+"/who", nil); o.ExitStatus == 0 {
			t.Fatalf("%s sees %s's file: %q", s.hosts[1].Name, s.hosts[0].Name, o.Stdout)
		}
	})

	t.Run("concurrent", func(t *testing.T) {
		// One Remote serves several commands at once.
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o, err := r0.Run(ctx, fmt.Sprintf("echo %d", i), nil)
				if err == nil && strings.TrimSpace(string(o.Stdout)) != fmt.Sprint(i) {
					err = fmt.Errorf("command %d got %q", i, o.Stdout)
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("stream", func(t *testing.T) {
		// Rollback's one-command mode: stdout arrives while the command
		// runs and waits on stdin.
		st, ok := r0.(Streamer)
		if !ok {
			t.Fatalf("%T is not a Streamer", r0)
		}
		pr, pw := io.Pipe()
		out := newLineWaiter("READY\n")
		type res struct {
			o   *Output
			err error
		}
		done := make(chan res, 1)
		go func() {
			o, err := st.Stream(ctx, "echo READY; read x; echo \"got $x\"; echo bye >&2; exit 4", pr, out)
			done <- res{o, err}
		}()
		out.wait(t)
		io.WriteString(pw, "GO\n")
		pw.Close()
		r := <-done
		if r.err != nil || r.o.ExitStatus != 4 || out.String() != "READY\ngot GO\n" || string(r.o.Stderr) != "bye\n" {
			t.Fatalf("stream: %v %+v stdout %q", r.err, r.o, out.String())
		}
	})

	t.Run("killed-by-signal", func(t *testing.T) {
		// A command killed by a signal has no exit status: its outcome is
		// an error (but it did start).
		o, err := r0.Run(ctx, "kill -KILL $$", nil)
		if err == nil || errors.Is(err, ErrNotStarted) {
			t.Fatalf("killed shell: %v %+v", err, o)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		// Cancelling the context ends the command and everything it
		// started, and Stream returns promptly with an error.
		st := r0.(Streamer)
		cctx, ccancel := context.WithCancel(ctx)
		defer ccancel()
		out := newLineWaiter("READY\n")
		done := make(chan error, 1)
		start := time.Now()
		go func() {
			_, err := st.Stream(cctx, "sleep 60 & echo $! > "+s.dir+"/child; echo READY; wait; echo late", nil, out)
			done <- err
		}()
		out.wait(t)
		ccancel()
		select {
		case err := <-done:
			if err == nil || errors.Is(err, ErrNotStarted) || !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("Stream still running 15s after the cancel")
		}
		if strings.Contains(out.String(), "late") {
			t.Fatalf("the command went on: %q", out.String())
		}
		// The background child is gone too (a zombie waiting to be reaped
		// counts as gone).
		alive := `p=$(cat ` + s.dir + `/child); s=$(cut -d' ' -f3 /proc/$p/stat 2>/dev/null); [ -n "$s" ] && [ "$s" != Z ]`
		for deadline := time.Now().Add(10 * time.Second); ; {
			o := run(t, r0, alive, nil)
			if o.ExitStatus != 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the cancelled command's child still runs %s after the cancel", time.Since(start))
			}
			time.Sleep(20 * time.Millisecond)
		}
	})

	t.Run("not-started", func(t *testing.T) {
		// A host that refuses connections: nothing ran, and the error says
		// so (ErrNotStarted), from Connect or from the command.
		h := s.hosts[1]
		s.down(t, h.Name)
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		start := time.Now()
		r, err := s.connect(ctx, h)
		if err != nil {
			return
		}
		if _, err := r.Run(ctx, "touch "+s.dir+"/ran", nil); !errors.Is(err, ErrNotStarted) {
			t.Fatalf("Run on a down host (after %s): %v", time.Since(start), err)
		}
		if _, err := r.(Streamer).Stream(ctx, "true", nil, io.Discard); !errors.Is(err, ErrNotStarted) {
			t.Fatalf("Stream on a down host (after %s): %v", time.Since(start), err)
		}
	})
}
