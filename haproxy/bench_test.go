package haproxy_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/internal/lab"
)

// Benchmarks run against two real haproxy 2.6 nodes with a 50-server
// backend (plus the 1-server "slow" backend):
//
//	go test ./haproxy -run '^$' -bench . -benchtime 200x

func benchFleet(b *testing.B) *fleetLab {
	b.Helper()
	lab.Require(b, "haproxy")
	l := lab.NewT(b)
	return startFleet(b, l, 2, 50, false)
}

// BenchmarkFleetStatus: the library call behind "opsctl haproxy status"
// (show info + show stat on both nodes in parallel, parse, merge).
func BenchmarkFleetStatus(b *testing.B) {
	fl := benchFleet(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep := fl.fleet.Status(ctx)
		if len(rep.Failed()) > 0 || len(rep.Servers) != 51 {
			b.Fatalf("report: %d failed, %d servers", len(rep.Failed()), len(rep.Servers))
		}
	}
}

// BenchmarkShowStatOneNode: one "show stat" round trip and parse.
func BenchmarkShowStatOneNode(b *testing.B) {
	fl := benchFleet(b)
	ctx := context.Background()
	c := fl.fleet.Nodes[0].Client
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.ShowStat(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSocatShowStat is the baseline: what a sysadmin runs today,
// `echo "show stat" | socat - UNIX-CONNECT:sock` once per node, in turn,
// no parsing.
func BenchmarkSocatShowStat(b *testing.B) {
	lab.Require(b, "socat")
	fl := benchFleet(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, h := range fl.lbs {
			cmd := exec.Command("socat", "-", "UNIX-CONNECT:"+h.AdminSock)
			cmd.Stdin = strings.NewReader("show stat\n")
			out, err := cmd.Output()
			if err != nil || !strings.HasPrefix(string(out), "# pxname") {
				b.Fatalf("socat: %v %q", err, out)
			}
		}
	}
}

var _ = haproxy.ParseStat
