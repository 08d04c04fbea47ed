package inventory

import (
	"strings"
	"testing"
)

func TestHAProxySection(t *testing.T) {
	cfg, err := LoadReader(strings.NewReader(`
hosts:
  - {name: lbhost1, address: 10.0.0.1}
haproxy:
  nodes:
    - name: lb1
      admin: unix:///run/haproxy/admin.sock
      via: lbhost1
      groups: [lb]
      state_file: /var/lib/haproxy/server-state
    - {name: lb2, admin: "tcp://127.0.0.1:9999", groups: [lb, edge]}
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ns := cfg.HAProxy.Nodes
	if len(ns) != 2 || ns[0].Via != "lbhost1" || ns[0].StateFile == "" || ns[1].Line != 11 {
		t.Fatalf("%+v", ns)
	}
	sel, err := cfg.SelectHAProxy("edge")
	if err != nil || len(sel) != 1 || sel[0].Name != "lb2" {
		t.Fatalf("%+v %v", sel, err)
	}
	if _, err := cfg.SelectHAProxy("web"); err == nil || !strings.Contains(err.Error(), "matches no haproxy node") {
		t.Fatalf("err %v", err)
	}
}

func TestHAProxyValidation(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"haproxy:\n  nodes:\n    - name: lb1\n      admin: /run/a.sock\n", "t.yaml:4: haproxy node lb1: admin \"/run/a.sock\": want unix:///path"},
		{"haproxy:\n  nodes:\n    - name: lb1\n      admin: tcp://h\n", "t.yaml:4:"},
		{"haproxy:\n  nodes:\n    - name: lb1\n", "t.yaml:3: haproxy node lb1: admin is required"},
		{"haproxy:\n  nodes:\n    - name: lb1\n      admin: unix:///a\n      via: nohost\n", "t.yaml:5: haproxy node lb1: via \"nohost\""},
		{"haproxy:\n  nodes:\n    - {name: lb1, admin: unix:///a}\n    - {name: lb1, admin: unix:///b}\n", "t.yaml:4: haproxy node \"lb1\" is listed twice"},
		{"haproxy:\n  nodes:\n    - {name: 'lb 1', admin: unix:///a}\n", "t.yaml:3:"},
		{"haproxy:\n  nodes:\n    - {name: lb1, admin: unix:///a, socket: x}\n", "unknown key \"socket\" in haproxynode section"},
		{"haproxy:\n  nodes:\n    - {name: lb1, admin: unix:///a, state_file: rel}\n", "t.yaml:3: haproxy node lb1: state_file"},
	} {
		_, err := LoadReader(strings.NewReader(tc.yaml), "t.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v; want %q", tc.yaml, err, tc.want)
		}
	}
}
