package deploy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/transport"
)

func baseOpts(f *fakeFleet, hosts []Host, art, id string) Options {
	return Options{
		Common:       Common{Hosts: hosts, Connect: f.connect, DeployTo: testDeployTo, User: "tester"},
		Artifact:     art,
		ReleaseID:    id,
		SharedPaths:  []string{"config/app.yml", "log/"},
		KeepReleases: 3,
	}
}

func intp(n int) *int { return &n }

func TestDeployWavesSharedAndPrune(t *testing.T) {
	fleetTest(t)
	f := newFakeFleet(t)
	// 11 hosts: a canary of 2 and three batches of 3 (four waves, each of
	// more than one host, a canary smaller than a batch); more hosts only
	// cost time (cmd/opsctl's TestDeployLab does 20 over real SSH)
	hosts := hostsN(11)
	var mu sync.Mutex
	var waves []string
	var order []string
	for i := 1; i <= 4; i++ {
		art := artifact(t, map[string]string{"index.html": "v" + string(rune('0'+i)), "config/app.yml": "from tarball"})
		o := baseOpts(f, hosts, art, "r"+string(rune('0'+i)))
		o.Canary, o.BatchSize = "2", "3"
		o.OnEvent = func(e Event) {
			mu.Lock()
			defer mu.Unlock()
			if e.Is(EvWave) {
				waves = append(waves, e.Message)
			}
			if e.Is(EvPrepared) || e.Is(EvSwitched) {
				order = append(order, e.Verb())
			}
		}
		res, err := Deploy(context.Background(), o)
		if err != nil {
			t.Fatalf("deploy %d: %v", i, err)
		}
		if !res.Completed || len(res.Plan.Waves) != 4 || len(res.Plan.Waves[0]) != 2 || len(res.Plan.Waves[1]) != 3 || len(res.Plan.Waves[3]) != 3 {
			t.Fatalf("plan/result: %+v", res.Plan.Waves)
		}
	}
	// prepare of a wave finishes before any host of it switches
	for w := 0; w < 4; w++ {
		n := []int{2, 3, 3, 3}[w]
		base := 0
		for _, k := range []int{2, 3, 3, 3}[:w] {
			base += 2 * k
		}
		for i := 0; i < n; i++ {
			if order[base+i] != EvPrepared || order[base+n+i] != EvSwitched {
				t.Fatalf("wave %d: prepare/switch interleaved: %v", w+1, order[:base+2*n])
			}
		}
	}
	for _, h := range hosts {
		if got := f.live(h.Name); got != "r4" {
			t.Fatalf("%s live %q", h.Name, got)
		}
		b, err := os.ReadFile(f.path(h.Name, "current", "index.html"))
		if err != nil || string(b) != "v4" {
			t.Fatalf("%s: index %q %v", h.Name, b, err)
		}
		l, err := os.Readlink(f.path(h.Name, "releases", "r4", "config", "app.yml"))
		if err != nil || !strings.HasSuffix(l, "/shared/config/app.yml") {
			t.Fatalf("%s: shared link %q %v", h.Name, l, err)
		}
		if st, err := os.Stat(f.path(h.Name, "shared", "log")); err != nil || !st.IsDir() {
			t.Fatalf("%s: shared log dir: %v", h.Name, err)
		}
		ents, _ := os.ReadDir(f.path(h.Name, "releases"))
		if len(ents) != 3 {
			t.Fatalf("%s: %d releases kept, want 3: %v", h.Name, len(ents), ents)
		}
		if _, err := os.Stat(f.path(h.Name, ".opsctl.lock")); !os.IsNotExist(err) {
			t.Fatalf("%s: lock left behind", h.Name)
		}
	}
	log, _ := os.ReadFile(f.path("webaa", "revisions.log"))
	if n := strings.Count(string(log), "\tdeploy\t"); n != 4 {
		t.Fatalf("revisions.log:\n%s", log)
	}
	hist, errs, err := History(context.Background(), Common{Hosts: hosts, Connect: f.connect, DeployTo: testDeployTo}, 0)
	if err != nil || len(errs) > 0 || len(hist) != 4 || len(hist[3].Hosts) != 11 || hist[3].Release != "r4" || hist[3].User != "tester" {
		t.Fatalf("history: %+v %v %v", hist, errs, err)
	}
}

