package cutover

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsctl/opsctl/readonly"
)

type fakeRO struct {
	mu     sync.Mutex
	on     bool
	flips  []readonly.Mode
	failOn bool // entering flips, then fails (a node down, partial-ok)
}

func (f *fakeRO) Set(ctx context.Context, m readonly.Mode, o readonly.Options) (*readonly.Report, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.on = m == readonly.On
	f.flips = append(f.flips, m)
	if m == readonly.On && f.failOn {
		return &readonly.Report{Target: m, Verdict: readonly.VerdictMixed}, errors.New("cache2: connection refused")
	}
	return &readonly.Report{Target: m, Verdict: f.verdict()}, nil
}

func (f *fakeRO) verdict() readonly.Verdict {
	if f.on {
		return readonly.VerdictOn
	}
	return readonly.VerdictOff
}

func (f *fakeRO) Status(ctx context.Context) *readonly.Report {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &readonly.Report{Verdict: f.verdict()}
}

type fakeDB struct {
	accept     []string
	failVerify int // verify fails this many times
	marks      []string
	copies     []bool // resume flag of each copy
	copied     bool
	recopies   int
	verifies   int
	srcRO      bool // MySQL's read_only
	srcDenied  bool // the account may not set it
	srcLog     []string
	mark       string // the mark once marks is used up (default "end")
	// bumpOnVerify: this many verifies see MySQL take a write (the mark
	// moves) while they run.
	bumpOnVerify int
}

func (f *fakeDB) Recopy(ctx context.Context, rc *RunContext) (string, error) {
	f.recopies++
	return "3 tables again", nil
}
func (f *fakeDB) SourceReadOnly(ctx context.Context) (string, bool, error) {
	if f.srcRO {
		return "read_only=ON", true, nil
	}
	return "read_only=OFF", false, nil
}
func (f *fakeDB) LockSource(ctx context.Context) (string, error) {
	if f.srcDenied {
		return "", fmt.Errorf("%w: Access denied; you need SUPER", ErrSourceLockDenied)
	}
	f.srcRO = true
	f.srcLog = append(f.srcLog, "lock")
	return "read_only=ON", nil
}
func (f *fakeDB) RestoreSource(ctx context.Context, setting string) (string, error) {
	f.srcRO = setting == "read_only=ON"
	f.srcLog = append(f.srcLog, "restore "+setting)
	return "MySQL " + setting, nil
}

func (f *fakeDB) Preflight(ctx context.Context) (*Preflight, error) {
	return &Preflight{Facts: []string{"mysql 10.11"}, Accept: f.accept}, nil
}
func (f *fakeDB) ProveSchema(ctx context.Context) (string, error) { return "ok", nil }
func (f *fakeDB) WriteMark(ctx context.Context, method string) (string, string, error) {
	if len(f.marks) == 0 {
		if f.mark == "" {
			f.mark = "end"
		}
		return f.mark, "checksum", nil
	}
	m := f.marks[0]
	f.marks = f.marks[1:]
	return m, "checksum", nil
}
func (f *fakeDB) Copy(ctx context.Context, rc *RunContext) (string, error) {
	f.copies = append(f.copies, rc.Retry)
	f.copied = true
	return "3 tables", nil
}
func (f *fakeDB) Copied(ctx context.Context) (bool, string, error) { return f.copied, "", nil }
func (f *fakeDB) Verify(ctx context.Context, rc *RunContext) (string, error) {
	f.verifies++
	if f.bumpOnVerify > 0 {
		f.bumpOnVerify--
		f.mark += "+"
	}
	if f.failVerify > 0 {
		f.failVerify--
		return "", errors.New("orders: 1 difference")
	}
	return "equal", nil
}

type fakeRP struct{ pointed, repoints, undos int }

func (f *fakeRP) Reachable(ctx context.Context) (string, error) { return "2 hosts", nil }
func (f *fakeRP) Repoint(ctx context.Context) (string, error) {
	f.pointed, f.repoints = 1, f.repoints+1
	return "2 hosts", nil
}
func (f *fakeRP) Repointed(ctx context.Context) (bool, string, error) {
	return f.pointed == 1, "", nil
}
func (f *fakeRP) Unrepoint(ctx context.Context) (string, error) {
	f.pointed, f.undos = 0, f.undos+1
	return "2 hosts", nil
}

type rig struct {
	ro    *fakeRO
	db    *fakeDB
	rp    *fakeRP
	rb    *Runbook
	state *State
	evs   []Event
}

