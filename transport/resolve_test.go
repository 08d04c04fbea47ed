package transport

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestResolvePrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	os.WriteFile(cfg, []byte(`Host db1
  HostName 10.0.0.5
  Port 2200
  User dba
  IdentityFile ~/.ssh/db_key
  ProxyJump ops@bastion:2222
  StrictHostKeyChecking accept-new
Host web*
  HostName %h.example.com
  UserKnownHostsFile ~/kh
`), 0o644)
	p, err := NewPool(Options{SSHConfigFile: cfg})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	home := homeDir()

	r, err := p.resolve(Target{Name: "db1"})
	if err != nil {
		t.Fatal(err)
	}
	if r.addr() != "10.0.0.5:2200" || r.user != "dba" || !r.acceptNew || r.jumpTarget == nil || !reflect.DeepEqual(*r.jumpTarget, Target{Name: "bastion", User: "ops", Port: 2222}) {
		t.Errorf("ssh config not applied: %+v jump %+v", r, r.jumpTarget)
	}
	if len(r.identityFiles) != 1 || r.identityFiles[0] != filepath.Join(home, ".ssh/db_key") {
		t.Errorf("identity files %v", r.identityFiles)
	}

	// Inventory values win over the ssh config.
	r, _ = p.resolve(Target{Name: "db1", Address: "192.168.1.1", Port: 22, User: "root"})
	if r.addr() != "192.168.1.1:22" || r.user != "root" {
		t.Errorf("target did not win: %+v", r)
	}
	p.opts.Port, p.opts.User = 2022, "deploy"
	r, _ = p.resolve(Target{Name: "db1"})
	if r.port != 2022 || r.user != "deploy" || r.host != "10.0.0.5" {
		t.Errorf("options did not win: %+v", r)
	}

	r, _ = p.resolve(Target{Name: "web7"})
	if r.host != "web7.example.com" || r.knownHosts != filepath.Join(home, "kh") || r.acceptNew {
		t.Errorf("pattern host: %+v", r)
	}
	// Not in the config: the name is the address.
	r, _ = p.resolve(Target{Name: "other"})
	if r.addr() != "other:2022" || r.knownHosts != filepath.Join(home, ".ssh/known_hosts") {
		t.Errorf("plain host: %+v", r)
	}
}

func TestResolveExported(t *testing.T) {
	p, err := NewPool(Options{SSHConfigFile: "none", User: "u", Jump: &Target{Name: "bastion", Address: "10.0.0.1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	r, err := p.Resolve(Target{Name: "web1", Address: "10.0.0.2"})
	if err != nil || r.Address != "10.0.0.2" || r.Port != 22 || r.User != "u" || r.Jump == nil || r.Jump.Name != "bastion" {
		t.Fatalf("%+v %v", r, err)
	}
	// The bastion itself is direct.
	r, _ = p.Resolve(Target{Name: "bastion", Address: "10.0.0.1"})
	if r.Jump != nil {
		t.Fatalf("bastion through itself: %+v", r)
	}
}

func TestMatchHostPatterns(t *testing.T) {
	for _, tc := range []struct {
		patterns   []string
		host, port string
		want       bool
	}{
		{[]string{"*.example.com"}, "web1.example.com", "22", true},
		{[]string{"*.example.com"}, "web1.example.com", "2222", false}, // as knownhosts: port 22 only
		{[]string{"[127.0.0.1]:2222"}, "127.0.0.1", "2222", true},
		{[]string{"[127.0.0.1]:2222"}, "127.0.0.1", "2223", false},
		{[]string{"*.example.com", "!db?.example.com"}, "db1.example.com", "22", false},
		{[]string{"web?"}, "web1", "22", true},
	} {
		if got := matchHostPatterns(tc.patterns, tc.host, tc.port); got != tc.want {
			t.Errorf("%v vs %s:%s = %v", tc.patterns, tc.host, tc.port, got)
		}
	}
}

func TestProxyJumpChainResolved(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	os.WriteFile(cfg, []byte("Host app\n  ProxyJump ops@a:2201,b\nHost b\n  HostName 10.0.0.2\n"), 0o600)
	p, err := NewPool(Options{SSHConfigFile: cfg, KnownHostsFile: filepath.Join(dir, "kh")})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	r, err := p.resolve(Target{Name: "app"})
	if err != nil {
		t.Fatal(err)
	}
	want := Target{Name: "b", Via: []Target{{Name: "a", User: "ops", Port: 2201}}}
	if r.jumpTarget == nil || !reflect.DeepEqual(*r.jumpTarget, want) {
		t.Fatalf("jump %+v, want %+v", r.jumpTarget, want)
	}
	// the first hop is reached directly (its own settings)
	a, err := p.resolve(r.jumpTarget.Via[0])
	if err != nil || a.jumpTarget != nil {
		t.Fatalf("%+v %v", a, err)
	}
}
