package readonly

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsctl/opsctl/outcome"
)

// fakeLB is an LB in memory. TestSuiteFake holds it to what HAProxyLB
// does over a real haproxy: an unknown map or a missing key is an error
// (set map never adds a key).
type fakeLB struct {
	mu   sync.Mutex
	name string // the map file's path ("" = any)
	m    map[string]string
	down bool
	file []byte
}

func (f *fakeLB) check(file string) error {
	if f.down {
		return errors.New("connection refused")
	}
	if f.name != "" && file != f.name {
		return errors.New("Unknown map identifier. Please use #<id> or <file>.")
	}
	return nil
}

func (f *fakeLB) ShowMap(ctx context.Context, file string) (map[string]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(file); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range f.m {
		out[k] = v
	}
	return out, nil
}

func (f *fakeLB) SetMap(ctx context.Context, file, key, value string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(file); err != nil {
		return err
	}
	if _, ok := f.m[key]; !ok {
		return errors.New("entry not found")
	}
	f.m[key] = value
	return nil
}

// fakeCache is a Cache in memory. TestSuiteFake holds it to what
// VarnishCache does over a real varnishd: names are unique, labels point
// at loaded VCLs, the active VCL and a labelled one cannot be discarded,
// and a VCL file must exist on the host.
type fakeCache struct {
	mu      sync.Mutex
	active  string
	loaded  []string
	labels  map[string]string
	bans    []string
	inlined []string
	down    bool
	// files are the VCL files on the cache's host (path -> source); nil:
	// every path exists.
	files map[string]string
}

func (f *fakeCache) VCLs(ctx context.Context) (string, []string, map[string]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return "", nil, nil, errors.New("connection refused")
	}
	l := map[string]string{}
	for k, v := range f.labels {
		l[k] = v
	}
	return f.active, append([]string(nil), f.loaded...), l, nil
}

// add loads a VCL named name (f.mu held).
func (f *fakeCache) add(name, src string) error {
	if f.down {
		return errors.New("connection refused")
	}
	if _, ok := f.labels[name]; ok || slices.Contains(f.loaded, name) {
		return fmt.Errorf("Already a VCL named %s", name)
	}
	if !strings.HasPrefix(src, "vcl ") {
		return errors.New("VCL compilation failed")
	}
	f.loaded = append(f.loaded, name)
	return nil
}

func (f *fakeCache) Load(ctx context.Context, name, path string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	src, ok := f.files[path]
	if f.files == nil {
		src, ok = "vcl 4.1;", true
	}
	if !ok {
		return fmt.Errorf("Cannot read file '%s' (No such file or directory)", path)
	}
	return f.add(name, src)
}

func (f *fakeCache) Inline(ctx context.Context, name, src string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.add(name, src); err != nil {
		return err
	}
	f.inlined = append(f.inlined, src)
	return nil
}

func (f *fakeCache) Discard(ctx context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errors.New("connection refused")
	}
	if name == f.active {
		return fmt.Errorf("Cannot discard active VCL program %s", name)
	}
	if _, ok := f.labels[name]; ok {
		delete(f.labels, name)
		return nil
	}
	for l, v := range f.labels {
		if v == name {
			return fmt.Errorf("Cannot discard labeled VCL program %s (label %s)", name, l)
		}
	}
	for i, l := range f.loaded {
		if l == name {
			f.loaded = append(f.loaded[:i], f.loaded[i+1:]...)
			return nil
		}
	}
	return errors.New("No VCL named " + name + " known")
}

func (f *fakeCache) Label(ctx context.Context, label, vcl string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errors.New("connection refused")
	}
	if slices.Contains(f.loaded, label) {
		return fmt.Errorf("%s is not a label", label)
	}
	if !slices.Contains(f.loaded, vcl) {
		return errors.New("No VCL named " + vcl + " known")
	}
	f.labels[label] = vcl
	return nil
}

func (f *fakeCache) Use(ctx context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errors.New("connection refused")
	}
	if _, ok := f.labels[name]; !ok && !slices.Contains(f.loaded, name) {
		return errors.New("No VCL named " + name + " known")
	}
	f.active = name
	return nil
}

func (f *fakeCache) Ban(ctx context.Context, expr string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errors.New("connection refused")
	}
	if w := strings.Fields(expr); len(w) < 3 || !strings.HasPrefix(w[0], "obj.") && !strings.HasPrefix(w[0], "req.") {
		return errors.New("Expected a field name")
	}
	f.bans = append(f.bans, expr)
	return nil
}

