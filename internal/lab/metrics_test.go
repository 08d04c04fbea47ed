package lab

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The metric servers start, and each does its job: Prometheus scrapes,
// statsd flushes to carbon, graphite-web renders it and takes events.
func TestMetricServers(t *testing.T) {
	SkipShort(t)
	Require(t, "prometheus", "node")
	RequireGraphite(t)
	RequireStatsD(t)
	l := NewT(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "# TYPE app_requests_total counter\napp_requests_total 42\n")
	})}
	go srv.Serve(ln)
	defer srv.Close()

	start := time.Now()
	g, err := l.StartGraphite()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("graphite up in %s", time.Since(start))
	start = time.Now()
	p, err := l.StartPrometheus(PrometheusOptions{Targets: []PromTarget{{Addr: ln.Addr().String(), Labels: map[string]string{"host": "web01"}}}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := l.StartStatsD(g.CarbonAddr, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("prometheus + statsd up in %s", time.Since(start))

	get := func(u string, v any) bool {
		resp, err := http.Get(u)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		return json.NewDecoder(resp.Body).Decode(v) == nil
	}
	until := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not after 30s", what)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	until("prometheus scrape", func() bool {
		var r struct {
			Data struct {
				Result []struct {
					Metric map[string]string `json:"metric"`
				} `json:"result"`
			} `json:"data"`
		}
		return get(p.URL+"/api/v1/query?query=app_requests_total", &r) && len(r.Data.Result) == 1 && r.Data.Result[0].Metric["host"] == "web01"
	})
	c, _ := net.Dial("udp", s.Addr)
	until("statsd -> carbon -> graphite-web", func() bool {
		fmt.Fprint(c, "lab.test:1|c")
		var r []struct {
			Target string `json:"target"`
		}
		return get(g.URL+"/render?format=json&from=-1min&target=stats_counts.lab.test", &r) && len(r) == 1
	})
	if out, err := s.Admin("counters"); err != nil || !strings.Contains(out, "lab.test") {
		t.Fatalf("statsd counters: %v %q", err, out)
	}
}
