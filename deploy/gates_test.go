package deploy

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
)

// fakeGates fails the wave whose number is in fail; it records what it saw.
type fakeGates struct {
	mu   sync.Mutex
	fail int
	seen []GateWave
}

func (g *fakeGates) Check(ctx context.Context, w GateWave) ([]string, error) {
	g.mu.Lock()
	g.seen = append(g.seen, w)
	g.mu.Unlock()
	if w.Wave == g.fail {
		return []string{"gate errors: BREACH value 9"}, errors.New("gate errors: 9 outside value <= 1")
	}
	return []string{"gate errors: PASS value 0"}, nil
}

func TestGateFailsTheWaveAndRollsBack(t *testing.T) {
	fleetTest(t)
	f := newFakeFleet(t)
	hosts := hostsN(6)
	o := baseOpts(f, hosts, artifact(t, map[string]string{"a": "1"}), "good")
	g := &fakeGates{}
	o.Canary, o.BatchSize, o.Gates = "1", "2", g
	if _, err := Deploy(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	// every wave was watched, with the hosts still on the old release as baseline
	if len(g.seen) != 4 || strings.Join(g.seen[0].Hosts, ",") != "webaa" || len(g.seen[0].Baseline) != 5 || len(g.seen[3].Baseline) != 0 {
		t.Fatalf("%+v", g.seen)
	}
	if b, _ := os.ReadFile(f.path("webaa", "gates.log")); !strings.Contains(string(b), "\tgood\t1\tgate errors: PASS value 0\n") {
		t.Fatalf("gates.log %q", b)
	}

	g = &fakeGates{fail: 2}
	o = baseOpts(f, hosts, artifact(t, map[string]string{"a": "2"}), "bad")
	o.Canary, o.BatchSize, o.Gates = "1", "2", g
	res, err := Deploy(context.Background(), o)
	var de *Error
	if !errors.As(err, &de) || !de.Partial() || !strings.Contains(res.Aborted, "wave 2: gate errors") {
		t.Fatalf("err %v, aborted %q", err, res.Aborted)
	}
	for _, h := range hosts {
		if got := f.live(h.Name); got != "good" {
			t.Fatalf("%s is on %q", h.Name, got)
		}
	}
	if h := res.Host("webab"); h.Status != StatusFailed || h.Step != "gate" || h.Live != "good" {
		t.Fatalf("webab: %+v", h)
	}
	if h := res.Host("webaa"); h.Status != StatusRolledBack {
		t.Fatalf("webaa (canary, passed its gate, rolled back with the deploy): %+v", h)
	}
	if h := res.Host("webae"); h.Status != StatusUntouched {
		t.Fatalf("webae: %+v", h)
	}
	ents, _, err := History(context.Background(), o.Common, 50)
	if err != nil {
		t.Fatal(err)
	}
	var gates []string
	for _, e := range ents {
		if e.Release == "bad" && e.Action == "deploy" {
			gates = e.Gates
		}
	}
	if strings.Join(gates, "\n") != "wave 1: gate errors: PASS value 0\nwave 2: gate errors: BREACH value 9" {
		t.Fatalf("history gates %q", gates)
	}
}
