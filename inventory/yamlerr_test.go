package inventory

import (
	"strings"
	"testing"
)

// TestYAMLErrorTable pins each mistake a new user makes to the line and
// column of the mistake itself, the key by name, and a valid example.
func TestYAMLErrorTable(t *testing.T) {
	t.Setenv("LAB", "/tmp/lab")
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"unquoted ${} in a flow mapping", "hosts: [{name: a, address: ${LAB}}]\n",
			`opsctl.yaml:1:28: an unquoted ${...} inside [ ] or { }: quote the value, e.g. "${VAR}"`},
		{"unquoted ${} in a flow list on a later line",
			"hosts:\n  - {name: a, address: 127.0.0.1}\n  - {name: b, groups: [web, ${LAB}]}\n",
			`opsctl.yaml:3:29: an unquoted ${...}`},
		{"quoted ${} in a flow list is fine, the next mistake is found",
			"hosts:\n  - {name: b, groups: [web, \"${LAB}\"]}\n  - name: c\n   address: d\n",
			`opsctl.yaml:4:4: indented 3 spaces, which matches no enclosing level (0, 2, 4)`},
		{"indent less than its siblings", "app:\n  name: x\n deploy_to: /srv\n",
			`opsctl.yaml:3:2: indented 1 spaces, which matches no enclosing level (0, 2)`},
		{"indent deeper than a key with a value", "app:\n  name: x\n    deploy_to: /srv\n",
			`opsctl.yaml:3:5: indented 4 spaces, deeper than line 2, which already has a value`},
		{"a bad indent in a list item", "hosts:\n  - name: a\n   address: b\n",
			`opsctl.yaml:3:4: indented 3 spaces`},
		{"tab", "app:\n\tname: x\n", `opsctl.yaml:2:1: a tab in the indentation`},
		{"duration in words", "health:\n  timeout: 5 seconds\n",
			`opsctl.yaml:2:12: health.timeout: want a duration like 5s, 1m30s or 250ms, got "5 seconds"`},
		{"number in words", "hosts:\n  - name: a\n    port: abc\n",
			`opsctl.yaml:3:11: hosts[0].port: want a whole number like 22, got "abc"`},
		{"a list where one value goes", "app:\n  name: [a, b]\n",
			`opsctl.yaml:2:9: app.name: want a single value`},
		{"a value where a list goes", "app:\n  shared_paths: log\n",
			`opsctl.yaml:2:17: app.shared_paths: want a list (one '- item' per line, or [a, b]), got "log"`},
		{"a typo in a key", "app:\n  nmae: x\n",
			`opsctl.yaml:2:3: unknown key "nmae" in app section (did you mean "name"?)`},
	} {
		_, err := load(t, tc.doc)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n got  %v\n want %s", tc.name, err, tc.want)
		}
	}
}

func TestNearest(t *testing.T) {
	for _, tc := range []struct {
		s    string
		c    []string
		want string
	}{
		{"web01", []string{"web1", "web10", "db01"}, "web1"},
		{"wbe01", []string{"web01", "db01"}, "web01"},
		{"lb", []string{"db", "web"}, ""}, // too short to guess
		{"cache", []string{"caches", "web"}, "caches"},
		{"xyz", []string{"web01"}, ""},
	} {
		if got := Nearest(tc.s, tc.c); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestSelectorSuggests(t *testing.T) {
	c, err := load(t, `hosts:
  - {name: web01, address: 127.0.0.1}
  - {name: web02, address: 127.0.0.1, groups: [web]}
haproxy:
  nodes:
    - {name: lb1, admin: "unix:///run/haproxy.sock", groups: [lb]}
`)
	if err != nil {
		t.Fatal(err)
	}
	for sel, want := range map[string]string{
		"wbe01":     `selector "wbe01": "wbe01" matches no host or group (did you mean "web01"?)`,
		"web,!wb02": `"wb02" matches no host or group (did you mean "web02"?)`,
		"lb":        `"lb" matches no host or group; it names HAProxy nodes (use it with opsctl haproxy or readonly)`,
	} {
		_, err := c.SelectHosts(sel)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("-H %s: got %v, want %s", sel, err, want)
		}
	}
}
