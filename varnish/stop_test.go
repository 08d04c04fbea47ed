package varnish

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/opsctl/opsctl/outcome"
)

// TestFleetSoftStop: Stop (the first Ctrl-C) lets the command in flight
// finish and starts no other node; the result is the shared partial shape.
func TestFleetSoftStop(t *testing.T) {
	secret := []byte("stop-secret\n")
	fa, fb := startFake(t, secret), startFake(t, secret)
	stop, soft := context.WithCancel(context.Background())
	dialA := TCPDialer(fa.addr())
	nodes := []Node{
		// the soft stop comes while cache1's command is in flight
		{Name: "cache1", Secret: SecretBytes(secret), Dial: func(ctx context.Context) (net.Conn, error) { soft(); return dialA(ctx) }},
		{Name: "cache2", Secret: SecretBytes(secret), Dial: TCPDialer(fb.addr())},
	}
	f := &Fleet{Nodes: nodes, Limit: 1, Stop: stop}
	rs, err := f.Ban(context.Background(), "req.url", "~", "^/stop")
	if len(rs) != 2 || rs[0].Err != nil || rs[1].Err == nil || !errors.Is(rs[1].Err, context.Canceled) {
		t.Fatalf("results: %+v", rs)
	}
	fa.mu.Lock()
	fb.mu.Lock()
	na, nb := len(fa.bans), len(fb.bans)
	fb.mu.Unlock()
	fa.mu.Unlock()
	if na != 2 || nb != 1 {
		t.Fatalf("bans: cache1 %d, cache2 %d (want the new ban on cache1 only)", na, nb)
	}
	var fe *FleetError
	if !errors.As(err, &fe) || len(fe.Done) != 1 || len(fe.Skipped) != 1 || fe.Skipped[0] != "cache2" || outcome.Of(err) != outcome.Partial {
		t.Fatalf("error %v: %+v", err, fe)
	}
}
