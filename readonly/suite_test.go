package readonly

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/varnish"
)

// suite is the conformance suite of an LB and a Cache (the same shape as
// haproxy's, varnish's and deploy's): TestSuiteFake runs it against the
// fakes the unit tests flip (readonly_test.go), TestSuiteReal against
// HAProxyLB over a real haproxy and VarnishCache over a real varnishd,
// so a fake cannot accept what the servers refuse.
type suite struct {
	lb LB
	// mapFile is a map the LB has loaded, holding the keys "global" (off)
	// and keyBy ("-") only.
	mapFile string

	cache Cache // active VCL "boot", nothing else loaded
	// vcl is VCL source that compiles on the cache; vclFile is a file on
	// the cache's host holding it.
	vcl, vclFile string
}

func TestSuiteFake(t *testing.T) {
	t.Parallel()
	const mapFile, vclFile = "/etc/haproxy/ro.map", "/etc/varnish/ro.vcl"
	vcl := lab.DefaultVCL("127.0.0.1", 9)
	suite{
		lb:      &batchLB{fakeLB: &fakeLB{name: mapFile, m: map[string]string{"global": "off", keyBy: "-"}}},
		mapFile: mapFile,
		cache:   &fakeCache{active: "boot", loaded: []string{"boot"}, labels: map[string]string{}, files: map[string]string{vclFile: vcl}},
		vcl:     vcl,
		vclFile: vclFile,
	}.run(t)
}

func TestSuiteReal(t *testing.T) {
	t.Parallel()
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "haproxy", "varnishd", "cc")
	l := lab.NewT(t)
	mapFile, vclFile := l.Path("ro.map"), l.Path("ro.vcl")
	vcl := lab.DefaultVCL("127.0.0.1", 9)
	if err := os.WriteFile(mapFile, []byte("global off\n"+keyBy+" -\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vclFile, []byte(vcl), 0o644); err != nil {
		t.Fatal(err)
	}
	var v *lab.Varnish
	var verr error
	started := make(chan struct{})
	go func() { // varnishd compiles its boot VCL meanwhile
		defer close(started)
		v, verr = l.StartVarnish(lab.VarnishOptions{Name: "c1"})
	}()
	h, err := l.StartHAProxy(lab.HAProxyOptions{Name: "lb1", Backends: []lab.HAProxyBackend{{Name: "app", Addrs: []string{"127.0.0.1:9"}}},
		FrontendExtra: []string{"http-request set-header X-RO %[str(global),map(" + mapFile + ",off)]"}})
	<-started
	if err != nil {
		t.Fatal(err)
	}
	if verr != nil {
		t.Fatal(verr)
	}
	a, err := haproxy.ParseAddress("unix://" + h.AdminSock)
	if err != nil {
		t.Fatal(err)
	}
	cache := NewVarnishCache(varnish.Node{Name: v.Name, Dial: varnish.TCPDialer(v.AdminAddr), Secret: varnish.SecretFile(v.SecretFile)})
	t.Cleanup(cache.Close)
	suite{
		lb:      HAProxyLB{Client: haproxy.New("lb1", a.Dialer())},
		mapFile: mapFile,
		cache:   cache,
		vcl:     vcl,
		vclFile: vclFile,
	}.run(t)
}

