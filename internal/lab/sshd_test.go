package lab_test

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
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