func TestCanaryHealthFailureRollsBack(t *testing.T) {
	fleetTest(t)
	f := newFakeFleet(t)
	hosts := hostsN(8)
	o := baseOpts(f, hosts, artifact(t, map[string]string{"a": "1"}), "good")
	if _, err := Deploy(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(f.path("webab", "shared", "sick"), nil, 0o644)
	o = baseOpts(f, hosts, artifact(t, map[string]string{"a": "2"}), "bad")
	o.Canary, o.BatchSize = "2", "3"
	o.Health = Health{Command: "test ! -f " + testDeployTo + "/shared/sick", Retries: intp(1), Interval: time.Millisecond, Timeout: time.Second}
	res, err := Deploy(context.Background(), o)
	var de *Error
	if !errors.As(err, &de) || !de.Partial() || res.Aborted == "" {
		t.Fatalf("want a partial *Error, got %v", err)
	}
	for _, h := range hosts {
		if got := f.live(h.Name); got != "good" {
			t.Fatalf("%s is on %q", h.Name, got)
		}
	}
	a, b := res.Host("webaa"), res.Host("webab")
	if a.Status != StatusRolledBack || a.Live != "good" {
		t.Fatalf("weaa: %+v", a)
	}
	if b.Status != StatusFailed || b.Step != "health" || !strings.Contains(b.Reason(), "health command") || b.Live != "good" {
		t.Fatalf("weab: %+v", b)
	}
	for _, h := range res.Hosts[2:] {
		if h.Status != StatusUntouched || h.Uploaded {
			t.Fatalf("%s touched: %+v", h.Host, h)
		}
	}
}

func TestCorruptArtifactRefusedBeforeSwitch(t *testing.T) {
	t.Parallel() // one 3-host deploy: cheap enough for -short
	f := newFakeFleet(t)
	hosts := hostsN(3)
	f.corrupt["webab"] = true
	o := baseOpts(f, hosts, artifact(t, map[string]string{"big": strings.Repeat("x", 5000)}), "r1")
	res, err := Deploy(context.Background(), o)
	if err == nil {
		t.Fatal("deploy of a corrupted upload succeeded")
	}
	var de *Error
	if !errors.As(err, &de) || de.Partial() {
		t.Fatalf("want a non-partial refusal: %v", err)
	}
	h := res.Host("webab")
	if h.Step != "checksum" || !strings.Contains(h.Reason(), "checksum mismatch") {
		t.Fatalf("weab: %+v", h)
	}
	for _, h := range hosts {
		if f.live(h.Name) != "" {
			t.Fatalf("%s switched", h.Name)
		}
	}
	if _, err := os.Stat(f.path("webab", "releases", "r1")); !os.IsNotExist(err) {
		t.Fatal("corrupted release left on weab")
	}
}

func TestConnectionLostBeforeSwitch(t *testing.T) {
	fleetTest(t)
	for _, maxFail := range []string{"0", "1"} {
		t.Run("maxfail"+maxFail, func(t *testing.T) {
			t.Parallel() // a fleet each
			f := newFakeFleet(t)
			hosts := hostsN(4)
			o := baseOpts(f, hosts, artifact(t, map[string]string{"a": "1"}), "old")
			if _, err := Deploy(context.Background(), o); err != nil {
				t.Fatal(err)
			}
			f.dropOn["webac"] = "echo SWITCHED" // lost before the switch runs
			o = baseOpts(f, hosts, artifact(t, map[string]string{"a": "2"}), "new")
			o.MaxFail = maxFail
			res, err := Deploy(context.Background(), o)
			if err == nil {
				t.Fatal("no error")
			}
			c := res.Host("webac")
			if c.Status != StatusFailed || c.Step != "switch" || f.live("webac") != "old" || c.Live != "old" {
				t.Fatalf("weac: %+v live %s", c, f.live("webac"))
			}
			for _, h := range []string{"webaa", "webab", "webad"} {
				want := "old"
				if maxFail == "1" {
					want = "new"
				}
				if f.live(h) != want || res.Host(h).Live != want {
					t.Fatalf("%s on %s (report %q), want %s", h, f.live(h), res.Host(h).Live, want)
				}
			}
		})
	}
}

func TestLockRefusesSecondDeploy(t *testing.T) {
	fleetTest(t)
	f := newFakeFleet(t)
	hosts := hostsN(4)
	art := artifact(t, map[string]string{"a": "1"})
	started := make(chan struct{})
	release := make(chan struct{})
	o := baseOpts(f, hosts, art, "one")
	o.Canary = "1"
	o.Confirm = func(ctx context.Context, w WaveSummary) (bool, error) {
		close(started)
		<-release
		return true, nil
	}
	done := make(chan error)
	go func() { _, err := Deploy(context.Background(), o); done <- err }()
	<-started
	o2 := baseOpts(f, hosts, art, "two")
	o2.User = "bob"
	_, err := Deploy(context.Background(), o2)
	var le *LockedError
	if !errors.As(err, &le) || len(le.Holders) != 4 || le.Holders["webaa"].User != "tester" || !strings.Contains(err.Error(), "deploy by tester") {
		t.Fatalf("second deploy: %v", err)
	}
	st, _ := LockStatus(context.Background(), o.Common)
	for _, s := range st {
		if !s.Held || s.Holder.Release != "one" {
			t.Fatalf("lock status: %+v", s)
		}
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// a stale lock (crashed deploy) is visible and can be broken
	os.Mkdir(f.path("webab", ".opsctl.lock"), 0o755)
	if _, err := Deploy(context.Background(), o2); !errors.As(err, &le) || len(le.Holders) != 1 {
		t.Fatalf("stale lock: %v", err)
	}
	for _, h := range []string{"webaa", "webac", "webad"} {
		if _, err := os.Stat(f.path(h, ".opsctl.lock")); !os.IsNotExist(err) {
			t.Fatalf("%s: lock not released after refusal", h)
		}
	}
	if st, _ := ForceUnlock(context.Background(), o.Common); !st[1].Held {
		t.Fatalf("force unlock: %+v", st)
	}
	if _, err := Deploy(context.Background(), o2); err != nil {
		t.Fatal(err)
	}
}

func TestStopMidDeploy(t *testing.T) {
	fleetTest(t)
	f := newFakeFleet(t)
	hosts := hostsN(6)
	o := baseOpts(f, hosts, artifact(t, map[string]string{"a": "1"}), "old")
	if _, err := Deploy(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	stop, cancel := context.WithCancel(context.Background())
	o = baseOpts(f, hosts, artifact(t, map[string]string{"a": "2"}), "new")
	o.Canary, o.BatchSize, o.Stop = "1", "2", stop
	o.OnEvent = func(e Event) {
		if e.Is(EvPrepared) && e.Wave == 2 {
			cancel() // Ctrl-C while wave 2 uploads
		}
	}
	res, err := Deploy(context.Background(), o)
	if !errors.Is(err, context.Canceled) || !res.Interrupted {
		t.Fatalf("err %v", err)
	}
	for _, h := range res.Hosts {
		want := "old"
		if h.Wave == 1 {
			want = "new"
		}
		if f.live(h.Host) != want || h.Live != want {
			t.Fatalf("%s: live %s report %+v, want %s", h.Host, f.live(h.Host), h, want)
		}
		if _, err := os.Stat(f.path(h.Host, ".opsctl.lock")); !os.IsNotExist(err) {
			t.Fatalf("%s: lock left", h.Host)
		}
	}
}

func TestRollback(t *testing.T) {
	fleetTest(t)
	f := newFakeFleet(t)
	hosts := hostsN(5)
	for _, id := range []string{"r1", "r2"} {
		if _, err := Deploy(context.Background(), baseOpts(f, hosts, artifact(t, map[string]string{"a": id}), id)); err != nil {
			t.Fatal(err)
		}
	}
	// the previous release is the next newest (ls -t): r1 is older
	old := time.Now().Add(-time.Minute)
	for _, h := range hosts {
		if err := os.Chtimes(f.path(h.Name, "releases", "r1"), old, old); err != nil {
			t.Fatal(err)
		}
	}
	c := Common{Hosts: hosts, Connect: f.connect, DeployTo: testDeployTo, User: "ops"}
	res, err := Rollback(context.Background(), RollbackOptions{Common: c})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hosts {
		if f.live(h.Name) != "r1" || res.Host(h.Name).Previous != "r2" {
			t.Fatalf("%s on %s: %+v", h.Name, f.live(h.Name), res.Host(h.Name))
		}
		if _, err := os.Stat(f.path(h.Name, "releases", "r2")); err != nil {
			t.Fatal("rolled-back release deleted")
		}
		if _, err := os.Stat(f.path(h.Name, ".opsctl.lock")); !os.IsNotExist(err) {
			t.Fatalf("%s: lock left", h.Name)
		}
	}
	// rolling back again never returns to the release just rolled back
	_, err = Rollback(context.Background(), RollbackOptions{Common: c})
	if err == nil || !strings.Contains(err.Error(), "refused before any host switched") {
		t.Fatalf("second rollback: %v", err)
	}
	// --to a release one host lacks: refused before any host switches
	os.RemoveAll(f.path("webac", "releases", "r2"))
	res, err = Rollback(context.Background(), RollbackOptions{Common: c, To: "r2"})
	var de *Error
	if !errors.As(err, &de) || de.Partial() || !strings.Contains(err.Error(), "refused before any host switched") {
		t.Fatalf("want refusal, got %v", err)
	}
	if h := res.Host("webac"); h.Step != "check" || !strings.Contains(h.Reason(), "not on this host") {
		t.Fatalf("weac: %+v", h)
	}
	for _, h := range hosts {
		if f.live(h.Name) != "r1" {
			t.Fatalf("%s switched to %s", h.Name, f.live(h.Name))
		}
		if _, err := os.Stat(f.path(h.Name, ".opsctl.lock")); !os.IsNotExist(err) {
			t.Fatalf("%s: lock left", h.Name)
		}
	}
	rel, _ := Releases(context.Background(), c)
	if len(rel) != 5 || rel[0].Live != "r1" || len(rel[0].Releases) != 2 || rel[0].Disagrees {
		t.Fatalf("releases: %+v", rel)
	}
	// one command per host when all hosts run at once (lock, check,
	// READY, GO, switch, unlock), two when --concurrency is lower
	c.Hosts = append(append([]Host{}, hosts[:2]...), hosts[3:]...) // webac lacks r2 now
	for _, tc := range []struct{ conc, cmds int }{{0, 1}, {2, 2}} {
		c.Concurrency = tc.conc
		before := f.cmds["webaa"]
		res, err := Rollback(context.Background(), RollbackOptions{Common: c, To: "r2"})
		if err != nil || f.live("webaa") != "r2" || res.Host("webaa").Previous != "r1" || res.Host("webaa").Live != "r2" {
			t.Fatalf("concurrency %d: %v %+v", tc.conc, err, res.Host("webaa"))
		}
		if n := f.cmds["webaa"] - before; n != tc.cmds {
			t.Fatalf("concurrency %d: rollback used %d commands on a host, want %d", tc.conc, n, tc.cmds)
		}
		if _, err := Rollback(context.Background(), RollbackOptions{Common: c, To: "r1"}); err != nil {
			t.Fatal(err)
		}
	}
	// a held lock refuses (both modes), nothing switches, our locks are released
	for _, conc := range []int{0, 2} {
		c.Concurrency = conc
		os.Mkdir(f.path("webad", ".opsctl.lock"), 0o755)
		_, err := Rollback(context.Background(), RollbackOptions{Common: c, To: "r2"})
		var le *LockedError
		if !errors.As(err, &le) || len(le.Holders) != 1 {
			t.Fatalf("concurrency %d: %v", conc, err)
		}
		for _, h := range hosts {
			if f.live(h.Name) != "r1" {
				t.Fatalf("%s switched", h.Name)
			}
			if _, err := os.Stat(f.path(h.Name, ".opsctl.lock")); h.Name != "webad" && !os.IsNotExist(err) {
				t.Fatalf("%s: lock left", h.Name)
			}
		}
		res, err := Rollback(context.Background(), RollbackOptions{Common: c, To: "r2", Force: true})
		if err != nil || f.live("webad") != "r2" || res.Host("webad").Live != "r2" {
			t.Fatalf("force: %v", err)
		}
		Rollback(context.Background(), RollbackOptions{Common: c, To: "r1"})
	}
}

func TestReleaseIDValidation(t *testing.T) {
	for _, id := range []string{"a b", "x;rm -rf /", "$(id)", "../x", ".hidden", "a/b", "`x`", "", "a'b"} {
		if ValidateReleaseID(id) == nil {
			t.Errorf("%q accepted", id)
		}
	}
	for _, id := range []string{"20260101120000-abcdef12", "v1.2.3", "build_7-rc"} {
		if err := ValidateReleaseID(id); err != nil {
			t.Errorf("%q: %v", id, err)
		}
	}
	f := newFakeFleet(t)
	_, err := Deploy(context.Background(), baseOpts(f, hostsN(1), artifact(t, map[string]string{"a": "1"}), "x; touch /tmp/pwned"))
	if err == nil || !strings.Contains(err.Error(), "release id") {
		t.Fatalf("err %v", err)
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	f := newFakeFleet(t)
	o := baseOpts(f, hostsN(10), artifact(t, map[string]string{"a": "1"}), "")
	o.Canary, o.BatchSize, o.DryRun = "10%", "50%", true
	res, err := Deploy(context.Background(), o)
	if err != nil || len(res.Plan.Waves) != 3 || !strings.HasSuffix(res.Plan.ReleaseID, res.Plan.SHA256[:8]) {
		t.Fatalf("%+v %v", res.Plan, err)
	}
	if len(f.cmds) != 0 {
		t.Fatalf("dry run ran commands: %v", f.cmds)
	}
	if _, err := os.Stat(filepath.Join(f.base)); err != nil {
		t.Fatal(err)
	}
}

// A LockedError lists each host once, its error said without the host
// (placed errors, event.Placed): the transport's connect error, a lock
// step over a command that could not start, a fake's plain error.
func TestLockedErrorPlacesHosts(t *testing.T) {
	down := &transport.Error{Host: "web10", Op: "connect", Kind: transport.ErrConnect, Err: errors.New("10.0.0.10:22: connection refused")}
	le := &LockedError{Failed: map[string]error{
		"web10": connectError("web10", down),
		"web11": &HostError{Host: "web11", Step: "lock", Err: notStarted(&transport.Error{Host: "web11", Op: "connect", Kind: transport.ErrConnect, Err: errors.New("reset")})},
		"web12": connectError("web12", errors.New("refused")),
		"web13": nil,
	}}
	want := `could not reach or lock 4 host(s), nothing changed:
  web10: connect: 10.0.0.10:22: connection refused
  web11: lock: command not started: connect: reset
  web12: connect: refused
  web13: skipped (the operation stopped first)
(bring them back, or leave them out of the host selection)`
	if got := le.Error(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	for h, err := range le.Failed {
		if err == nil {
			continue
		}
		if p, ok := err.(event.Placed); !ok || p.Place() != h || !strings.Contains(err.Error(), h+": ") {
			t.Errorf("%s: %v is not placed at its host", h, err)
		}
	}
	if !errors.Is(le.Failed["web11"], ErrNotStarted) || !errors.Is(le.Failed["web10"], transport.ErrConnect) {
		t.Error("the classes are lost")
	}
	if r := (HostResult{Host: "web10", Step: "lock", Err: le.Failed["web10"]}).Reason(); r != "lock: connect: 10.0.0.10:22: connection refused" {
		t.Errorf("Reason %q", r)
	}
}
