package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
)

// stepMetricGate: each host runs the lab's MetricsApp (a release named
// *bad* answers 500 while /health says 200), Prometheus scrapes them, and
// the inventory gets a metric gate and release events to a webhook. v4-bad
// passes its health check on the canary; the gate catches its error rate.
func stepMetricGate(d *demo) error {
	if _, err := lab.LookPath("prometheus"); err != nil {
		fmt.Fprintf(d.out, "    skipped: prometheus is not installed (scripts/setup)\n")
		return nil
	}
	var targets []lab.PromTarget
	for _, h := range d.fleet.Hosts {
		a, err := d.lab.StartMetricsApp(lab.MetricsAppOptions{Host: h.Name, Root: h.Root, Every: 50 * time.Millisecond})
		if err != nil {
			return err
		}
		targets = append(targets, lab.PromTarget{Addr: a.Addr, Labels: map[string]string{"host": h.Name}})
	}
	prom, err := d.lab.StartPrometheus(lab.PrometheusOptions{Targets: targets})
	if err != nil {
		return err
	}
	var mu sync.Mutex
	var texts []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		json.NewDecoder(r.Body).Decode(&m)
		mu.Lock()
		texts = append(texts, fmt.Sprint(m["text"]))
		mu.Unlock()
	}))
	d.lab.OnClose(hook.Close)
	// every host scraped before the deploy: the gate must judge the
	// release, not an empty Prometheus
	deadline := time.Now().Add(60 * time.Second)
	for {
		var r struct {
			Data struct {
				Result []any `json:"result"`
			} `json:"data"`
		}
		if resp, err := http.Get(prom.URL + "/api/v1/query?query=app_requests_total"); err == nil {
			json.NewDecoder(resp.Body).Decode(&r)
			resp.Body.Close()
		}
		if len(r.Data.Result) == len(d.fleet.Hosts) {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("prometheus did not scrape every host in 60s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := d.addSection(fmt.Sprintf(`gates:
  prometheus: %s
  interval: 250ms
  checks:
    - name: errors
      prometheus: 'sum by (host) (rate(app_errors_total{host=~"{{.Hosts}}"}[2s]))'
      max: 1
events:
  webhook: %s/hooks/deploys
  timeout: 1s
`, prom.URL, hook.URL)); err != nil {
		return err
	}
	fmt.Fprintf(d.out, "    each host's app exports app_errors_total; Prometheus scrapes them every 250ms\n")
	fmt.Fprintf(d.out, "    inventory: gates.checks errors: sum by (host) (rate(app_errors_total{host=~\"{{.Hosts}}\"}[2s])) <= 1; events.webhook\n")
	if _, err := writeArtifact(d.lab.Dir, "v4-bad", true); err != nil {
		return err
	}
	fmt.Fprintf(d.out, "    built v4-bad.tgz: its health.sh passes, but its app answers 500 to users\n")
	r := d.opsctlCmd("deploy", "--artifact", "v4-bad.tgz", "--release-id", "v4-bad", "--canary", "1", "--batch-size", "50%", "--watch", "2s")
	if r.err != nil || r.code != 3 {
		return fmt.Errorf("deploy of v4-bad: exit %d (%v), want 3", r.code, r.err)
	}
	if err := d.allOn("v2"); err != nil {
		return err
	}
	for _, h := range d.fleet.Hosts[1:] {
		if _, err := os.Stat(filepath.Join(h.Root, "srv/app/releases/v4-bad")); !os.IsNotExist(err) {
			return fmt.Errorf("%s was touched by the halted deploy", h.Name)
		}
	}
	d.say("the canary passed its health check, but the metric gate saw its error rate and put it back on v2 (exit 3); %d hosts never touched", len(d.fleet.Hosts)-1)
	// the webhook gets its events in the background; wait for the last
	deadline = time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(texts)
		mu.Unlock()
		if n >= 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	for _, t := range texts {
		d.say("webhook: %s", t)
	}
	mu.Unlock()
	return nil
}
