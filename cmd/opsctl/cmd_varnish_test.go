package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/varnish"
)

// TestBanArgs: the words a ban's arguments make (varnish.BanWords), and
// a bad expression refused as bad usage before any config is read.
func TestBanArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"req.url ~ ^/img/"}, "req.url|~|^/img/"},
		{[]string{"req.url", "~", "^/img/", "&&", "req.http.host", "==", "h"}, "req.url|~|^/img/|&&|req.http.host|==|h"},
		{[]string{`req.url ~ "^/a\"b"`}, `req.url|~|^/a"b`},
		{[]string{"req.url ~"}, "ERR want FIELD"},
		{[]string{"req.url ~ x || a == b"}, "ERR want &&"},
		{[]string{`req.url ~ "a b"`}, "ERR varnishd cannot take blanks"},
		{[]string{`req.url ~ "unterminated`}, "ERR ban expression"},
	} {
		words, err := varnish.BanWords(tc.args)
		got := strings.Join(words, "|")
		if err != nil {
			got = "ERR " + err.Error()
			_, stderr, code := runCLI(t, "", append([]string{"-c", "/nonexistent.yaml", "varnish", "ban"}, tc.args...)...)
			if code != ExitUsage || !strings.Contains(stderr, err.Error()) {
				t.Errorf("%q: exit %d, %s", tc.args, code, stderr)
			}
		}
		if !strings.HasPrefix(got, tc.want) && !(strings.HasPrefix(tc.want, "ERR") && strings.HasPrefix(got, "ERR") && strings.Contains(got, tc.want[4:])) {
			t.Errorf("%q: got %q, want %q", tc.args, got, tc.want)
		}
	}
}

