package cutover

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// TestRecheckRecopiesWhenTheMarkMoved: MySQL takes a write while verify
// runs; recheck sees the mark moved, copies again, verifies again, and
// the run finishes (the repoint comes after).
func TestRecheckRecopiesWhenTheMarkMoved(t *testing.T) {
	r := newRig(t)
	r.db.bumpOnVerify = 1
	rep, err := Run(context.Background(), r.rb, r.opts())
	if err != nil {
		t.Fatal(err)
	}
	if r.db.recopies != 1 || r.db.verifies != 2 || r.rp.repoints != 1 {
		t.Fatalf("recopies %d verifies %d repoints %d", r.db.recopies, r.db.verifies, r.rp.repoints)
	}
	rc := rep.Step(StepRecheck)
	if !strings.Contains(rc.Detail, "1 time(s): copied again and verified again") || len(rc.Warnings) != 1 {
		t.Fatalf("recheck: %+v", rc)
	}
	if rep.Vars[VarWriteMark] != "end+" {
		t.Fatalf("recorded mark %q", rep.Vars[VarWriteMark])
	}
}

// TestRecheckStopsBeforeRepoint: the mark keeps moving: after
// Config.Recopies tries the run stops at recheck, the site read-only, no
// app host repointed, and the message says so.
func TestRecheckStopsBeforeRepoint(t *testing.T) {
	r := newRig(t)
	r.db.bumpOnVerify = 100
	_, err := Run(context.Background(), r.rb, r.opts())
	var se *StopError
	if !errors.As(err, &se) || se.Step != StepRecheck || !se.ReadOnly || se.Repointed {
		t.Fatalf("err %v", err)
	}
	if r.db.recopies != 3 || r.rp.repoints != 0 || !r.ro.on {
		t.Fatalf("recopies %d repoints %d ro %v", r.db.recopies, r.rp.repoints, r.ro.on)
	}
	for _, want := range []string{"still takes writes after 3 re-copies", "nothing was repointed", "SHOW PROCESSLIST",
		"READ-ONLY", "MySQL itself refuses writes", "MySQL is still the live database"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
	// The writer stopped: --resume rechecks (once more) and finishes.
	r.db.bumpOnVerify = 0
	o := r.opts()
	o.Resume = true
	if _, err := Run(context.Background(), r.rb, o); err != nil {
		t.Fatal(err)
	}
	if r.rp.repoints != 1 || r.ro.on {
		t.Fatalf("after resume: repoints %d ro %v", r.rp.repoints, r.ro.on)
	}
}

// TestFinalMarkBeforeReadonlyOff: a write lands in MySQL after the
// repoint: readonly-off refuses, the site stays read-only, the message
// says the app hosts point at PostgreSQL, and --abort (allowed: nothing
// was flipped) points them back.
func TestFinalMarkBeforeReadonlyOff(t *testing.T) {
	r := newRig(t)
	r.rb = Standard(Config{QuiesceStable: 10 * time.Millisecond, QuiescePoll: 2 * time.Millisecond},
		Deps{ReadOnly: r.ro, DB: r.db, Repointer: r.rp, Smoker: smokeFunc(func() error { r.db.mark += "!"; return nil })})
	_, err := Run(context.Background(), r.rb, r.opts())
	var se *StopError
	if !errors.As(err, &se) || se.Step != StepReadonlyOff || !se.ReadOnly || !se.Repointed {
		t.Fatalf("err %v", err)
	}
	if !r.ro.on || len(r.ro.flips) != 1 {
		t.Fatalf("read-only flips %v", r.ro.flips)
	}
	for _, want := range []string{"MySQL took a write after the copy was verified", "every app host points at PostgreSQL", "--abort"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
	if strings.Contains(err.Error(), "some HAProxy nodes may already take writes") {
		t.Errorf("says read-only off started: %v", err)
	}
	if _, err := Abort(context.Background(), r.rb, r.opts()); err != nil {
		t.Fatal(err)
	}
	if r.ro.on || r.rp.pointed != 0 || r.db.srcRO {
		t.Fatalf("after abort: ro %v pointed %d mysql read_only %v", r.ro.on, r.rp.pointed, r.db.srcRO)
	}
}

// TestMySQLReadOnlyRecordedAndRestored: the window sets MySQL's
// read_only; abort puts back what it was (OFF, or ON when it was ON).
func TestMySQLReadOnlyRecordedAndRestored(t *testing.T) {
	for _, was := range []bool{false, true} {
		r := newRig(t)
		r.db.srcRO = was
		r.db.failVerify = 1
		rep, err := Run(context.Background(), r.rb, r.opts())
		if err == nil {
			t.Fatal("want a stop")
		}
		if !r.db.srcRO || rep.Vars[VarMySQLReadOnlySet] != "1" {
			t.Fatalf("MySQL read_only during the window: %v %v", r.db.srcRO, rep.Vars)
		}
		st, _ := r.state.Load()
		want := "read_only=OFF"
		if was {
			want = "read_only=ON"
		}
		if st.Vars[VarMySQLReadOnlyBefore] != want {
			t.Fatalf("state records %q, want %q", st.Vars[VarMySQLReadOnlyBefore], want)
		}
		if _, err := Abort(context.Background(), r.rb, r.opts()); err != nil {
			t.Fatal(err)
		}
		if r.db.srcRO != was || r.db.srcLog[len(r.db.srcLog)-1] != "restore "+want {
			t.Fatalf("after abort: read_only %v, log %v", r.db.srcRO, r.db.srcLog)
		}
	}
	// A resumed run whose read_only was turned off meanwhile sets it
	// again, keeping the first record.
	r := newRig(t)
	r.db.failVerify = 1
	Run(context.Background(), r.rb, r.opts())
	r.db.srcRO = false
	o := r.opts()
	o.Resume = true
	rep, err := Run(context.Background(), r.rb, o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Vars[VarMySQLReadOnlyBefore] != "read_only=OFF" || rep.Step(StepMySQLRO).Attempts != 1 || strings.Count(strings.Join(r.db.srcLog, ","), "lock") != 2 {
		t.Fatalf("resume: %v %+v %v", rep.Vars, rep.Step(StepMySQLRO), r.db.srcLog)
	}
}

// TestMySQLReadOnlyDenied: an account that may not set read_only: the
// step warns and the run goes on (preflight asked for --yes).
func TestMySQLReadOnlyDenied(t *testing.T) {
	r := newRig(t)
	r.db.srcDenied = true
	rep, err := Run(context.Background(), r.rb, r.opts())
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Step(StepMySQLRO)
	if s.Status != StatusDone || !strings.Contains(s.Detail, "not set") || len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "quiesce.stable") {
		t.Fatalf("step: %+v", s)
	}
}

// TestStopMessageAfterEveryStep: interrupted right after each step, the
// message says exactly where the site is.
func TestStopMessageAfterEveryStep(t *testing.T) {
	const (
		nothing = "nothing was changed on the site (read-only mode was not entered)"
		ro      = "the site is still READ-ONLY (HAProxy refuses writes); MySQL is still the live database: no app host points at PostgreSQL"
		roMy    = "the site is still READ-ONLY (HAProxy refuses writes), MySQL itself refuses writes (read_only=ON); MySQL is still the live database: no app host points at PostgreSQL"
		onPG    = "the site is still READ-ONLY (HAProxy refuses writes), MySQL itself refuses writes (read_only=ON); every app host points at PostgreSQL (the repoint ran)"
	)
	want := map[string]string{
		StepPreflight: nothing, StepReadonlyOn: ro, StepMySQLRO: roMy, StepQuiesce: roMy, StepCopy: roMy,
		StepVerify: roMy, StepRecheck: roMy, StepRepoint: onPG, StepSmoke: onPG,
	}
	names := []string{StepPreflight, StepReadonlyOn, StepMySQLRO, StepQuiesce, StepCopy, StepVerify, StepRecheck, StepRepoint, StepSmoke}
	for i, after := range names {
		r := newRig(t)
		stop, cancel := context.WithCancel(context.Background())
		o := r.opts()
		o.Stop = stop
		o.OnEvent = func(e Event) {
			if e.Step == after && e.Is(EvDone) {
				cancel()
			}
		}
		_, err := Run(context.Background(), r.rb, o)
		cancel()
		var se *StopError
		if !errors.As(err, &se) || !se.Interrupted() {
			t.Fatalf("after %s: %v", after, err)
		}
		next := StepReadonlyOff
		if i+1 < len(names) {
			next = names[i+1]
		}
		if se.Step != next || !strings.Contains(err.Error(), want[after]) {
			t.Errorf("interrupted after %s: got %q\nwant it to contain %q", after, err, want[after])
		}
		if after == StepRepoint || after == StepSmoke {
			if strings.Contains(err.Error(), "MySQL is still the live database") || !se.Repointed {
				t.Errorf("after %s: %v", after, err)
			}
		}
	}
}

// TestMaskHidesSecrets: a secret (a ${VAR} value) in the plan, a step's
// detail and error never shows in events, the stop error or the state file.
func TestMaskHidesSecrets(t *testing.T) {
	const secret = "hunter2-pw"
	r := newRig(t)
	rp := &secretRP{fakeRP: r.rp, secret: secret}
	r.rb = Standard(Config{QuiesceStable: 10 * time.Millisecond, QuiescePoll: 2 * time.Millisecond, RepointDesc: "sed DB=postgres://app:" + secret + "@pg1/shop"},
		Deps{ReadOnly: r.ro, DB: r.db, Repointer: rp, Smoker: smokeFunc(func() error { return errors.New("smoke saw " + secret) })})
	r.rb.Mask = func(s string) string { return strings.ReplaceAll(s, secret, "${PG_PW}") }
	var all []string
	for _, s := range r.rb.Plan(false) {
		all = append(all, s.Detail)
	}
	o := r.opts()
	o.OnEvent = func(e Event) {
		all = append(all, e.Detail)
		if e.Err != nil {
			all = append(all, e.Err.Error())
		}
	}
	_, err := Run(context.Background(), r.rb, o)
	if err == nil {
		t.Fatal("want a stop at smoke")
	}
	all = append(all, err.Error())
	b, _ := os.ReadFile(r.state.Path)
	all = append(all, string(b))
	got := strings.Join(all, "\n")
	if strings.Contains(got, secret) {
		t.Fatalf("the secret shows:\n%s", got)
	}
	if !strings.Contains(got, "postgres://app:${PG_PW}@pg1") || !strings.Contains(string(b), "smoke saw ${PG_PW}") {
		t.Fatalf("masked forms missing:\n%s", got)
	}
}

type secretRP struct {
	*fakeRP
	secret string
}

func (s *secretRP) Repoint(ctx context.Context) (string, error) {
	s.fakeRP.Repoint(ctx)
	return "ran DB=postgres://app:" + s.secret + "@pg1/shop on 2 hosts", nil
}
