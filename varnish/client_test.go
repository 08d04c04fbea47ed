package varnish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/internal/lab"
)

func dialLab(t *testing.T, v *lab.Varnish) *Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := Dial(ctx, Options{Name: v.Name, Dial: TCPDialer(v.AdminAddr), Secret: SecretFile(v.SecretFile)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestRealVCLAndHTTP covers what only the real varnishd can show (the
// suite in suite_test.go runs every typed call against it too): VCL source
// with quotes, tabs and newlines arrives intact and serves traffic, and
// vcl.load reads a path on the cache host.
func TestRealVCLAndHTTP(t *testing.T) {
	v := labNodes(t)[0]
	c := dialLab(t, v)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	host, port, _ := strings.Cut(shared.backend, ":")
	src := labVCL(host, port) + "sub vcl_deliver {\n\tset resp.http.X-Lab = {\"t1 \"q\" \\ end\"};\n}\n"
	if err := c.VCLInline(ctx, "t1", src); err != nil {
		t.Fatal(err)
	}
	path := shared.lab.Path("t2.vcl")
	if err := os.WriteFile(path, []byte(labVCL(host, port)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.VCLLoad(ctx, "t2", path); err != nil {
		t.Fatal(err)
	}
	if err := c.VCLUse(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + v.HTTPAddr + "/x")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if h := resp.Header.Get("X-Lab"); h != `t1 "q" \ end` || string(body) != "hello /x\n" {
		t.Errorf("X-Lab %q body %q", h, body)
	}
	if err := c.VCLUse(ctx, "boot"); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"t1", "t2"} {
		if err := c.VCLDiscard(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	// A large VCL (real ones run to thousands of lines) goes on one line.
	big := labVCL(host, port) + strings.Repeat("# padding padding padding padding padding padding padding \"x\"\n", 4000)
	if err := c.VCLInline(ctx, "tbig", big); err != nil {
		t.Fatalf("%d-byte VCL: %v", len(big), err)
	}
	if err := c.VCLDiscard(ctx, "tbig"); err != nil {
		t.Fatal(err)
	}
	if err := c.VCLLoad(ctx, "t3", "/nonexistent/t3.vcl"); err == nil || !strings.Contains(err.Error(), "Cannot read file") {
		t.Fatalf("load missing path: %v", err)
	}
}

func TestWrongSecret(t *testing.T) {
	v := labNodes(t)[0]
	secret := []byte("not-the-secret-8f3a9c1e\n")
	_, err := Dial(context.Background(), Options{Name: v.Name, Dial: TCPDialer(v.AdminAddr), Secret: SecretBytes(secret)})
	if !errors.Is(err, ErrAuth) {
		t.Fatalf("got %v, want ErrAuth", err)
	}
	msg := err.Error()
	real, _ := os.ReadFile(v.SecretFile)
	for _, s := range []string{"not-the-secret", strings.TrimSpace(string(real))} {
		if strings.Contains(msg, s) {
			t.Fatalf("error leaks a secret: %q", msg)
		}
	}
	if !strings.Contains(msg, v.Name) || !strings.Contains(msg, "authentication failed") {
		t.Fatalf("unclear error %q", msg)
	}
	t.Logf("wrong secret: %v", err)
	// Missing secret file: the path is named, nothing else.
	_, err = Dial(context.Background(), Options{Name: v.Name, Dial: TCPDialer(v.AdminAddr), Secret: SecretFile("/nonexistent/secret")})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/secret") {
		t.Fatalf("missing secret file: %v", err)
	}
}

func TestFleetStatusAndDownNode(t *testing.T) {
	vs := labNodes(t)
	free, _ := lab.FreePort()
	f := &Fleet{Nodes: []Node{nodeOf(vs[0]), nodeOf(vs[1]),
		{Name: "down", Dial: TCPDialer(fmt.Sprintf("127.0.0.1:%d", free)), Secret: SecretFile(vs[0].SecretFile)}}}
	rs, err := f.Status(context.Background())
	if len(rs) != 3 {
		t.Fatalf("%d results", len(rs))
	}
	for _, r := range rs[:2] {
		if r.Status != fanout.OK || !r.Value.Running || r.Value.ActiveVCL == "" || r.Value.Bans < 1 {
			t.Errorf("%s: %+v %v", r.Name, r.Value, r.Err)
		}
	}
	if rs[2].Status != fanout.Failed || !strings.Contains(rs[2].Err.Error(), "varnish node down: connect") {
		t.Errorf("down node: %+v", rs[2])
	}
	var fe *FleetError
	if !errors.As(err, &fe) || !fe.Partial() || len(fe.Failed) != 1 {
		t.Fatalf("fleet error %v", err)
	}
}

func TestFleetVCLLoadAll(t *testing.T) {
	vs := labNodes(t)
	f := &Fleet{Nodes: []Node{nodeOf(vs[0]), nodeOf(vs[1])}}
	ctx := context.Background()
	host, port, _ := strings.Cut(shared.backend, ":")
	good := labVCL(host, port)

	// A VCL that compiles on v1 only: it includes a file that exists on v1's
	// "host" alone, so v2's compile fails and v1 must discard it again.
	inc := shared.lab.Path("only-v1.vcl")
	os.WriteFile(inc, []byte(good), 0o644)
	t.Cleanup(func() { os.Remove(inc) })
	var events []Event
	f.OnEvent = func(e Event) { events = append(events, e) }
	f.Limit = 1 // serial, so the events slice needs no lock
	withBadNode := &Fleet{Nodes: []Node{nodeOf(vs[0]), {Name: vs[1].Name, Dial: TCPDialer(vs[1].AdminAddr), Secret: SecretBytes([]byte("wrong\n"))}}, Limit: 1, OnEvent: f.OnEvent}
	rep, err := withBadNode.VCLLoadAll(ctx, "half", VCLSource{Inline: good}, true)
	if err == nil || rep.Used != nil {
		t.Fatalf("load with a failing node: err %v, used %v", err, rep.Used)
	}
	if len(rep.Discarded) != 1 || rep.Discarded[0].Status != fanout.OK || rep.Discarded[0].Name != vs[0].Name {
		t.Fatalf("rollback: %+v", rep.Discarded)
	}
	var p interface{ Partial() bool }
	if !errors.As(err, &p) || !p.Partial() {
		t.Fatalf("a load that failed on one node of two is partial: %v", err)
	}
	if !strings.Contains(err.Error(), "nothing was switched") {
		t.Errorf("message: %v", err)
	}
	list := vclNames(t, f)
	for node, names := range list {
		if names["half"] {
			t.Errorf("%s still has VCL half", node)
		}
	}

	// Compile everywhere, then use everywhere.
	events = nil
	rep, err = f.VCLLoadAll(ctx, "both", VCLSource{Inline: good}, true)
	if err != nil {
		t.Fatal(err)
	}
	// Every load event comes before any use event.
	lastLoad, firstUse := -1, len(events)
	for i, e := range events {
		if strings.HasPrefix(e.Command, "vcl.inline") {
			lastLoad = i
		}
		if strings.HasPrefix(e.Command, "vcl.use") && i < firstUse {
			firstUse = i
		}
	}
	if lastLoad > firstUse || len(rep.Used) != 2 {
		t.Fatalf("order of events: %+v", events)
	}
	st, _ := f.Status(ctx)
	for _, r := range st {
		if r.Value.ActiveVCL != "both" {
			t.Errorf("%s active %q", r.Name, r.Value.ActiveVCL)
		}
	}
	// Dry run sends nothing.
	f.DryRun = true
	events = nil
	if _, err := f.VCLUse(ctx, "boot"); err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || !events[0].Is(EvDryRun) || events[0].Command != "vcl.use boot" {
		t.Fatalf("dry-run events %+v", events)
	}
	f.DryRun = false
	if _, err := f.VCLUse(ctx, "boot"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.VCLDiscard(ctx, "both"); err != nil {
		t.Fatal(err)
	}
	// vcl.load with a path that exists on v1 only: the same rollback.
	rep, err = f.VCLLoadAll(ctx, "pathload", VCLSource{Path: "/nonexistent/x.vcl"}, false)
	if err == nil || len(fanout.NotOK(rep.Loaded)) != 2 || !strings.Contains(err.Error(), "failed on 2 of 2") {
		t.Fatalf("path load: %v %+v", err, rep)
	}
	if _, err := f.Ban(ctx, "req.url", "==", "/fleet"); err != nil {
		t.Fatal(err)
	}
}

func vclNames(t *testing.T, f *Fleet) map[string]map[string]bool {
	t.Helper()
	rs, err := f.VCLList(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	for _, r := range rs {
		out[r.Name] = map[string]bool{}
		for _, v := range r.Value {
			out[r.Name][v.Name] = true
		}
	}
	return out
}
