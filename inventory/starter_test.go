package inventory

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestStarterLoads(t *testing.T) {
	c, err := LoadReader(bytes.NewReader(Starter(nil)), "opsctl.yaml")
	if err != nil {
		t.Fatalf("the default starter does not load: %v", err)
	}
	if len(c.Hosts) != 2 || c.Health.URL == "" {
		t.Errorf("starter: %d hosts, health %q", len(c.Hosts), c.Health.URL)
	}
}

func TestStarterFromSSHConfig(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config")
	os.WriteFile(p, []byte(`Host *
  ServerAliveInterval 30
Host web1 web2
  User deploy
Host web2
  HostName 10.1.0.2
  Port 2222
Host db-primary
  HostName fe80::1
Host !bad *.internal
  User x
`), 0o600)
	hosts, err := SSHConfigHosts(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []StarterHost{
		{Name: "db-primary", Address: "fe80::1"},
		{Name: "web1", User: "deploy"},
		{Name: "web2", Address: "10.1.0.2", Port: 2222, User: "deploy"},
	}
	if !reflect.DeepEqual(hosts, want) {
		t.Fatalf("hosts = %+v\nwant %+v", hosts, want)
	}
	c, err := LoadReader(bytes.NewReader(Starter(hosts)), "opsctl.yaml")
	if err != nil {
		t.Fatalf("starter from ssh config does not load: %v\n%s", err, Starter(hosts))
	}
	if h, _ := c.Host("web2"); h.Port != 2222 || h.Address != "10.1.0.2" || h.User != "deploy" {
		t.Errorf("web2 = %+v", h)
	}
	if h, _ := c.Host("db-primary"); h.Address != "fe80::1" {
		t.Errorf("db-primary = %+v", h)
	}
}

func TestWriteStarter(t *testing.T) {
	p := filepath.Join(t.TempDir(), "opsctl.yaml")
	if err := WriteStarter(p, nil, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteStarter(p, nil, false); !errors.Is(err, os.ErrExist) {
		t.Fatalf("second write: %v", err)
	}
	if err := WriteStarter(p, []StarterHost{{Name: "web1"}}, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); !strings.Contains(string(b), "web1") {
		t.Fatalf("replaced file:\n%s", b)
	}
}
