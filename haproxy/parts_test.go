package haproxy

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/opsctl/opsctl/outcome"
)

// TestFleetSoftStop: once Stop (the first Ctrl-C) is done, no node
// starts; the one in flight finishes under ctx (the hard stop). The error
// is the shared partial shape.
func TestFleetSoftStop(t *testing.T) {
	stop, soft := context.WithCancel(context.Background())
	f := &Fleet{Limit: 1, Stop: stop}
	for _, name := range []string{"lb1", "lb2", "lb3"} {
		f.Nodes = append(f.Nodes, &Node{Client: New(name, func(ctx context.Context) (net.Conn, error) {
			return nil, errors.New("no dial in this test")
		})})
	}
	var ran []string
	rs := Each(context.Background(), f, func(ctx context.Context, n *Node) (string, error) {
		ran = append(ran, n.Name)
		soft() // the first Ctrl-C comes while lb1 runs
		return "ok", ctx.Err()
	})
	if len(ran) != 1 || rs[0].Err != nil || rs[1].Status != "skipped" || rs[2].Status != "skipped" {
		t.Fatalf("ran %v, results %+v", ran, rs)
	}
	err := Err(rs)
	p := outcome.PartsOf(err)
	if p == nil || len(p.Done) != 1 || len(p.Skipped) != 2 || outcome.Of(err) != outcome.Partial {
		t.Fatalf("err %v parts %+v", err, p)
	}
}

// TestStatusReportErr: a status where one node did not answer is partial
// (the shared shape names it with its error); none answering is failed.
func TestStatusReportErr(t *testing.T) {
	down := errors.New("haproxy lb2: dial unix: no such file")
	rep := &StatusReport{Nodes: []NodeStatus{{Node: "lb1"}, {Node: "lb2", Err: down}}}
	err := rep.Err()
	if p := outcome.PartsOf(err); p == nil || p.Failed[0].Name != "lb2" || p.Failed[0].Err != down || outcome.Of(err) != outcome.Partial {
		t.Fatalf("one down: %v", err)
	}
	rep.Nodes[0].Err = down
	if outcome.Of(rep.Err()) != outcome.Failed {
		t.Fatalf("all down: %v", rep.Err())
	}
	if (&StatusReport{Nodes: []NodeStatus{{Node: "lb1"}}}).Err() != nil {
		t.Fatal("all up: an error")
	}
}
