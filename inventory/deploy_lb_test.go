package inventory

import (
	"strings"
	"testing"
	"time"
)

const lbBase = "hosts:\n  - {name: web01}\n  - {name: web02}\nhaproxy:\n  nodes:\n    - {name: lb1, admin: \"unix:///run/a.sock\"}\n"

func TestDeployLBSection(t *testing.T) {
	cfg, err := LoadReader(strings.NewReader(lbBase+"deploy_lb:\n  backend: app\n  servers:\n    web02: [app/s02, api/s02]\n  drain: true\n"), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := cfg.DeployLB
	if !d.Drain || d.DrainTimeout != 30*time.Second || d.OnDrainTimeout != "proceed" {
		t.Fatalf("%+v", d)
	}
	if got := d.ServersOf("web01"); len(got) != 1 || got[0] != "app/web01" {
		t.Fatalf("web01 -> %v", got)
	}
	if got := d.ServersOf("web02"); len(got) != 2 || got[1] != "api/s02" {
		t.Fatalf("web02 -> %v", got)
	}
}

func TestDeployLBValidation(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{lbBase + "deploy_lb:\n  servers:\n    web09: [app/s09]\n", "t.yaml:9: deploy_lb.servers: \"web09\" is not a host"},
		{lbBase + "deploy_lb:\n  servers:\n    web01: [app]\n", "t.yaml:9: deploy_lb.servers.web01[0] \"app\": want BACKEND/SERVER"},
		{lbBase + "deploy_lb:\n  backend: \"a;b\"\n", "t.yaml:8: deploy_lb.backend"},
		{lbBase + "deploy_lb:\n  backend: app\n  on_drain_timeout: wait\n", "t.yaml:9: deploy_lb.on_drain_timeout \"wait\""},
		{"hosts:\n  - {name: web01}\ndeploy_lb:\n  backend: app\n", "deploy_lb needs haproxy.nodes"},
	} {
		_, err := LoadReader(strings.NewReader(tc.yaml), "t.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.yaml, err, tc.want)
		}
	}
}