// varnishLab starts two real varnishd and writes an inventory naming them
// (cache1, cache2) plus, in down.yaml, a node that is down and one behind
// an SSH host.
func varnishLab(t *testing.T) (dir string, vs []*lab.Varnish) {
	t.Helper()
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "varnishd", "cc")
	l := lab.NewT(t)
	for i := 1; i <= 2; i++ {
		v, err := l.StartVarnish(lab.VarnishOptions{Name: fmt.Sprintf("cache%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	dir = t.TempDir()
	nodes := ""
	for _, v := range vs {
		nodes += fmt.Sprintf("    - {name: %s, admin: '%s', secret_file: %s, groups: [cache]}\n", v.Name, v.AdminAddr, v.SecretFile)
	}
	free, _ := lab.FreePort()
	os.WriteFile(filepath.Join(dir, "ok.yaml"), []byte("varnish:\n  nodes:\n"+nodes), 0o644)
	os.WriteFile(filepath.Join(dir, "down.yaml"), []byte(fmt.Sprintf(
		"hosts:\n  - {name: edge, address: 127.0.0.1}\nvarnish:\n  nodes:\n%s    - {name: gone, admin: '127.0.0.1:%d', secret_file: %s}\n    - {name: far, admin: '127.0.0.1:6082', secret_file: /etc/varnish/secret, via: edge}\n",
		nodes, free, vs[0].SecretFile)), 0o644)
	return dir, vs
}

func TestVarnishCLI(t *testing.T) {
	t.Parallel() // see parallel_test.go
	dir, vs := varnishLab(t)
	ok := filepath.Join(dir, "ok.yaml")
	var secrets []string
	for _, v := range vs {
		b, _ := os.ReadFile(v.SecretFile)
		secrets = append(secrets, strings.TrimSpace(string(b)))
	}
	cli := func(wantCode int, args ...string) (string, string) {
		t.Helper()
		stdout, stderr, code := runCLI(t, "", args...)
		for _, s := range secrets {
			if strings.Contains(stdout+stderr, s) {
				t.Fatalf("%v: output contains a secret", args)
			}
		}
		if code != wantCode {
			t.Fatalf("%v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, code, wantCode, stdout, stderr)
		}
		return stdout, stderr
	}

	out, _ := cli(0, "-c", ok, "varnish", "status")
	for _, want := range []string{"NODE", "cache1  up", "cache2  up", "running", "boot", "varnish-7."} {
		if !strings.Contains(out, want) {
			t.Errorf("status: no %q in\n%s", want, out)
		}
	}
	out, _ = cli(0, "-c", ok, "-o", "json", "varnish", "status", "-H", "cache2")
	var ev map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &ev); err != nil || ev["node"] != "cache2" || ev["running"] != true || ev["active_vcl"] != "boot" {
		t.Fatalf("json status %q: %v", out, err)
	}

	// ban and purge on every node; --dry-run sends nothing.
	out, _ = cli(0, "-c", ok, "varnish", "ban", "--dry-run", "req.url ~ ^/img/")
	if !strings.Contains(out, "cache1  would send  ban req.url ~ ^/img/") || !strings.Contains(out, "cache2") {
		t.Fatalf("dry-run ban:\n%s", out)
	}
	cli(0, "-c", ok, "varnish", "ban", "req.url", "~", "^/img/")
	cli(0, "-c", ok, "varnish", "purge", "https://shop.example/cart?x=1")
	for _, v := range vs {
		specs := banSpecs(t, v)
		if !specs["req.url ~ ^/img/"] || !specs["req.url == /cart?x=1 && req.http.host == shop.example"] {
			t.Errorf("%s bans: %v", v.Name, specs)
		}
		if specs["req.url ~ ^/img/ dry"] {
			t.Error("dry run sent a ban")
		}
	}
	cli(ExitUsage, "-c", ok, "varnish", "ban", "req.url ~")
	cli(ExitUsage, "-c", ok, "varnish", "purge", "nourl")

	// vcl load compiles everywhere, then --use switches.
	vcl := filepath.Join(dir, "shop.vcl")
	os.WriteFile(vcl, []byte(lab.DefaultVCL("127.0.0.1", 9)+"sub vcl_recv { if (req.url ~ \"^/health\") { return (synth(200)); } }\n"), 0o644)
	out, _ = cli(0, "-c", ok, "varnish", "vcl", "load", "v42", vcl, "--use", "--dry-run")
	if !strings.Contains(out, "would send  vcl.inline v42 <") || !strings.Contains(out, "would send  vcl.use v42") {
		t.Fatalf("dry-run load:\n%s", out)
	}
	out, _ = cli(0, "-c", ok, "varnish", "vcl", "load", "v42", vcl, "--use")
	if strings.Count(out, "ok") != 4 {
		t.Errorf("load --use:\n%s", out)
	}
	out, _ = cli(0, "-c", ok, "varnish", "vcl", "list")
	if !strings.Contains(out, "cache1  v42   active") || !strings.Contains(out, "cache2  v42   active") {
		t.Errorf("vcl list:\n%s", out)
	}
	bad := filepath.Join(dir, "bad.vcl")
	os.WriteFile(bad, []byte("vcl 4.1; sub vcl_recv { nonsense; }\n"), 0o644)
	_, errOut := cli(ExitError, "-c", ok, "varnish", "vcl", "load", "v43", bad, "--use")
	if !strings.Contains(errOut, "vcl load v43 failed on 2 of 2 nodes") || !strings.Contains(errOut, "nothing was switched") {
		t.Errorf("bad load stderr:\n%s", errOut)
	}
	cli(0, "-c", ok, "varnish", "vcl", "use", "boot")
	cli(0, "-c", ok, "varnish", "vcl", "discard", "v42")
	out, _ = cli(0, "-c", ok, "-o", "json", "varnish", "vcl", "list")
	if strings.Contains(out, "v42") || strings.Count(out, `"name":"boot"`) != 2 {
		t.Errorf("vcl list json after discard:\n%s", out)
	}
	_, errOut = cli(ExitError, "-c", ok, "varnish", "vcl", "discard", "nosuch")
	if !strings.Contains(errOut, "varnish node cache2: vcl.discard nosuch: status 106: No VCL name matches nosuch") {
		t.Errorf("discard nosuch:\n%s", errOut)
	}

	// A node that is down and one behind SSH: per-node errors, exit 3.
	down := filepath.Join(dir, "down.yaml")
	out, errOut = cli(ExitPartial, "-c", down, "varnish", "status")
	if !strings.Contains(out, "cache1  up") || !strings.Contains(out, "gone    down") || !strings.Contains(out, "far     down") {
		t.Errorf("status with down node:\n%s", out)
	}
	if !strings.Contains(errOut, "varnish node gone: connect:") || !strings.Contains(errOut, "varnish node far: connect: edge: connect: ") {
		t.Errorf("stderr:\n%s", errOut)
	}
	cli(ExitError, "-c", down, "varnish", "status", "-H", "gone")
	// Load with a down node: nothing is switched anywhere.
	_, errOut = cli(ExitPartial, "-c", down, "varnish", "vcl", "load", "v44", vcl, "--use")
	if !strings.Contains(errOut, "discarded again on cache1, cache2") {
		t.Errorf("load with down node:\n%s", errOut)
	}
	// -o json: the final error carries the one partial-result shape
	// (docs/json.md), each failed node with its error
	out, _ = cli(ExitPartial, "-c", down, "-o", "json", "varnish", "vcl", "load", "v44", vcl, "--use")
	if el := jsonLines(out, "opsctl.error"); len(el) != 1 || !strings.Contains(el[0], `"rolled_back":["cache1","cache2"]`) ||
		!strings.Contains(el[0], `{"name":"gone","error":"connect:`) || !strings.Contains(el[0], `{"name":"far","error":"connect: edge:`) {
		t.Errorf("load with down node, json parts:\n%s", out)
	}
	out, _ = cli(ExitPartial, "-c", down, "varnish", "vcl", "list")
	if strings.Contains(out, "v44") {
		t.Errorf("v44 left loaded:\n%s", out)
	}

	// A node whose cache child is stopped: CLI up, child stopped, exit 3.
	c, err := varnish.Dial(context.Background(), varnish.Options{Name: "cache2", Dial: varnish.TCPDialer(vs[1].AdminAddr), Secret: varnish.SecretFile(vs[1].SecretFile)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(context.Background(), "stop"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	out, errOut = cli(ExitPartial, "-c", ok, "varnish", "status")
	if !strings.Contains(out, "cache1  up   running") || !strings.Contains(out, "cache2  up   stopped  boot        -") || !strings.Contains(errOut, "cache child is stopped") {
		t.Errorf("stopped child:\n%s\n%s", out, errOut)
	}
	// The library says it (varnish.Fleet.Status's error), so -o json
	// says it too: exit 3, the error line's parts name the node and why.
	out, _ = cli(ExitPartial, "-c", ok, "-o", "json", "varnish", "status")
	if el := jsonLines(out, "opsctl.error"); len(el) != 1 || !strings.Contains(el[0], `"done":["cache1"]`) ||
		!strings.Contains(el[0], `"failed":[{"name":"cache2","error":"cache child is stopped"}]`) {
		t.Errorf("stopped child, json:\n%s", out)
	}
}

func banSpecs(t *testing.T, v *lab.Varnish) map[string]bool {
	t.Helper()
	c, err := varnish.Dial(context.Background(), varnish.Options{Name: v.Name, Dial: varnish.TCPDialer(v.AdminAddr), Secret: varnish.SecretFile(v.SecretFile)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	bans, err := c.BanList(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, b := range bans {
		m[b.Spec] = true
	}
	return m
}
