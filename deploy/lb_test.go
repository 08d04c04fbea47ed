package deploy

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/internal/lab"
)

// labLB starts a real HAProxy (backend app, servers s01 and s02 at the
// lab's HTTP backend) and an LB over it mapping hosts[i] to s0<i+1>.
func labLB(t *testing.T, hosts []Host) (*LB, *lab.HAProxy) {
	lab.Require(t, "haproxy")
	l := lab.NewT(t)
	h, err := l.StartHAProxy(lab.HAProxyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := haproxy.ParseAddress("unix://" + h.AdminSock)
	m := map[string]string{}
	for i, hh := range hosts {
		m[hh.Name] = fmt.Sprintf("app/s%02d", i+1)
	}
	lb := &LB{Fleet: &haproxy.Fleet{Nodes: []*haproxy.Node{{Client: haproxy.New("h1", addr.Dialer())}}},
		Servers: func(h string) []string { return []string{m[h]} }, Poll: 50 * time.Millisecond, DrainTimeout: 10 * time.Second}
	return lb, h
}

func labStates(t *testing.T, lb *LB) map[string]string {
	rows, err := lb.Fleet.Nodes[0].ShowStatBackend(context.Background(), "app")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		if r.Type == haproxy.Server {
			out[r.Name] = r.State()
		}
	}
	return out
}

// Ctrl-C while a wave waits for its sessions to drain: the wait ends, the
// wave is put back in rotation, nothing switched, the deploy is
// interrupted.
func TestDrainInterruptedPutsWaveBack(t *testing.T) {
	t.Parallel() // its own HAProxy and fleet
	f := newFakeFleet(t)
	hosts := hostsN(2)
	lb, h := labLB(t, hosts)
	// one session held open on each server
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/hold", h.FrontendPort)); err == nil {
				resp.Body.Close()
			}
		}()
		// the next request goes to the other server (round robin) once
		// this one is held
		if err := h.HTTP.WaitHeld(i+1, 10*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { h.HTTP.Release(); wg.Wait() }()
	stop, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	lb.Fleet.OnEvent = func(e haproxy.Event) {
		if e.Is(haproxy.EvWaiting) {
			once.Do(cancel)
		}
	}
	lb.Stop = stop
	o := baseOpts(f, hosts, artifact(t, map[string]string{"index.html": "x"}), "r1")
	o.BatchSize, o.LB, o.Stop = "1", lb, stop
	res, err := Deploy(context.Background(), o)
	if err == nil || !res.Interrupted {
		t.Fatalf("want interrupted, got %v %+v", err, res)
	}
	if f.live(hosts[0].Name) != "" || res.Count(StatusSwitched) != 0 {
		t.Fatalf("a host switched: %+v", res.Hosts)
	}
	for s, st := range labStates(t, lb) {
		if st != "UP" {
			t.Fatalf("%s is %s after Ctrl-C", s, st)
		}
	}
	if left := lb.LeftOut(); len(left) != 0 {
		t.Fatalf("left out: %+v", left)
	}
}

// A wave drains, switches and comes back UP; CheckPlan refuses a wave with
// both servers.
func TestDrainWaves(t *testing.T) {
	t.Parallel() // its own HAProxy and fleet
	f := newFakeFleet(t)
	hosts := hostsN(2)
	lb, _ := labLB(t, hosts)
	if err := lb.CheckPlan(context.Background(), [][]string{{hosts[0].Name, hosts[1].Name}}); err == nil {
		t.Fatal("CheckPlan accepted a wave emptying backend app")
	}
	if err := lb.CheckPlan(context.Background(), [][]string{{hosts[0].Name}, {hosts[1].Name}}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seq []string
	o := baseOpts(f, hosts, artifact(t, map[string]string{"index.html": "x"}), "r1")
	o.BatchSize, o.LB = "1", lb
	lb.OnEvent = func(e Event) { mu.Lock(); seq = append(seq, e.Verb()+" "+e.Host); mu.Unlock() }
	o.OnEvent = func(e Event) {
		if e.Is(EvSwitched) {
			mu.Lock()
			seq = append(seq, e.Verb()+" "+e.Host)
			mu.Unlock()
		}
	}
	if _, err := Deploy(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	a, b := hosts[0].Name, hosts[1].Name
	want := fmt.Sprint([]string{"drained " + a, "switched " + a, "in_rotation " + a, "drained " + b, "switched " + b, "in_rotation " + b})
	if fmt.Sprint(seq) != want {
		t.Fatalf("sequence %v\nwant %s", seq, want)
	}
}
