package main

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
)

// complete runs `opsctl __complete ARGS...` (what the bash, zsh and fish
// scripts call) and returns the candidates and the directive line.
func complete(t *testing.T, args ...string) (cands []string, directive string) {
	t.Helper()
	out, errOut, code := runCLI(t, "", append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %q: exit %d\n%s\n%s", args, code, out, errOut)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, ":") {
			directive = l
			continue
		}
		cands = append(cands, l)
	}
	return cands, directive
}

func sameList(got []string, want ...string) bool {
	return strings.Join(got, "|") == strings.Join(want, "|")
}

const completeCfg = `app:
  deploy_to: /srv/app
hosts:
  - {name: web01, address: 127.0.0.1, port: 1, groups: [web]}
  - {name: web02, address: 127.0.0.1, port: 1, groups: [web]}
  - {name: db01, address: 127.0.0.1, port: 1}
groups:
  dbs: [db01]
haproxy:
  nodes:
    - {name: lb1, admin: "tcp://127.0.0.1:1", groups: [lb]}
varnish:
  nodes:
    - {name: cache1, admin: "127.0.0.1:1", secret_file: /nonexistent}
`

// -H completes hosts, nodes and groups from the inventory, the last item
// of a comma list (after "!" too, without what the list already names),
// never file names; each command offers what it can select.
func TestCompleteHosts(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "opsctl.yaml")
	os.WriteFile(cfg, []byte(completeCfg), 0o600)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"exec", "-H", ""}, []string{"web01\thost", "web02\thost", "db01\thost", "dbs\tgroup", "web\tgroup"}},
		{[]string{"exec", "-H", "web01,!"}, []string{"web01,!web02\thost", "web01,!db01\thost", "web01,!dbs\tgroup", "web01,!web\tgroup"}},
		{[]string{"deploy", "-H", "web,!web0"}, []string{"web,!web01\thost", "web,!web02\thost"}},
		{[]string{"-H", "web01"}, []string{"web01\thost"}},
		{[]string{"haproxy", "status", "-H", ""}, []string{"lb1\thaproxy node", "lb\tgroup"}},
		{[]string{"varnish", "status", "-H", ""}, []string{"cache1\tvarnish node"}},
		{[]string{"readonly", "status", "-H", "c"}, []string{"cache1\tvarnish node"}},
		{[]string{"inventory", "-H", "l"}, []string{"lb1\thaproxy node", "lb\tgroup"}},
	} {
		got, dir := complete(t, append([]string{"-c", cfg}, tc.args...)...)
		if !sameList(got, tc.want...) || dir != ":6" { // NoFileComp|NoSpace
			t.Errorf("%q: %q %s; want %q :6", tc.args, got, dir, tc.want)
		}
	}
}

// Every enum flag completes its words; commands without arguments offer no
// file names.
func TestCompleteEnums(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"-o", ""}, []string{"text", "json"}},
		{[]string{"version", "--output", "j"}, []string{"json"}},
		{[]string{"migrate", "load", "--postgis", ""}, []string{"auto", "on", "off"}},
		{[]string{"migrate", "convert", "--zero-date", ""}, []string{"null", "-infinity"}},
		{[]string{"migrate", "verify", "--on-nul", ""}, []string{"strip", "error"}},
		{[]string{"--color", ""}, []string{"auto", "always", "never"}},
		{[]string{"haproxy", "acl", ""}, []string{"show", "add", "del"}},
		{[]string{"haproxy", "map", "s"}, []string{"show", "set"}},
		{[]string{"deploy", ""}, nil},
		{[]string{"readonly", "status", ""}, nil},
	} {
		got, dir := complete(t, tc.args...)
		if !sameList(got, tc.want...) || dir != ":4" { // NoFileComp
			t.Errorf("%q: %q %s; want %q :4", tc.args, got, dir, tc.want)
		}
	}
}

// rollback --to: with the hosts unreachable, the ids last seen (the local
// cache deploy, releases and history write) are offered, newest first.
func TestCompleteReleasesFromCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	cfg := filepath.Join(t.TempDir(), "opsctl.yaml")
	os.WriteFile(cfg, []byte(completeCfg), 0o600)
	a := newApp(&IOStreams{})
	a.opts.config = cfg
	a.cacheReleases("20261201-aaa", "20261202-bbb")
	a.cacheReleases("20261130-zzz")
	got, dir := complete(t, "-c", cfg, "rollback", "--to", "")
	if !sameList(got, "20261202-bbb", "20261201-aaa", "20261130-zzz") || dir != ":4" {
		t.Errorf("%q %s", got, dir)
	}
	// another inventory has its own cache
	other := filepath.Join(t.TempDir(), "opsctl.yaml")
	os.WriteFile(other, []byte(completeCfg), 0o600)
	if got, _ := complete(t, "-c", other, "rollback", "--to", ""); len(got) != 0 {
		t.Errorf("other inventory: %q", got)
	}
}

