package gate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeProm answers /api/v1/query from a function of the query.
func fakeProm(t *testing.T, answer func(q string) string) *Prometheus {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/query" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, answer(r.URL.Query().Get("query")))
	}))
	t.Cleanup(srv.Close)
	return &Prometheus{URL: srv.URL}
}

func vector(pairs ...string) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		parts = append(parts, fmt.Sprintf(`{"metric":{"host":%q},"value":[1,%q]}`, pairs[i], pairs[i+1]))
	}
	return `{"status":"success","data":{"resultType":"vector","result":[` + strings.Join(parts, ",") + `]}}`
}

func f(v float64) *float64 { return &v }

func TestTemplateHosts(t *testing.T) {
	var got []string
	var mu sync.Mutex
	p := fakeProm(t, func(q string) string {
		mu.Lock()
		got = append(got, q)
		mu.Unlock()
		return vector("web.1", "0")
	})
	g := Gate{Name: "errors", Source: p, Query: `rate(errors{host=~"{{.Hosts}}"}[1m]) # {{.Wave}} {{.Release}}`, Max: f(0.1)}
	if err := Run(context.Background(), g, Wave{Wave: 1, Release: "r1", Hosts: []string{"web.1", "web2"}}, nil); err != nil {
		t.Fatal(err)
	}
	if want := `rate(errors{host=~"web\.1|web2"}[1m]) # 1 r1`; got[0] != want {
		t.Fatalf("query %q, want %q", got[0], want)
	}
	if h := (&Graphite{}).Hosts([]string{"a", "b"}); h != "{a,b}" {
		t.Fatal(h)
	}
	if h := (&Graphite{}).Hosts([]string{"a"}); h != "a" {
		t.Fatal(h)
	}
	bad := Gate{Name: "x", Source: p, Query: "{{.Nope}}", Max: f(1)}
	if err := bad.Validate(); err == nil {
		t.Fatal("bad template accepted")
	}
}

func TestBreachNoDataCompare(t *testing.T) {
	val := "0.5"
	p := fakeProm(t, func(q string) string {
		if strings.Contains(q, "empty") {
			return vector()
		}
		if strings.Contains(q, "old") {
			return vector("old", "0.1")
		}
		return vector("new", val)
	})
	var evs []Evaluation
	on := func(e Evaluation) { evs = append(evs, e) }
	w := Wave{Wave: 1, Hosts: []string{"new"}, Baseline: []string{"old"}}

	err := Run(context.Background(), Gate{Name: "g", Source: p, Query: "q{{.Hosts}}", Max: f(0.2)}, w, on)
	var ge *Error
	if !errors.As(err, &ge) || evs[0].Verdict != VerdictBreach || *evs[0].Value != 0.5 || !strings.Contains(evs[0].String(), "BREACH value 0.5 (threshold value <= 0.2)") {
		t.Fatalf("%v %+v", err, evs)
	}
	// ratio: 0.5 / 0.1 = 5 > 2
	evs = nil
	err = Run(context.Background(), Gate{Name: "g", Source: p, Query: "q{{.Hosts}}", Compare: CompareRatio, Max: f(2)}, w, on)
	if err == nil || *evs[0].Value != 5 || evs[0].BaselineQuery != "qold" {
		t.Fatalf("%v %+v", err, evs)
	}
	// difference within bounds
	evs = nil
	val = "0.15"
	if err := Run(context.Background(), Gate{Name: "g", Source: p, Query: "q{{.Hosts}}", Compare: CompareDiff, Max: f(0.1)}, w, on); err != nil {
		t.Fatal(err)
	}
	// compare on the last wave: skipped, said so
	evs = nil
	if err := Run(context.Background(), Gate{Name: "g", Source: p, Query: "q", Compare: CompareDiff, Max: f(0.1)}, Wave{Hosts: []string{"new"}}, on); err != nil || evs[0].Verdict != VerdictSkip {
		t.Fatalf("%v %+v", err, evs)
	}
	// no data: fail (default), pass, wait
	evs = nil
	err = Run(context.Background(), Gate{Name: "g", Source: p, Query: "empty", Max: f(1)}, w, on)
	if err == nil || !strings.Contains(err.Error(), "no data") || evs[0].Verdict != VerdictNoData {
		t.Fatalf("%v %+v", err, evs)
	}
	if err := Run(context.Background(), Gate{Name: "g", Source: p, Query: "empty", Max: f(1), NoData: NoDataPass}, w, on); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = Run(context.Background(), Gate{Name: "g", Source: p, Query: "empty", Max: f(1), NoData: NoDataWait, WaitMax: 300 * time.Millisecond, Interval: 100 * time.Millisecond}, w, on)
	if err == nil || !strings.Contains(err.Error(), "no data after waiting") || time.Since(start) < 300*time.Millisecond {
		t.Fatalf("%v after %s", err, time.Since(start))
	}
}

