package inventory

import (
	"strings"
	"testing"
)

const varnishSample = `hosts:
  - name: cache1host
    address: 127.0.0.1
varnish:
  nodes:
    - name: cache1
      admin: 127.0.0.1:6082
      secret_file: ${OPSCTL_TEST_VSECRET}
      groups: [cache, eu]
    - name: cache2
      admin: "[::1]:6083"
      secret_file: /etc/varnish/secret
      via: cache1host
      groups: [cache]
`

func TestVarnishSection(t *testing.T) {
	t.Setenv("OPSCTL_TEST_VSECRET", "/run/secrets/varnish")
	c, err := load(t, varnishSample)
	if err != nil {
		t.Fatal(err)
	}
	n := c.Varnish.Nodes
	if len(n) != 2 || n[0].SecretFile != "/run/secrets/varnish" || n[1].Via != "cache1host" || n[1].Line != 10 {
		t.Fatalf("%+v", n)
	}
	for sel, want := range map[string]string{"": "cache1,cache2", "eu": "cache1", "cache,!cache1": "cache2", "cache*": "cache1,cache2"} {
		got, err := c.SelectVarnishNodes(sel)
		if err != nil {
			t.Fatalf("%q: %v", sel, err)
		}
		var names []string
		for _, x := range got {
			names = append(names, x.Name)
		}
		if strings.Join(names, ",") != want {
			t.Errorf("%q: %v, want %s", sel, names, want)
		}
	}
	if _, err := c.SelectVarnishNodes("web"); err == nil || !strings.Contains(err.Error(), "varnish node") {
		t.Errorf("unknown selector: %v", err)
	}
	empty, _ := load(t, "hosts: []\n")
	if _, err := empty.SelectVarnishNodes(""); err == nil || !strings.Contains(err.Error(), "no varnish nodes") {
		t.Errorf("no nodes: %v", err)
	}
}

func TestVarnishValidation(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"varnish:\n  nodes:\n    - admin: 127.0.0.1:6082\n", "opsctl.yaml:3: varnish node #1 has no name"},
		{"varnish:\n  nodes:\n    - name: c1\n      secret_file: /s\n", "opsctl.yaml:3: varnish node c1: admin"},
		{"varnish:\n  nodes:\n    - name: c1\n      admin: localhost\n      secret_file: /s\n", "opsctl.yaml:4: varnish node c1: admin \"localhost\": want host:port"},
		{"varnish:\n  nodes:\n    - name: c1\n      admin: h:99999\n      secret_file: /s\n", "opsctl.yaml:4: varnish node c1: admin \"h:99999\": bad port"},
		{"varnish:\n  nodes:\n    - name: c1\n      admin: h:1\n", "secret_file (the varnishd -S file) is required"},
		{"varnish:\n  nodes:\n    - name: c1\n      admin: h:1\n      secret_file: rel/s\n", "opsctl.yaml:5: varnish node c1: secret_file \"rel/s\" must be an absolute path"},
		{"varnish:\n  nodes:\n    - name: c1\n      admin: h:1\n      secret_file: /s\n      via: nohost\n", "opsctl.yaml:6: varnish node c1: via \"nohost\" is not a host"},
		{"varnish:\n  nodes:\n    - {name: c1, admin: 'h:1', secret_file: /s}\n    - {name: c1, admin: 'h:1', secret_file: /s}\n", "opsctl.yaml:4: varnish node \"c1\" is listed twice (first at line 3)"},
		{"varnish:\n  nodes:\n    - {name: c1, admin: 'h:1', secret_file: /s, groups: ['a b']}\n", "group name \"a b\""},
		{"varnish:\n  nodes:\n    - {name: c1, admin: 'h:1', secret_file: /s, secret: x}\n", "opsctl.yaml:3:49: unknown key \"secret\""},
		{"varnish:\n  nodes:\n    - {name: c1, admin: 'h:1', secret_file: '${OPSCTL_NOPE_UNSET}'}\n", "OPSCTL_NOPE_UNSET is not set"},
	} {
		_, err := load(t, tc.yaml)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.yaml, err, tc.want)
		}
	}
}
