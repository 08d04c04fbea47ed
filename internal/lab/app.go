package lab

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
)

// MetricsApp is the app of one lab host for metric gates: an HTTP server
// (in this process) serving the host's live release, read through its
// <Root>/srv/app/current symlink. A release whose VERSION contains "bad"
// answers / with 500 while /health keeps answering 200 — the release a
// health check lets through and a metric gate catches.
//
// It exposes Prometheus metrics on /metrics (app_requests_total,
// app_errors_total, app_release_info{release}) and, with a statsd
// address, sends <prefix>.<host>.requests and .errors counters per
// request. A loop sends it requests (50 a second by default) until the lab
// closes.
type MetricsApp struct {
	Host             string
	Addr             string // 127.0.0.1:PORT
	root             string
	requests, errors atomic.Int64
	statsd           net.Conn
	prefix           string
}

// MetricsAppOptions configure StartMetricsApp.
type MetricsAppOptions struct {
	Host   string        // the host's name (the statsd path element)
	Root   string        // where the host's files are (an SSHHost's Root)
	StatsD string        // statsd UDP address ("" sends nothing)
	Prefix string        // statsd prefix (default "shop")
	Every  time.Duration // one request per Every (default 20ms)
}

// StartMetricsApp starts the app of a host and its traffic. It writes the
// port to <Root>/srv/app/shared/app.port so a health command on the host
// can find it.
func (l *Lab) StartMetricsApp(o MetricsAppOptions) (*MetricsApp, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	if o.Prefix == "" {
		o.Prefix = "shop"
	}
	if o.Every == 0 {
		o.Every = 20 * time.Millisecond
	}
	host, root := o.Host, o.Root
	a := &MetricsApp{Host: host, Addr: ln.Addr().String(), root: root, prefix: o.Prefix}
	if o.StatsD != "" {
		if a.statsd, err = net.Dial("udp", o.StatsD); err != nil {
			ln.Close()
			return nil, err
		}
	}
	shared := filepath.Join(root, "srv/app/shared")
	if err := os.MkdirAll(shared, 0o755); err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(a.Addr)
	if err := os.WriteFile(filepath.Join(shared, "app.port"), []byte(port+"\n"), 0o644); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/metrics", a.metrics)
	mux.HandleFunc("/", a.serve)
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	stop := make(chan struct{})
	go a.traffic(stop, o.Every)
	l.OnClose(func() {
		close(stop)
		srv.Close()
		if a.statsd != nil {
			a.statsd.Close()
		}
	})
	return a, nil
}

// Release is the live release's VERSION ("" without one).
func (a *MetricsApp) Release() string {
	t, err := os.Readlink(filepath.Join(a.root, "srv/app/current"))
	if err != nil {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(a.root, t, "VERSION"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func (a *MetricsApp) serve(w http.ResponseWriter, r *http.Request) {
	rel := a.Release()
	a.requests.Add(1)
	bad := strings.Contains(rel, "bad")
	if a.statsd != nil {
		e := 0
		if bad {
			e = 1
		}
		fmt.Fprintf(a.statsd, "%s.%s.requests:1|c\n%s.%s.errors:%d|c", a.prefix, a.Host, a.prefix, a.Host, e)
	}
	if bad {
		a.errors.Add(1)
		http.Error(w, "internal error in "+rel, http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, rel)
}

func (a *MetricsApp) metrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	fmt.Fprintf(w, "# TYPE app_requests_total counter\napp_requests_total %d\n", a.requests.Load())
	fmt.Fprintf(w, "# TYPE app_errors_total counter\napp_errors_total %d\n", a.errors.Load())
	if rel := a.Release(); rel != "" {
		fmt.Fprintf(w, "# TYPE app_release_info gauge\napp_release_info{release=%q} 1\n", rel)
	}
}

func (a *MetricsApp) traffic(stop chan struct{}, every time.Duration) {
	c := &http.Client{Timeout: 2 * time.Second}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		if resp, err := c.Get("http://" + a.Addr + "/"); err == nil {
			resp.Body.Close()
		}
	}
}
