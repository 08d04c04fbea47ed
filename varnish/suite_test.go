package varnish

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/outcome"
)

// suite is one conformance suite run against the in-process fake and
// against real varnishd 7.1 (restic's backend-suite idea): the fake cannot
// drift from the real server without a test failing.
type suite struct {
	nodes []Node // two nodes
	vcl   string // VCL source that compiles on them
}

func TestSuiteFake(t *testing.T) {
	var nodes []Node
	for _, name := range []string{"f1", "f2"} {
		secret := []byte("fake-secret-" + name + "\n")
		f := startFake(t, secret)
		nodes = append(nodes, Node{Name: name, Dial: TCPDialer(f.addr()), Secret: SecretBytes(secret)})
	}
	suite{nodes: nodes, vcl: "vcl 4.1;\nbackend default { .host = \"127.0.0.1\"; .port = \"9\"; }\n"}.run(t)
}

func TestSuiteReal(t *testing.T) {
	vs := labNodes(t)
	host, port, _ := strings.Cut(shared.backend, ":")
	suite{nodes: []Node{nodeOf(vs[0]), nodeOf(vs[1])}, vcl: labVCL(host, port)}.run(t)
}

func (s suite) run(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	n := s.nodes[0]
	c, err := Dial(ctx, Options{Name: n.Name, Dial: n.Dial, Secret: n.Secret})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var ve *Error

	t.Run("ping-status", func(t *testing.T) {
		if !strings.HasPrefix(c.Version(), "varnish-7.") {
			t.Errorf("version %q", c.Version())
		}
		if err := c.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		if st, err := c.Status(ctx); err != nil || st != "running" {
			t.Fatalf("status %q %v", st, err)
		}
		if _, err := c.Do(ctx, "nosuch.command"); !errors.As(err, &ve) || ve.Status != StatusUnknown || ve.Node != n.Name {
			t.Fatalf("unknown command: %v", err)
		}
	})

	t.Run("vcl", func(t *testing.T) {
		if err := c.VCLInline(ctx, "s1", s.vcl); err != nil {
			t.Fatal(err)
		}
		err := c.VCLInline(ctx, "sbad", "vcl 4.1; sub vcl_recv { nonsense; }")
		if !errors.As(err, &ve) || ve.Status != StatusParam || !strings.Contains(err.Error(), "VCL compilation failed") || !strings.Contains(err.Error(), "<35 bytes of VCL>") {
			t.Fatalf("bad VCL: %v", err)
		}
		if err := c.VCLLabel(ctx, "slbl", "s1"); err != nil {
			t.Fatal(err)
		}
		if err := c.VCLUse(ctx, "s1"); err != nil {
			t.Fatal(err)
		}
		list, err := c.VCLList(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]VCL{}
		for _, v := range list {
			got[v.Name] = v
		}
		if ActiveVCL(list) != "s1" || got["s1"].Labels != 1 || got["slbl"].LabelOf != "s1" || got["slbl"].State != "label" || got["boot"].Status != "available" {
			t.Fatalf("vcl.list %+v", list)
		}
		for _, name := range []string{"s1", "slbl"} {
			// s1 is active and labelled; slbl is fine to discard.
			err := c.VCLDiscard(ctx, name)
			if name == "s1" && (!errors.As(err, &ve) || ve.Status != StatusCant) {
				t.Fatalf("discard active: %v", err)
			}
			if name == "slbl" && err != nil {
				t.Fatal(err)
			}
		}
		if err := c.VCLUse(ctx, "boot"); err != nil {
			t.Fatal(err)
		}
		if err := c.VCLDiscard(ctx, "s1"); err != nil {
			t.Fatal(err)
		}
		if err := c.VCLUse(ctx, "nosuch"); !errors.As(err, &ve) || ve.Status != StatusParam {
			t.Fatalf("use nosuch: %v", err)
		}
	})

	t.Run("ban", func(t *testing.T) {
		if err := c.Ban(ctx, "req.url", "~", `^/s"uite\d`, "&&", "req.http.host", "==", "example.com"); err != nil {
			t.Fatal(err)
		}
		bans, err := c.BanList(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(bans) < 2 || bans[0].Spec != `req.url ~ ^/s"uite\d && req.http.host == example.com` || bans[0].Completed {
			t.Fatalf("ban.list %+v", bans)
		}
		if err := c.Ban(ctx, "req.nosuch", "==", "x"); !errors.As(err, &ve) || ve.Status != StatusParam {
			t.Fatalf("bad ban: %v", err)
		}
	})

	t.Run("param-backend", func(t *testing.T) {
		p, err := c.ParamShow(ctx, "default_ttl")
		if err != nil || !strings.HasPrefix(p.Value, "120.000") {
			t.Fatalf("param %+v %v", p, err)
		}
		if _, err := c.ParamShow(ctx, "no_such_param"); !errors.As(err, &ve) || ve.Status != StatusParam {
			t.Fatalf("unknown param: %v", err)
		}
		be, err := c.BackendList(ctx)
		if err != nil || len(be) == 0 || be[0].Name != "boot.default" || be[0].Health != "healthy" {
			t.Fatalf("backends %+v %v", be, err)
		}
	})

	t.Run("wrong-secret", func(t *testing.T) {
		_, err := Dial(ctx, Options{Name: n.Name, Dial: n.Dial, Secret: SecretBytes([]byte("wrong-secret-77\n"))})
		real, _ := n.Secret(ctx)
		if !errors.Is(err, ErrAuth) || strings.Contains(err.Error(), "wrong-secret-77") || strings.Contains(err.Error(), strings.TrimSpace(string(real))) {
			t.Fatalf("wrong secret: %v", err)
		}
	})

	t.Run("fleet", func(t *testing.T) {
		f := &Fleet{Nodes: s.nodes}
		st, err := f.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range st {
			if !r.Value.Running || r.Value.ActiveVCL != "boot" || r.Value.Bans < 1 {
				t.Errorf("%s: %+v", r.Name, r.Value)
			}
		}
		// The second node rejects the load (wrong secret): the first must
		// discard it again and nobody switches.
		broken := &Fleet{Nodes: []Node{s.nodes[0], {Name: s.nodes[1].Name, Dial: s.nodes[1].Dial, Secret: SecretBytes([]byte("x\n"))}}}
		rep, err := broken.VCLLoadAll(ctx, "suite2", VCLSource{Inline: s.vcl}, true)
		if err == nil || rep.Used != nil || len(rep.Discarded) != 1 || rep.Discarded[0].Status != fanout.OK {
			t.Fatalf("rollback: %v %+v", err, rep)
		}
		// Then load everywhere and use.
		if _, err := f.VCLLoadAll(ctx, "suite2", VCLSource{Inline: s.vcl}, true); err != nil {
			t.Fatal(err)
		}
		ls, err := f.VCLList(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range ls {
			if ActiveVCL(r.Value) != "suite2" {
				t.Errorf("%s: %+v", r.Name, r.Value)
			}
		}
		if _, err := f.VCLUse(ctx, "boot"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.VCLDiscard(ctx, "suite2"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Ban(ctx, "obj.http.x-suite", "==", "1"); err != nil {
			t.Fatal(err)
		}
	})

	// A node whose CLI answers but whose cache child is stopped serves
	// nothing: Status reads it (its result is OK) and its error says it
	// (the shared partial-result shape, the node failed with ChildError).
	t.Run("child-stopped", func(t *testing.T) {
		f := &Fleet{Nodes: s.nodes}
		c2, err := Dial(ctx, Options{Name: s.nodes[1].Name, Dial: s.nodes[1].Dial, Secret: s.nodes[1].Secret})
		if err != nil {
			t.Fatal(err)
		}
		defer c2.Close()
		if _, err := c2.Do(ctx, "stop"); err != nil {
			t.Fatal(err)
		}
		st, err := f.Status(ctx)
		var fe *FleetError
		var ce *ChildError
		if !errors.As(err, &fe) || outcome.Of(err) != outcome.Partial || len(fe.Done) != 1 || fe.Done[0] != s.nodes[0].Name ||
			len(fe.Failed) != 1 || !errors.As(fe.Failed[0].Err, &ce) || ce.Node != s.nodes[1].Name || ce.Child != "stopped" {
			t.Fatalf("status with a stopped child: %v", err)
		}
		if st[1].Status != fanout.OK || st[1].Value.Running || st[1].Value.Child != "stopped" || st[1].Value.Bans != -1 {
			t.Fatalf("the stopped node's status: %+v", st[1])
		}
		// one node, stopped: every node failed, nothing partial
		one := &Fleet{Nodes: s.nodes[1:]}
		if _, err := one.Status(ctx); outcome.Of(err) != outcome.Failed {
			t.Fatalf("the stopped node alone: %v (%v)", err, outcome.Of(err))
		}
		if _, err := c2.Do(ctx, "start"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Status(ctx); err != nil {
			t.Fatalf("after start: %v", err)
		}
	})
}
