package fanout

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunCollectsEveryResult(t *testing.T) {
	names := []string{"a", "b", "c", "d"}
	rs := Run(context.Background(), names, 2, func(ctx context.Context, n string) (string, error) {
		if n == "b" {
			return "", errors.New("boom")
		}
		return n + "!", nil
	})
	if len(rs) != 4 {
		t.Fatalf("got %d results", len(rs))
	}
	for i, r := range rs {
		if r.Name != names[i] {
			t.Fatalf("order: %v", rs)
		}
	}
	if rs[1].Status != Failed || rs[1].Err == nil || rs[0].Value != "a!" || rs[3].Status != OK {
		t.Fatalf("unexpected: %+v", rs)
	}
	if len(NotOK(rs)) != 1 {
		t.Fatalf("NotOK: %+v", NotOK(rs))
	}
}

func TestRunLimitAndCancel(t *testing.T) {
	var running, peak int32
	ctx, cancel := context.WithCancel(context.Background())
	names := make([]string, 20)
	for i := range names {
		names[i] = string(rune('a' + i))
	}
	var started int32
	rs := Run(ctx, names, 3, func(ctx context.Context, n string) (int, error) {
		c := atomic.AddInt32(&running, 1)
		for {
			p := atomic.LoadInt32(&peak)
			if c <= p || atomic.CompareAndSwapInt32(&peak, p, c) {
				break
			}
		}
		if atomic.AddInt32(&started, 1) == 6 {
			cancel()
		}
		time.Sleep(5 * time.Millisecond)
		atomic.AddInt32(&running, -1)
		return 1, nil
	})
	if peak > 3 {
		t.Fatalf("limit exceeded: %d", peak)
	}
	var skipped int
	for _, r := range rs {
		if r.Status == Skipped {
			skipped++
			if !errors.Is(r.Err, context.Canceled) {
				t.Fatalf("skipped without ctx error: %+v", r)
			}
		}
	}
	if skipped == 0 || skipped >= 20 {
		t.Fatalf("skipped = %d", skipped)
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		spec  string
		total int
		want  int
		bad   bool
	}{
		{"3", 10, 3, false}, {"25%", 10, 3, false}, {"10%", 100, 10, false},
		{"0", 5, 0, false}, {"100%", 7, 7, false}, {"x", 1, 0, true}, {"-1", 1, 0, true}, {"150%", 1, 0, true},
	} {
		got, err := Count(c.spec, c.total)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("Count(%q,%d) = %d, %v", c.spec, c.total, got, err)
		}
	}
}

func TestRunStopStartsNothingAfterTheSoftStop(t *testing.T) {
	stop, soft := context.WithCancel(context.Background())
	release := make(chan struct{})
	var ran int32
	names := []string{"a", "b", "c", "d"}
	done := make(chan []Result[int])
	go func() {
		done <- RunStop(context.Background(), stop, names, 2, func(ctx context.Context, n string) (int, error) {
			atomic.AddInt32(&ran, 1)
			if atomic.LoadInt32(&ran) == 2 {
				soft() // both slots taken: the soft stop comes now
			}
			<-release
			return 1, ctx.Err() // in flight: the hard ctx is not cancelled
		})
	}()
	<-stop.Done()
	close(release)
	rs := <-done
	p := Parts(rs)
	if len(p.Done) != 2 || len(p.Skipped) != 2 || len(p.Failed) != 0 || !p.Partial() {
		t.Fatalf("parts after a soft stop: %+v", p)
	}
	for _, r := range rs {
		if r.Status == Skipped && !errors.Is(r.Err, context.Canceled) {
			t.Fatalf("skipped without the stop's error: %+v", r)
		}
	}
}

func TestParts(t *testing.T) {
	rs := []Result[int]{{Name: "a", Status: OK}, {Name: "b", Status: Failed, Err: errors.New("x")}, {Name: "c", Status: Skipped, Err: context.Canceled}}
	p := Parts(rs)
	if len(p.Done) != 1 || p.Failed[0].Name != "b" || p.Failed[0].Err == nil || p.Skipped[0] != "c" {
		t.Fatalf("%+v", p)
	}
	if e := Errors(rs); len(e) != 2 || e[0].Name != "b" || e[1].Name != "c" || e[1].Err != context.Canceled {
		t.Fatalf("errors %+v", e)
	}
}

func TestSummarize(t *testing.T) {
	rs := []Result[int]{{Status: OK}, {Status: Failed}, {Status: OK}, {Status: Skipped}}
	if s := Summarize(rs); s != (Summary{OK: 2, Failed: 1, Skipped: 1}) || s.String() != "2 ok, 1 failed, 1 skipped" {
		t.Fatalf("%+v %q", s, s)
	}
}

func TestResultOutcome(t *testing.T) {
	for _, c := range []struct {
		r    Result[int]
		want string
	}{
		{Result[int]{Name: "web01", Status: OK}, "ok"},
		{Result[int]{Name: "web01", Status: Failed, Err: errors.New("exit status 1")}, "FAILED: exit status 1"},
		{Result[int]{Name: "web01", Status: Skipped, Err: context.Canceled}, "SKIPPED: context canceled"},
	} {
		if got := c.r.Outcome(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.r, got, c.want)
		}
	}
}
