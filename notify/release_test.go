package notify

import (
	"errors"
	"testing"
	"time"
)

func TestReleaseEvents(t *testing.T) {
	t.Setenv("USER", "ops")
	fail := errors.New("web03: health\nmore lines")
	for _, tc := range []struct {
		e          Event
		kind, text string
	}{
		{DeployStart("r42", 3), "deploy.start", "deploy r42 to 3 host(s) started"},
		{DeployEnd("r42", 3, 61*time.Second, nil), "deploy.finish", "deploy r42 finished: live on 3 host(s) in 1m1s"},
		{DeployEnd("r42", 3, 2*time.Second, fail), "deploy.fail", "deploy r42 failed after 2s: web03: health"},
		{DeployFailed(time.Second, errors.New("locked")), "deploy.fail", "deploy failed: locked"},
		{DeployGateFailed(3, "error rate 5% > 1%"), "deploy.gate_failed", "deploy stopped: error rate 5% > 1%"},
		{RollbackEnd("", 2, 1500*time.Microsecond, nil), "rollback.finish", "rollback of 2 host(s) to each host's previous release done in 2ms"},
		{RollbackEnd("r41", 2, time.Second, fail), "rollback.fail", "rollback of 2 host(s) to r41 failed: web03: health"},
		{Readonly("on", "migration", time.Second, nil), "readonly.on", "read-only mode on (migration)"},
		{Readonly("off", "", time.Second, fail), "readonly.off.fail", "read-only mode off FAILED: web03: health"},
	} {
		if tc.e.Kind != tc.kind || tc.e.Text != "opsctl: "+tc.text || tc.e.User == "" || tc.e.User[:4] != "ops@" {
			t.Errorf("%+v: want %s %q", tc.e, tc.kind, tc.text)
		}
	}
	if e, ok := CutoverStep("copy", "undo_failed", time.Second, errors.New("x")); !ok || e.Kind != "cutover.copy.undo_failed" || e.Text != "opsctl: cutover step copy undo failed: x" {
		t.Errorf("%+v %v", e, ok)
	}
	if _, ok := CutoverStep("copy", "progress", 0, nil); ok {
		t.Error("progress is not a release event")
	}
}
