package haproxy_test

import (
	"context"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/internal/lab"
)

// suite is the conformance suite every stand-in for a server passes
// together with the real server (restic's backend-suite idea; the same
// shape in varnish, deploy and readonly): TestSuiteFake runs it against the
// in-process fake (fake_test.go), TestSuiteReal against a real haproxy 2.6
// started by internal/lab, so the fake cannot drift from the server without
// a test failing.
type suite struct {
	// c is a node with backend "app" holding servers s01 and s02
	// (weight 1, ready).
	c *haproxy.Client
}

func TestSuiteFake(t *testing.T) {
	t.Parallel()
	suite{c: startFake(t)}.run(t)
}

func TestSuiteReal(t *testing.T) {
	t.Parallel()
	l := requireHAProxy(t)
	h, err := l.StartHAProxy(lab.HAProxyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	suite{c: unixClient(t, "lb1", h.AdminSock)}.run(t)
}

// run runs the cases in order; each leaves s01 and s02 ready with weight 1.
func (s suite) run(t *testing.T) {
	ctx := context.Background()
	c := s.c
	state := func(t *testing.T, srv string) haproxy.StatRow {
		t.Helper()
		rows, err := c.ShowStatBackend(ctx, "app")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Name == srv {
				return r
			}
		}
		t.Fatalf("app/%s missing: %+v", srv, rows)
		return haproxy.StatRow{}
	}
	t.Run("info", func(t *testing.T) {
		if in, err := c.ShowInfo(ctx); err != nil || in.Name != "HAProxy" {
			t.Fatalf("show info: %+v %v", in, err)
		}
		if r := state(t, "s01"); r.Weight != 1 || r.State() == "DRAIN" || r.State() == "MAINT" {
			t.Fatalf("initial s01: %+v", r)
		}
	})
	t.Run("server-state", func(t *testing.T) {
		steps := []struct {
			do    func() error
			state string
			admin string
		}{
			{func() error { return c.SetServerState(ctx, "app", "s01", haproxy.Drain) }, "DRAIN", "drain"},
			{func() error { return c.SetServerState(ctx, "app", "s01", haproxy.Maint) }, "MAINT", "maint"},
			{func() error { return c.SetServerState(ctx, "app", "s01", haproxy.Ready) }, "", "ready"},
			{func() error { return c.DisableServer(ctx, "app", "s01") }, "MAINT", "maint"},
			{func() error { return c.EnableServer(ctx, "app", "s01") }, "", "ready"},
		}
		for i, s := range steps {
			if err := s.do(); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			r := state(t, "s01")
			if s.state != "" && r.State() != s.state || s.state == "" && (r.State() == "DRAIN" || r.State() == "MAINT") {
				t.Fatalf("step %d: status %q want %q", i, r.Status, s.state)
			}
			st, err := c.ShowServersState(ctx, "app")
			if err != nil || len(st) != 2 || st[0].Admin() != s.admin {
				t.Fatalf("step %d: servers state %+v %v", i, st, err)
			}
		}
	})
	t.Run("weight", func(t *testing.T) {
		if err := c.SetWeight(ctx, "app", "s02", "0"); err != nil || state(t, "s02").Weight != 0 {
			t.Fatalf("weight 0: %v", err)
		}
		if err := c.SetWeight(ctx, "app", "s02", "100%"); err != nil || state(t, "s02").Weight != 1 {
			t.Fatalf("weight 100%%: %v", err)
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, e := range []struct {
			err  error
			want string
		}{
			{c.SetServerState(ctx, "app", "nosuch", haproxy.Drain), "No such server."},
			{c.SetServerState(ctx, "nosuch", "s01", haproxy.Drain), "No such backend."},
			{c.SetWeight(ctx, "app", "nosuch", "1"), "No such server."},
			{c.DisableServer(ctx, "nosuch", "s01"), "No such backend."},
			{func() error { _, err := c.Raw(ctx, "set weight app/s01 abc"); return err }(), "garbage"},
			{func() error { _, err := c.Raw(ctx, "frobnicate"); return err }(), "Unknown command"},
			{func() error { _, err := c.ShowServersState(ctx, "nosuch"); return err }(), "Can't find backend."},
		} {
			if e.err == nil || !strings.Contains(e.err.Error(), e.want) {
				t.Errorf("want error %q, got %v", e.want, e.err)
			}
		}
	})
}
