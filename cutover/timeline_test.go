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
