package inventory

import (
	"strings"
	"testing"
)

const sample = `
app:
  name: shop
  deploy_to: /srv/app
hosts:
  - name: web01
    address: 127.0.0.1
    port: 2201
    groups: [web]
  - name: web02
    address: 127.0.0.1
    port: 2202
    groups: [web]
  - name: web03
    groups: [web, canary]
  - name: worker1
    groups: [worker]
groups:
  db: [worker1]
ssh:
  user: ${OPSCTL_TEST_USER}
`

func load(t *testing.T, s string) (*Config, error) {
	t.Helper()
	return LoadReader(strings.NewReader(s), "opsctl.yaml")
}

func TestLoadAndSelect(t *testing.T) {
	t.Setenv("OPSCTL_TEST_USER", "deploy")
	c, err := load(t, sample)
	if err != nil {
		t.Fatal(err)
	}
	if c.SSH.User != "deploy" || c.App.KeepReleases != 5 {
		t.Fatalf("got %+v %+v", c.SSH, c.App)
	}
	if c.Hosts[1].Line != 10 {
		t.Fatalf("host line = %d", c.Hosts[1].Line)
	}
	for _, tc := range []struct {
		sel  string
		want string
	}{
		{"", "web01,web02,web03,worker1"},
		{"web", "web01,web02,web03"},
		{"web,!canary", "web01,web02"},
		{"!web", "worker1"},
		{"web[01:02]", "web01,web02"},
		{"web0*", "web01,web02,web03"},
		{"db", "worker1"},
		{"web01, worker1", "web01,worker1"},
	} {
		hs, err := c.SelectHosts(tc.sel)
		if err != nil {
			t.Fatalf("%q: %v", tc.sel, err)
		}
		var names []string
		for _, h := range hs {
			names = append(names, h.Name)
		}
		if got := strings.Join(names, ","); got != tc.want {
			t.Errorf("select %q = %s, want %s", tc.sel, got, tc.want)
		}
	}
}

func TestErrorsNamePlace(t *testing.T) {
	t.Setenv("OPSCTL_TEST_USER", "deploy")
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"syntax", "app:\n  name: [oops\n", "opsctl.yaml:"},
		{"unknown key", "app:\n  name: x\n  deploy_too: /srv\n", `opsctl.yaml:3:3: unknown key "deploy_too" in app section (did you mean "deploy_to"?)`},
		{"unknown top", "hostz: []\n", `opsctl.yaml:1:1: unknown key "hostz" in top-level section (did you mean "hosts"?)`},
		{"unset env", "ssh:\n  user: ${OPSCTL_NOPE_UNSET}\n", "opsctl.yaml:2: environment variable OPSCTL_NOPE_UNSET is not set"},
		{"dup host", "hosts:\n  - name: a\n  - name: a\n", `opsctl.yaml:3: host "a" is listed twice`},
		{"relative deploy_to", "app:\n  deploy_to: srv/app\n", "opsctl.yaml:2: app.deploy_to must be an absolute path"},
		{"bad type", "hosts:\n  - name: a\n    port: abc\n", "opsctl.yaml:3:"},
	} {
		_, err := load(t, tc.doc)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want containing %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error is not one line: %q", tc.name, err)
		}
	}
}

func TestBadSelector(t *testing.T) {
	t.Setenv("OPSCTL_TEST_USER", "deploy")
	c, err := load(t, sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{"web99", "web[01:05]", "a b", "web,", "web[05:01]"} {
		if _, err := c.SelectHosts(sel); err == nil || !strings.Contains(err.Error(), "selector") {
			t.Errorf("selector %q: err = %v", sel, err)
		}
	}
}

func TestReadonlySection(t *testing.T) {
	c, err := load(t, "readonly:\n  probes: [http://127.0.0.1:8080/]\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Readonly.MapKey != "global" || c.Readonly.VCL != "opsctl_readonly" || c.Readonly.RetryAfter != 3600 {
		t.Fatalf("%+v", c.Readonly)
	}
	for doc, want := range map[string]string{
		"readonly:\n  map_file: relative.map\n": "opsctl.yaml:2: readonly.map_file",
		"readonly:\n  probes: [ftp://x/]\n":     "opsctl.yaml:2: readonly.probes",
		"readonly:\n  vcl: 'a;b'\n":             "opsctl.yaml:2: readonly.vcl",
		"readonly:\n  map_key: 'x y'\n":         "opsctl.yaml:2: readonly.map_key",
	} {
		if _, err := load(t, doc); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", doc, err)
		}
	}
}