// Against real sshd hosts: rollback --to offers the release ids on the
// hosts; when a host hangs (accepts, never speaks SSH) completion gives up
// within its timeout and offers the ids it saw last.
func TestCompleteReleasesLab(t *testing.T) {
	l, f := lab.StartSSHDT(t, 3)
	cfg := writeConfig(t, l, "opsctl.yaml", f.InventoryYAML(labDeployYAML))
	dir := t.TempDir()
	for _, id := range []string{"r1", "r2", "r3"} {
		if out, errOut, code := runCLI(t, "", "-c", cfg, "deploy", "--artifact", writeArtifact(t, dir, id, 0), "--release-id", id); code != 0 {
			t.Fatalf("deploy %s: %d\n%s\n%s", id, code, out, errOut)
		}
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // nothing cached: the answer comes from the hosts
	got, _ := complete(t, "-c", cfg, "rollback", "--to", "")
	if !sameList(got, "r3", "r2", "r1") {
		t.Fatalf("from the hosts: %q", got)
	}
	if got, _ := complete(t, "-c", cfg, "rollback", "-H", "host001", "--to", "r2"); !sameList(got, "r2") {
		t.Fatalf("prefix: %q", got)
	}

	// every host now hangs: the cache written by the completion above answers
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	y := regexp.MustCompile(`port: \d+`).ReplaceAllString(f.InventoryYAML(labDeployYAML), "port: "+itoa(port))
	os.WriteFile(cfg, []byte(y), 0o644)
	start := time.Now()
	got, _ = complete(t, "-c", cfg, "rollback", "--to", "")
	if el := time.Since(start); !sameList(got, "r3", "r2", "r1") || el > completeTimeout+time.Second {
		t.Fatalf("hanging hosts: %q after %v", got, el)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Against real haproxies: drain/ready/weight complete BACKEND/SERVER from
// the runtime API, --backend the backends; a node that is down does not
// hold the shell.
func TestCompleteHAProxyLab(t *testing.T) {
	hl := startHAProxyCLILab(t)
	all := []string{"app/s01", "app/s02", "app/s03", "slow/s01"}
	for _, args := range [][]string{
		{"-H", "lb", "haproxy", "drain", ""},
		{"-H", "lb1", "haproxy", "ready", ""},
		{"-H", "lb2,lbdown", "haproxy", "weight", ""},
	} {
		start := time.Now()
		got, dir := complete(t, append([]string{"-c", hl.cfg}, args...)...)
		if !sameList(got, all...) || dir != ":4" || time.Since(start) > completeTimeout+time.Second {
			t.Errorf("%q: %q %s in %v", args, got, dir, time.Since(start))
		}
	}
	if got, _ := complete(t, "-c", hl.cfg, "-H", "lb", "haproxy", "disable", "app/s0"); !sameList(got, "app/s01", "app/s02", "app/s03") {
		t.Errorf("prefix: %q", got)
	}
	if got, _ := complete(t, "-c", hl.cfg, "-H", "lb", "haproxy", "status", "--backend", ""); !sameList(got, "app", "slow") {
		t.Errorf("--backend: %q", got)
	}
	// the second argument of weight is a number: nothing offered
	if got, _ := complete(t, "-c", hl.cfg, "-H", "lb", "haproxy", "weight", "app/s01", ""); len(got) != 0 {
		t.Errorf("weight N: %q", got)
	}
}

// Against real varnishds: vcl use/discard complete the loaded VCLs and
// labels.
func TestCompleteVCLLab(t *testing.T) {
	dir, _ := varnishLab(t)
	ok := filepath.Join(dir, "ok.yaml")
	vcl := filepath.Join(dir, "shop.vcl")
	os.WriteFile(vcl, []byte("vcl 4.1;\nbackend default none;\n"), 0o644)
	if out, errOut, code := runCLI(t, "", "-c", ok, "varnish", "vcl", "load", "shop42", vcl); code != 0 {
		t.Fatalf("vcl load: %d\n%s\n%s", code, out, errOut)
	}
	got, dir2 := complete(t, "-c", ok, "varnish", "vcl", "use", "")
	joined := strings.Join(got, "|")
	if !strings.Contains(joined, "shop42\tavailable") || !strings.Contains(joined, "\tactive") || dir2 != ":4" {
		t.Errorf("vcl use: %q %s", got, dir2)
	}
	if got, _ := complete(t, "-c", ok, "varnish", "vcl", "discard", "shop"); !sameList(got, "shop42\tavailable") {
		t.Errorf("vcl discard shop: %q", got)
	}
}
