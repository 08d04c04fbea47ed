package transport_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/outcome"
	"github.com/opsctl/opsctl/transport"
)

func fleetOpts(f *lab.SSHFleet) transport.Options { return f.TransportOptions() }

func target(h *lab.SSHHost) transport.Target { return h.Target() }

func newPool(t *testing.T, o transport.Options) *transport.Pool {
	t.Helper()
	p, err := transport.NewPool(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func run(t *testing.T, p *transport.Pool, h transport.Target, cmd string) (*transport.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := p.Client(ctx, h)
	if err != nil {
		return nil, err
	}
	return c.Run(ctx, cmd)
}

// One fleet for most tests: starting sshds is the slow part.
func TestLabFleet(t *testing.T) {
	l, f := lab.StartSSHDT(t, 6)

	t.Run("RunAndOwnFilesystem", func(t *testing.T) {
		p := newPool(t, fleetOpts(f))
		for _, h := range f.Hosts[:3] {
			res, err := run(t, p, target(h), "cat /srv/hostname; echo err >&2; touch /tmp/x; ls /tmp")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Fields(string(res.Stdout))[0]; got != h.Name {
				t.Errorf("%s sees /srv/hostname %q", h.Name, got)
			}
			if string(res.Stderr) != "err\n" {
				t.Errorf("stderr %q", res.Stderr)
			}
		}
		if _, err := os.Stat(filepath.Join(f.Hosts[0].Root, "tmp", "x")); err != nil {
			t.Errorf("per-host /tmp: %v", err)
		}
	})

	t.Run("ExitStatus", func(t *testing.T) {
		p := newPool(t, fleetOpts(f))
		res, err := run(t, p, target(f.Hosts[0]), "echo oops >&2; exit 7")
		if !errors.Is(err, transport.ErrExitStatus) || res.ExitStatus != 7 {
			t.Fatalf("err %v res %+v", err, res)
		}
		if st, ok := transport.IsExit(err); !ok || st != 7 || !strings.Contains(err.Error(), "host001") || !strings.Contains(err.Error(), "oops") {
			t.Fatalf("err %v", err)
		}
	})

	t.Run("ConnectionReusedAndShared", func(t *testing.T) {
		p := newPool(t, fleetOpts(f))
		ctx := context.Background()
		var wg sync.WaitGroup
		clients := make([]*transport.Client, 20)
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := p.Client(ctx, target(f.Hosts[1]))
				if err != nil {
					t.Error(err)
					return
				}
				clients[i] = c
				if _, err := c.Run(ctx, "true"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		for _, c := range clients {
			if c != clients[0] {
				t.Fatal("concurrent callers got different connections")
			}
		}
	})

	t.Run("Stream", func(t *testing.T) {
		p := newPool(t, fleetOpts(f))
		c, err := p.Client(context.Background(), target(f.Hosts[2]))
		if err != nil {
			t.Fatal(err)
		}
		data := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
		var out strings.Builder
		if err := c.Stream(context.Background(), transport.Command("sh", "-c", "cat > /srv/up && wc -c < /srv/up"), strings.NewReader(data), &out, nil); err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(out.String()) != fmt.Sprint(len(data)) {
			t.Fatalf("uploaded %q bytes", out.String())
		}
	})

	t.Run("RunAll", func(t *testing.T) {
		p := newPool(t, fleetOpts(f))
		ts := []transport.Target{target(f.Hosts[0]), target(f.Hosts[1]), target(f.Hosts[2])}
		cmd := "cat /srv/hostname; test $(cat /srv/hostname) != " + f.Hosts[1].Name
		var mu sync.Mutex
		reported := map[string]fanout.Status{}
		rs, err := p.RunAll(context.Background(), ts, cmd, transport.RunAllOptions{Limit: 2, OnResult: func(r fanout.Result[*transport.Result]) {
			mu.Lock()
			reported[r.Name] = r.Status
			mu.Unlock()
		}})
		// The outcome is transport's: some hosts done, one failed with its
		// error (the shared partial-result shape), partial.
		var re *transport.RunAllError
		if !errors.As(err, &re) || outcome.Of(err) != outcome.Partial || re.Interrupted() ||
			fmt.Sprint(re.Done) != fmt.Sprint([]string{f.Hosts[0].Name, f.Hosts[2].Name}) ||
			len(re.Failed) != 1 || re.Failed[0].Name != f.Hosts[1].Name || !errors.Is(re.Failed[0].Err, transport.ErrExitStatus) {
			t.Fatalf("RunAll's error: %#v", err)
		}
		for i, r := range rs {
			h := f.Hosts[i]
			if r.Name != h.Name || reported[h.Name] != r.Status {
				t.Fatalf("result %d: %+v (reported %v)", i, r, reported[h.Name])
			}
			if got := strings.TrimSpace(string(r.Value.Stdout)); got != h.Name {
				t.Errorf("%s: stdout %q", h.Name, got)
			}
			if want := i != 1; (r.Status == fanout.OK) != want {
				t.Errorf("%s: %s %v", h.Name, r.Status, r.Err)
			}
		}
		if !errors.Is(rs[1].Err, transport.ErrExitStatus) || rs[1].Value.ExitStatus != 1 || transport.ErrorKind(rs[1].Err) != "exit_status" {
			t.Fatalf("failing host: %+v %v", rs[1].Value, rs[1].Err)
		}

		// Streamed output reaches the writers, flushed at the end.
		fw := &flushWriter{}
		rs, err = p.RunAll(context.Background(), ts[:1], "printf 'a\\nb'", transport.RunAllOptions{Limit: 1,
			Output: func(string) (io.Writer, io.Writer) { return fw, io.Discard }})
		if err != nil || rs[0].Err != nil || fw.String() != "a\nb" || !fw.flushed {
			t.Fatalf("streamed %q flushed %v: %v", fw.String(), fw.flushed, rs[0].Err)
		}

		// After the soft stop nothing starts: every host is skipped.
		stop, cancel := context.WithCancel(context.Background())
		cancel()
		rs, err = p.RunAll(context.Background(), ts, "true", transport.RunAllOptions{Limit: 3, Stop: stop})
		for _, r := range rs {
			if r.Status != fanout.Skipped {
				t.Fatalf("%s: %s after the stop", r.Name, r.Status)
			}
		}
		if outcome.Of(err) != outcome.Interrupted || len(outcome.PartsOf(err).Skipped) != len(ts) {
			t.Fatalf("after the stop: %v", err)
		}
		// Every host failing is a failure, not a partial one.
		if _, err := p.RunAll(context.Background(), ts, "false", transport.RunAllOptions{Limit: 3}); outcome.Of(err) != outcome.Failed {
			t.Fatalf("all failed: %v (%v)", err, outcome.Of(err))
		}
	})

	t.Run("CommandTimeout", func(t *testing.T) {
		o := fleetOpts(f)
		o.CommandTimeout = 500 * time.Millisecond
		p := newPool(t, o)
		start := time.Now()
		_, err := run(t, p, target(f.Hosts[0]), "echo started; sleep 31.5; echo never")
		if !errors.Is(err, transport.ErrTimeout) || time.Since(start) > 5*time.Second {
			t.Fatalf("err %v after %s", err, time.Since(start))
		}
		// The remote process was killed (the lab logs in as root, where
		// sshd ignores signal requests: the pool kills the group itself).
		res, err := run(t, p, target(f.Hosts[0]), "pgrep -f 'sleep 31[.]5' || echo gone")
		if err != nil || strings.TrimSpace(string(res.Stdout)) != "gone" {
			t.Fatalf("remote process survived: %q %v", res.Stdout, err)
		}
		// The connection is still usable, and a per-call timeout beats
		// the pool's.
		c, err := p.Client(context.Background(), target(f.Hosts[0]))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Run(transport.WithCommandTimeout(context.Background(), 5*time.Second), "sleep 0.8"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ContextCancel", func(t *testing.T) {
		p := newPool(t, fleetOpts(f))
		c, err := p.Client(context.Background(), target(f.Hosts[0]))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(300*time.Millisecond, cancel)
		_, err = c.Run(ctx, "sleep 30")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v", err)
		}
	})

	t.Run("ChangedKeyRefused", func(t *testing.T) {
		kh := l.Path("kh-changed")
		if err := f.WriteKnownHosts(kh); err != nil {
			t.Fatal(err)
		}
		// Replace host004's line with another key.
		other := f.Hosts[4].KnownHostsLine()
		other = strings.Replace(other, fmt.Sprint(f.Hosts[4].Port), fmt.Sprint(f.Hosts[3].Port), 1)
		b, _ := os.ReadFile(kh)
		b = []byte(strings.Replace(string(b), f.Hosts[3].KnownHostsLine(), other, 1))
		os.WriteFile(kh, b, 0o644)
		for _, accept := range []bool{false, true} {
			o := fleetOpts(f)
			o.KnownHostsFile, o.AcceptNewHostKeys = kh, accept
			p := newPool(t, o)
			_, err := run(t, p, target(f.Hosts[3]), "true")
			var hk *transport.HostKeyError
			if !errors.Is(err, transport.ErrHostKey) || !errors.As(err, &hk) || !hk.Changed {
				t.Fatalf("accept=%v: err %v", accept, err)
			}
			want := "SHA256:"
			if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "host004") || !strings.Contains(err.Error(), "CHANGED") {
				t.Fatalf("message %q", err)
			}
			t.Log(err)
		}
	})

	t.Run("UnknownHost", func(t *testing.T) {
		kh := l.Path("kh-unknown")
		if err := f.WriteKnownHosts(kh, "host005"); err != nil {
			t.Fatal(err)
		}
		o := fleetOpts(f)
		o.KnownHostsFile = kh
		p := newPool(t, o)
		_, err := run(t, p, target(f.Hosts[4]), "true")
		var hk *transport.HostKeyError
		if !errors.As(err, &hk) || hk.Changed || !strings.Contains(err.Error(), "not known") || !strings.Contains(err.Error(), "--accept-new-host-keys") {
			t.Fatalf("err %v", err)
		}
		t.Log(err)
		o.AcceptNewHostKeys = true
		p2 := newPool(t, o)
		if _, err := run(t, p2, target(f.Hosts[4]), "true"); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(kh)
		if !strings.Contains(string(b), f.Hosts[4].KnownHostsLine()) {
			t.Fatalf("key not appended:\n%s", b)
		}
		// Now known: a strict pool accepts it.
		o.AcceptNewHostKeys = false
		if _, err := run(t, newPool(t, o), target(f.Hosts[4]), "true"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("AcceptNewConcurrent", func(t *testing.T) {
		kh := l.Path("kh-empty")
		o := fleetOpts(f)
		o.KnownHostsFile, o.AcceptNewHostKeys = kh, true
		p := newPool(t, o)
		var wg sync.WaitGroup
		for _, h := range f.Hosts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := run(t, p, target(h), "true"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		b, _ := os.ReadFile(kh)
		if n := strings.Count(string(b), "\n"); n != len(f.Hosts) {
			t.Fatalf("%d lines:\n%s", n, b)
		}
	})

	t.Run("AgentAuth", func(t *testing.T) {
		sock, err := f.StartAgent()
		if err != nil {
			t.Fatal(err)
		}
		t.Setenv("SSH_AUTH_SOCK", sock)
		o := fleetOpts(f)
		o.IdentityFiles, o.UseAgent = nil, true
		p := newPool(t, o)
		if _, err := run(t, p, target(f.Hosts[0]), "true"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("AuthFailure", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "id")
		if out, err := runCmd("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other); err != nil {
			t.Fatalf("ssh-keygen: %v %s", err, out)
		}
		o := fleetOpts(f)
		o.IdentityFiles = []string{other}
		p := newPool(t, o)
		_, err := run(t, p, target(f.Hosts[0]), "true")
		if !errors.Is(err, transport.ErrAuth) || !strings.Contains(err.Error(), other) {
			t.Fatalf("err %v", err)
		}
		t.Log(err)
	})

	t.Run("JumpHost", func(t *testing.T) {
		o := fleetOpts(f)
		bastion := target(f.Hosts[5])
		o.Jump = &bastion
		p := newPool(t, o)
		res, err := run(t, p, target(f.Hosts[1]), "cat /srv/hostname")
		if err != nil || strings.TrimSpace(string(res.Stdout)) != "host002" {
			t.Fatalf("res %v err %v", res, err)
		}
		// The bastion itself is reached directly.
		if _, err := run(t, p, bastion, "true"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("SSHConfigAlias", func(t *testing.T) {
		cfg := l.Path("ssh_config")
		os.WriteFile(cfg, []byte(fmt.Sprintf(`Host web1
  HostName 127.0.0.1
  Port %d
  User root
Host behind
  HostName 127.0.0.1
  Port %d
  ProxyJump root@127.0.0.1:%d
Host *
  IdentityFile %s
  UserKnownHostsFile %s
`, f.Hosts[2].Port, f.Hosts[3].Port, f.Hosts[5].Port, f.ClientKey, f.KnownHosts)), 0o644)
		p := newPool(t, transport.Options{SSHConfigFile: cfg, User: "root"})
		res, err := run(t, p, transport.Target{Name: "web1"}, "cat /srv/hostname")
		if err != nil || strings.TrimSpace(string(res.Stdout)) != "host003" {
			t.Fatalf("res %v err %v", res, err)
		}
		res, err = run(t, p, transport.Target{Name: "behind"}, "cat /srv/hostname")
		if err != nil || strings.TrimSpace(string(res.Stdout)) != "host004" {
			t.Fatalf("res %v err %v", res, err)
		}
	})

	t.Run("DialUnix", func(t *testing.T) {
		h := f.Hosts[1]
		sock := filepath.Join(h.Root, "srv", "echo.sock")
		ln, err := net.Listen("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
			buf := make([]byte, 64)
			n, _ := c.Read(buf)
			c.Write([]byte("echo:" + string(buf[:n])))
		}()
		p := newPool(t, fleetOpts(f))
		c, err := p.Client(context.Background(), target(h))
		if err != nil {
			t.Fatal(err)
		}
		conn, err := c.DialUnix(context.Background(), "/srv/echo.sock")
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Write([]byte("hi"))
		buf := make([]byte, 64)
		n, _ := conn.Read(buf)
		if string(buf[:n]) != "echo:hi" {
			t.Fatalf("got %q", buf[:n])
		}
	})

	t.Run("DownHost", func(t *testing.T) {
		p := newPool(t, fleetOpts(f))
		h := f.Hosts[4]
		h.Kill()
		defer h.Restart()
		_, err := run(t, p, target(h), "true")
		if !errors.Is(err, transport.ErrConnect) || !strings.Contains(err.Error(), "host005") || !strings.Contains(err.Error(), "refused") {
			t.Fatalf("err %v", err)
		}
		t.Log(err)
		if _, err := run(t, p, target(f.Hosts[0]), "true"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestEncryptedKeyRejected(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "id")
	if out, err := runCmd("ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", key); err != nil {
		t.Skipf("ssh-keygen: %v %s", err, out)
	}
	_, err := transport.NewPool(transport.Options{IdentityFiles: []string{key}, SSHConfigFile: "none"})
	if !errors.Is(err, transport.ErrEncryptedKey) || !strings.Contains(err.Error(), "ssh-add") {
		t.Fatalf("err %v", err)
	}
}

// A host with several host keys, of which known_hosts has only the ECDSA
// one: the client must ask for ECDSA, or the check would fail.
func TestHostKeyAlgorithmsFromKnownHosts(t *testing.T) {
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "sshd", "unshare", "ssh-keygen")
	l := lab.NewT(t)
	ecdsa := l.Path("ssh_host_ecdsa_key")
	if out, err := runCmd("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", ecdsa); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	f, err := l.StartSSHD(lab.SSHDOptions{N: 1, ExtraConfig: "HostKey " + ecdsa})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := os.ReadFile(ecdsa + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(pub))
	kh := l.Path("kh-ecdsa")
	os.WriteFile(kh, []byte(fmt.Sprintf("[127.0.0.1]:%d %s %s\n", f.Hosts[0].Port, fields[0], fields[1])), 0o644)
	o := fleetOpts(f)
	o.KnownHostsFile = kh
	if _, err := run(t, newPool(t, o), target(f.Hosts[0]), "true"); err != nil {
		t.Fatal(err)
	}
}

type flushWriter struct {
	strings.Builder
	flushed bool
}

func (w *flushWriter) Flush() error { w.flushed = true; return nil }
