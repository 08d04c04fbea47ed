package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/internal/lab"
)

func TestViaUnknownHost(t *testing.T) {
	t.Parallel() // see parallel_test.go
	dir := t.TempDir()
	for _, tc := range []struct{ name, yaml, args, want string }{
		{"haproxy", "hosts:\n  - {name: lb1host, address: 127.0.0.1}\nhaproxy:\n  nodes:\n    - {name: lb1, admin: 'unix:///srv/lb.sock', via: nosuch}\n",
			"haproxy status", `haproxy node lb1: via "nosuch" is not a host in the inventory`},
		{"varnish", "hosts:\n  - {name: c1host, address: 127.0.0.1}\nvarnish:\n  nodes:\n    - {name: c1, admin: '127.0.0.1:6082', secret_file: /srv/secret, via: nosuch}\n",
			"varnish status", `varnish node c1: via "nosuch" is not a host in the hosts section`},
	} {
		cfg := filepath.Join(dir, tc.name+".yaml")
		os.WriteFile(cfg, []byte(tc.yaml), 0o644)
		out, errOut, code := runCLI(t, "", append([]string{"-c", cfg}, strings.Fields(tc.args)...)...)
		if code != ExitUsage || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, cfg+":") {
			t.Errorf("%s: code %d\nstdout:\n%s\nstderr:\n%s", tc.name, code, out, errOut)
		}
	}
}

// viaLab is two lab sshd hosts and an inventory for them. host001 is the
// host the servers are reached through; host002 is killed by the tests
// that need a host that is down.
type viaLab struct {
	lab   *lab.Lab
	fleet *lab.SSHFleet
	cfg   string
}

func (v *viaLab) run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runCLI(t, "", append([]string{"-c", v.cfg}, args...)...)
}