func TestWatchWindowCatchesLateBreach(t *testing.T) {
	var n int
	var mu sync.Mutex
	p := fakeProm(t, func(q string) string {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n >= 3 {
			return vector("h", "9")
		}
		return vector("h", "0")
	})
	var evs []Evaluation
	err := Run(context.Background(), Gate{Name: "g", Source: p, Query: "q", Max: f(1), Window: time.Second, Interval: 50 * time.Millisecond},
		Wave{Hosts: []string{"h"}}, func(e Evaluation) { evs = append(evs, e) })
	if err == nil || len(evs) != 3 || evs[2].Verdict != VerdictBreach {
		t.Fatalf("%v %+v", err, evs)
	}
}

func TestQueryErrors(t *testing.T) {
	p := fakeProm(t, func(q string) string {
		return `{"status":"error","errorType":"bad_data","error":"parse error"}`
	})
	err := Run(context.Background(), Gate{Name: "g", Source: p, Query: "q", Max: f(1), Interval: 10 * time.Millisecond}, Wave{Hosts: []string{"h"}}, nil)
	if err == nil || !strings.Contains(err.Error(), "3 times") || !strings.Contains(err.Error(), "parse error") {
		t.Fatal(err)
	}
	down := &Prometheus{URL: "http://127.0.0.1:1"}
	if _, err := down.Query(context.Background(), "up"); err == nil {
		t.Fatal("no error from a server that is down")
	}
}

func TestGraphiteLatestNonNull(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("format") != "json" || r.URL.Query().Get("target") != "stats.app.{a,b}.errors" {
			http.Error(w, "bad", 400)
			return
		}
		fmt.Fprint(w, `[{"target":"stats.app.a.errors","datapoints":[[1,10],[2,11],[null,12]]},{"target":"stats.app.b.errors","datapoints":[[null,12]]}]`)
	}))
	defer srv.Close()
	g := &Graphite{URL: srv.URL}
	s, err := g.Query(context.Background(), "stats.app."+g.Hosts([]string{"a", "b"})+".errors")
	if err != nil || len(s) != 1 || s[0].Value != 2 || s[0].Series != "stats.app.a.errors" {
		t.Fatalf("%v %+v", err, s)
	}
}

// A gate says itself in one line and in JSON (a dry run's plan).
func TestGateDescribed(t *testing.T) {
	max := 1.0
	g := Gate{Name: "errors", Source: &Prometheus{URL: "http://p"}, Query: "sum(x)", Max: &max, NoData: NoDataFail}
	if s := g.String(); s != "errors (prometheus): value <= 1; one evaluation; no data: fail" {
		t.Errorf("String %q", s)
	}
	g.Window, g.Interval = 5*time.Minute, 10*time.Second
	if s := g.String(); s != "errors (prometheus): value <= 1; watch 5m0s every 10s; no data: fail" {
		t.Errorf("String %q", s)
	}
	b, err := json.Marshal(g)
	if want := `{"gate":"errors","source":"prometheus","query":"sum(x)","threshold":"value \u003c= 1","compare":"","watch":"5m0s","interval":"10s","no_data":"fail"}`; err != nil || string(b) != want {
		t.Errorf("JSON %s %v\nwant %s", b, err, want)
	}
}

// TestLogSaysTheQueryOncePerGateAndWave: a pass already said in full in
// its wave is said by its verdict; a new wave, another gate or a breach
// in full again.
func TestLogSaysTheQueryOncePerGateAndWave(t *testing.T) {
	var l Log
	ev := Evaluation{Gate: "errors", Wave: 1, Query: "rate(errors[1m])", Threshold: "< 1", Verdict: VerdictPass}
	if got := l.Line(ev); got != ev.String() {
		t.Fatalf("first: %q, want %q", got, ev.String())
	}
	if got := l.Line(ev); got != ev.Short() {
		t.Fatalf("again: %q, want %q", got, ev.Short())
	}
	for _, e := range []Evaluation{{Gate: "errors", Wave: 2, Verdict: VerdictPass}, {Gate: "latency", Wave: 1, Verdict: VerdictPass}} {
		if got := l.Line(e); got != e.String() {
			t.Errorf("%s wave %d: %q, want in full", e.Gate, e.Wave, got)
		}
	}
	ev.Verdict = VerdictBreach
	if got := l.Line(ev); got != ev.String() {
		t.Errorf("a breach: %q, want in full", got)
	}
}
