package transport_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/transport"
	"golang.org/x/crypto/ssh"
)

// TestHostCertificatesLab: real sshds presenting host certificates signed
// with ssh-keygen -s, checked against @cert-authority lines in known_hosts
// (and no plain key line for the hosts at all).
func TestHostCertificatesLab(t *testing.T) {
	l, f := lab.StartSSHDT(t, 5)
	ca, err := f.NewCA("ca")
	if err != nil {
		t.Fatal(err)
	}
	rogue, err := f.NewCA("rogue-ca")
	if err != nil {
		t.Fatal(err)
	}
	good, wrongName, expired, untrusted, revoked := f.Hosts[0], f.Hosts[1], f.Hosts[2], f.Hosts[3], f.Hosts[4]
	for _, c := range []struct {
		h          *lab.SSHHost
		ca         *lab.CA
		principals []string
		validity   string
	}{
		{good, ca, []string{"127.0.0.1", good.Name}, "-5m:+1h"},
		{wrongName, ca, []string{"other.example.com"}, ""},
		{expired, ca, []string{"127.0.0.1"}, "20200101:20200102"},
		{untrusted, rogue, []string{"127.0.0.1"}, ""},
		{revoked, ca, []string{"127.0.0.1"}, ""},
	} {
		if err := c.h.SetHostCertificate(c.ca, c.principals, c.validity); err != nil {
			t.Fatal(err)
		}
	}
	kh := l.Path("known_hosts_ca")
	os.WriteFile(kh, []byte(ca.KnownHostsLine(f.Hosts...)+"\n@revoked * "+strings.TrimSpace(string(ssh.MarshalAuthorizedKey(revoked.HostKey)))+"\n"), 0o644)
	o := f.TransportOptions()
	o.KnownHostsFile = kh
	p := newPool(t, o)

	t.Run("a valid certificate is accepted", func(t *testing.T) {
		res, err := run(t, p, target(good), "cat /srv/hostname")
		if err != nil || strings.TrimSpace(string(res.Stdout)) != good.Name {
			t.Fatalf("res %v err %v", res, err)
		}
	})
	for _, c := range []struct {
		h    *lab.SSHHost
		want string
	}{
		{wrongName, `it was issued for other.example.com, not for "127.0.0.1"`},
		{expired, "it expired on 2020-01-02"},
		{untrusted, "signed by a CA that known_hosts does not trust for 127.0.0.1"},
		{revoked, "is marked @revoked"},
	} {
		t.Run("refused: "+c.want, func(t *testing.T) {
			_, err := run(t, p, target(c.h), "true")
			var hk *transport.HostKeyError
			if !errors.Is(err, transport.ErrHostKey) || !errors.As(err, &hk) || !strings.Contains(err.Error(), c.want) ||
				strings.Contains(err.Error(), "HOST KEY CHANGED") || !strings.Contains(err.Error(), "host certificate of "+c.h.Name) {
				t.Fatalf("%v", err)
			}
		})
	}
	t.Run("a plain key where only a CA is trusted is unknown, not changed", func(t *testing.T) {
		o := f.TransportOptions()
		o.KnownHostsFile = kh
		// ask for plain keys only: the server then offers its plain key
		_, f2 := lab.StartSSHDT(t, 1)
		os.WriteFile(kh+"2", []byte(ca.KnownHostsLine(f2.Hosts[0])+"\n"), 0o644)
		o = f2.TransportOptions()
		o.KnownHostsFile = kh + "2"
		_, err := run(t, newPool(t, o), target(f2.Hosts[0]), "true")
		if !errors.Is(err, transport.ErrHostKey) || strings.Contains(err.Error(), "HOST KEY CHANGED") || !strings.Contains(err.Error(), "not a certificate signed by it") {
			t.Fatalf("%v", err)
		}
	})
}

// TestProxyJumpChainLab: ProxyJump a,b through two real jump hosts, each
// allowed (PermitOpen) to forward only to the next hop: a chain that
// dropped a hop would be refused by sshd.
func TestProxyJumpChainLab(t *testing.T) {
	l, tgt := lab.StartSSHDT(t, 1)
	target := tgt.Hosts[0]
	hopB, err := l.StartSSHD(lab.SSHDOptions{Prefix: "hopb", ExtraConfig: fmt.Sprintf("PermitOpen 127.0.0.1:%d", target.Port)})
	if err != nil {
		t.Fatal(err)
	}
	b := hopB.Hosts[0]
	hopA, err := l.StartSSHD(lab.SSHDOptions{Prefix: "hopa", ExtraConfig: fmt.Sprintf("PermitOpen 127.0.0.1:%d", b.Port)})
	if err != nil {
		t.Fatal(err)
	}
	a := hopA.Hosts[0]
	var known strings.Builder
	for _, f := range []*lab.SSHFleet{tgt, hopA, hopB} {
		k, _ := os.ReadFile(f.KnownHosts)
		known.Write(k)
	}
	kh := l.Path("known_hosts_chain")
	os.WriteFile(kh, []byte(known.String()), 0o644)
	cfg := l.Path("ssh_config_chain")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`Host app1
  HostName 127.0.0.1
  Port %d
  ProxyJump hopa,hopb
Host app1-one-hop
  HostName 127.0.0.1
  Port %d
  ProxyJump hopa
Host hopa
  HostName 127.0.0.1
  Port %d
Host hopb
  HostName 127.0.0.1
  Port %d
`, target.Port, target.Port, a.Port, b.Port)), 0o644)
	o := tgt.TransportOptions()
	o.KnownHostsFile, o.SSHConfigFile = kh, cfg
	o.IdentityFiles = []string{tgt.ClientKey, hopA.ClientKey, hopB.ClientKey}
	p := newPool(t, o)

	res, err := run(t, p, transport.Target{Name: "app1"}, "cat /srv/hostname")
	if err != nil || strings.TrimSpace(string(res.Stdout)) != target.Name {
		t.Fatalf("through hopa,hopb: res %v err %v", res, err)
	}
	r, err := p.Resolve(transport.Target{Name: "app1"})
	if err != nil || r.Jump == nil || r.Jump.Name != "hopb" || len(r.Jump.Via) != 1 || r.Jump.Via[0].Name != "hopa" {
		t.Fatalf("resolved %+v %v", r, err)
	}
	// the restriction is real: hopa alone may not reach the target
	if _, err := run(t, p, transport.Target{Name: "app1-one-hop"}, "true"); err == nil || !errors.Is(err, transport.ErrConnect) {
		t.Fatalf("one hop: %v", err)
	}
}
