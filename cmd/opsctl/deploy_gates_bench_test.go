package main

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
)

// BenchmarkDeployGate is what a metric gate costs a deploy: the same
// deploy (canary 1, then two waves of 50%) with one Prometheus gate on
// every wave (one evaluation each: --watch 0) and without, interleaved in
// each iteration so both see the same load. The apps get 5 requests a
// second each, Prometheus scrapes them every second.
//
//	go test ./cmd/opsctl -run '^$' -bench DeployGate -benchtime 3x -timeout 30m
func BenchmarkDeployGate(b *testing.B) {
	lab.Require(b, "prometheus", "curl")
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("hosts-%d", n), func(b *testing.B) {
			l, f := lab.StartSSHDT(b, n)
			var targets []lab.PromTarget
			for _, h := range f.Hosts {
				a, err := l.StartMetricsApp(lab.MetricsAppOptions{Host: h.Name, Root: h.Root, Every: 200 * time.Millisecond})
				if err != nil {
					b.Fatal(err)
				}
				targets = append(targets, lab.PromTarget{Addr: a.Addr, Labels: map[string]string{"host": h.Name}})
			}
			prom, err := l.StartPrometheus(lab.PrometheusOptions{Targets: targets, ScrapeInterval: time.Second})
			if err != nil {
				b.Fatal(err)
			}
			base := "app:\n  deploy_to: /srv/app\n  keep_releases: 2\n"
			plain := l.Path("plain.yaml")
			os.WriteFile(plain, []byte(benchTimeout(f.InventoryYAML(base))), 0o644)
			gated := l.Path("gated.yaml")
			os.WriteFile(gated, []byte(benchTimeout(f.InventoryYAML(base+fmt.Sprintf(`gates:
  prometheus: %s
  checks:
    - name: errors
      prometheus: 'sum by (host) (rate(app_errors_total{host=~"{{.Hosts}}"}[5s]))'
      max: 1
      no_data: pass
`, prom.URL)))), 0o644)
			dir := b.TempDir()
			art := writeArtifact(b, dir, "bench", 0)
			conc := fmt.Sprint(n)
			var with, without time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				benchCLI(b, "-c", gated, "--concurrency", conc, "deploy", "--artifact", art, "--release-id", fmt.Sprintf("g%d", i), "--canary", "1", "--batch-size", "50%")
				with += time.Since(start)
				start = time.Now()
				benchCLI(b, "-c", plain, "--concurrency", conc, "deploy", "--artifact", art, "--release-id", fmt.Sprintf("p%d", i), "--canary", "1", "--batch-size", "50%")
				without += time.Since(start)
			}
			b.ReportMetric(with.Seconds()/float64(b.N), "gate-s/op")
			b.ReportMetric(without.Seconds()/float64(b.N), "plain-s/op")
			b.ReportMetric(with.Seconds()/without.Seconds(), "ratio")
		})
	}
}
