package cutover

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestTimeline: the cutover.timeline line's steps say their durations in
// milliseconds (as every duration_ms) and the window is the report's.
func TestTimeline(t *testing.T) {
	r := newRig(t)
	rep, err := Run(context.Background(), r.rb, r.opts())
	if err != nil {
		t.Fatal(err)
	}
	rep.Steps[0].Took = 1500 * time.Millisecond
	now := time.Now()
	tl := rep.Timeline(now, "/tmp/state.json", r.rb, time.Second)
	if len(tl.Steps) != len(rep.Steps) || tl.Steps[0].DurationMS != 1500 || tl.Steps[0].Start == "" || tl.StateFile != "/tmp/state.json" {
		t.Fatalf("%+v", tl)
	}
	if tl.ReadOnlySince == "" || tl.ReadOnlyUntil == "" || tl.WindowMS <= 0 || tl.Outcome != rep.Outcome || tl.EstimatedWindowMS != 0 {
		t.Fatalf("window: %+v", tl)
	}
}

func TestStopErrorNext(t *testing.T) {
	if n := (&StopError{Step: "copy"}).Next(); !strings.Contains(n, "run 'opsctl migrate cutover' again") {
		t.Errorf("not read-only: %q", n)
	}
	n := (&StopError{Step: "smoke", ReadOnly: true, Repointed: true, interrupted: true}).Next()
	for _, want := range []string{"to go on:", "continues from smoke", "--abort", "the repoint undone"} {
		if !strings.Contains(n, want) {
			t.Errorf("read-only stop: %q lacks %q", n, want)
		}
	}
}

// The run says itself in words (the CLI's step lines, timeline and
// verdict), so a Go program logs the same.
func TestRunInWords(t *testing.T) {
	e := Event{Step: "copy", Detail: "2 table(s)"}
	e.Name, e.Took = "cutover."+EvDone, 1500*time.Millisecond
	if e.String() != "done in 1.5s: 2 table(s)" {
		t.Errorf("event: %q", e)
	}
	s := StepResult{Name: "verify", Status: StatusFailed, InWindow: true, Detail: "d", Error: "differs", Warnings: []string{"w"}}
	if s.StatusText() != "failed (RO)" || s.DetailText() != "differs [1 warning(s)]" {
		t.Errorf("step: %q %q", s.StatusText(), s.DetailText())
	}
	if start, took := (StepResult{}).Clock(); start != "-" || took != "-" {
		t.Errorf("clock of a step not started: %q %q", start, took)
	}
	if (Modes{Rehearse: true}).PlanTitle("s.json") != "rehearsal plan (dry run: nothing is contacted or changed); state file s.json\n" {
		t.Error("plan title")
	}
	if p := (StepResult{Status: StatusSkipped, Detail: "quiesce"}).PlanText(); p != "(skipped in a rehearsal) quiesce" {
		t.Errorf("plan: %q", p)
	}
	since := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	rep := &Report{Outcome: OutcomeStopped, ReadOnlySince: since}
	if w := rep.WindowText(since.Add(2 * time.Second)); w != "read-only window: 2s so far (since 10:00:00.000; the site IS READ-ONLY)" {
		t.Errorf("window: %q", w)
	}
	rb := &Runbook{Mask: func(s string) string { return strings.ReplaceAll(s, "pw", "${PW}") }}
	if v := rep.Verdict(rb, "pg", 0); v != "" {
		t.Errorf("a stop has no verdict: %q", v)
	}
	rep.Outcome = OutcomeDone
	if v := rep.Verdict(rb, "postgres://u:pw@h/db", 0); v != "cutover done: the app runs on postgres://u:${PW}@h/db" {
		t.Errorf("verdict: %q", v)
	}
	if (Modes{Rehearse: true}).Ask() != "" || !strings.HasPrefix((Modes{Abort: true}).Ask(), "abort the cutover") || (Modes{Abort: true}).Intro("a", "b", "s") != "" {
		t.Error("modes' words")
	}
}
