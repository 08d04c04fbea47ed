package haproxy_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/internal/lab"
)

func requireHAProxy(t *testing.T) *lab.Lab {
	t.Helper()
	lab.SkipShort(t)
	lab.Require(t, "haproxy")
	return lab.NewT(t)
}

func unixClient(t *testing.T, name, sock string) *haproxy.Client {
	t.Helper()
	a, err := haproxy.ParseAddress("unix://" + sock)
	if err != nil {
		t.Fatal(err)
	}
	return haproxy.New(name, a.Dialer())
}

func serverRow(t *testing.T, c *haproxy.Client, be, srv string) haproxy.StatRow {
	t.Helper()
	rows, err := c.ShowStat(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Proxy == be && r.Name == srv && r.Type == haproxy.Server {
			return r
		}
	}
	t.Fatalf("%s/%s not in show stat", be, srv)
	return haproxy.StatRow{}
}

// TestRealTypedCalls runs every typed call against a real haproxy 2.6.
func TestRealTypedCalls(t *testing.T) {
	l := requireHAProxy(t)
	h, err := l.StartHAProxy(lab.HAProxyOptions{AdminTCP: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c := unixClient(t, "lb1", h.AdminSock)

	info, err := c.ShowInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "HAProxy" || !strings.HasPrefix(info.Version, "2.") || info.Pid == 0 {
		t.Fatalf("info: %+v", info)
	}

	// The TCP form answers the same.
	ta, err := haproxy.ParseAddress("tcp://" + h.AdminTCP)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := haproxy.New("lb1-tcp", ta.Dialer()).ShowInfo(ctx); err != nil {
		t.Fatal(err)
	}

	rows, err := c.ShowStat(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var sawFE, sawBE, servers int
	for _, r := range rows {
		switch r.Type {
		case haproxy.Frontend:
			sawFE++
		case haproxy.Backend:
			sawBE++
		case haproxy.Server:
			servers++
			if r.Proxy != "app" || r.Weight != 1 {
				t.Errorf("server row: %+v", r)
			}
		}
	}
	if sawFE != 1 || sawBE != 1 || servers != 2 {
		t.Fatalf("rows: fe %d be %d servers %d: %+v", sawFE, sawBE, servers, rows)
	}

	st, err := c.ShowServersState(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 2 || st[0].Backend != "app" || st[0].Server != "s01" || st[0].Admin() != "ready" {
		t.Fatalf("servers state: %+v", st)
	}
	if _, err := c.ShowServersState(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	_, err = c.ShowServersState(ctx, "nosuch")
	assertHAProxyErr(t, err, "lb1", "show servers state nosuch", "Can't find backend")

	// drain / maint / ready
	if err := c.SetServerState(ctx, "app", "s01", haproxy.Drain); err != nil {
		t.Fatal(err)
	}
	if r := serverRow(t, c, "app", "s01"); r.Status != "DRAIN" {
		t.Fatalf("after drain: %q", r.Status)
	}
	st, _ = c.ShowServersState(ctx, "app")
	if st[0].Admin() != "drain" {
		t.Fatalf("admin state after drain: %+v", st[0])
	}
	if err := c.SetServerState(ctx, "app", "s01", haproxy.Maint); err != nil {
		t.Fatal(err)
	}
	if r := serverRow(t, c, "app", "s01"); r.Status != "MAINT" {
		t.Fatalf("after maint: %q", r.Status)
	}
	if err := c.SetServerState(ctx, "app", "s01", haproxy.Ready); err != nil {
		t.Fatal(err)
	}
	if r := serverRow(t, c, "app", "s01"); r.State() == "MAINT" || r.State() == "DRAIN" {
		t.Fatalf("after ready: %q", r.Status)
	}
	err = c.SetServerState(ctx, "app", "nosuch", haproxy.Drain)
	assertHAProxyErr(t, err, "lb1", "set server app/nosuch state drain", "No such server.")
	err = c.SetServerState(ctx, "nosuch", "s01", haproxy.Drain)
	assertHAProxyErr(t, err, "lb1", "set server nosuch/s01 state drain", "No such backend.")

	// disable / enable
	if err := c.DisableServer(ctx, "app", "s02"); err != nil {
		t.Fatal(err)
	}
	if r := serverRow(t, c, "app", "s02"); r.Status != "MAINT" {
		t.Fatalf("after disable: %q", r.Status)
	}
	if err := c.EnableServer(ctx, "app", "s02"); err != nil {
		t.Fatal(err)
	}
	if r := serverRow(t, c, "app", "s02"); r.State() == "MAINT" {
		t.Fatalf("after enable: %q", r.Status)
	}
	assertHAProxyErr(t, c.DisableServer(ctx, "app", "nosuch"), "lb1", "disable server app/nosuch", "No such server.")

	// weights
	if err := c.SetWeight(ctx, "app", "s02", "0"); err != nil {
		t.Fatal(err)
	}
	if r := serverRow(t, c, "app", "s02"); r.Weight != 0 {
		t.Fatalf("weight: %d", r.Weight)
	}
	if err := c.SetWeight(ctx, "app", "s02", "100%"); err != nil {
		t.Fatal(err)
	}
	if r := serverRow(t, c, "app", "s02"); r.Weight != 1 {
		t.Fatalf("weight after 100%%: %d", r.Weight)
	}
	assertHAProxyErr(t, c.SetWeight(ctx, "app", "nosuch", "5"), "lb1", "set weight app/nosuch 5", "No such server.")
	// Rejected before sending: injection attempts and bad weights.
	for _, err := range []error{
		c.SetWeight(ctx, "app", "s02", "abc"),
		c.SetServerState(ctx, "app;shutdown sessions server app", "s01", haproxy.Drain),
		c.SetServerState(ctx, "app", "s01 state ready", haproxy.Drain),
		c.SetServerState(ctx, "app", "s01", "up"),
	} {
		var he *haproxy.Error
		if !errors.As(err, &he) || he.Severity != -1 {
			t.Errorf("want a local validation error, got %v", err)
		}
	}

	// maps
	if err := c.AddMap(ctx, h.MapFile, "example.com", "a value;with semicolon"); err != nil {
		t.Fatal(err)
	}
	if err := c.AddMap(ctx, h.MapFile, "other.org", "x"); err != nil {
		t.Fatal(err)
	}
	es, err := c.ShowMap(ctx, h.MapFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].Key != "example.com" || es[0].Value != "a value;with semicolon" {
		t.Fatalf("map: %+v", es)
	}
	if err := c.SetMap(ctx, h.MapFile, "other.org", "y"); err != nil {
		t.Fatal(err)
	}
	assertHAProxyErr(t, c.SetMap(ctx, h.MapFile, "missing", "y"), "lb1", "set map "+h.MapFile+" missing y", "entry not found.")
	if err := c.DelMap(ctx, h.MapFile, "example.com"); err != nil {
		t.Fatal(err)
	}
	assertHAProxyErr(t, c.DelMap(ctx, h.MapFile, "example.com"), "lb1", "", "Key not found.")
	es, _ = c.ShowMap(ctx, h.MapFile)
	if len(es) != 1 || es[0].Value != "y" {
		t.Fatalf("map after set/del: %+v", es)
	}
	_, err = c.ShowMap(ctx, "/nonexistent.map")
	assertHAProxyErr(t, err, "lb1", "show map /nonexistent.map", "Unknown map identifier")

	// acls
	if err := c.AddACL(ctx, h.ACLFile, "10.9.9.9"); err != nil {
		t.Fatal(err)
	}
	as, err := c.ShowACL(ctx, h.ACLFile)
	if err != nil || len(as) != 1 || as[0].Key != "10.9.9.9" {
		t.Fatalf("acl: %+v %v", as, err)
	}
	if err := c.DelACL(ctx, h.ACLFile, "10.9.9.9"); err != nil {
		t.Fatal(err)
	}
	assertHAProxyErr(t, c.DelACL(ctx, h.ACLFile, "10.9.9.9"), "lb1", "", "Key not found.")
	assertHAProxyErr(t, c.AddACL(ctx, "/no/such.acl", "1.2.3.4"), "lb1", "", "Unknown ACL identifier")

	// raw
	out, err := c.Raw(ctx, "get weight app/s01;show servers state app")
	if err != nil || !strings.Contains(out, "(initial 1)") || !strings.Contains(out, "# be_id") {
		t.Fatalf("raw: %q %v", out, err)
	}
	_, err = c.Raw(ctx, "bogus command")
	assertHAProxyErr(t, err, "lb1", "bogus command", "Unknown command")
	// A message that ends without a newline (no closing empty line).
	_, err = c.Raw(ctx, "set weight app/s01 abc")
	assertHAProxyErr(t, err, "lb1", "", "garbage")
	if _, err := c.Raw(ctx, "show info\nshow stat"); err == nil {
		t.Fatal("raw with a newline was sent")
	}
}

func assertHAProxyErr(t *testing.T, err error, node, cmd, msg string) {
	t.Helper()
	var he *haproxy.Error
	if !errors.As(err, &he) {
		t.Fatalf("want *haproxy.Error containing %q, got %v", msg, err)
	}
	if he.Node != node || (cmd != "" && he.Command != cmd) || !strings.Contains(err.Error(), msg) {
		t.Fatalf("error %q (node %q, command %q); want node %q command %q message %q", err, he.Node, he.Command, node, cmd, msg)
	}
}

type fleetLab struct {
	lab   *lab.Lab
	http  *lab.HTTPBackend
	lbs   []*lab.HAProxy
	fleet *haproxy.Fleet
}

// startFleet starts n haproxies with backends "app" (servers servers) and
// "slow" (one server whose /hold blocks), all pointing at one HTTP backend.
func startFleet(t testing.TB, l *lab.Lab, n, servers int, stateFile bool) *fleetLab {
	t.Helper()
	hb, err := l.StartHTTPBackend()
	if err != nil {
		t.Fatal(err)
	}
	addrs := make([]string, servers)
	for i := range addrs {
		addrs[i] = hb.Addr
	}
	fl := &fleetLab{lab: l, http: hb, fleet: &haproxy.Fleet{}}
	for i := 0; i < n; i++ {
		h, err := l.StartHAProxy(lab.HAProxyOptions{
			StateFile: stateFile,
			Backends: []lab.HAProxyBackend{
				{Name: "app", Addrs: addrs, Check: true},
				{Name: "slow", Addrs: []string{hb.Addr}},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		fl.lbs = append(fl.lbs, h)
		a, _ := haproxy.ParseAddress("unix://" + h.AdminSock)
		fl.fleet.Nodes = append(fl.fleet.Nodes, &haproxy.Node{
			Client: haproxy.New(fmt.Sprintf("lb%d", i+1), a.Dialer()), StateFile: h.StateFile,
			ReadFile: haproxy.LocalReadFile, WriteFile: haproxy.LocalWriteFile,
		})
	}
	return fl
}

func TestRealFleetStatusDrainWait(t *testing.T) {
	l := requireHAProxy(t)
	fl := startFleet(t, l, 2, 3, false)
	ctx := context.Background()
	f := fl.fleet

	rep := f.Status(ctx)
	if len(rep.Failed()) != 0 {
		t.Fatalf("failed: %+v", rep.Failed())
	}
	if len(rep.Servers) != 4 {
		t.Fatalf("servers: %+v", rep.Servers)
	}
	for _, sv := range rep.Servers {
		if len(sv.PerNode) != 2 {
			t.Fatalf("per node: %+v", sv)
		}
	}
	if rep.Nodes[0].StateFile.Status != "missing" {
		t.Fatalf("state file check: %+v", rep.Nodes[0].StateFile)
	}

	// Drain on one LB only: status flags the difference.
	if err := f.Nodes[0].SetServerState(ctx, "app", "s02", haproxy.Drain); err != nil {
		t.Fatal(err)
	}
	rep = f.Status(ctx)
	var flagged []string
	for _, sv := range rep.Servers {
		if sv.Differs {
			flagged = append(flagged, sv.Backend+"/"+sv.Server+": "+sv.Why)
		}
	}
	if len(flagged) != 1 || !strings.HasPrefix(flagged[0], "app/s02: state differs") {
		t.Fatalf("flagged: %v", flagged)
	}

	// Hold a session open through lb1's frontend to slow/s01.
	held := holdRequest(t, fl.lbs[0].FrontendPort, "slow")
	waitScur(t, f.Nodes[0].Client, "slow", "s01", 1)

	// Drain with --wait on both LBs: it waits for lb1's session.
	var mu sync.Mutex
	var waiting []haproxy.Event
	polled := make(chan struct{}) // closed at lb1's fifth poll that saw the session
	f.OnEvent = func(e haproxy.Event) {
		mu.Lock()
		defer mu.Unlock()
		if e.Is(haproxy.EvWaiting) {
			waiting = append(waiting, e)
			if len(waiting) == 5 {
				close(polled)
			}
		}
	}
	done := make(chan []fanout.Result[haproxy.DrainResult], 1)
	go func() {
		rs, err := f.Drain(ctx, "slow", "s01", haproxy.DrainOptions{Wait: true, Timeout: 20 * time.Second, Poll: 50 * time.Millisecond})
		if err != nil {
			t.Error(err)
		}
		done <- rs
	}()
	// it polls on (every 50ms) while the session is open
	select {
	case rs := <-done:
		t.Fatalf("drain returned while a session was open: %+v", rs)
	case <-polled:
	case <-time.After(15 * time.Second):
		t.Fatal("drain --wait never polled five times")
	}
	for _, n := range f.Nodes {
		if r := serverRow(t, n.Client, "slow", "s01"); r.Status != "DRAIN" {
			t.Fatalf("%s: slow/s01 is %q, want DRAIN", n.Name, r.Status)
		}
	}
	fl.http.Release()
	<-held
	select {
	case rs := <-done:
		if err := haproxy.Err(rs); err != nil {
			t.Fatal(err)
		}
		if rs[0].Value.Scur != 0 || rs[0].Value.Waited < 200*time.Millisecond {
			t.Fatalf("lb1 drain result: %+v", rs[0].Value)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("drain --wait did not return after the session ended")
	}
	mu.Lock()
	if len(waiting) == 0 || waiting[0].Node != "lb1" || waiting[0].Scur < 1 {
		t.Fatalf("waiting events: %+v", waiting)
	}
	// Changed marks each new count once: the first event, and no event
	// repeating the one before it on the node (every poll saw 1 session)
	for i, e := range waiting {
		if e.Changed != (i == 0 || e.Scur != waiting[i-1].Scur) {
			t.Fatalf("waiting event %d: Changed %v: %+v", i, e.Changed, waiting)
		}
	}
	mu.Unlock()

	// Timeout: hold again and wait briefly.
	if _, err := f.SetServerState(ctx, "slow", "s01", haproxy.Ready); err != nil {
		t.Fatal(err)
	}
	held = holdRequest(t, fl.lbs[1].FrontendPort, "slow")
	waitScur(t, f.Nodes[1].Client, "slow", "s01", 1)
	rs, _ := f.Drain(ctx, "slow", "s01", haproxy.DrainOptions{Wait: true, Timeout: 300 * time.Millisecond, Poll: 50 * time.Millisecond})
	if rs[0].Status != fanout.OK || rs[1].Status != fanout.Failed || !errors.Is(rs[1].Err, haproxy.ErrDrainTimeout) {
		t.Fatalf("timeout results: %+v", rs)
	}
	var pe *haproxy.PartialError
	if err := haproxy.Err(rs); !errors.As(err, &pe) || !pe.Partial() || !strings.Contains(err.Error(), "lb2") {
		t.Fatalf("Err: %v", err)
	}
	fl.http.Release()
	<-held

	// Dry run sends nothing.
	f.DryRun = true
	rs2, _ := f.SetServerState(ctx, "app", "s01", haproxy.Maint)
	f.DryRun = false
	if rs2[0].Value.Command != "set server app/s01 state maint" || !rs2[0].Value.DryRun {
		t.Fatalf("dry run: %+v", rs2)
	}
	if r := serverRow(t, f.Nodes[0].Client, "app", "s01"); r.State() == "MAINT" {
		t.Fatal("dry run changed the server")
	}
}

func holdRequest(t testing.TB, port int, backend string) <-chan struct{} {
	t.Helper()
	c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "GET /hold HTTP/1.1\r\nHost: x\r\nX-Backend: %s\r\nConnection: close\r\n\r\n", backend)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer c.Close()
		bufio.NewReader(c).ReadString('\n')
	}()
	return done
}

func waitScur(t testing.TB, c *haproxy.Client, be, srv string, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		rows, err := c.ShowStatBackend(context.Background(), be)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Name == srv && r.Scur >= want {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s/%s never reached %d sessions", be, srv, want)
}

func TestRealNodeDown(t *testing.T) {
	l := requireHAProxy(t)
	fl := startFleet(t, l, 1, 2, false)
	down, _ := haproxy.ParseAddress("unix://" + l.Path("down.sock"))
	fl.fleet.Nodes = append(fl.fleet.Nodes, &haproxy.Node{Client: haproxy.New("lbdown", down.Dialer())})
	rep := fl.fleet.Status(context.Background())
	if rep.Nodes[0].Err != nil || rep.Nodes[1].Err == nil || !strings.Contains(rep.Nodes[1].Err.Error(), "haproxy lbdown: show info;show stat") {
		t.Fatalf("nodes: %+v", rep.Nodes)
	}
	if len(rep.Servers) != 3 || rep.Servers[0].Differs {
		t.Fatalf("servers of the live node: %+v", rep.Servers)
	}
	rs, _ := fl.fleet.SetWeight(context.Background(), "app", "s01", "50%")
	if rs[0].Status != fanout.OK || rs[1].Status != fanout.Failed {
		t.Fatalf("results: %+v", rs)
	}
}

// TestRealReloadKeepsState: with server-state-file configured and the state
// saved before the reload, drain and weight survive it.
func TestRealReloadKeepsState(t *testing.T) {
	l := requireHAProxy(t)
	fl := startFleet(t, l, 1, 2, true)
	ctx := context.Background()
	n := fl.fleet.Nodes[0]
	if c := haproxy.CheckStateFile(ctx, n); c.Status != "absent" {
		t.Fatalf("before save: %+v", c)
	}
	if err := n.SetServerState(ctx, "app", "s01", haproxy.Drain); err != nil {
		t.Fatal(err)
	}
	if err := n.SetWeight(ctx, "app", "s02", "0"); err != nil {
		t.Fatal(err)
	}
	if err := haproxy.Err(fl.fleet.SaveState(ctx)); err != nil {
		t.Fatal(err)
	}
	if c := haproxy.CheckStateFile(ctx, n); c.Status != "ok" || c.Servers != 3 {
		t.Fatalf("after save: %+v", c)
	}
	if err := fl.lbs[0].Reload(); err != nil {
		t.Fatal(err)
	}
	if r := serverRow(t, n.Client, "app", "s01"); r.Status != "DRAIN" {
		t.Fatalf("after reload s01 is %q", r.Status)
	}
	if r := serverRow(t, n.Client, "app", "s02"); r.Weight != 0 {
		t.Fatalf("after reload s02 weight %d", r.Weight)
	}
}

// TestRealCustomDialer: a node reached through a caller-supplied Dialer
// (here an in-process forwarder standing in for an SSH channel to a remote
// unix socket) behaves like a direct one.
func TestRealCustomDialer(t *testing.T) {
	l := requireHAProxy(t)
	h, err := l.StartHAProxy(lab.HAProxyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var dials int
	var mu sync.Mutex
	tunnel := func(ctx context.Context) (net.Conn, error) {
		mu.Lock()
		dials++
		mu.Unlock()
		local, remote := net.Pipe()
		var d net.Dialer
		sock, err := d.DialContext(ctx, "unix", h.AdminSock)
		if err != nil {
			return nil, err
		}
		go copyConn(sock, remote)
		go func() {
			// HAProxy closes after answering; like an SSH channel, the
			// tunnel must then close so the client sees EOF.
			copyConn(remote, sock)
			remote.Close()
			sock.Close()
		}()
		return local, nil
	}
	c := haproxy.New("remote", tunnel)
	if err := c.SetServerState(context.Background(), "app", "s01", haproxy.Drain); err != nil {
		t.Fatal(err)
	}
	if r := serverRow(t, c, "app", "s01"); r.Status != "DRAIN" {
		t.Fatalf("status %q", r.Status)
	}
	if dials != 2 {
		t.Fatalf("dials = %d, want one per command", dials)
	}
}

func copyConn(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