func newRig(t *testing.T) *rig {
	r := &rig{ro: &fakeRO{}, db: &fakeDB{}, rp: &fakeRP{}, state: &State{Path: filepath.Join(t.TempDir(), "st.json")}}
	r.rb = Standard(Config{QuiesceStable: 30 * time.Millisecond, QuiesceTimeout: time.Second, QuiescePoll: 5 * time.Millisecond},
		Deps{ReadOnly: r.ro, DB: r.db, Repointer: r.rp})
	return r
}

func (r *rig) opts() Options {
	return Options{State: r.state, OnEvent: func(e Event) { r.evs = append(r.evs, e) }}
}

func TestFullRun(t *testing.T) {
	r := newRig(t)
	r.db.marks = []string{"a", "b", "b"}
	rep, err := Run(context.Background(), r.rb, r.opts())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Outcome != OutcomeDone || rep.ReadOnly || r.ro.on || r.rp.pointed != 1 {
		t.Fatalf("outcome %s readonly %v on %v pointed %d", rep.Outcome, rep.ReadOnly, r.ro.on, r.rp.pointed)
	}
	if w := rep.Window(time.Now()); w <= 0 || rep.ReadOnlyUntil.IsZero() {
		t.Fatalf("window %s", w)
	}
	for _, s := range rep.Steps {
		if s.Status != StatusDone {
			t.Errorf("%s: %s", s.Name, s.Status)
		}
	}
	if !rep.Step(StepCopy).InWindow || rep.Step(StepPreflight).InWindow {
		t.Error("in-window flags wrong")
	}
	// A new run after a finished one is allowed.
	if _, err := Run(context.Background(), r.rb, r.opts()); err != nil {
		t.Fatal(err)
	}
}

