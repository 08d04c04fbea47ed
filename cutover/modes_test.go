package cutover

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/outcome"
)

// One mode at most (a rehearsal's dry run aside); --force only with --abort.
func TestModesValidate(t *testing.T) {
	for _, tc := range []struct {
		m    Modes
		want string
	}{
		{Modes{}, ""},
		{Modes{DryRun: true, Rehearse: true}, ""},
		{Modes{Abort: true, Force: true}, ""},
		{Modes{DryRun: true, Resume: true}, "resume: dry-run, rehearse, resume and abort exclude each other"},
		{Modes{Rehearse: true, Abort: true}, "abort: "},
		{Modes{DryRun: true, Rehearse: true, Resume: true}, "resume: "},
		{Modes{Force: true}, "force: goes with abort"},
	} {
		err := tc.m.Validate()
		var oe *outcome.OptionError
		if (tc.want == "") != (err == nil) || err != nil && (!strings.HasPrefix(err.Error(), tc.want) || !errors.As(err, &oe)) {
			t.Errorf("%+v: %v, want %q", tc.m, err, tc.want)
		}
	}
}

// A stop's JSON is the cutover.stopped line: the step, its error, where
// the site is, and what to do next; refusals (resume or abort with
// nothing stopped, a new run over a stopped one) are usage errors.
func TestStopJSONAndRefusals(t *testing.T) {
	r := newRig(t)
	r.rb = Standard(Config{QuiesceStable: 10 * time.Millisecond, QuiescePoll: 2 * time.Millisecond},
		Deps{ReadOnly: r.ro, DB: r.db, Repointer: r.rp, Smoker: smokeFunc(func() error { return errors.New("500") })})
	_, err := Run(context.Background(), r.rb, r.opts())
	var se *StopError
	if !errors.As(err, &se) {
		t.Fatalf("err %v", err)
	}
	b, err := json.Marshal(se)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	json.Unmarshal(b, &got)
	if got["step"] != StepSmoke || got["error"] != se.Err.Error() || got["readonly"] != true || got["repointed"] != true ||
		got["interrupted"] != false || got["site"] != se.Site || got["next"] != se.Next() || len(got) != 7 {
		t.Errorf("stopped JSON: %s", b)
	}
	if _, err := Run(context.Background(), r.rb, r.opts()); outcome.Of(err) != outcome.Usage {
		t.Errorf("a new run over a stopped one: %v is %v, want usage", err, outcome.Of(err))
	}
	if _, err := Abort(context.Background(), r.rb, r.opts()); err != nil {
		t.Fatal(err)
	}
	if _, err := Abort(context.Background(), r.rb, r.opts()); outcome.Of(err) != outcome.Usage {
		t.Errorf("second abort: %v is %v, want usage", err, outcome.Of(err))
	}
	if _, err := Run(context.Background(), r.rb, Options{State: r.state, Resume: true}); !errors.Is(err, ErrNothingToResume) || outcome.Of(err) != outcome.Usage {
		t.Errorf("resume after abort: %v is %v, want usage", err, outcome.Of(err))
	}
}