func newFleet() (*Fleet, []*fakeLB, []*fakeCache) {
	var lbs []*fakeLB
	var caches []*fakeCache
	f := &Fleet{}
	for _, name := range []string{"lb1", "lb2"} {
		lb := &fakeLB{name: "/etc/haproxy/ro.map", m: map[string]string{"global": "off", keyBy: "-", keyAt: "-", keyReason: "-", keyMessage: noMessage}}
		lbs = append(lbs, lb)
		f.LBs = append(f.LBs, LBNode{Name: name, LB: lb, MapFile: "/etc/haproxy/ro.map",
			Persist: func(ctx context.Context, b []byte) error { lb.file = b; return nil }})
	}
	for _, name := range []string{"cache1", "cache2"} {
		c := &fakeCache{active: "boot", loaded: []string{"boot", "opsctl_readonly"}, labels: map[string]string{}}
		caches = append(caches, c)
		f.Caches = append(f.Caches, CacheNode{Name: name, Cache: c, ReadonlyVCL: "opsctl_readonly"})
	}
	return f, lbs, caches
}

func TestOnOff(t *testing.T) {
	f, lbs, caches := newFleet()
	rep, err := f.Set(context.Background(), On, Options{By: "alice", Reason: "db move"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict != VerdictOn || lbs[0].m["global"] != "on" || caches[1].active != "opsctl_readonly" {
		t.Fatalf("%+v", rep)
	}
	if !strings.Contains(string(lbs[0].file), "global on\n") || !strings.Contains(string(lbs[0].file), "opsctl_reason db+move") {
		t.Fatalf("map file: %q", lbs[0].file)
	}
	st := f.Status(context.Background())
	if st.Verdict != VerdictOn || st.Record.By != "alice" || st.Record.Reason != "db move" {
		t.Fatalf("status %+v", st)
	}
	// On twice is fine, and keeps who turned it on and since when.
	rep2, err := f.Set(context.Background(), On, Options{By: "bob", Reason: "still moving", Now: func() time.Time { return time.Now().Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	if rep2.Record.By != "alice" || rep2.Record.At != rep.Record.At || rep2.Record.Reason != "still moving" {
		t.Fatalf("record after on twice: %+v (first %+v)", rep2.Record, rep.Record)
	}
	if caches[0].labels[NormalLabel] != "boot" {
		t.Fatalf("label %v", caches[0].labels)
	}
	rep, err = f.Set(context.Background(), Off, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict != VerdictOff || caches[0].active != "boot" || len(caches[0].bans) != 1 || lbs[1].m["global"] != "off" {
		t.Fatalf("%+v %+v", rep, caches[0])
	}
}

func TestOnRevertsWhenACacheIsDown(t *testing.T) {
	f, lbs, caches := newFleet()
	caches[1].down = true
	rep, err := f.Set(context.Background(), On, Options{})
	var fe *FlipError
	if !errors.As(err, &fe) || !fe.Partial() || !rep.Reverted {
		t.Fatalf("err %v rep %+v", err, rep)
	}
	if lbs[0].m["global"] != "off" || lbs[1].m["global"] != "off" || caches[0].active != "boot" {
		t.Fatalf("not reverted: %v %v %s", lbs[0].m, lbs[1].m, caches[0].active)
	}
	if !strings.Contains(err.Error(), "cache2") {
		t.Fatalf("error does not name the node: %v", err)
	}
}

func TestPartialOKLeavesMixed(t *testing.T) {
	f, _, caches := newFleet()
	caches[1].down = true
	rep, err := f.Set(context.Background(), On, Options{PartialOK: true})
	if err == nil {
		t.Fatal("want error")
	}
	// the error says the state the verdict and 'readonly status' say
	if rep.Verdict != VerdictUnknown || !strings.Contains(err.Error(), "left UNKNOWN (the failed nodes could not be read; the others are ON)") {
		t.Fatalf("verdict %s, error %v", rep.Verdict, err)
	}
	caches[1].down = false // it comes back, still on its normal VCL
	st := f.Status(context.Background())
	if st.Verdict != VerdictMixed || strings.Join(st.Differing(), ",") != "cache2" {
		t.Fatalf("status %+v differing %v", st, st.Differing())
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	f, lbs, caches := newFleet()
	var cmds []string
	var mu sync.Mutex
	_, err := f.Set(context.Background(), On, Options{DryRun: true, OnEvent: func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		if e.DryRun {
			cmds = append(cmds, e.Node+": "+e.Detail)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if lbs[0].m["global"] != "off" || caches[0].active != "boot" {
		t.Fatal("dry run changed state")
	}
	all := strings.Join(cmds, "\n")
	if !strings.Contains(all, "lb1: set map /etc/haproxy/ro.map global on") || !strings.Contains(all, "cache2: vcl.use opsctl_readonly") {
		t.Fatalf("commands:\n%s", all)
	}
	// the report has the same commands, node by node in the fleet's order
	rep, _ := f.Set(context.Background(), On, Options{DryRun: true})
	var got, nodes []string
	for _, c := range rep.Commands {
		got = append(got, c.Node+": "+c.Detail)
		if len(nodes) == 0 || nodes[len(nodes)-1] != c.Node {
			nodes = append(nodes, c.Node)
		}
	}
	if len(got) != len(cmds) || strings.Join(nodes, ",") != strings.Join(f.Names(), ",") {
		t.Fatalf("report's commands by node %v (fleet %v):\n%s", nodes, f.Names(), strings.Join(got, "\n"))
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, tc := range []struct {
		o   Options
		err string
	}{
		{Options{By: "ops@host", Reason: "db move", Message: "back at 14:00"}, ""},
		{Options{By: ""}, "by: one line of at most 200 bytes, not empty"},
		{Options{By: strings.Repeat("x", 201)}, "by:"},
		{Options{By: "a", Reason: "two\nlines"}, "reason: one line"},
		{Options{By: "a", Message: strings.Repeat("x", 501)}, "message: one line of at most 500 bytes"},
	} {
		err := tc.o.Validate()
		var oe *outcome.OptionError
		if (err == nil) != (tc.err == "") || err != nil && (!strings.Contains(err.Error(), tc.err) || !errors.As(err, &oe)) {
			t.Errorf("%+v: %v, want %q", tc.o, err, tc.err)
		}
	}
	if _, err := (&Fleet{}).Prepare(context.Background(), VCLSource{Inline: "vcl 4.1;"}, Options{}); err == nil || !strings.Contains(err.Error(), "no varnish node") {
		t.Errorf("prepare without a cache node: %v", err)
	}
}

func TestSnippets(t *testing.T) {
	s, err := RenderSnippets(SnippetParams{MapFile: "/etc/haproxy/ro.map", MapKey: "global", PageFile: "/etc/haproxy/ro.html",
		ReadonlyVCL: "opsctl_readonly", ReadonlyVCLFile: "/etc/varnish/ro.vcl", SiteVCLFile: "/etc/varnish/default.vcl"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.HAProxyFrontend, "map(/etc/haproxy/ro.map,off)") || !strings.Contains(s.ReadonlyVCL, `include "/etc/varnish/default.vcl";`) || !strings.HasPrefix(s.MapFile, "global off\n") {
		t.Fatalf("%+v", s)
	}
	if _, err := RenderSnippets(SnippetParams{Page: `x"}y`}); err == nil {
		t.Fatal("page with \"} accepted")
	}
}

func TestPrepare(t *testing.T) {
	f, _, caches := newFleet()
	caches[0].loaded = []string{"boot"}  // not loaded yet
	caches[1].active = "opsctl_readonly" // read-only already on here
	rs, err := f.Prepare(context.Background(), VCLSource{Inline: "vcl 4.1;"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Action != "loaded" || rs[1].Action != "kept" || len(caches[0].inlined) != 1 || len(caches[1].inlined) != 0 {
		t.Fatalf("%+v", rs)
	}
	caches[1].active = "boot"
	rs, err = f.Prepare(context.Background(), VCLSource{Inline: "vcl 4.1;"}, Options{})
	if err != nil || rs[0].Action != "reloaded" || rs[1].Action != "reloaded" {
		t.Fatalf("%+v %v", rs, err)
	}
	caches[1].down = true
	_, err = f.Prepare(context.Background(), VCLSource{Inline: "vcl 4.1;"}, Options{})
	var pe *PrepareError
	if !errors.As(err, &pe) || !pe.Partial() || pe.Failed[0].Name != "cache2" {
		t.Fatalf("err %v", err)
	}
}

func TestOffDropsTheLabel(t *testing.T) {
	f, _, caches := newFleet()
	if _, err := f.Set(context.Background(), On, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Set(context.Background(), Off, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, ok := caches[0].labels[NormalLabel]; ok {
		t.Fatalf("label left behind: %v", caches[0].labels)
	}
}

func TestFailedLBStopsBeforeCaches(t *testing.T) {
	f, lbs, caches := newFleet()
	lbs[1].down = true
	rep, err := f.Set(context.Background(), On, Options{})
	var fe *FlipError
	if !errors.As(err, &fe) || strings.Join(fe.FailedNames(), ",") != "lb2" {
		t.Fatalf("err %v", err)
	}
	if lbs[0].m["global"] != "off" || caches[0].active != "boot" {
		t.Fatal("not reverted")
	}
	last := rep.Nodes[len(rep.Nodes)-1]
	if last.Node != "cache2" || !last.Skipped || last.State != "off" {
		t.Fatalf("skipped cache not reported: %+v", last)
	}
}

func TestProbes(t *testing.T) {
	mode := "on"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet:
			w.WriteHeader(200)
		case mode == "on":
			w.Header().Set("Retry-After", "60")
			w.WriteHeader(503)
		case mode == "down":
			w.WriteHeader(503) // no server available: not the read-only page
		default:
			w.WriteHeader(200)
		}
	}))
	defer srv.Close()
	p := Probe{URL: srv.URL}
	for _, tc := range []struct {
		server string
		m      Mode
		ok     bool
	}{{"on", On, true}, {"on", Off, false}, {"off", Off, true}, {"off", On, false}, {"down", On, false}, {"down", Off, true}} {
		mode = tc.server
		_, err := p.check(context.Background(), tc.m)
		if (err == nil) != tc.ok {
			t.Errorf("server %s, want %s: err %v", tc.server, tc.m, err)
		}
	}
}

type batchLB struct {
	*fakeLB
	calls int
	fail  bool
}

func (b *batchLB) SetMapsAndShow(ctx context.Context, file string, kv [][2]string) (map[string]string, error) {
	b.calls++
	if b.fail {
		return nil, errors.New("[3]: entry not found")
	}
	for _, e := range kv {
		if err := b.SetMap(ctx, file, e[0], e[1]); err != nil {
			return nil, err
		}
	}
	return b.ShowMap(ctx, file)
}

func TestBatchLBAndFallback(t *testing.T) {
	f, lbs, _ := newFleet()
	b1 := &batchLB{fakeLB: lbs[0]}
	b2 := &batchLB{fakeLB: lbs[1], fail: true}
	delete(lbs[1].m, keyMessage) // an old map file without the message key
	f.LBs[0].LB, f.LBs[1].LB = b1, b2
	var warnings []string
	var mu sync.Mutex
	_, err := f.Set(context.Background(), On, Options{Message: "soon", OnEvent: func(e Event) {
		if e.Is(EvWarning) {
			mu.Lock()
			warnings = append(warnings, e.Node+": "+e.Detail)
			mu.Unlock()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if b1.calls != 1 || b2.calls != 1 || lbs[0].m["global"] != "on" || lbs[1].m["global"] != "on" || lbs[0].m[keyMessage] != "soon" {
		t.Fatalf("calls %d %d maps %v %v", b1.calls, b2.calls, lbs[0].m, lbs[1].m)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "lb2: set map /etc/haproxy/ro.map opsctl_message") {
		t.Fatalf("warnings %v", warnings)
	}
}

func TestStatusWarnsWhenTheMapFileDisagrees(t *testing.T) {
	f, lbs, _ := newFleet()
	for i := range f.LBs {
		lb := lbs[i]
		f.LBs[i].ReadMapFile = func(ctx context.Context) ([]byte, error) { return lb.file, nil }
	}
	if _, err := f.Set(context.Background(), On, Options{}); err != nil {
		t.Fatal(err)
	}
	lbs[1].file = []byte("# edited by hand\nglobal off\n")
	st := f.Status(context.Background())
	if st.Nodes[0].Warning != "" || !strings.Contains(st.Nodes[1].Warning, `says global="off" but HAProxy runs with "on"`) || st.Verdict != VerdictOn {
		t.Fatalf("%+v", st.Nodes)
	}
}
