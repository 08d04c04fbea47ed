package lab

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// PromTarget is one address Prometheus scrapes (/metrics) with its labels
// (e.g. host: web01).
type PromTarget struct {
	Addr   string
	Labels map[string]string
}

// PrometheusOptions configure StartPrometheus.
type PrometheusOptions struct {
	Targets []PromTarget
	// ScrapeInterval defaults to 250ms (gates see a release within a second).
	ScrapeInterval time.Duration
}

// Prometheus is a running Debian prometheus.
type Prometheus struct {
	URL  string // http://127.0.0.1:PORT
	Proc *Proc
}

// StartPrometheus runs /usr/bin/prometheus on a free loopback port with
// its TSDB in the lab directory, scraping the targets (job "app").
func (l *Lab) StartPrometheus(o PrometheusOptions) (*Prometheus, error) {
	bin, err := LookPath("prometheus")
	if err != nil {
		return nil, err
	}
	if o.ScrapeInterval == 0 {
		o.ScrapeInterval = 250 * time.Millisecond
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	si := o.ScrapeInterval.String()
	fmt.Fprintf(&b, "global:\n  scrape_interval: %s\n  scrape_timeout: %s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: app\n    static_configs:\n", si, si)
	for _, t := range o.Targets {
		fmt.Fprintf(&b, "      - targets: [%q]\n", t.Addr)
		if len(t.Labels) > 0 {
			b.WriteString("        labels:\n")
			for k, v := range t.Labels {
				fmt.Fprintf(&b, "          %s: %q\n", k, v)
			}
		}
	}
	dir := l.Path("prometheus")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cfg := l.Path("prometheus.yml")
	if err := os.WriteFile(cfg, []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "--config.file="+cfg, "--storage.tsdb.path="+dir, "--web.listen-address="+addr,
		"--log.level=warn", "--storage.tsdb.retention.time=1h")
	cmd.Dir = l.Dir
	p, err := l.Start("prometheus", cmd)
	if err != nil {
		return nil, err
	}
	pr := &Prometheus{URL: "http://" + addr, Proc: p}
	if err := waitHTTP(pr.URL+"/-/ready", p, 60*time.Second); err != nil {
		return nil, err
	}
	return pr, nil
}

// waitHTTP waits until GET url answers 200.
func waitHTTP(url string, p *Proc, timeout time.Duration) error {
	c := &http.Client{Timeout: time.Second}
	return waitFor(p, timeout, func() bool {
		resp, err := c.Get(url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, "GET "+url)
}
