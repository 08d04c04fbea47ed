package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/readonly"
	"github.com/opsctl/opsctl/transport"
	"github.com/opsctl/opsctl/varnish"
)

// TestReadonlyLab runs the whole read-only story through the CLI against 2
// real HAProxy in front of 2 real Varnish in front of a tiny backend: one
// lab, steps in order.
func TestReadonlyLab(t *testing.T) {
	t.Parallel() // see parallel_test.go
	lab.SkipShort(t)
	rl := startReadonlyLab(t, 2, 2)
	rl.probes = true
	rl.writeConfig(t, rl.cfg)
	cfg := rl.cfg
	// read-only on/off are release events too (a webhook receiver here)
	hooks := newHookRecorder(t)
	appendFile(t, cfg, hooks.yaml())
	cli := func(want int, args ...string) (string, string) {
		t.Helper()
		out, errOut, code := runCLIb(t, append([]string{"-c", cfg}, args...)...)
		if code != want {
			t.Fatalf("%v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, code, want, out, errOut)
		}
		t.Logf("$ opsctl %s  # exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		return out, errOut
	}
	has := func(what, s string, subs ...string) {
		t.Helper()
		for _, sub := range subs {
			if !strings.Contains(s, sub) {
				t.Fatalf("%s: no %q in\n%s", what, sub, s)
			}
		}
	}
	activeVCL := func(i int) (string, map[string]string) {
		t.Helper()
		v := rl.caches[i]
		c, err := varnish.Dial(context.Background(), varnish.Options{Dial: varnish.TCPDialer(v.AdminAddr), Secret: varnish.SecretFile(v.SecretFile)})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		l, err := c.VCLList(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		active, labels := "", map[string]string{}
		for _, x := range l {
			if x.Status == "active" {
				active = x.Name
			}
			if x.IsLabel() {
				labels[x.Name] = x.LabelOf
			}
		}
		return active, labels
	}

	out, _ := cli(0, "readonly", "status")
	has("status before", out, "lb1", "lb2", "cache1", "cache2", "read-only OFF")

	// Normal mode: the Set-Cookie page is not cached, writes reach the site.
	for i := 0; i < 2; i++ {
		r := roDo(t, "GET", rl.url(i, "/page"))
		if r.status != 200 || r.hdr.Get("Set-Cookie") == "" {
			t.Fatalf("normal GET: %d %v", r.status, r.hdr)
		}
		if r := roDo(t, "POST", rl.url(i, "/form")); r.status != 200 {
			t.Fatalf("normal POST: %d %s", r.status, r.body)
		}
	}
	if n := rl.backend.count("GET /page"); n != 2 {
		t.Fatalf("normal mode: backend saw %d GET /page, want 2 (not cached)", n)
	}

	// Dry run: every command per node, nothing sent.
	out, _ = cli(0, "readonly", "on", "--dry-run", "--reason", "db move")
	has("dry run", out, "lb1", "would send: set map "+rl.mapFile+" global on", "cache2", "would send: vcl.use opsctl_readonly", "nothing was sent")
	cli(0, "readonly", "status")
	if s := readFile(t, rl.mapFile); !strings.HasPrefix(s, "global off\n") {
		t.Fatalf("dry run wrote the map file: %q", s)
	}

	// Without prepare, on still works: it compiles vcl_file (seconds), and says so.
	out, errOut := cli(0, "readonly", "on")
	has("on before prepare", out+errOut, "read-only ON", "was not loaded ahead of time")
	cli(0, "readonly", "off")
	hooks.has(t, "readonly.on: opsctl: read-only mode on", "readonly.off: opsctl: read-only mode off")

	// Prepare compiles the read-only VCL ahead of time (again: it is
	// discarded and compiled anew, to include the site's current VCL).
	out, _ = cli(0, "readonly", "prepare")
	has("prepare", out, "cache1", "cache2", "vcl.inline opsctl_readonly", "reloaded in")

	out, _ = cli(0, "readonly", "on", "--reason", "db move", "--by", "tester", "--message", "Back at 14:00 <UTC> 100%")
	has("on", out, "message on the page: Back at 14:00 <UTC> 100%", "read-only ON", "cache1", "opsctl_readonly", "ok (changed)",
		fmt.Sprintf("probe http://127.0.0.1:%d/probe: GET 200, POST 503", rl.lbs[1].FrontendPort))
	if s := readFile(t, rl.mapFile); !strings.HasPrefix(s, "global on\n") || !strings.Contains(s, "opsctl_reason db+move") {
		t.Fatalf("map file after on: %q", s)
	}

	writesBefore := rl.backend.count("POST /form")
	for i := range rl.lbs {
		for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			r := roDo(t, m, rl.url(i, "/form"))
			if r.status != 503 || r.hdr.Get("Retry-After") != "120" || !strings.Contains(r.body, "read-only mode") || !strings.Contains(r.body, "<p>Back at 14:00 &lt;UTC&gt; 100%</p>") {
				t.Fatalf("lb%d %s in read-only mode: %d Retry-After=%q\n%s", i+1, m, r.status, r.hdr.Get("Retry-After"), r.body)
			}
		}
		for j := 0; j < 3; j++ {
			r := roDo(t, "GET", rl.url(i, "/ro"))
			if r.status != 200 || r.hdr.Get("Set-Cookie") != "" || !strings.HasPrefix(r.body, "GET /ro #") {
				t.Fatalf("lb%d GET in read-only mode: %d %v %q", i+1, r.status, r.hdr, r.body)
			}
		}
	}
	if n := rl.backend.count("POST /form") + rl.backend.count("PUT /form") + rl.backend.count("DELETE /form"); n != writesBefore {
		t.Fatalf("a write reached the backend in read-only mode")
	}
	// 6 GETs through 2 LBs, 2 caches: the Set-Cookie page is cached.
	if n := rl.backend.count("GET /ro"); n < 1 || n > 2 {
		t.Fatalf("read-only mode: backend saw %d GET /ro, want <= 2 (one per cache)", n)
	}
	// Varnish refuses writes on its own too (for traffic that bypasses HAProxy).
	if r := roDo(t, "POST", "http://"+rl.caches[0].HTTPAddr+"/form"); r.status != 503 || r.hdr.Get("Retry-After") != "120" {
		t.Fatalf("direct POST to varnish: %d %v", r.status, r.hdr)
	}

	out, _ = cli(ExitReadonlyOn, "readonly", "status")
	has("status on", out, "read-only ON", "by tester", "db move", "message on the page: Back at 14:00 <UTC> 100%")
	out, _ = cli(ExitReadonlyOn, "-o", "json", "readonly", "status")
	has("status json", out, `"event":"readonly.result"`, `"verdict":"ON"`, `"reason":"db move"`)

	// status compares the map file with the running HAProxy: a file that
	// says off would lose read-only mode at the next reload.
	good := readFile(t, rl.mapFile)
	os.WriteFile(rl.mapFile, []byte(strings.Replace(good, "global on", "global off", 1)), 0o644)
	out, _ = cli(ExitReadonlyOn, "readonly", "status")
	has("status with a stale map file", out, `WARNING: map file `+rl.mapFile+` says global="off" but HAProxy runs with "on"`)

	// On twice is fine (and rewrites the file), and the label still points
	// at the site's VCL.
	cli(0, "readonly", "on", "--reason", "db move", "--by", "tester")
	if s := readFile(t, rl.mapFile); !strings.HasPrefix(s, "global on\n") {
		t.Fatalf("on twice did not rewrite the map file: %q", s)
	}
	for i := range rl.caches {
		if active, labels := activeVCL(i); active != "opsctl_readonly" || labels["opsctl_normal"] != "boot" {
			t.Fatalf("cache%d after on twice: active %s labels %v", i+1, active, labels)
		}
	}

	// A reload keeps read-only mode: HAProxy reads the rewritten map file.
	if err := rl.lbs[0].Reload(); err != nil {
		t.Fatal(err)
	}
	if r := roDo(t, "POST", rl.url(0, "/form")); r.status != 503 || !strings.Contains(r.body, "Back at 14:00 &lt;UTC&gt; 100%") {
		t.Fatalf("POST after reload in read-only mode: %d %s", r.status, r.body)
	}
	cli(ExitReadonlyOn, "readonly", "status")

	// Off: writes work again, nothing cached in read-only mode is served.
	out, _ = cli(0, "readonly", "off")
	has("off", out, "read-only OFF", fmt.Sprintf("probe http://127.0.0.1:%d/probe: GET 200, POST 200", rl.lbs[0].FrontendPort))
	for i := range rl.lbs {
		if r := roDo(t, "POST", rl.url(i, "/form")); r.status != 200 {
			t.Fatalf("lb%d POST after off: %d %s", i+1, r.status, r.body)
		}
	}
	before := rl.backend.count("GET /ro")
	for i := range rl.lbs {
		r := roDo(t, "GET", rl.url(i, "/ro"))
		if r.status != 200 || r.hdr.Get("Set-Cookie") == "" {
			t.Fatalf("lb%d GET after off: %d %v (a read-only cached object?)", i+1, r.status, r.hdr)
		}
	}
	if n := rl.backend.count("GET /ro"); n != before+2 {
		t.Fatalf("after off: backend saw %d new GET /ro, want 2 (read-only objects banned)", n-before)
	}
	if s := readFile(t, rl.mapFile); !strings.HasPrefix(s, "global off\n") {
		t.Fatalf("map file after off: %q", s)
	}
	for i := range rl.caches {
		if active, labels := activeVCL(i); active != "boot" || len(labels) != 0 {
			t.Fatalf("cache%d after off: active %s labels %v", i+1, active, labels)
		}
	}
	cli(0, "readonly", "status")

	// The one-round-trip path used for each LB, against the real HAProxy.
	lb := readonly.HAProxyLB{Client: haproxy.New("lb1", haproxy.Address{Network: "unix", Addr: rl.lbs[0].AdminSock}.Dialer())}
	vals, err := lb.SetMapsAndShow(context.Background(), rl.mapFile, [][2]string{{"global", "off"}, {"opsctl_reason", "a b;c"}})
	if err != nil || vals["global"] != "off" || vals["opsctl_reason"] != "a b;c" || vals["opsctl_message"] != "<!---->" {
		t.Fatalf("batch: %v %v", vals, err)
	}
	if _, err := lb.SetMapsAndShow(context.Background(), rl.mapFile, [][2]string{{"global", "off"}, {"no_such_key", "x"}}); err == nil {
		t.Fatal("batch with a missing key: no error")
	}

	// One Varnish down during on: the others are reverted, exit 3. (No
	// probes from here: half the requests would meet the dead cache.)
	rl.probes = false
	rl.writeConfig(t, cfg)
	rl.caches[1].Stop()
	out, errOut = cli(ExitPartial, "readonly", "on", "--reason", "down test")
	has("on with a cache down", out+errOut, "cache2", "FAILED", "reverted")
	out, _ = cli(ExitReadonlyUnknown, "readonly", "status")
	for _, n := range []string{"lb1", "lb2", "cache1"} {
		if !strings.Contains(out, n+" ") || !regexpMatch(out, `(?m)^`+n+`\s+\S+\s+off\b`) {
			t.Fatalf("%s not reverted:\n%s", n, out)
		}
	}
	// (cache2 is down, so HAProxy itself may answer 503: just not the page.)
	for i := range rl.lbs {
		if r := roDo(t, "POST", rl.url(i, "/form")); strings.Contains(r.body, "read-only mode") || r.hdr.Get("Retry-After") != "" {
			t.Fatalf("lb%d POST after a reverted on: %d %s", i+1, r.status, r.body)
		}
	}
	// With --partial-ok the others stay read-only; once cache2 is back (on
	// its normal VCL), status says MIXED and names it.
	out, errOut = cli(ExitPartial, "readonly", "on", "--partial-ok", "--reason", "down test")
	// one state name everywhere: the error, the verdict line and status
	has("partial-ok", out+errOut, "left UNKNOWN", "read-only UNKNOWN")
	cli(ExitReadonlyUnknown, "readonly", "status")
	v, err := rl.lab.StartVarnish(lab.VarnishOptions{Name: "cache2b", VCL: lab.DefaultVCL("127.0.0.1", 9)})
	if err != nil {
		t.Fatal(err)
	}
	v.Name = "cache2"
	rl.caches[1] = v
	rl.writeConfig(t, cfg)
	out, _ = cli(ExitReadonlyMixed, "readonly", "status")
	has("status mixed", out, "read-only MIXED (differs: cache2)")
	cli(0, "readonly", "off")
	cli(0, "readonly", "status")
}

// TestReadonlyDryRunSendsNothing: a dry run against nodes that do not exist
// succeeds, so it cannot have contacted them.
func TestReadonlyDryRunSendsNothing(t *testing.T) {
	dir := t.TempDir()
	cfg := dir + "/o.yaml"
	os.WriteFile(cfg, []byte(`haproxy:
  nodes:
    - {name: lb1, admin: "unix:///nonexistent/lb1.sock"}
varnish:
  nodes:
    - {name: cache1, admin: "127.0.0.1:1", secret_file: /nonexistent/secret}
`), 0o644)
	for _, mode := range []string{"on", "off"} {
		out, errOut, code := runCLI(t, "", "-c", cfg, "readonly", mode, "--dry-run")
		if code != 0 || !strings.Contains(out, "lb1") || !strings.Contains(out, "cache1") || !strings.Contains(out, "would send") {
			t.Fatalf("%s --dry-run: exit %d\n%s%s", mode, code, out, errOut)
		}
	}
	out, _, code := runCLI(t, "", "-c", cfg, "readonly", "prepare", "--dry-run")
	if code != 0 || !strings.Contains(out, "vcl.inline opsctl_readonly") {
		t.Fatalf("prepare --dry-run: exit %d\n%s", code, out)
	}
	// status reads the nodes: both unreachable.
	_, _, code = runCLI(t, "", "-c", cfg, "readonly", "status")
	if code != ExitReadonlyUnknown {
		t.Fatalf("status with every node down: exit %d", code)
	}
	// --hosts picks among both kinds.
	out, _, code = runCLI(t, "", "-c", cfg, "-H", "cache1", "readonly", "on", "--dry-run")
	if code != 0 || strings.Contains(out, "lb1") || !strings.Contains(out, "cache1") {
		t.Fatalf("-H cache1: exit %d\n%s", code, out)
	}
	_, errOut, code := runCLI(t, "", "-c", cfg, "-H", "nope", "readonly", "status")
	if code != ExitUsage || !strings.Contains(errOut, "nope") {
		t.Fatalf("-H nope: exit %d %s", code, errOut)
	}
}

func TestReadonlyInit(t *testing.T) {
	dir := t.TempDir()
	cfg := dir + "/o.yaml"
	os.WriteFile(cfg, []byte("readonly:\n  map_file: /etc/haproxy/ro.map\n  page: \"<p>Back at 14:00</p>\"\n  site_vcl_file: /etc/varnish/shop.vcl\n"), 0o644)
	out, errOut, code := runCLI(t, "", "-c", cfg, "readonly", "init")
	if code != 0 {
		t.Fatalf("exit %d %s", code, errOut)
	}
	for _, want := range []string{"map(/etc/haproxy/ro.map,off)", "global off", "<p>Back at 14:00</p>", `include "/etc/varnish/shop.vcl";`, "Retry-After"} {
		if !strings.Contains(out, want) {
			t.Fatalf("no %q in\n%s", want, out)
		}
	}
	_, _, code = runCLI(t, "", "-c", cfg, "readonly", "init", "--dir", dir+"/x")
	if code != 0 || readFile(t, dir+"/x/ro.map") != "global off\nopsctl_by -\nopsctl_at -\nopsctl_reason -\nopsctl_message <!---->\n" {
		t.Fatalf("init --dir: exit %d", code)
	}
	if _, _, code := runCLI(t, "", "-c", cfg, "readonly", "init", "--dir", dir, "--print-config"); code != ExitUsage {
		t.Fatalf("both flags: exit %d", code)
	}
}

// TestReplaceFileCommand runs the remote command used over SSH with a
// local shell: the file is replaced with stdin, its mode kept.
func TestReplaceFileCommand(t *testing.T) {
	dir := t.TempDir()
	p := dir + "/it's a map"
	os.WriteFile(p, []byte("global off\n"), 0o640)
	cmd := exec.Command("sh", "-c", transport.ReplaceFileCommand(p, 0o644))
	cmd.Stdin = strings.NewReader("global on\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	st, _ := os.Stat(p)
	if readFile(t, p) != "global on\n" || st.Mode().Perm() != 0o640 {
		t.Fatalf("content %q mode %v", readFile(t, p), st.Mode())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("temp file left: %v", ents)
	}
	if err := readonly.ReplaceFileLocal(dir+"/new.map", []byte("x\n")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(dir + "/new.map"); st.Mode().Perm() != 0o644 {
		t.Fatalf("new file mode %v", st.Mode())
	}
}

// TestReadonlyPersistViaSSH: for an LB behind via:, the map file is
// rewritten on that host over SSH (a real sshd with its own /srv).
func TestReadonlyPersistViaSSH(t *testing.T) {
	t.Parallel() // see parallel_test.go
	l, f := lab.StartSSHDT(t, 1)
	cfg := writeConfig(t, l, "opsctl.yaml", f.InventoryYAML("haproxy:\n  nodes:\n    - {name: lb1, admin: \"unix:///srv/admin.sock\", via: host001}\n"))
	a := newApp(&IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard})
	defer a.close()
	a.opts.config = cfg
	c, err := a.config()
	if err != nil {
		t.Fatal(err)
	}
	persist := a.f.ReadonlyPersist(c.HAProxy.Nodes[0], "/srv/haproxy/ro map")
	if err := persist(context.Background(), []byte("global on\n")); err == nil {
		t.Fatal("no error for a missing directory")
	}
	if out, _, code := runCLI(t, "", "-c", cfg, "exec", "--", "mkdir -p '/srv/haproxy' && echo 'global off' > '/srv/haproxy/ro map' && chmod 640 '/srv/haproxy/ro map'"); code != 0 {
		t.Fatalf("exec: %d %s", code, out)
	}
	if err := persist(context.Background(), []byte("global on\nopsctl_by a%40b\n")); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, "", "-c", cfg, "exec", "--", "stat -c %a '/srv/haproxy/ro map'; cat '/srv/haproxy/ro map'; ls -a /srv/haproxy | wc -l")
	if code != 0 || out != "host001 | 640\nhost001 | global on\nhost001 | opsctl_by a%40b\nhost001 | 3\n" {
		t.Fatalf("exit %d\n%s", code, out)
	}
}
