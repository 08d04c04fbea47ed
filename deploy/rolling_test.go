package deploy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/outcome"
)

// A rolling rollback decides its own outcome (a *Error over every host,
// as Deploy's): on two real sshd hosts behind a real HAProxy, one host a
// wave, the soft stop after the first wave is an interruption (the second
// host skipped), and a second wave that fails after the first was rolled
// back is partial.
func TestRollingRollbackOutcome(t *testing.T) {
	t.Parallel() // its own HAProxy and sshd hosts
	lab.Require(t, "haproxy")
	fleet, hosts, connect := sshFleet(t, 2)
	h1, h2 := hosts[0].Name, hosts[1].Name
	lb, _ := labLB(t, hosts)
	ctx := context.Background()
	c := Common{Hosts: hosts, DeployTo: "/srv/app", User: "tester",
		Connect: connect}
	for _, id := range []string{"r1", "r2"} {
		if _, err := Deploy(ctx, Options{Common: c, Artifact: artifact(t, map[string]string{"a": id}), ReleaseID: id}); err != nil {
			t.Fatal(err)
		}
	}
	live := func(host string) string {
		l, _ := os.Readlink(filepath.Join(fleet.Host(host).Root, "srv/app/current"))
		return filepath.Base(l)
	}
	waves := [][]string{{h1}, {h2}}

	// The soft stop comes while the first wave switches: that wave
	// finishes, the second never starts.
	stop, soft := context.WithCancel(ctx)
	defer soft()
	o := RollingRollbackOptions{RollbackOptions: RollbackOptions{Common: c, To: "r1"}, Waves: waves, LB: lb, Stop: stop}
	o.OnEvent = func(e Event) {
		if e.Is(EvSwitched) {
			soft()
		}
	}
	res, err := RollingRollback(ctx, o)
	var de *Error
	if !errors.As(err, &de) || outcome.Of(err) != outcome.Interrupted || !res.Interrupted ||
		fmt.Sprint(de.Done, de.Skipped) != fmt.Sprint([]string{h1}, []string{h2}) || len(de.Failed) != 0 {
		t.Fatalf("stopped after wave 1: %v (%v) %+v", err, outcome.Of(err), de)
	}
	if live(h1) != "r1" || live(h2) != "r2" {
		t.Fatalf("after the stop: %s on %s, %s on %s", h1, live(h1), h2, live(h2))
	}

	// The second host lacks r1: its wave is refused after the first was
	// rolled back (h1 is already on r1): partial, each host as it ended.
	if err := os.RemoveAll(filepath.Join(fleet.Host(h2).Root, "srv/app/releases/r1")); err != nil {
		t.Fatal(err)
	}
	o.Stop, o.OnEvent = nil, nil
	_, err = RollingRollback(ctx, o)
	if !errors.As(err, &de) || outcome.Of(err) != outcome.Partial || fmt.Sprint(de.Done) != fmt.Sprint([]string{h1}) ||
		len(de.Failed) != 1 || de.Failed[0].Name != h2 || len(de.Skipped) != 0 {
		t.Fatalf("wave 2 refused: %v (%v) %+v", err, outcome.Of(err), de)
	}
	if live(h1) != "r1" || live(h2) != "r2" {
		t.Fatalf("after the refusal: %s on %s, %s on %s", h1, live(h1), h2, live(h2))
	}

	// The first wave refused: a failure, the later waves skipped.
	o.Waves = [][]string{{h2}, {h1}}
	_, err = RollingRollback(ctx, o)
	if !errors.As(err, &de) || outcome.Of(err) != outcome.Failed || len(de.Done) != 0 ||
		fmt.Sprint(de.Skipped) != fmt.Sprint([]string{h1}) {
		t.Fatalf("wave 1 refused: %v (%v) %+v", err, outcome.Of(err), de)
	}
	// the host that failed stays out of rotation (the report names it);
	// the one rolled back is back in
	if st := labStates(t, lb); st["s01"] != "UP" || st["s02"] != "DRAIN" {
		t.Fatalf("servers: %v", st)
	}
	if left := lb.LeftOut(); len(left) != 1 || left[0].Host != h2 {
		t.Fatalf("left out: %+v", left)
	}
}
