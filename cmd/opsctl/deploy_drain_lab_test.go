package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/internal/lab"
)

// drainApp is the tiny app of one lab host: an HTTP server in the test
// process that answers with the host's live release (read through the
// host's current symlink, seen from outside its namespace). The
// after_switch hook "restarts" it: it touches shared/restart; the app
// closes its listener and every connection (requests in flight fail),
// listens again but answers 503 while it "warms up" for 300ms (as many
// app servers do; HAProxy does not retry those), then serves and removes
// the file (the hook waits for that, like "systemctl restart" does).
type drainApp struct {
	h        *lab.SSHHost
	addr     string
	mu       sync.Mutex
	srv      *http.Server
	starting atomic.Bool
	hold     chan struct{} // closed: the /hold requests in flight end
}

func startDrainApp(t testing.TB, l *lab.Lab, h *lab.SSHHost) *drainApp {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := &drainApp{h: h, addr: ln.Addr().String(), hold: make(chan struct{})}
	a.serve(ln)
	done := make(chan struct{})
	go a.watch(done)
	l.OnClose(func() {
		close(done)
		a.releaseHold()
		a.mu.Lock()
		a.srv.Close()
		a.mu.Unlock()
	})
	return a
}

func (a *drainApp) serve(ln net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.starting.Load() {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		if r.URL.Path == "/hold" { // a long request: its session stays open
			a.mu.Lock()
			hold := a.hold
			a.mu.Unlock()
			select {
			case <-hold:
			case <-r.Context().Done():
			case <-time.After(30 * time.Second):
			}
		}
		time.Sleep(20 * time.Millisecond) // some work, so requests are in flight
		cur := filepath.Join(a.h.Root, "srv/app/current")
		target, err := os.Readlink(cur)
		if err != nil {
			http.Error(w, "no release", http.StatusServiceUnavailable)
			return
		}
		b, err := os.ReadFile(filepath.Join(a.h.Root, target, "VERSION"))
		if err != nil {
			http.Error(w, "no VERSION", http.StatusServiceUnavailable)
			return
		}
		w.Write(b)
	})}
	a.mu.Lock()
	a.srv = srv
	a.mu.Unlock()
	go srv.Serve(ln)
}

// releaseHold ends the /hold requests in flight (later ones hold again).
func (a *drainApp) releaseHold() {
	a.mu.Lock()
	defer a.mu.Unlock()
	close(a.hold)
	a.hold = make(chan struct{})
}

func (a *drainApp) watch(done chan struct{}) {
	flag := filepath.Join(a.h.Root, "srv/app/shared/restart")
	for {
		select {
		case <-done:
			return
		case <-time.After(10 * time.Millisecond):
		}
		if _, err := os.Stat(flag); err != nil {
			continue
		}
		a.mu.Lock()
		a.srv.Close()
		a.mu.Unlock()
		a.starting.Store(true)
		var ln net.Listener
		for {
			var err error
			if ln, err = net.Listen("tcp", a.addr); err == nil {
				break
			}
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
		a.serve(ln)
		time.Sleep(300 * time.Millisecond)
		a.starting.Store(false)
		os.Remove(flag)
	}
}

// loadStats is what the load generator saw.
type loadStats struct {
	ok, failed atomic.Int64
	mu         sync.Mutex
	first      string
	last       string
	seen       map[string]int
	errs       []string
}

// runLoad sends GETs through every frontend from 4 workers (at most ~150
// req/s) until stop is closed or 2 minutes pass.
func runLoad(urls []string, stop chan struct{}) (*loadStats, func()) {
	st := &loadStats{seen: map[string]int{}}
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(2 * time.Minute)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if time.Now().After(deadline) {
					return
				}
				resp, err := client.Get(urls[i%len(urls)])
				var body []byte
				if err == nil {
					body, _ = io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				st.mu.Lock()
				if err != nil {
					st.failed.Add(1)
					if len(st.errs) < 10 {
						st.errs = append(st.errs, err.Error())
					}
				} else {
					st.ok.Add(1)
					rel := string(body)
					if st.first == "" {
						st.first = rel
					}
					st.last = rel
					st.seen[rel]++
				}
				st.mu.Unlock()
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	return st, wg.Wait
}

func serverStates(t *testing.T, hs []*lab.HAProxy) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, h := range hs {
		addr, _ := haproxy.ParseAddress("unix://" + h.AdminSock)
		rows, err := haproxy.New(h.Name, addr.Dialer()).ShowStatBackend(context.Background(), "app")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Type == haproxy.Server {
				out[h.Name+"/"+r.Name] = r.State()
			}
		}
	}
	return out
}