func TestHAProxyViaSSH(t *testing.T) {
	t.Parallel() // see parallel_test.go
	lab.RequireRoot(t)
	lab.Require(t, "sshd", "unshare", "haproxy")
	l, f := lab.StartSSHDT(t, 2)
	h1 := f.Hosts[0]
	// The haproxy runs here, but its admin socket is in host001's /srv:
	// host001 sees it at /srv/lb.sock, this machine at Root/srv/lb.sock.
	sock := filepath.Join(h1.Root, "srv", "lb.sock")
	hp, err := l.StartHAProxy(lab.HAProxyOptions{Name: "vlb", AdminTCP: true,
		GlobalExtra: []string{"stats socket " + sock + " mode 600 level admin"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := lab.WaitUnix(sock, hp.Proc, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	v := &viaLab{lab: l, fleet: f}
	v.cfg = writeConfig(t, l, "opsctl.yaml", f.InventoryYAML(fmt.Sprintf(`haproxy:
  nodes:
    - {name: lbvia, admin: 'unix:///srv/lb.sock', via: host001, groups: [lb], state_file: /srv/lb.state}
    - {name: lbtcp, admin: 'tcp://%s', via: host001, groups: [lb]}
    - {name: lbgone, admin: 'unix:///srv/lb.sock', via: host002, groups: [gone]}
`, hp.AdminTCP)))

	out, errOut, code := v.run(t, "-H", "lb", "haproxy", "status")
	if code != 0 || !regexpMatch(out, `lbvia\s+app/s01\s+UP`) || !regexpMatch(out, `lbtcp\s+app/s01\s+UP`) ||
		!strings.Contains(out, "node lbvia: HAProxy 2.6") || !strings.Contains(out, "state file: absent (/srv/lb.state)") {
		t.Fatalf("status: code %d\n%s\n%s", code, out, errOut)
	}

	// drain through SSH, on both nodes (the same haproxy: unix + tcp).
	out, errOut, code = v.run(t, "-H", "lbvia", "haproxy", "drain", "app/s01", "--wait", "--drain-timeout", "20s", "--interval", "100ms")
	if code != 0 || !regexpMatch(out, `lbvia\s+set server app/s01 state drain\s+ok`) {
		t.Fatalf("drain: code %d\n%s\n%s", code, out, errOut)
	}
	out, _, code = v.run(t, "-H", "lb", "haproxy", "status", "--backend", "app")
	if code != 0 || !regexpMatch(out, `lbvia\s+app/s01\s+DRAIN`) || !regexpMatch(out, `lbtcp\s+app/s01\s+DRAIN`) {
		t.Fatalf("status after drain: code %d\n%s", code, out)
	}
	out, errOut, code = v.run(t, "-H", "lbtcp", "haproxy", "ready", "app/s01")
	if code != 0 || !regexpMatch(out, `lbtcp\s+set server app/s01 state ready\s+ok`) {
		t.Fatalf("ready via tcp: code %d\n%s\n%s", code, out, errOut)
	}

	// save-state writes the file on host001 (in its /srv); status then
	// reads and checks it there.
	out, errOut, code = v.run(t, "-H", "lbvia", "haproxy", "save-state")
	if code != 0 || !regexpMatch(out, `lbvia\s+show servers state > /srv/lb.state\s+ok`) {
		t.Fatalf("save-state: code %d\n%s\n%s", code, out, errOut)
	}
	st, err := os.Stat(filepath.Join(h1.Root, "srv", "lb.state"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("state file on host001: %v %v", st, err)
	}
	b, _ := os.ReadFile(filepath.Join(h1.Root, "srv", "lb.state"))
	if !strings.Contains(string(b), " app ") {
		t.Fatalf("state file content:\n%s", b)
	}
	if ents, _ := filepath.Glob(filepath.Join(h1.Root, "srv", ".lb.state.opsctl-*")); len(ents) != 0 {
		t.Fatalf("temporary files left: %v", ents)
	}
	out, _, code = v.run(t, "-H", "lbvia", "haproxy", "status")
	if code != 0 || !strings.Contains(out, "state file: ok (/srv/lb.state)") {
		t.Fatalf("status after save-state: code %d\n%s", code, out)
	}

	// A via host that is down: that node fails, the others are reported.
	f.Host("host002").Kill()
	out, _, code = v.run(t, "haproxy", "status")
	if code != ExitPartial || !regexpMatch(out, `lbvia\s+app/s01\s+UP`) || !regexpMatch(out, `lbtcp\s+app/s01\s+UP`) ||
		!strings.Contains(out, "node lbgone: FAILED: haproxy lbgone: show info;show stat: host002: connect:") {
		t.Fatalf("status with host002 down: code %d\n%s", code, out)
	}
	out, _, code = v.run(t, "-o", "json", "haproxy", "weight", "app/s02", "50%")
	if code != ExitPartial || strings.Count(out, `"status":"ok"`) != 2 || !strings.Contains(out, `"node":"lbgone"`) {
		t.Fatalf("weight with host002 down: code %d\n%s", code, out)
	}
}

// TestHAProxyViaSSHChannels checks that HAProxy closing its end of the
// socket ends the SSH channel: each query returns at once (not at the
// client's timeout), and a few hundred queries leave no channel (socket)
// open on the host.
func TestHAProxyViaSSHChannels(t *testing.T) {
	t.Parallel() // see parallel_test.go
	lab.RequireRoot(t)
	lab.Require(t, "sshd", "unshare", "haproxy")
	l, f := lab.StartSSHDT(t, 1)
	h1 := f.Hosts[0]
	sock := filepath.Join(h1.Root, "srv", "lb.sock")
	hp, err := l.StartHAProxy(lab.HAProxyOptions{Name: "vch", AdminTCP: true,
		GlobalExtra: []string{"stats socket " + sock + " mode 600 level admin"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := lab.WaitUnix(sock, hp.Proc, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	// A peer that accepts and never answers: the client's timeout must
	// still end the query (SSH channels have no deadlines of their own).
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	cfg := writeConfig(t, l, "opsctl.yaml", f.InventoryYAML(fmt.Sprintf(`haproxy:
  nodes:
    - {name: lbvia, admin: 'unix:///srv/lb.sock', via: host001}
    - {name: lbtcp, admin: 'tcp://%s', via: host001}
    - {name: lbsilent, admin: 'tcp://%s', via: host001}
`, hp.AdminTCP, silent.Addr())))
	a := newApp(&IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard})
	a.opts.config = cfg
	defer a.close()
	c, err := a.config()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sockets := func() int {
		t.Helper()
		cl, err := a.f.ViaClient(ctx, "host001")
		if err != nil {
			t.Fatal(err)
		}
		res, err := cl.Run(ctx, "ls -l /proc/[0-9]*/fd/ 2>/dev/null | grep -c socket:")
		if err != nil {
			t.Fatal(err)
		}
		n, err := strconv.Atoi(strings.TrimSpace(string(res.Stdout)))
		if err != nil {
			t.Fatalf("%q: %v", res.Stdout, err)
		}
		return n
	}
	before := sockets()
	for _, n := range c.HAProxy.Nodes {
		dial, err := a.f.HAProxyDialer(n)
		if err != nil {
			t.Fatal(err)
		}
		if n.Name == "lbsilent" {
			hc := &haproxy.Client{Name: n.Name, Dial: dial, Timeout: 300 * time.Millisecond}
			start := time.Now()
			_, err := hc.Raw(ctx, "show info")
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 3*time.Second {
				t.Fatalf("silent peer: %v after %s", err, time.Since(start))
			}
			continue
		}
		// The real client: it reads each answer until HAProxy closes the
		// socket, then closes its end.
		hc := haproxy.New(n.Name, dial)
		for i := 0; i < 150; i++ {
			start := time.Now()
			out, err := hc.Raw(ctx, "show info")
			if err != nil || !strings.Contains(out, "Name: HAProxy") {
				t.Fatalf("%s: query #%d: %v\n%s", n.Name, i, err, out)
			}
			if el := time.Since(start); el > 2*time.Second {
				t.Fatalf("%s: query #%d took %s: EOF did not come through the channel", n.Name, i, el)
			}
		}
	}
	// Channels close asynchronously on the server: allow it a moment.
	var after int
	for i := 0; i < 20; i++ {
		if after = sockets(); after <= before+2 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("sockets on host001: %d before, %d after", before, after)
	if after > before+2 {
		t.Fatalf("sockets on host001: %d before, %d after 300 queries: channels leak", before, after)
	}
}

func TestVarnishViaSSH(t *testing.T) {
	t.Parallel() // see parallel_test.go
	lab.RequireRoot(t)
	lab.Require(t, "sshd", "unshare", "varnishd", "cc")
	l, f := lab.StartSSHDT(t, 2)
	h1 := f.Hosts[0]
	vd, err := l.StartVarnish(lab.VarnishOptions{Name: "vvia"})
	if err != nil {
		t.Fatal(err)
	}
	// The -S file lives in host001's /srv (/srv/varnish.secret there);
	// varnishd's -S path points at it.
	secretPath := filepath.Join(h1.Root, "srv", "varnish.secret")
	if err := os.Rename(vd.SecretFile, secretPath); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secretPath, vd.SecretFile); err != nil {
		t.Fatal(err)
	}
	secret, _ := os.ReadFile(secretPath)
	wrong := filepath.Join(h1.Root, "srv", "wrong.secret")
	os.WriteFile(wrong, []byte("not-the-secret-0123456789\n"), 0o600)
	v := &viaLab{lab: l, fleet: f}
	v.cfg = writeConfig(t, l, "opsctl.yaml", f.InventoryYAML(fmt.Sprintf(`varnish:
  nodes:
    - {name: cvia, admin: '%[1]s', secret_file: /srv/varnish.secret, via: host001, groups: [cache]}
    - {name: cwrong, admin: '%[1]s', secret_file: /srv/wrong.secret, via: host001, groups: [bad]}
    - {name: cnosecret, admin: '%[1]s', secret_file: /srv/nosuch.secret, via: host001, groups: [bad]}
    - {name: cgone, admin: '%[1]s', secret_file: /srv/varnish.secret, via: host002, groups: [bad]}
`, vd.AdminAddr)))
	noSecret := func(args []string, s string) {
		t.Helper()
		for _, sec := range [][]byte{secret, []byte("not-the-secret")} {
			if strings.Contains(s, strings.TrimSpace(string(sec))) {
				t.Fatalf("%v: output contains a secret:\n%s", args, s)
			}
		}
	}
	run := func(args ...string) (string, string, int) {
		t.Helper()
		out, errOut, code := v.run(t, args...)
		noSecret(args, out+errOut)
		return out, errOut, code
	}

	out, errOut, code := run("-H", "cache", "varnish", "status")
	if code != 0 || !regexpMatch(out, `cvia\s+up\s+running\s+boot`) {
		t.Fatalf("status: code %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = run("-H", "cache", "varnish", "ban", "req.url", "~", "^/via/")
	if code != 0 || !regexpMatch(out, `cvia\s+ok\s+ban req.url ~ \^/via/`) {
		t.Fatalf("ban: code %d\n%s\n%s", code, out, errOut)
	}
	if !banSpecs(t, vd)["req.url ~ ^/via/"] {
		t.Fatal("the ban did not reach varnishd")
	}

	f.Host("host002").Kill()
	out, errOut, code = run("-o", "json", "varnish", "status")
	if code != ExitPartial || !strings.Contains(out, `"node":"cvia"`) || strings.Count(out, `"up":true`) != 1 {
		t.Fatalf("status with bad nodes: code %d\n%s\n%s", code, out, errOut)
	}
	if !regexpMatch(out, `"node":"cwrong","running":false,"time":"[^"]*","up":false`) {
		t.Errorf("cwrong not down:\n%s", out)
	}
	// the line names the node; its error says the rest (the place is a
	// field: event.Placed)
	if !regexpMatch(out, `"error":"auth: authentication failed[^"]*","event":"varnish.node","node":"cwrong"`) {
		t.Errorf("cwrong's error:\n%s", out)
	}
	for _, want := range []string{
		"read secret file: host001: /srv/nosuch.secret: file does not exist",
		"host002: connect:",
	} {
		if !strings.Contains(out+errOut, want) {
			t.Errorf("no %q in\n%s\n%s", want, out, errOut)
		}
	}
}
