package inventory

import (
	"strings"
	"testing"
)

func TestGatesAndEventsConfig(t *testing.T) {
	good := `gates:
  prometheus: http://127.0.0.1:9090
  checks:
    - name: errors
      prometheus: 'rate(e{host=~"{{.Hosts}}"}[1m])'
      max: 0.1
events:
  statsd: 127.0.0.1:8125
  webhook: https://hooks.example/secret
`
	c, err := LoadReader(strings.NewReader(good), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if ch := c.Gates.Checks[0]; ch.NoData != "fail" || ch.Line != 4 || c.Events.Timeout.String() != "2s" || c.Events.StatsDPrefix != "opsctl" {
		t.Fatalf("%+v %+v", ch, c.Events)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"gates:\n  checks:\n    - name: e\n      prometheus: up\n      max: 1\n", "t.yaml:4: gate e: a prometheus query needs gates.prometheus"},
		{"gates:\n  prometheus: http://p\n  checks:\n    - name: e\n      prometheus: up\n", "t.yaml:4: gate e: set max and/or min"},
		{"gates:\n  prometheus: http://p\n  checks:\n    - name: e\n      prometheus: up\n      max: 1\n      no_data: ignore\n", `t.yaml:7: gate e: no_data "ignore": want fail, wait or pass`},
		{"gates:\n  prometheus: http://p\n  checks:\n    - name: e\n      prometheus: 'x{{.Hosts'\n      max: 1\n", "t.yaml:5: gate e: query template"},
		{"gates:\n  prometheus: http://p\n  checks:\n    - name: e\n      prometheus: up\n      max: 1\n      compare: ratio\n", "t.yaml:7: gate e: compare needs {{.Hosts}}"},
		{"gates:\n  prometheus: http://p\n  checks:\n    - name: e\n      prometheus: up\n      graphite: up\n      max: 1\n", "t.yaml:4: gate e: set exactly one"},
		{"gates:\n  checks:\n    - name: e\n      promql: up\n", `t.yaml:4:7: unknown key "promql"`},
		{"events:\n  webhook: ftp://secret@x\n", "t.yaml:2: events.webhook: want an http(s):// URL"},
		{"events:\n  statsd: localhost\n", `t.yaml:2: events.statsd "localhost": want HOST:PORT`},
	} {
		_, err := LoadReader(strings.NewReader(tc.yaml), "t.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.yaml, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("secret printed: %v", err)
		}
	}
}