func TestPreflightNeedsAccept(t *testing.T) {
	r := newRig(t)
	r.db.accept = []string{"table log has no primary key"}
	_, err := Run(context.Background(), r.rb, r.opts())
	var se *StopError
	if !errors.As(err, &se) || se.ReadOnly || se.Step != StepPreflight || !strings.Contains(err.Error(), "--accept") {
		t.Fatalf("err %v", err)
	}
	if len(r.ro.flips) != 0 {
		t.Fatal("read-only flipped")
	}
	// A failure before read-only leaves nothing to resume or abort: a new
	// run starts over.
	r.rb = Standard(Config{Yes: true, QuiesceStable: 10 * time.Millisecond, QuiescePoll: 2 * time.Millisecond}, Deps{ReadOnly: r.ro, DB: r.db, Repointer: r.rp})
	if _, err := Run(context.Background(), r.rb, r.opts()); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyFailsThenResume(t *testing.T) {
	r := newRig(t)
	r.db.failVerify = 1
	rep, err := Run(context.Background(), r.rb, r.opts())
	var se *StopError
	if !errors.As(err, &se) || !se.ReadOnly || se.Step != StepVerify || !se.Partial() {
		t.Fatalf("err %v", err)
	}
	if !r.ro.on || r.rp.repoints != 0 || rep.Outcome != OutcomeStopped {
		t.Fatalf("on %v repoints %d outcome %s", r.ro.on, r.rp.repoints, rep.Outcome)
	}
	// A plain run refuses: resume or abort.
	if _, err := Run(context.Background(), r.rb, r.opts()); !errors.As(err, new(*ActiveError)) {
		t.Fatalf("want ActiveError, got %v", err)
	}
	o := r.opts()
	o.Resume = true
	rep, err = Run(context.Background(), r.rb, o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Outcome != OutcomeDone || r.ro.on || len(r.db.copies) != 1 || rep.Step(StepVerify).Attempts != 2 {
		t.Fatalf("outcome %s on %v copies %v attempts %d", rep.Outcome, r.ro.on, r.db.copies, rep.Step(StepVerify).Attempts)
	}
	if rep.Window(time.Now()) <= 0 {
		t.Fatal("no window")
	}
}

func TestResumeRechecksReadonly(t *testing.T) {
	r := newRig(t)
	r.db.failVerify = 1
	if _, err := Run(context.Background(), r.rb, r.opts()); err == nil {
		t.Fatal("want failure")
	}
	r.ro.on = false // someone turned read-only off by hand
	o := r.opts()
	o.Resume = true
	if _, err := Run(context.Background(), r.rb, o); err != nil {
		t.Fatal(err)
	}
	// readonly-on ran again and the copy started from scratch.
	if len(r.db.copies) != 2 || r.db.copies[1] {
		t.Fatalf("copies %v", r.db.copies)
	}
	if r.ro.flips[1] != readonly.On {
		t.Fatalf("flips %v", r.ro.flips)
	}
}

func TestAbortAfterSmokeFailure(t *testing.T) {
	r := newRig(t)
	r.rb = Standard(Config{QuiesceStable: 10 * time.Millisecond, QuiescePoll: 2 * time.Millisecond},
		Deps{ReadOnly: r.ro, DB: r.db, Repointer: r.rp, Smoker: smokeFunc(func() error { return errors.New("500") })})
	_, err := Run(context.Background(), r.rb, r.opts())
	var se *StopError
	if !errors.As(err, &se) || se.Step != StepSmoke || !se.Repointed {
		t.Fatalf("err %v", err)
	}
	rep, err := Abort(context.Background(), r.rb, r.opts())
	if err != nil {
		t.Fatal(err)
	}
	if r.ro.on || r.rp.pointed != 0 || r.rp.undos != 1 || rep.Outcome != OutcomeAborted || rep.ReadOnly {
		t.Fatalf("on %v pointed %d undos %d outcome %s", r.ro.on, r.rp.pointed, r.rp.undos, rep.Outcome)
	}
	if _, err := Abort(context.Background(), r.rb, r.opts()); err == nil {
		t.Fatal("second abort: want an error")
	}
	if _, err := Run(context.Background(), r.rb, Options{State: r.state, Resume: true}); !errors.Is(err, ErrNothingToResume) {
		t.Fatalf("resume after abort: %v", err)
	}
}

type smokeFunc func() error

func (f smokeFunc) Smoke(ctx context.Context) (string, error) { return "", f() }

func TestRehearseSkipsTheSite(t *testing.T) {
	r := newRig(t)
	r.db.failVerify = 1
	o := r.opts()
	o.Rehearse = true
	rep, err := Run(context.Background(), r.rb, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.ro.flips) != 0 || r.rp.repoints != 0 || rep.Outcome != OutcomeRehearsed {
		t.Fatalf("flips %v repoints %d outcome %s", r.ro.flips, r.rp.repoints, rep.Outcome)
	}
	if v := rep.Step(StepVerify); v.Status != StatusDone || len(v.Warnings) == 0 {
		t.Fatalf("verify %+v", v)
	}
	if st, _ := r.state.Load(); st != nil {
		t.Fatal("a rehearsal wrote the state file")
	}
}

func TestStopAtStepBoundary(t *testing.T) {
	r := newRig(t)
	stop, cancel := context.WithCancel(context.Background())
	o := r.opts()
	o.Stop = stop
	o.BeforeStep = func(ctx context.Context, step string) error {
		if step == StepQuiesce {
			cancel() // Ctrl-C while readonly-on... lands before quiesce's action
		}
		return nil
	}
	_, err := Run(context.Background(), r.rb, o)
	var se *StopError
	if !errors.As(err, &se) || !se.ReadOnly || !se.Interrupted {
		t.Fatalf("err %v", err)
	}
	if se.Step != StepQuiesce {
		t.Fatalf("stopped at %s", se.Step)
	}
	o = r.opts()
	o.Resume = true
	if _, err := Run(context.Background(), r.rb, o); err != nil {
		t.Fatal(err)
	}
}

// TestNoCLIDeps: the library never imports cobra or progressbar.
func TestNoCLIDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, bad := range []string{"github.com/spf13/cobra", "github.com/schollz/progressbar"} {
		if strings.Contains(string(out), bad) {
			t.Errorf("cutover depends on %s", bad)
		}
	}
}

func TestReadonlyOnFailureLeavesNothing(t *testing.T) {
	r := newRig(t)
	r.ro.failOn = true
	rep, err := Run(context.Background(), r.rb, r.opts())
	var se *StopError
	if !errors.As(err, &se) || se.ReadOnly || se.Step != StepReadonlyOn || se.Partial() {
		t.Fatalf("err %v", err)
	}
	if r.ro.on || rep.ReadOnly || !rep.ReadOnlySince.IsZero() || rep.Outcome != OutcomeFailed {
		t.Fatalf("on %v rep %+v", r.ro.on, rep)
	}
	if !strings.Contains(err.Error(), "turned off again") {
		t.Fatal(err)
	}
	// Nothing to resume: a new run is allowed.
	r.ro.failOn = false
	if _, err := Run(context.Background(), r.rb, r.opts()); err != nil {
		t.Fatal(err)
	}
}

func TestRehearsalRefusedWhileStopped(t *testing.T) {
	r := newRig(t)
	r.db.failVerify = 1
	if _, err := Run(context.Background(), r.rb, r.opts()); err == nil {
		t.Fatal("want a failure")
	}
	o := r.opts()
	o.Rehearse = true
	if _, err := Run(context.Background(), r.rb, o); !errors.As(err, new(*ActiveError)) {
		t.Fatalf("rehearsal while stopped: %v", err)
	}
}

func TestOneRunAtATime(t *testing.T) {
	r := newRig(t)
	unlock, err := r.state.Lock()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), r.rb, r.opts()); err == nil || !strings.Contains(err.Error(), "another opsctl migrate cutover is running") {
		t.Fatalf("second run: %v", err)
	}
	if _, err := Abort(context.Background(), r.rb, r.opts()); err == nil || !strings.Contains(err.Error(), "pid ") {
		t.Fatalf("abort while running: %v", err)
	}
	unlock()
	if _, err := Run(context.Background(), r.rb, r.opts()); err != nil {
		t.Fatal(err)
	}
}