func drainLabYAML(f *lab.SSHFleet, hs []*lab.HAProxy) string {
	var b strings.Builder
	b.WriteString(`app:
  name: shop
  deploy_to: /srv/app
  keep_releases: 3
health:
  command: "test ! -f /srv/app/shared/sick"
  retries: 0
  timeout: 5s
hooks:
  after_switch: ["touch /srv/app/shared/restart; i=0; while [ -f /srv/app/shared/restart ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done"]
  timeout: 10s
haproxy:
  nodes:
`)
	for _, h := range hs {
		fmt.Fprintf(&b, "    - {name: %s, admin: \"unix://%s\"}\n", h.Name, h.AdminSock)
	}
	b.WriteString("deploy_lb:\n  drain_timeout: 10s\n  up_timeout: 10s\n  servers:\n")
	for i, h := range f.Hosts {
		fmt.Fprintf(&b, "    %s: [app/s%02d]\n", h.Name, i+1)
	}
	return f.InventoryYAML(b.String())
}

// TestDeployDrainLab: 2 HAProxy in front of 6 lab sshd hosts, each with an
// app the after_switch hook restarts; a load generator runs through both
// HAProxies for the whole of each 3-wave deploy.
func TestDeployDrainLab(t *testing.T) {
	t.Parallel() // see parallel_test.go
	lab.Require(t, "haproxy")
	l, f := lab.StartSSHDT(t, 6)
	var addrs []string
	var apps []*drainApp
	for _, h := range f.Hosts {
		app := startDrainApp(t, l, h)
		apps = append(apps, app)
		addrs = append(addrs, app.addr)
	}
	var hs []*lab.HAProxy
	var urls []string
	for i := 0; i < 2; i++ {
		h, err := l.StartHAProxy(lab.HAProxyOptions{Backends: []lab.HAProxyBackend{{Name: "app", Addrs: addrs, Check: true}}})
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
		urls = append(urls, fmt.Sprintf("http://127.0.0.1:%d/", h.FrontendPort))
	}
	cfg := writeConfig(t, l, "opsctl.yaml", drainLabYAML(f, hs))
	dir := t.TempDir()
	deploy := func(id string, extra ...string) (string, int) {
		art := writeArtifact(t, dir, id, 0)
		args := append([]string{"-c", cfg, "deploy", "--artifact", art, "--release-id", id, "--batch-size", "2"}, extra...)
		_, errOut, code := runCLI(t, "", args...)
		return errOut, code
	}
	withLoad := func(fn func()) *loadStats {
		stop := make(chan struct{})
		st, wait := runLoad(urls, stop)
		answered := func() int64 { return st.ok.Load() + st.failed.Load() }
		// about 300ms of load on a quiet machine, before and after fn
		waitFor(t, 30*time.Second, func() bool { return answered() >= 40 })
		fn()
		after := answered() + 40
		waitFor(t, 30*time.Second, func() bool { return answered() >= after })
		close(stop)
		wait()
		return st
	}
	if out, code := deploy("r1"); code != 0 {
		t.Fatalf("r1: exit %d\n%s", code, out)
	}

	t.Run("refuses a wave that empties the backend", func(t *testing.T) {
		out, code := deploy("rx", "--drain", "--batch-size", "6")
		if code != ExitError || !strings.Contains(out, "every server of backend app") {
			t.Fatalf("exit %d\n%s", code, out)
		}
		for _, h := range f.Hosts {
			if hostLive(h) != "r1" {
				t.Fatalf("%s changed", h.Name)
			}
		}
	})

	t.Run("with --drain no request fails", func(t *testing.T) {
		var out string
		var code int
		st := withLoad(func() { out, code = deploy("r2", "--drain") })
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, out)
		}
		t.Logf("load: %d ok, %d failed, seen %v", st.ok.Load(), st.failed.Load(), st.seen)
		if st.failed.Load() != 0 {
			t.Fatalf("%d failed requests with --drain: %v\n%s", st.failed.Load(), st.errs, out)
		}
		if st.first != "r1" || st.last != "r2" || len(st.seen) != 2 {
			t.Fatalf("release ids: first %q last %q seen %v", st.first, st.last, st.seen)
		}
		if !strings.Contains(out, "out of rotation (app/s01 drained") || !strings.Contains(out, "every drained server is back in rotation") {
			t.Fatalf("report:\n%s", out)
		}
		for k, v := range serverStates(t, hs) {
			if v != "UP" {
				t.Fatalf("%s is %s", k, v)
			}
		}
	})

	t.Run("without --drain requests fail", func(t *testing.T) {
		var out string
		var code int
		st := withLoad(func() { out, code = deploy("r3") })
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, out)
		}
		t.Logf("load: %d ok, %d failed (%v), seen %v", st.ok.Load(), st.failed.Load(), st.errs, st.seen)
		if st.failed.Load() == 0 {
			t.Fatalf("no failed request without --drain: the restart window is not real")
		}
	})

	t.Run("a host failing health in wave 2 stays out, the rest roll back", func(t *testing.T) {
		sick := hostPath(f.Hosts[2], "shared/sick")
		os.WriteFile(sick, nil, 0o644)
		defer os.Remove(sick)
		var out string
		var code int
		st := withLoad(func() { out, code = deploy("r4", "--drain") })
		if code != ExitPartial {
			t.Fatalf("exit %d\n%s", code, out)
		}
		t.Logf("load: %d ok, %d failed (%v), seen %v", st.ok.Load(), st.failed.Load(), st.errs, st.seen)
		if st.failed.Load() != 0 {
			t.Fatalf("%d failed requests: %v\n%s", st.failed.Load(), st.errs, out)
		}
		for _, h := range f.Hosts {
			if hostLive(h) != "r3" {
				t.Fatalf("%s on %q, want r3\n%s", h.Name, hostLive(h), out)
			}
		}
		if !strings.Contains(out, "left OUT of rotation") || !strings.Contains(out, "host003          app/s03") {
			t.Fatalf("report does not name host003:\n%s", out)
		}
		for k, v := range serverStates(t, hs) {
			want := "UP"
			if strings.HasSuffix(k, "/s03") {
				want = "DRAIN"
			}
			if v != want {
				t.Fatalf("%s is %s, want %s\n%s", k, v, want, out)
			}
		}
	})

	t.Run("rollback --drain rolls back wave by wave, no request fails", func(t *testing.T) {
		var out string
		var code int
		hooks := newHookRecorder(t) // the rolling rollback sends its release event too
		evCfg := writeConfig(t, l, "events.yaml", drainLabYAML(f, hs)+hooks.yaml())
		st := withLoad(func() {
			_, out, code = runCLI(t, "", "-c", evCfg, "rollback", "--drain", "--batch-size", "2", "--to", "r2")
		})
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, out)
		}
		hooks.has(t, "rollback.finish: opsctl: rollback of 6 host(s) to r2 done")
		t.Logf("load: %d ok, %d failed (%v), seen %v", st.ok.Load(), st.failed.Load(), st.errs, st.seen)
		if st.failed.Load() != 0 || st.last != "r2" {
			t.Fatalf("%d failed requests (%v), last %q\n%s", st.failed.Load(), st.errs, st.last, out)
		}
		if !strings.Contains(out, "wave 3: host005,host006") {
			t.Fatalf("not rolling:\n%s", out)
		}
		for _, h := range f.Hosts {
			if hostLive(h) != "r2" {
				t.Fatalf("%s on %q", h.Name, hostLive(h))
			}
		}
		for k, v := range serverStates(t, hs) {
			if v != "UP" {
				t.Fatalf("%s is %s\n%s", k, v, out)
			}
		}
	})

	// deploy_lb.on_drain_timeout: long requests keep every server's
	// sessions above 0, so each wave's drain runs into a 1s timeout.
	holdAll := func(t *testing.T) func() {
		t.Helper()
		client := &http.Client{Timeout: 40 * time.Second}
		var wg sync.WaitGroup
		for _, u := range urls {
			for i := 0; i < 3*len(f.Hosts); i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if resp, err := client.Get(u + "hold"); err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
				}()
			}
		}
		// wait until every server has a session on every HAProxy
		deadline := time.Now().Add(10 * time.Second)
		for {
			busy := 0
			for _, h := range hs {
				addr, _ := haproxy.ParseAddress("unix://" + h.AdminSock)
				rows, err := haproxy.New(h.Name, addr.Dialer()).ShowStatBackend(context.Background(), "app")
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					if r.Type == haproxy.Server && r.Scur > 0 {
						busy++
					}
				}
			}
			if busy == len(hs)*len(f.Hosts) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("only %d of %d servers hold a session", busy, len(hs)*len(f.Hosts))
			}
			time.Sleep(20 * time.Millisecond)
		}
		return func() {
			for _, a := range apps {
				a.releaseHold()
			}
			wg.Wait()
		}
	}
	timeoutCfg := func(name, policy string) string {
		return writeConfig(t, l, name, strings.Replace(drainLabYAML(f, hs), "deploy_lb:\n  drain_timeout: 10s\n",
			"deploy_lb:\n  drain_timeout: 1s\n  on_drain_timeout: "+policy+"\n", 1))
	}

	t.Run("on_drain_timeout fail: the wave is put back, nothing switches", func(t *testing.T) {
		release := holdAll(t)
		defer release()
		c := timeoutCfg("timeout-fail.yaml", "fail")
		_, errOut, code := runCLI(t, "", "-c", c, "deploy", "--artifact", writeArtifact(t, dir, "r5", 0), "--release-id", "r5", "--batch-size", "2", "--drain")
		if code != ExitError || !strings.Contains(errOut, "sessions did not reach 0 before the timeout") ||
			!strings.Contains(errOut, "deploy stopped before any host switched (nothing to roll back)") {
			t.Fatalf("exit %d\n%s", code, errOut)
		}
		for _, h := range f.Hosts {
			if hostLive(h) != "r2" {
				t.Fatalf("%s on %q", h.Name, hostLive(h))
			}
		}
		for k, v := range serverStates(t, hs) {
			if v != "UP" {
				t.Fatalf("%s is %s\n%s", k, v, errOut)
			}
		}
	})

	t.Run("on_drain_timeout proceed (the default): past the timeout, the deploy goes on", func(t *testing.T) {
		release := holdAll(t)
		defer release()
		c := timeoutCfg("timeout-proceed.yaml", "proceed")
		start := time.Now()
		_, errOut, code := runCLI(t, "", "-c", c, "deploy", "--artifact", writeArtifact(t, dir, "r6", 0), "--release-id", "r6", "--batch-size", "2", "--drain")
		if code != 0 || strings.Count(errOut, "proceeding past the drain timeout") < 3 {
			t.Fatalf("exit %d\n%s", code, errOut)
		}
		t.Logf("3 waves, each past a 1s drain timeout, in %s", time.Since(start).Round(time.Millisecond))
		for _, h := range f.Hosts {
			if hostLive(h) != "r6" {
				t.Fatalf("%s on %q", h.Name, hostLive(h))
			}
		}
		for k, v := range serverStates(t, hs) {
			if v != "UP" {
				t.Fatalf("%s is %s\n%s", k, v, errOut)
			}
		}
	})

}
