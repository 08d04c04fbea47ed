package lab_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/transport"
)

// The lab must start 100 sshds quickly on a 2-core machine, each in its own
// mount namespace.
func TestStartSSHD100(t *testing.T) {
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "sshd", "unshare")
	l := lab.NewT(t)
	start := time.Now()
	f, err := l.StartSSHD(lab.SSHDOptions{N: 100})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("100 sshds up in %s", time.Since(start))
	if len(f.Hosts) != 100 || f.Hosts[99].Name != "host100" {
		t.Fatalf("hosts %d", len(f.Hosts))
	}
	kh, _ := os.ReadFile(f.KnownHosts)
	if n := strings.Count(string(kh), "ssh-ed25519"); n != 100 {
		t.Fatalf("known_hosts has %d keys", n)
	}
	// Each host has its own /srv content, its own key.
	b, _ := os.ReadFile(filepath.Join(f.Hosts[41].Root, "srv", "hostname"))
	if string(b) != "host042\n" {
		t.Fatalf("hostname file %q", b)
	}
	if f.Hosts[0].KnownHostsLine() == f.Hosts[1].KnownHostsLine() {
		t.Fatal("hosts share a key")
	}
	h := f.Hosts[5]
	h.Kill()
	if c, err := net.DialTimeout("tcp", h.Addr(), time.Second); err == nil {
		c.Close()
		t.Fatal("killed host still accepts connections")
	}
	if err := h.Restart(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.InventoryYAML("app:\n  name: x\n"), "  - {name: host100, address: 127.0.0.1, port: ") {
		t.Fatal("inventory yaml")
	}
}

// What a host's sessions start (even a daemon that setsid()s away) dies
// with the host: each host has its own PID namespace.
func TestHostProcessesDieWithHost(t *testing.T) {
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "sshd", "unshare", "pgrep")
	l := lab.NewT(t)
	f, err := l.StartSSHD(lab.SSHDOptions{N: 1})
	if err != nil {
		t.Fatal(err)
	}
	p, err := transport.NewPool(f.TransportOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	c, err := p.Client(ctx, f.Hosts[0].Target())
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Run(ctx, "setsid nohup sleep 123.4 >/dev/null 2>&1 </dev/null & ps -e | wc -l")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := strconv.Atoi(strings.TrimSpace(string(res.Stdout))); n > 20 {
		t.Errorf("the host sees %d processes: not its own PID namespace?", n)
	}
	if out, err := exec.Command("pgrep", "-f", "sleep 123[.]4").Output(); err != nil || len(out) == 0 {
		t.Fatalf("daemon not running: %v", err)
	}
	f.Hosts[0].Kill()
	deadline := time.Now().Add(3 * time.Second)
	for {
		if err := exec.Command("pgrep", "-f", "sleep 123[.]4").Run(); err != nil {
			return // gone
		}
		if time.Now().After(deadline) {
			t.Fatal("the host's daemon outlived the host")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Two fleets in one lab (say, web hosts and a bastion) keep separate keys.
func TestTwoFleets(t *testing.T) {
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "sshd", "unshare")
	l := lab.NewT(t)
	web, err := l.StartSSHD(lab.SSHDOptions{N: 1, Prefix: "web"})
	if err != nil {
		t.Fatal(err)
	}
	db, err := l.StartSSHD(lab.SSHDOptions{N: 1, Prefix: "db"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.StartSSHD(lab.SSHDOptions{N: 1, Prefix: "db"}); err == nil {
		t.Fatal("same prefix twice must fail")
	}
	for _, f := range []*lab.SSHFleet{web, db} {
		p, err := transport.NewPool(f.TransportOptions())
		if err != nil {
			t.Fatal(err)
		}
		c, err := p.Client(context.Background(), f.Hosts[0].Target())
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.Run(context.Background(), "cat /srv/hostname")
		if err != nil || strings.TrimSpace(string(res.Stdout)) != f.Hosts[0].Name {
			t.Fatalf("%v %v", res, err)
		}
		p.Close()
	}
}