func TestCrashedRunIsReported(t *testing.T) {
	r := newRig(t)
	// A process that died during copy left "running" behind.
	rep := &Report{Started: time.Now(), Outcome: OutcomeRunning, ReadOnly: true, Steps: r.rb.Plan(false)}
	for i := range rep.Steps[:4] {
		rep.Steps[i].Status, rep.Steps[i].Ran, rep.Steps[i].Attempts = StatusDone, true, 1
	}
	rep.Steps[4].Status, rep.Steps[4].Ran, rep.Steps[4].Attempts = StatusRunning, true, 1
	rep.Vars = map[string]string{VarWriteMark: "end", VarWriteMarkMethod: "checksum"}
	r.ro.on = true
	if err := r.state.Save(rep); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), r.rb, r.opts())
	if err == nil || !strings.Contains(err.Error(), "died during step copy") {
		t.Fatalf("%v", err)
	}
	o := r.opts()
	o.Resume = true
	if _, err := Run(context.Background(), r.rb, o); err != nil {
		t.Fatal(err)
	}
	if len(r.db.copies) != 1 || !r.db.copies[0] {
		t.Fatalf("the copy should continue (retry): %v", r.db.copies)
	}
}

type fakePrecopyDB struct {
	fakeDB
	calls []string
}

func (f *fakePrecopyDB) Precopy(ctx context.Context, rc *RunContext) (string, error) {
	f.calls = append(f.calls, "precopy")
	return "3 tables", nil
}
func (f *fakePrecopyDB) CopyChanged(ctx context.Context, rc *RunContext) (string, error) {
	f.calls = append(f.calls, "changed")
	f.copied = true
	return "2 unchanged, 1 re-copied", nil
}

// TestPrecopyRunbook: with Config.Precopy the precopy step comes before
// read-only mode (also in a rehearsal), and the window's copy is
// CopyChanged, not Copy.
func TestPrecopyRunbook(t *testing.T) {
	db := &fakePrecopyDB{}
	ro := &fakeRO{}
	rb := Standard(Config{Precopy: true, QuiesceStable: 10 * time.Millisecond, QuiescePoll: 5 * time.Millisecond}, Deps{ReadOnly: ro, DB: db})
	var names []string
	for _, s := range rb.Plan(false) {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, " "); got != "preflight precopy readonly-on mysql-readonly quiesce copy verify recheck repoint smoke readonly-off" {
		t.Fatalf("steps: %s", got)
	}
	if p := rb.Steps[5].Plan; !strings.Contains(p, "only the tables that changed since the precopy") {
		t.Errorf("copy plan: %s", p)
	}
	rep, err := Run(context.Background(), rb, Options{State: &State{Path: filepath.Join(t.TempDir(), "st.json")}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Step(StepPrecopy).InWindow || !rep.Step(StepCopy).InWindow || len(db.copies) != 0 || strings.Join(db.calls, ",") != "precopy,changed" {
		t.Fatalf("precopy in window %v, copies %v, calls %v", rep.Step(StepPrecopy).InWindow, db.copies, db.calls)
	}
	if rep.Step(StepCopy).Detail != "2 unchanged, 1 re-copied" {
		t.Errorf("copy detail: %q", rep.Step(StepCopy).Detail)
	}
	// A rehearsal runs the precopy too (it is outside the window).
	db.calls = nil
	if _, err := Run(context.Background(), rb, Options{Rehearse: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(db.calls, ",") != "precopy,changed" {
		t.Errorf("rehearsal calls: %v", db.calls)
	}
	// A database side that cannot precopy fails the step, before the window.
	rb = Standard(Config{Precopy: true}, Deps{ReadOnly: &fakeRO{}, DB: &fakeDB{}})
	_, err = Run(context.Background(), rb, Options{})
	var se *StopError
	if !errors.As(err, &se) || se.Step != StepPrecopy || se.ReadOnly {
		t.Fatalf("no precopier: %v", err)
	}
}