func (s suite) run(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	showMap := func(t *testing.T) map[string]string {
		t.Helper()
		m, err := s.lb.ShowMap(ctx, s.mapFile)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	vcls := func(t *testing.T) (string, []string, map[string]string) {
		t.Helper()
		active, loaded, labels, err := s.cache.VCLs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(loaded)
		return active, loaded, labels
	}
	mustFail := func(t *testing.T, what string, err error) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: accepted", what)
		}
	}

	t.Run("lb-map", func(t *testing.T) {
		if m := showMap(t); len(m) != 2 || m["global"] != "off" || m[keyBy] != "-" {
			t.Fatalf("initial map %v", m)
		}
		if err := s.lb.SetMap(ctx, s.mapFile, "global", "on"); err != nil {
			t.Fatal(err)
		}
		// A value with spaces and punctuation comes back as set.
		const by = "alice (db move, 10:00)"
		if err := s.lb.SetMap(ctx, s.mapFile, keyBy, by); err != nil {
			t.Fatal(err)
		}
		if m := showMap(t); m["global"] != "on" || m[keyBy] != by {
			t.Fatalf("after set: %v", m)
		}
		// set map changes entries, it never adds one.
		mustFail(t, "set map of a missing key", s.lb.SetMap(ctx, s.mapFile, "nosuch_key", "x"))
		if m := showMap(t); len(m) != 2 {
			t.Fatalf("a missing key was added: %v", m)
		}
		_, err := s.lb.ShowMap(ctx, s.mapFile+".nosuch")
		mustFail(t, "show map of an unknown map", err)
		mustFail(t, "set map of an unknown map", s.lb.SetMap(ctx, s.mapFile+".nosuch", "global", "off"))
	})

	t.Run("lb-batch", func(t *testing.T) {
		b, ok := s.lb.(BatchLB)
		if !ok {
			t.Skipf("%T is not a BatchLB", s.lb)
		}
		m, err := b.SetMapsAndShow(ctx, s.mapFile, [][2]string{{"global", "off"}, {keyBy, "bob"}})
		if err != nil || len(m) != 2 || m["global"] != "off" || m[keyBy] != "bob" {
			t.Fatalf("batch: %v %v", m, err)
		}
		// One bad command fails the batch as a whole (the caller then
		// goes one by one).
		_, err = b.SetMapsAndShow(ctx, s.mapFile, [][2]string{{"global", "on"}, {"nosuch_key", "x"}})
		mustFail(t, "batch with a missing key", err)
	})

	t.Run("cache-vcls", func(t *testing.T) {
		active, loaded, labels := vcls(t)
		if active != "boot" || strings.Join(loaded, ",") != "boot" || len(labels) != 0 {
			t.Fatalf("initial: %s %v %v", active, loaded, labels)
		}
		if err := s.cache.Inline(ctx, "ro1", s.vcl); err != nil {
			t.Fatal(err)
		}
		mustFail(t, "inline of an existing name", s.cache.Inline(ctx, "ro1", s.vcl))
		mustFail(t, "inline of VCL that does not compile", s.cache.Inline(ctx, "bad", "this is not VCL"))
		if err := s.cache.Load(ctx, "ro2", s.vclFile); err != nil {
			t.Fatal(err)
		}
		mustFail(t, "load of an existing name", s.cache.Load(ctx, "ro2", s.vclFile))
		mustFail(t, "load of a missing file", s.cache.Load(ctx, "ro3", s.vclFile+".nosuch"))
		if active, loaded, _ := vcls(t); active != "boot" || strings.Join(loaded, ",") != "boot,ro1,ro2" {
			t.Fatalf("after loads: %s %v", active, loaded)
		}
	})

	t.Run("cache-label-use", func(t *testing.T) {
		if err := s.cache.Label(ctx, NormalLabel, "boot"); err != nil {
			t.Fatal(err)
		}
		mustFail(t, "label of a missing VCL", s.cache.Label(ctx, "lbl2", "nosuch"))
		mustFail(t, "label named like a VCL", s.cache.Label(ctx, "ro2", "boot"))
		if err := s.cache.Use(ctx, "ro1"); err != nil {
			t.Fatal(err)
		}
		mustFail(t, "use of a missing VCL", s.cache.Use(ctx, "nosuch"))
		active, loaded, labels := vcls(t)
		if active != "ro1" || strings.Join(loaded, ",") != "boot,ro1,ro2" || len(labels) != 1 || labels[NormalLabel] != "boot" {
			t.Fatalf("after label and use: %s %v %v", active, loaded, labels)
		}
	})

	t.Run("cache-discard", func(t *testing.T) {
		mustFail(t, "discard of the active VCL", s.cache.Discard(ctx, "ro1"))
		mustFail(t, "discard of a labelled VCL", s.cache.Discard(ctx, "boot"))
		mustFail(t, "discard of a missing VCL", s.cache.Discard(ctx, "nosuch"))
		if err := s.cache.Discard(ctx, "ro2"); err != nil {
			t.Fatal(err)
		}
		if err := s.cache.Use(ctx, "boot"); err != nil {
			t.Fatal(err)
		}
		if err := s.cache.Discard(ctx, NormalLabel); err != nil {
			t.Fatal(err)
		}
		if err := s.cache.Discard(ctx, "ro1"); err != nil {
			t.Fatal(err)
		}
		if active, loaded, labels := vcls(t); active != "boot" || strings.Join(loaded, ",") != "boot" || len(labels) != 0 {
			t.Fatalf("after discards: %s %v %v", active, loaded, labels)
		}
	})

	t.Run("cache-ban", func(t *testing.T) {
		if err := s.cache.Ban(ctx, BanExpr); err != nil {
			t.Fatal(err)
		}
		mustFail(t, "ban of nonsense", s.cache.Ban(ctx, "nonsense"))
	})

	t.Run("concurrent", func(t *testing.T) {
		// Every method is safe for concurrent use (a Session is; a fake
		// must be too).
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				switch i % 4 {
				case 0:
					_, errs[i] = s.lb.ShowMap(ctx, s.mapFile)
				case 1:
					errs[i] = s.lb.SetMap(ctx, s.mapFile, "global", "off")
				case 2:
					_, _, _, errs[i] = s.cache.VCLs(ctx)
				case 3:
					errs[i] = s.cache.Ban(ctx, BanExpr)
				}
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
	})
}
