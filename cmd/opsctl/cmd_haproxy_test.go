package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
	"github.com/rogpeppe/go-internal/testscript"
)

type haproxyCLILab struct {
	lab  *lab.Lab
	http *lab.HTTPBackend
	lbs  []*lab.HAProxy
	cfg  string
}

// startHAProxyCLILab starts two haproxies (backends "app" with 3 servers and
// "slow" with one) and writes an inventory with lb1, lb2, a node whose
// socket does not exist (lbdown) and one reached via SSH (lbvia).
func startHAProxyCLILab(t *testing.T) *haproxyCLILab {
	t.Helper()
	lab.SkipShort(t)
	lab.Require(t, "haproxy")
	l := lab.NewT(t)
	hb, err := l.StartHTTPBackend()
	if err != nil {
		t.Fatal(err)
	}
	hl := &haproxyCLILab{lab: l, http: hb}
	for i := 0; i < 2; i++ {
		h, err := l.StartHAProxy(lab.HAProxyOptions{StateFile: true, AdminTCP: i == 1, Backends: []lab.HAProxyBackend{
			{Name: "app", Addrs: []string{hb.Addr, hb.Addr, hb.Addr}, Check: true},
			{Name: "slow", Addrs: []string{hb.Addr}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		hl.lbs = append(hl.lbs, h)
	}
	hl.cfg = filepath.Join(l.Dir, "opsctl.yaml")
	y := fmt.Sprintf(`hosts:
  - {name: lbhost, address: 127.0.0.1}
haproxy:
  nodes:
    - {name: lb1, admin: "unix://%s", groups: [lb], state_file: %s}
    - {name: lb2, admin: "tcp://%s", groups: [lb], state_file: %s}
    - {name: lbdown, admin: "unix://%s", groups: [broken]}
    - {name: lbvia, admin: "unix:///run/haproxy/admin.sock", via: lbhost, groups: [broken]}
`, hl.lbs[0].AdminSock, hl.lbs[0].StateFile, hl.lbs[1].AdminTCP, hl.lbs[1].StateFile, l.Path("down.sock"))
	if err := os.WriteFile(hl.cfg, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	return hl
}

func (hl *haproxyCLILab) run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runCLI(t, "", append([]string{"-c", hl.cfg}, args...)...)
}

func TestHAProxyCLI(t *testing.T) {
	t.Parallel() // see parallel_test.go
	hl := startHAProxyCLILab(t)

	out, errOut, code := hl.run(t, "-H", "lb", "haproxy", "status")
	if code != 0 || !regexpMatch(out, `lb1\s+app/s01\s+UP`) || !regexpMatch(out, `lb2\s+app/s01\s+UP`) || strings.Contains(out, "differ") {
		t.Fatalf("status: code %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "node lb1: HAProxy 2.6") || !strings.Contains(out, "state file: absent") {
		t.Fatalf("state file report:\n%s", out)
	}

	// Drain on lb1 only: status flags the server.
	out, _, code = hl.run(t, "-H", "lb1", "haproxy", "drain", "app/s02")
	if code != 0 || !regexpMatch(out, `lb1\s+set server app/s02 state drain\s+ok`) {
		t.Fatalf("drain lb1: %d %s", code, out)
	}
	out, _, code = hl.run(t, "-H", "lb", "haproxy", "status", "--differs")
	if code != 0 || !regexpMatch(out, `lb1\s+app/s02\s+DRAIN[^\n]*!`) || !strings.Contains(out, "! app/s02: state differs: DRAIN/UP") || strings.Contains(out, "s01") {
		t.Fatalf("status --differs:\n%s", out)
	}
	out, _, _ = hl.run(t, "-H", "lb", "-o", "json", "haproxy", "status", "--backend", "app")
	if !strings.Contains(out, `"event":"haproxy.server"`) || !strings.Contains(out, `"differs":true`) || !strings.Contains(out, `"event":"haproxy.node"`) {
		t.Fatalf("json status:\n%s", out)
	}

	// Dry run: prints, sends nothing.
	out, _, code = hl.run(t, "-H", "lb", "haproxy", "disable", "app/s01", "--dry-run")
	if code != 0 || !regexpMatch(out, `lb1\s+would send: disable server app/s01`) || !regexpMatch(out, `lb2\s+would send:`) {
		t.Fatalf("dry run: %s", out)
	}
	out, _, _ = hl.run(t, "-H", "lb", "haproxy", "status")
	if regexpMatch(out, `lb\d\s+app/s01\s+MAINT`) {
		t.Fatalf("dry run changed state:\n%s", out)
	}

	for _, step := range []struct {
		args []string
		want string // in status afterwards, for s01 on both
	}{
		{[]string{"disable", "app/s01"}, "MAINT"},
		{[]string{"enable", "app/s01"}, "UP"},
		{[]string{"drain", "app/s01"}, "DRAIN"},
		{[]string{"ready", "app/s01"}, "UP"},
	} {
		_, errOut, code := hl.run(t, append([]string{"-H", "lb", "haproxy"}, step.args...)...)
		if code != 0 {
			t.Fatalf("%v: %d %s", step.args, code, errOut)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			out, _, _ = hl.run(t, "-H", "lb", "haproxy", "status", "--backend", "app")
			if regexpMatch(out, `lb1\s+app/s01\s+`+step.want) && regexpMatch(out, `lb2\s+app/s01\s+`+step.want) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("after %v want %s:\n%s", step.args, step.want, out)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	out, _, code = hl.run(t, "-H", "lb", "haproxy", "weight", "app/s03", "0")
	if code != 0 {
		t.Fatalf("weight: %s", out)
	}
	out, _, _ = hl.run(t, "-H", "lb", "haproxy", "status", "--backend", "app")
	if !regexpMatch(out, `lb1\s+app/s03\s+UP( \d/\d)?\s+0\s`) {
		t.Fatalf("weight not applied:\n%s", out)
	}
	_, errOut, code = hl.run(t, "-H", "lb", "haproxy", "weight", "app/s03", "300")
	if code != ExitUsage || !strings.Contains(errOut, "0-256") {
		t.Fatalf("bad weight: %d %s", code, errOut)
	}
	_, errOut, code = hl.run(t, "-H", "lb", "haproxy", "drain", "app/s01;shutdown")
	if code != ExitUsage || !strings.Contains(errOut, "server name") {
		t.Fatalf("injection: %d %s", code, errOut)
	}
	_, _, code = hl.run(t, "-H", "lb", "haproxy", "drain", "app/nosuch")
	if code != ExitError {
		t.Fatalf("no such server on all nodes: code %d", code)
	}

	out, _, code = hl.run(t, "-H", "lb", "haproxy", "raw", "get weight app/s03")
	if code != 0 || !strings.Contains(out, "== lb1 ==\n0 (initial 1)") || !strings.Contains(out, "== lb2 ==\n0 (initial 1)") {
		t.Fatalf("raw: %d\n%s", code, out)
	}
	out, _, code = hl.run(t, "-H", "lb", "haproxy", "raw", "nonsense")
	if code != ExitError || !strings.Contains(out, "Unknown command") {
		t.Fatalf("raw error: %d\n%s", code, out)
	}

	// Maps and ACLs, each node with its own file.
	for i, lb := range []string{"lb1", "lb2"} {
		mf := hl.lbs[i].MapFile
		if _, e, c := hl.run(t, "-H", lb, "haproxy", "map", "add", mf, "shop.example.com", "shop one"); c != 0 {
			t.Fatalf("map add: %s", e)
		}
		if _, e, c := hl.run(t, "-H", lb, "haproxy", "map", "set", mf, "shop.example.com", "shop-v2"); c != 0 {
			t.Fatalf("map set: %s", e)
		}
		out, _, _ = hl.run(t, "-H", lb, "haproxy", "map", "show", mf)
		if !regexpMatch(out, lb+`\s+shop.example.com\s+shop-v2`) {
			t.Fatalf("map show: %s", out)
		}
		if _, e, c := hl.run(t, "-H", lb, "haproxy", "map", "del", mf, "shop.example.com"); c != 0 {
			t.Fatalf("map del: %s", e)
		}
		af := hl.lbs[i].ACLFile
		if _, e, c := hl.run(t, "-H", lb, "haproxy", "acl", "add", af, "203.0.113.7"); c != 0 {
			t.Fatalf("acl add: %s", e)
		}
		out, _, _ = hl.run(t, "-H", lb, "haproxy", "acl", "show", af)
		if !regexpMatch(out, lb+`\s+203.0.113.7`) {
			t.Fatalf("acl show: %s", out)
		}
	}

	// save-state then reload: drain survives.
	if _, e, c := hl.run(t, "-H", "lb", "haproxy", "drain", "app/s02"); c != 0 {
		t.Fatal(e)
	}
	out, _, code = hl.run(t, "-H", "lb", "haproxy", "save-state")
	if code != 0 {
		t.Fatalf("save-state: %s", out)
	}
	for _, h := range hl.lbs {
		if err := h.Reload(); err != nil {
			t.Fatal(err)
		}
	}
	out, _, _ = hl.run(t, "-H", "lb", "haproxy", "status")
	if !regexpMatch(out, `lb1\s+app/s02\s+DRAIN`) || !regexpMatch(out, `lb2\s+app/s02\s+DRAIN`) || !strings.Contains(out, "state file: ok") {
		t.Fatalf("after save-state + reload:\n%s", out)
	}
}

func TestHAProxyCLINodesDown(t *testing.T) {
	t.Parallel() // see parallel_test.go
	hl := startHAProxyCLILab(t)
	out, _, code := hl.run(t, "haproxy", "status")
	if code != ExitPartial || !regexpMatch(out, `lb1\s+app/s01\s+UP`) || !strings.Contains(out, "node lbdown: FAILED: haproxy lbdown: show info;show stat: dial unix") ||
		!strings.Contains(out, "node lbvia: FAILED: haproxy lbvia: show info;show stat: lbhost: connect: ") {
		t.Fatalf("code %d\n%s", code, out)
	}
	out, _, code = hl.run(t, "-H", "broken", "haproxy", "drain", "app/s01")
	if code != ExitError || !strings.Contains(out, "FAILED") {
		t.Fatalf("all down: code %d\n%s", code, out)
	}
	out, _, code = hl.run(t, "-o", "json", "haproxy", "weight", "app/s01", "50%")
	if code != ExitPartial || strings.Count(out, `"status":"ok"`) != 2 || strings.Count(out, `"status":"failed"`) != 2 {
		t.Fatalf("json partial: %d\n%s", code, out)
	}
}

func TestHAProxyCLIDrainWait(t *testing.T) {
	t.Parallel() // see parallel_test.go
	hl := startHAProxyCLILab(t)
	conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", hl.lbs[0].FrontendPort))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /hold HTTP/1.1\r\nHost: x\r\nX-Backend: slow\r\nConnection: close\r\n\r\n")
	got := make(chan struct{})
	go func() { bufio.NewReader(conn).ReadString('\n'); close(got) }()
	// Wait for the session to reach the server.
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, _, _ := hl.run(t, "-H", "lb1", "haproxy", "status", "--backend", "slow")
		if regexpMatch(out, `lb1\s+slow/s01\s+no check\s+\d+\s+1\s`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("session never reached slow/s01:\n%s", out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// A short timeout fails on lb1 only: exit 3.
	out, errOut, code := hl.run(t, "-H", "lb", "haproxy", "drain", "slow/s01", "--wait", "--timeout", "400ms", "--interval", "50ms")
	// (the count is said once, not at each of its ~8 polls)
	if code != ExitPartial || !strings.Contains(out, "sessions did not reach 0") || strings.Count(errOut, "lb1: waiting: 1 session(s) left") != 1 {
		t.Fatalf("timeout: %d\n%s\n%s", code, out, errOut)
	}
	// --wait holds while the session is open: its JSON output says each
	// poll that still saw it (haproxy.waiting); five of them (every 50ms)
	// and it has not returned, then the session ends and it does.
	type res struct {
		out, errOut string
		code        int
	}
	done := make(chan res, 1)
	lw := &linesSeen{want: `"event":"haproxy.waiting"`, n: 5, reached: make(chan struct{})}
	args := []string{"-c", hl.cfg, "-o", "json", "-H", "lb", "haproxy", "drain", "slow/s01", "--wait", "--drain-timeout", "30s", "--interval", "50ms"}
	go func() {
		var errOut strings.Builder
		c := run(args, &IOStreams{In: strings.NewReader(""), Out: lw, ErrOut: &errOut, TermWide: 80})
		done <- res{lw.String(), errOut.String(), c}
	}()
	select {
	case r := <-done:
		t.Fatalf("returned with a session open: %+v", r)
	case <-lw.reached:
	case <-time.After(15 * time.Second):
		t.Fatalf("no five waiting polls:\n%s", lw.String())
	}
	select {
	case r := <-done:
		t.Fatalf("returned with a session open: %+v", r)
	default:
	}
	hl.http.Release()
	<-got
	select {
	case r := <-done:
		checkJSONLines(t, args, r.out, r.code, r.code != 0)
		ok := false
		for _, l := range jsonLines(r.out, "haproxy.change") {
			ok = ok || (strings.Contains(l, `"node":"lb1"`) && strings.Contains(l, `"command":"set server slow/s01 state drain"`) && strings.Contains(l, `"status":"ok"`))
		}
		if r.code != 0 || !ok {
			t.Fatalf("drain --wait: %+v", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("drain --wait did not return after the session ended")
	}
}

// linesSeen is an Out that closes reached once n lines containing want
// have been written (a command's output as it comes).
type linesSeen struct {
	mu      sync.Mutex
	buf     strings.Builder
	want    string
	n       int
	reached chan struct{}
	closed  bool
}

func (w *linesSeen) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if !w.closed && strings.Count(w.buf.String(), w.want) >= w.n {
		w.closed = true
		close(w.reached)
	}
	return len(p), nil
}

func (w *linesSeen) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func regexpMatch(s, re string) bool { return regexp.MustCompile(re).MatchString(s) }

// BenchmarkHAProxyStatusCLI: "opsctl haproxy status" in-process (inventory
// load, both nodes queried in parallel, table rendered) across two real
// haproxy 2.6 nodes with a 50-server backend.
//
//	go test ./cmd/opsctl -run '^$' -bench HAProxyStatus -benchtime 200x
func BenchmarkHAProxyStatusCLI(b *testing.B) {
	lab.Require(b, "haproxy")
	l := lab.NewT(b)
	hb, err := l.StartHTTPBackend()
	if err != nil {
		b.Fatal(err)
	}
	addrs := make([]string, 50)
	for i := range addrs {
		addrs[i] = hb.Addr
	}
	var nodes strings.Builder
	for i := 0; i < 2; i++ {
		h, err := l.StartHAProxy(lab.HAProxyOptions{Backends: []lab.HAProxyBackend{{Name: "app", Addrs: addrs, Check: true}}})
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(&nodes, "    - {name: lb%d, admin: \"unix://%s\", groups: [lb]}\n", i+1, h.AdminSock)
	}
	cfg := filepath.Join(l.Dir, "opsctl.yaml")
	if err := os.WriteFile(cfg, []byte("haproxy:\n  nodes:\n"+nodes.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out, errOut strings.Builder
		code := run([]string{"-c", cfg, "haproxy", "status"}, &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, TermWide: 80})
		if code != 0 || strings.Count(out.String(), "\n") < 100 {
			b.Fatalf("code %d\n%s%s", code, out.String(), errOut.String())
		}
	}
}

// TestHAProxyCLIUsage: argument errors are caught before any config or
// network access.
func TestHAProxyCLIUsage(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.yaml")
	os.WriteFile(empty, []byte("hosts: []\n"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"haproxy", "drain", "app"}, ExitUsage, "want BACKEND/SERVER"},
		{[]string{"haproxy", "drain", "app/s1 x"}, ExitUsage, "server name"},
		{[]string{"haproxy", "drain", "a;b/s1"}, ExitUsage, "backend name"},
		{[]string{"haproxy", "weight", "app/s1", "abc"}, ExitUsage, "weight"},
		{[]string{"haproxy", "weight", "app/s1"}, ExitUsage, "haproxy weight needs BACKEND/SERVER N|N%"},
		{[]string{"haproxy", "raw", ""}, ExitUsage, "non-empty"},
		{[]string{"haproxy", "map", "frob", "/m"}, ExitUsage, "unknown action"},
		{[]string{"haproxy", "map", "add", "/m", "k"}, ExitUsage, "want 3 arguments"},
		{[]string{"haproxy", "acl", "set", "/m", "k"}, ExitUsage, "unknown action"},
		{[]string{"haproxy", "map", "show", "rel.map"}, ExitUsage, "want #ID or the absolute"},
		{[]string{"haproxy", "status", "--backend", "a b"}, ExitUsage, "backend name"},
		{[]string{"-c", empty, "haproxy", "status"}, ExitUsage, "no haproxy.nodes"},
	} {
		_, stderr, code := runCLI(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.err) {
			t.Errorf("%v: code %d stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.err)
		}
	}
}

// TestHAProxyScripts runs testdata/haproxy/*.txtar like runbooks against
// two real haproxies (lb1, lb2, group lb) and a node that is down (lbdown).
// $OPSCTL_CONFIG points at the generated inventory; $MAP1 is lb1's map file.
func TestHAProxyScripts(t *testing.T) {
	lab.SkipShort(t)
	lab.Require(t, "haproxy")
	testscript.Run(t, testscript.Params{
		Dir: "testdata/haproxy",
		Setup: func(env *testscript.Env) error {
			l, err := lab.New("")
			if err != nil {
				return err
			}
			env.Defer(func() { l.Close(); os.RemoveAll(l.Dir) })
			hb, err := l.StartHTTPBackend()
			if err != nil {
				return err
			}
			var lbs []*lab.HAProxy
			for i := 0; i < 2; i++ {
				h, err := l.StartHAProxy(lab.HAProxyOptions{StateFile: true, Backends: []lab.HAProxyBackend{
					{Name: "app", Addrs: []string{hb.Addr, hb.Addr}},
				}})
				if err != nil {
					return err
				}
				lbs = append(lbs, h)
			}
			cfg := filepath.Join(env.WorkDir, "opsctl.yaml")
			y := fmt.Sprintf("haproxy:\n  nodes:\n"+
				"    - {name: lb1, admin: \"unix://%s\", groups: [lb], state_file: %s}\n"+
				"    - {name: lb2, admin: \"unix://%s\", groups: [lb], state_file: %s}\n"+
				"    - {name: lbdown, admin: \"unix://%s\"}\n",
				lbs[0].AdminSock, lbs[0].StateFile, lbs[1].AdminSock, lbs[1].StateFile, l.Path("down.sock"))
			env.Setenv("OPSCTL_CONFIG", cfg)
			env.Setenv("MAP1", lbs[0].MapFile)
			return os.WriteFile(cfg, []byte(y), 0o644)
		},
	})
}
