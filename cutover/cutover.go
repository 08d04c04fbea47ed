// Package cutover runs migration day as one runbook: a list of steps, each
// with a name, an action, a check (is its effect still in place?) and an
// undo. The standard runbook (Standard) is preflight, schema, precopy,
// readonly-on, quiesce, copy, verify, repoint, smoke, readonly-off (schema
// and precopy optional); the actions come from
// the caller through small interfaces (ReadOnly, Database, Repointer,
// Smoker), so the runner is tested with fakes and driven for real by
// cmd/opsctl.
//
// Progress is persisted after every step boundary (State, a JSON file), so
// a run that stopped — a failed step, Ctrl-C, a crash — can be resumed
// from the step that did not finish (Run with Resume) or aborted (Abort:
// the undo of every step that changed the site, newest first: the repoint
// is undone, read-only mode is turned off, MySQL stays the live database).
// A resumed run does not trust the file blindly: every finished step's
// Check is run again against the real systems, and the run restarts from
// the first step whose effect is gone (e.g. someone turned read-only mode
// off: readonly-on, quiesce, copy and verify run again).
//
// The library prints nothing: it reports through Options.OnEvent and
// returns a Report (the timeline).
package cutover

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/outcome"
)

// Step is one runbook step.
type Step struct {
	Name string
	// Plan says what the step will do (dry run and the live display).
	Plan string
	// Run does the step. The detail is one line for the timeline;
	// warnings are shown but do not fail the step.
	Run func(ctx context.Context, rc *RunContext) (detail string, err error)
	// Check reports whether the effect of a finished step is still in
	// place (resume). Nil: assumed in place.
	Check func(ctx context.Context) (ok bool, detail string, err error)
	// Undo reverts the step (abort). Nil: nothing to undo.
	Undo func(ctx context.Context) (detail string, err error)
	// EntersReadOnly / LeavesReadOnly mark the steps that bound the window.
	EntersReadOnly, LeavesReadOnly bool
	// Repoints marks the step that points the app at PostgreSQL (the
	// stop message says where the app hosts point once it ran).
	Repoints bool
	// LocksSource marks the step that makes MySQL itself refuse writes
	// (read_only).
	LocksSource bool
	// Rehearse: what --rehearse does with the step.
	Rehearse RehearseMode
}

// RehearseMode is what a rehearsal does with a step.
type RehearseMode int

const (
	RehearseRun  RehearseMode = iota // run it for real
	RehearseSkip                     // skip it (it would change the live site)
	RehearseSoft                     // run it; a failure is a warning (a live site keeps changing)
)

// RunContext is what a step's Run gets.
type RunContext struct {
	// Stop is done after the first Ctrl-C: finish quickly, start nothing
	// new (the step's ctx is cancelled only by the second).
	Stop context.Context
	// Retry: this step already ran in an earlier attempt of this cutover
	// and did not finish (resume continues it; e.g. copy skips the tables
	// it finished).
	Retry bool
	// Rehearse: a rehearsal (nothing on the live site changes).
	Rehearse bool
	// Warn reports a warning for the step.
	Warn func(format string, args ...any)
	// Progress reports a detail line while the step runs.
	Progress func(format string, args ...any)
	// Set records a value in the cutover's state (persisted at once: it
	// survives a crash, and a resume or abort reads it back with
	// Runbook.Var). Values are not secret.
	Set func(key, value string) error
}

// Runbook is an ordered list of steps.
type Runbook struct {
	Steps []Step
	// Mask hides secrets (values that came from ${VAR} in the inventory)
	// in everything the runbook shows or stores: the plan, events, step
	// details and errors, the state file. Nil: nothing is masked.
	Mask func(string) string
	// vars are the run's recorded values (Report.Vars), set by Run and
	// Abort before any step runs.
	vars map[string]string
}

// Var returns a value a step recorded with RunContext.Set in this
// cutover (empty when none).
func (rb *Runbook) Var(key string) string { return rb.vars[key] }

func (rb *Runbook) mask(s string) string {
	if rb.Mask == nil {
		return s
	}
	return rb.Mask(s)
}

// maskErr: err with its text masked; errors.Is/As still see the original.
func (rb *Runbook) maskErr(err error) error {
	if err == nil || rb.Mask == nil {
		return err
	}
	m := rb.Mask(err.Error())
	if m == err.Error() {
		return err
	}
	return &maskedError{msg: m, err: err}
}

type maskedError struct {
	msg string
	err error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.err }

// Event is progress: a step started, finished, failed, was skipped, or
// said something. Name is "cutover.<verb>" (an Ev* verb), Time when it
// happened, Took how long the step (or its undo) took.
type Event struct {
	event.Event
	Step     string `json:"step"`
	Detail   string `json:"detail,omitempty"`
	ReadOnly bool   `json:"readonly"` // the site is in read-only mode (as far as the run knows)
}

// Event verbs.
const (
	EvStart      = "start"
	EvDone       = "done"
	EvFailed     = "failed"
	EvSkipped    = "skipped"
	EvWarning    = "warning"
	EvProgress   = "progress"
	EvCheck      = "check" // resume re-checks a finished step
	EvUndo       = "undo"  // abort undoes the step
	EvUndone     = "undone"
	EvUndoFailed = "undo_failed"
)

// Step statuses in the report and the state file.
const (
	StatusPending = "pending"
	StatusRunning = "running" // in the state file: the process died mid-step
	StatusDone    = "done"
	StatusFailed  = "failed"
	StatusSkipped = "skipped"
	StatusUndone  = "undone"
)

// Outcomes of a run.
const (
	OutcomeDone      = "done"         // every step done; the site is on PostgreSQL
	OutcomeRehearsed = "rehearsed"    // a rehearsal finished
	OutcomeFailed    = "failed"       // stopped before read-only mode: nothing changed
	OutcomeStopped   = "stopped"      // stopped with the site read-only: resume or abort
	OutcomeAborted   = "aborted"      // abort ran: read-only off, MySQL live
	OutcomeAbortFail = "abort_failed" // abort could not undo everything
	OutcomeDryRun    = "dry_run"      // the plan only
	OutcomeRunning   = "running"      // in the state file while a run is under way
	outcomeNone      = ""             //
)

// StepResult is one step in the timeline.
type StepResult struct {
	Name     string        `json:"name"`
	Status   string        `json:"status"`
	Start    time.Time     `json:"start,omitempty"`
	Took     time.Duration `json:"took_ns"`
	Detail   string        `json:"detail,omitempty"`
	Error    string        `json:"error,omitempty"`
	Warnings []string      `json:"warnings,omitempty"`
	Attempts int           `json:"attempts"`
	// Ran: the step was started at least once in this cutover (never
	// reset by a resume; abort undoes what ran).
	Ran bool `json:"ran,omitempty"`
	// InWindow: the step ran while the site was read-only.
	InWindow bool `json:"in_window"`
}

// Report is the timeline of a run (and, persisted, the state).
type Report struct {
	ID       string       `json:"id"`
	Rehearse bool         `json:"rehearse"`
	Started  time.Time    `json:"started"`
	Ended    time.Time    `json:"ended,omitempty"`
	Outcome  string       `json:"outcome"`
	Steps    []StepResult `json:"steps"`
	// FailedStep is the step the run stopped at (empty when done).
	FailedStep string `json:"failed_step,omitempty"`
	// ReadOnlySince / ReadOnlyUntil bound the read-only window (zero when
	// read-only mode was never entered / not yet left).
	ReadOnlySince time.Time `json:"readonly_since,omitempty"`
	ReadOnlyUntil time.Time `json:"readonly_until,omitempty"`
	// ReadOnly: the site is read-only at the end of this run.
	ReadOnly bool `json:"readonly"`
	// Fingerprint identifies the configuration (from, to, tables): resume
	// refuses a state written for another one.
	Fingerprint string `json:"fingerprint"`
	// Vars are values steps recorded (RunContext.Set): MySQL's write mark
	// after quiesce, MySQL's read_only setting before the window.
	Vars map[string]string `json:"vars,omitempty"`
}

// Window is the time the site spent read-only (up to now when it still is).
func (r *Report) Window(now time.Time) time.Duration {
	if r.ReadOnlySince.IsZero() {
		return 0
	}
	end := r.ReadOnlyUntil
	if end.IsZero() {
		end = now
	}
	return end.Sub(r.ReadOnlySince)
}

// Total is the wall time of the whole cutover (across resumes).
func (r *Report) Total() time.Duration {
	if r.Ended.IsZero() {
		return time.Since(r.Started)
	}
	return r.Ended.Sub(r.Started)
}

// EstimatedWindow (rehearsal) sums the durations of the steps that would
// run inside the read-only window; floor is added for the steps a
// rehearsal skips (quiesce's stable time).
func (r *Report) EstimatedWindow(rb *Runbook, floor time.Duration) time.Duration {
	in := false
	var d time.Duration
	for i, s := range rb.Steps {
		if s.EntersReadOnly {
			in = true
		}
		if in && i < len(r.Steps) {
			d += r.Steps[i].Took
		}
		if s.LeavesReadOnly {
			in = false
		}
	}
	return d + floor
}

// Step returns the result of the named step.
func (r *Report) Step(name string) *StepResult {
	for i := range r.Steps {
		if r.Steps[i].Name == name {
			return &r.Steps[i]
		}
	}
	return nil
}

// StopError is returned when a run stopped: at a failed step, or
// interrupted. It carries its class (outcome.Of): Interrupted() when the
// soft or hard stop ended it, else Partial() when the site was left
// read-only (resume or abort is needed: exit 3), else failed with nothing
// changed on the site (exit 1). A runbook stops at one step, so it has no
// per-item Parts: Site says where the site is.
//
// Its JSON (MarshalJSON) is the cutover.stopped line's fields.
type StopError struct {
	Step        string `json:"step"`
	Err         error  `json:"-"` // its message as "error"
	ReadOnly    bool   `json:"readonly"`
	interrupted bool
	Repointed   bool `json:"repointed"` // the repoint ran (fully or partly): abort runs its undo
	// Site says exactly where the site is left: read-only or not, where
	// the app hosts point, whether MySQL itself refuses writes.
	Site string `json:"site"`
}

// MarshalJSON adds error (the step's), interrupted and next (Next) to
// the tagged fields.
func (e *StopError) MarshalJSON() ([]byte, error) {
	type plain StopError
	return json.Marshal(struct {
		*plain
		Error       string `json:"error"`
		Interrupted bool   `json:"interrupted"`
		Next        string `json:"next"`
	}{(*plain)(e), e.Err.Error(), e.interrupted, e.Next()})
}

func (e *StopError) Error() string {
	what := "failed"
	if e.interrupted {
		what = "interrupted"
	}
	site := e.Site
	if site == "" {
		site = "nothing was changed on the site (read-only mode was not entered)"
		if e.ReadOnly {
			site = "the site is still READ-ONLY and MySQL is still the live database"
		}
	}
	return fmt.Sprintf("cutover %s at step %s: %v; %s", what, e.Step, e.Err, site)
}
func (e *StopError) Unwrap() error { return e.Err }

// siteState describes where a stopped run leaves the site, from the
// steps that ran: the words the stop message uses after every step.
func siteState(rb *Runbook, rep *Report) string {
	if !rep.ReadOnly {
		return "nothing was changed on the site (read-only mode was not entered)"
	}
	var parts []string
	parts = append(parts, "the site is still READ-ONLY (HAProxy refuses writes)")
	for i, s := range rb.Steps {
		st := rep.Steps[i]
		switch {
		case s.LeavesReadOnly && rb.leaving(st):
			parts[0] = "the site is still READ-ONLY as far as opsctl knows, but turning read-only mode off failed part-way: some HAProxy nodes may already take writes, and those go to PostgreSQL"
		case s.LocksSource && st.Ran && st.Status != StatusUndone && rb.Var(VarMySQLReadOnlySet) == "1":
			parts = append(parts, "MySQL itself refuses writes (read_only=ON)")
		}
	}
	where := "MySQL is still the live database: no app host points at PostgreSQL"
	for i, s := range rb.Steps {
		st := rep.Steps[i]
		if !s.Repoints || !st.Ran || st.Status == StatusUndone {
			continue
		}
		switch {
		case s.Undo == nil && st.Status == StatusDone:
			where = "no repoint is configured: the app hosts point wherever you pointed them by hand"
		case st.Status == StatusDone:
			where = "every app host points at PostgreSQL (the repoint ran), which holds the verified copy; MySQL holds the same data and took no write since the window opened"
		default:
			where = "the repoint ran part-way: some app hosts may point at PostgreSQL, others still at MySQL (neither takes writes from the site while it is read-only)"
		}
	}
	return strings.Join(parts, ", ") + "; " + where
}

// Partial: the site was left changed mid-way (read-only): the one
// meaning of Partial (outcome.Parts), the site being the one item.
func (e *StopError) Partial() bool { return e.ReadOnly }

// Interrupted: the soft stop (first Ctrl-C) or the hard one ended the run.
func (e *StopError) Interrupted() bool { return e.interrupted }

// Options tune a run.
type Options struct {
	Rehearse bool
	// Resume continues the run recorded in State.
	Resume bool
	// State persists progress (nil: nothing is persisted; rehearsals).
	State *State
	// Stop: the first Ctrl-C; the run stops at the next step boundary.
	Stop context.Context
	// OnEvent receives progress; it must be quick.
	OnEvent func(Event)
	// BeforeStep runs before each step's action (wrappers and tests: e.g.
	// a test that damages a PostgreSQL row before verify). An error fails
	// the step.
	BeforeStep func(ctx context.Context, step string) error
	// Force lets Abort undo a run whose read-only exit already ran.
	Force bool
	// Fingerprint identifies the configuration (see Report.Fingerprint).
	Fingerprint string
	Now         func() time.Time

	mask func(string) string // the runbook's Mask, applied by emit
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Options) emit(e Event) {
	if o.OnEvent != nil {
		e.Name = event.Named("cutover", e.Name)
		if e.Time.IsZero() {
			e.Time = o.now()
		}
		if o.mask != nil {
			rb := &Runbook{Mask: o.mask}
			e.Detail, e.Err = rb.mask(e.Detail), rb.maskErr(e.Err)
		}
		o.OnEvent(e)
	}
}

// Modes are what a cutover is asked to do: the plan only (DryRun; with
// Rehearse, the rehearsal's), a rehearsal, a resume, or an abort (Force:
// even after read-only mode was left).
type Modes struct{ DryRun, Rehearse, Resume, Abort, Force bool }

// Validate: one mode at most (a rehearsal's dry run aside), Force only
// with Abort. A refusal is an *outcome.OptionError.
func (m Modes) Validate() error {
	var set []string
	for i, on := range []bool{m.DryRun, m.Rehearse, m.Resume, m.Abort} {
		if on {
			set = append(set, []string{"dry-run", "rehearse", "resume", "abort"}[i])
		}
	}
	switch {
	case len(set) > 1 && !(m.DryRun && m.Rehearse && len(set) == 2):
		return outcome.BadOption(set[len(set)-1], "dry-run, rehearse, resume and abort exclude each other (except rehearse with dry-run)")
	case m.Force && !m.Abort:
		return outcome.BadOption("force", "goes with abort")
	}
	return nil
}

// ErrNothingToResume: --resume without a stopped run in the state file
// (a usage error: outcome.Of).
var ErrNothingToResume = outcome.MarkUsage(errors.New("no stopped cutover to resume"))

// ActiveError: a new run was asked for while the state file records a
// stopped one (resume or abort it first).
type ActiveError struct{ Report *Report }

// Usage: the run asked for is refused (exit 2); resume or abort first.
func (e *ActiveError) Usage() bool { return true }

func (e *ActiveError) Error() string {
	r := e.Report
	ro := ""
	if r.ReadOnly {
		ro = " with the site READ-ONLY"
	}
	at := "stopped at step " + r.FailedStep
	if r.FailedStep == "" {
		at = "did not finish (its process died)"
		for _, s := range r.Steps {
			if s.Status == StatusRunning {
				at = "did not finish (its process died during step " + s.Name + ")"
				break
			}
		}
	}
	return fmt.Sprintf("a cutover started %s %s%s: continue it with --resume or undo it with --abort",
		r.Started.Format(time.RFC3339), at, ro)
}

// Plan returns the steps as the dry run shows them.
func (rb *Runbook) Plan(rehearse bool) []StepResult {
	out := make([]StepResult, len(rb.Steps))
	for i, s := range rb.Steps {
		out[i] = StepResult{Name: s.Name, Status: StatusPending, Detail: rb.mask(s.Plan)}
		if rehearse && s.Rehearse == RehearseSkip {
			out[i].Status = StatusSkipped
		}
	}
	return out
}

// Run runs the runbook (or resumes it, with opts.Resume) and returns the
// timeline. The error is a *StopError when a step failed or the run was
// interrupted.
func Run(ctx context.Context, rb *Runbook, opts Options) (*Report, error) {
	if opts.Stop == nil {
		opts.Stop = context.Background()
	}
	opts.mask = rb.Mask
	if opts.State != nil {
		unlock, err := opts.State.Lock()
		if err != nil {
			return nil, err
		}
		defer unlock()
	}
	rep, start, err := begin(ctx, rb, &opts)
	if err != nil {
		return rep, err
	}
	return runFrom(ctx, rb, rep, start, &opts)
}

// begin loads or creates the report and finds the first step to run.
func begin(ctx context.Context, rb *Runbook, opts *Options) (*Report, int, error) {
	now := opts.now()
	var prev *Report
	if opts.State != nil {
		p, err := opts.State.Load()
		if err != nil {
			return nil, 0, err
		}
		prev = p
	}
	stopped := prev != nil && (prev.Outcome == OutcomeStopped || prev.Outcome == OutcomeRunning || prev.Outcome == OutcomeAbortFail)
	if opts.Rehearse && opts.Resume {
		return nil, 0, errors.New("a rehearsal cannot be resumed: run it again")
	}
	if !opts.Resume {
		if stopped {
			return prev, 0, &ActiveError{Report: prev}
		}
		rep := &Report{ID: now.UTC().Format("20060102T150405Z"), Rehearse: opts.Rehearse, Started: now,
			Outcome: OutcomeRunning, Fingerprint: opts.Fingerprint, Steps: rb.Plan(opts.Rehearse), Vars: map[string]string{}}
		rb.vars = rep.Vars
		return rep, 0, nil
	}
	if !stopped {
		return prev, 0, ErrNothingToResume
	}
	if prev.Fingerprint != "" && opts.Fingerprint != "" && prev.Fingerprint != opts.Fingerprint {
		return prev, 0, fmt.Errorf("the stopped cutover in %s was for another configuration (from/to/tables changed): resume with the same inventory, or --abort it", opts.State.Path)
	}
	if len(prev.Steps) != len(rb.Steps) {
		return prev, 0, fmt.Errorf("the stopped cutover in %s has %d steps, this runbook %d (schema_first or precopy changed?): resume with the same inventory, or --abort it", opts.State.Path, len(prev.Steps), len(rb.Steps))
	}
	for i := range rb.Steps {
		if prev.Steps[i].Name != rb.Steps[i].Name {
			return prev, 0, fmt.Errorf("the stopped cutover in %s has step %s where this runbook has %s", opts.State.Path, prev.Steps[i].Name, rb.Steps[i].Name)
		}
	}
	if prev.Vars == nil {
		prev.Vars = map[string]string{}
	}
	rb.vars = prev.Vars
	// Re-check, in order, the steps recorded as done: the first whose
	// effect is gone is where the run starts again.
	start := len(rb.Steps)
	for i, s := range rb.Steps {
		st := &prev.Steps[i]
		if st.Status != StatusDone && st.Status != StatusSkipped {
			start = i
			break
		}
		if s.Check == nil || st.Status == StatusSkipped {
			continue
		}
		ok, detail, err := s.Check(ctx)
		if err != nil {
			ok, detail = false, "could not check: "+err.Error()
		}
		opts.emit(Event{Event: event.Event{Name: EvCheck}, Step: s.Name, Detail: fmt.Sprintf("%s (%s)", okWord(ok), detail), ReadOnly: prev.ReadOnly})
		if !ok {
			start = i
			break
		}
	}
	// A step that ran in the earlier attempt and did not finish is a
	// retry; steps after a restarted earlier step start fresh.
	for i := start; i < len(rb.Steps); i++ {
		st := &prev.Steps[i]
		if i > start || st.Status == StatusDone {
			st.Attempts = 0 // start over: not a continuation
		}
		if st.Status != StatusPending {
			st.Status = StatusPending
		}
		st.Error = ""
	}
	if start < len(rb.Steps) && rb.Steps[start].EntersReadOnly {
		prev.ReadOnly = false
	}
	prev.Outcome, prev.FailedStep, prev.Ended = OutcomeRunning, "", time.Time{}
	return prev, start, nil
}

func okWord(ok bool) string {
	if ok {
		return "still in place"
	}
	return "GONE: running it again"
}

func runFrom(ctx context.Context, rb *Runbook, rep *Report, start int, opts *Options) (*Report, error) {
	save := func() error {
		if opts.State == nil || opts.Rehearse {
			return nil
		}
		return opts.State.Save(rep)
	}
	if err := save(); err != nil {
		return rep, err
	}
	stop := func(i int, err error, interrupted bool) (*Report, error) {
		rep.Outcome, rep.FailedStep, rep.Ended = OutcomeFailed, rb.Steps[i].Name, opts.now()
		if rep.ReadOnly {
			rep.Outcome = OutcomeStopped
		}
		se := &StopError{Step: rb.Steps[i].Name, Err: rb.maskErr(err), ReadOnly: rep.ReadOnly, interrupted: interrupted,
			Repointed: repointed(rb, rep), Site: siteState(rb, rep)}
		if serr := save(); serr != nil {
			return rep, errors.Join(se, fmt.Errorf("saving the state: %w", serr))
		}
		return rep, se
	}
	for i := start; i < len(rb.Steps); i++ {
		s := rb.Steps[i]
		st := &rep.Steps[i]
		if opts.Rehearse && s.Rehearse == RehearseSkip {
			st.Status, st.Detail = StatusSkipped, "skipped in a rehearsal: "+s.Plan
			opts.emit(Event{Event: event.Event{Name: EvSkipped}, Step: s.Name, Detail: "rehearsal: " + s.Plan})
			continue
		}
		if err := opts.Stop.Err(); err != nil {
			return stop(i, context.Canceled, true)
		}
		if err := ctx.Err(); err != nil {
			return stop(i, err, true)
		}
		retry := st.Attempts > 0
		st.Attempts++
		st.Ran = true
		st.Status, st.Start, st.Error, st.Warnings, st.Took = StatusRunning, opts.now(), "", nil, 0
		st.InWindow = rep.ReadOnly || s.EntersReadOnly
		if err := save(); err != nil {
			return rep, err
		}
		opts.emit(Event{Event: event.Event{Name: EvStart, Time: st.Start}, Step: s.Name, Detail: s.Plan, ReadOnly: rep.ReadOnly})
		rc := &RunContext{Stop: opts.Stop, Retry: retry, Rehearse: opts.Rehearse}
		rc.Set = func(key, value string) error {
			rep.Vars[key] = value
			return save()
		}
		rc.Warn = func(format string, args ...any) {
			w := rb.mask(fmt.Sprintf(format, args...))
			st.Warnings = append(st.Warnings, w)
			opts.emit(Event{Event: event.Event{Name: EvWarning}, Step: s.Name, Detail: w, ReadOnly: rep.ReadOnly})
		}
		rc.Progress = func(format string, args ...any) {
			opts.emit(Event{Event: event.Event{Name: EvProgress}, Step: s.Name, Detail: fmt.Sprintf(format, args...), ReadOnly: rep.ReadOnly})
		}
		var detail string
		var err error
		if opts.BeforeStep != nil {
			err = opts.BeforeStep(ctx, s.Name)
		}
		if err == nil {
			detail, err = s.Run(ctx, rc)
		}
		end := opts.now()
		st.Took, st.Detail = end.Sub(st.Start), rb.mask(detail)
		if s.EntersReadOnly && (err == nil || !opts.Rehearse) {
			// Entering may have flipped some nodes before failing: the
			// site counts as read-only from the step's start, so abort
			// runs its undo.
			if rep.ReadOnlySince.IsZero() || !rep.ReadOnly {
				rep.ReadOnlySince = st.Start
			}
			rep.ReadOnly, rep.ReadOnlyUntil = true, time.Time{}
		}
		if err != nil && opts.Rehearse && s.Rehearse == RehearseSoft && !errors.Is(err, context.Canceled) {
			rc.Warn("%v (rehearsal: the live site keeps changing, so this is expected to differ)", err)
			err = nil
		}
		if err != nil && s.EntersReadOnly && !opts.Rehearse && s.Undo != nil {
			// Entering failed (some nodes may have flipped): leave
			// read-only mode everywhere, so the run stops "before
			// read-only" with nothing changed.
			if _, uerr := s.Undo(ctx); uerr == nil {
				rep.ReadOnly, rep.ReadOnlySince, rep.ReadOnlyUntil = false, time.Time{}, time.Time{}
				st.InWindow = false
				err = fmt.Errorf("%w (read-only mode was turned off again on every node)", err)
			} else {
				err = fmt.Errorf("%w; turning read-only mode off again failed too: %v", err, uerr)
			}
		}
		if err != nil {
			err = rb.maskErr(err)
			st.Status, st.Error = StatusFailed, err.Error()
			opts.emit(Event{Event: event.Event{Name: EvFailed, Time: end, Took: st.Took, Err: err}, Step: s.Name, Detail: detail, ReadOnly: rep.ReadOnly})
			interrupted := errors.Is(err, context.Canceled) && (opts.Stop.Err() != nil || ctx.Err() != nil)
			return stop(i, err, interrupted)
		}
		st.Status = StatusDone
		if s.LeavesReadOnly {
			rep.ReadOnly, rep.ReadOnlyUntil = false, end
		}
		opts.emit(Event{Event: event.Event{Name: EvDone, Time: end, Took: st.Took}, Step: s.Name, Detail: detail, ReadOnly: rep.ReadOnly})
		if err := save(); err != nil {
			return rep, err
		}
	}
	rep.Outcome, rep.Ended = OutcomeDone, opts.now()
	if opts.Rehearse {
		rep.Outcome = OutcomeRehearsed
	}
	return rep, save()
}

// leaving: the read-only exit step started turning read-only mode off
// (not only reading the write mark before it).
func (rb *Runbook) leaving(st StepResult) bool {
	if !st.Ran {
		return false
	}
	v, ok := rb.vars[VarReadonlyOff]
	return !ok || v != "checking" || st.Status == StatusDone
}

// repointed: the repoint step (with an undo) ran, fully or partly, and
// was not undone — abort has to undo it.
func repointed(rb *Runbook, rep *Report) bool {
	for i, s := range rb.Steps {
		if s.Repoints && s.Undo != nil && rep.Steps[i].Ran && rep.Steps[i].Status != StatusUndone {
			return true
		}
	}
	return false
}

// Abort undoes the stopped run recorded in opts.State: every step that ran
// (done or failed, so a half-done repoint is undone on every host) and has
// an Undo, newest first — the repoint goes back, read-only mode is turned
// off — and leaves MySQL the live database. Undo failures are reported and
// the others still run; the state then stays "abort_failed" so abort can
// be run again.
//
// An abort refused (no stopped run, the state file locked or unreadable,
// read-only mode already left without Force) is a usage error
// (outcome.Of); an abort that ran and failed part-way an *AbortError.
func Abort(ctx context.Context, rb *Runbook, opts Options) (*Report, error) {
	rep, err := abort(ctx, rb, opts)
	if err != nil && !errors.As(err, new(*AbortError)) {
		err = outcome.MarkUsage(err)
	}
	return rep, err
}

func abort(ctx context.Context, rb *Runbook, opts Options) (*Report, error) {
	if opts.State == nil {
		return nil, errors.New("abort needs the state file")
	}
	unlock, err := opts.State.Lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	opts.mask = rb.Mask
	rep, err := opts.State.Load()
	if err != nil {
		return nil, err
	}
	if rep != nil {
		if rep.Vars == nil {
			rep.Vars = map[string]string{}
		}
		rb.vars = rep.Vars
	}
	if rep == nil || (rep.Outcome != OutcomeStopped && rep.Outcome != OutcomeRunning && rep.Outcome != OutcomeAbortFail && rep.Outcome != OutcomeFailed) {
		return rep, errors.New("no stopped cutover to abort")
	}
	if len(rep.Steps) != len(rb.Steps) {
		return rep, fmt.Errorf("the state in %s has %d steps, this runbook %d: abort with the same inventory", opts.State.Path, len(rep.Steps), len(rb.Steps))
	}
	for i, s := range rb.Steps {
		if s.LeavesReadOnly && rb.leaving(rep.Steps[i]) && !opts.Force {
			return rep, fmt.Errorf("step %s already ran: writes may have reached PostgreSQL since, and going back to MySQL would lose them; finish with --resume (or, knowing that, --abort --force)", s.Name)
		}
	}
	var parts outcome.Parts
	for i := len(rb.Steps) - 1; i >= 0; i-- {
		s, st := rb.Steps[i], &rep.Steps[i]
		if s.Undo == nil || !st.Ran || st.Status == StatusUndone {
			continue
		}
		if s.LeavesReadOnly && st.Status == StatusDone {
			continue // read-only already off: nothing left to undo before it
		}
		t0 := opts.now()
		opts.emit(Event{Event: event.Event{Name: EvUndo, Time: t0}, Step: s.Name, ReadOnly: rep.ReadOnly})
		detail, err := s.Undo(ctx)
		detail, err = rb.mask(detail), rb.maskErr(err)
		took := opts.now().Sub(t0)
		if err != nil {
			// the step's change is still in place
			parts.Failed = append(parts.Failed, outcome.Failure{Name: s.Name, Err: fmt.Errorf("undo %s: %w", s.Name, err), Changed: true})
			opts.emit(Event{Event: event.Event{Name: EvUndoFailed, Took: took, Err: err}, Step: s.Name, Detail: detail, ReadOnly: rep.ReadOnly})
			continue
		}
		st.Status, st.Detail = StatusUndone, strings.TrimSpace("undone: "+detail)
		parts.Done = append(parts.Done, s.Name)
		if s.EntersReadOnly {
			rep.ReadOnly, rep.ReadOnlyUntil = false, opts.now()
		}
		opts.emit(Event{Event: event.Event{Name: EvUndone, Took: took}, Step: s.Name, Detail: detail, ReadOnly: rep.ReadOnly})
	}
	rep.Ended = opts.now()
	rep.Outcome = OutcomeAborted
	if len(parts.Failed) > 0 {
		rep.Outcome = OutcomeAbortFail
	}
	if err := opts.State.Save(rep); err != nil {
		// the state file no longer says where the site is
		parts.Failed = append(parts.Failed, outcome.Failure{Name: "state", Err: fmt.Errorf("saving the state: %w", err), Changed: true})
	}
	if len(parts.Failed) > 0 {
		return rep, &AbortError{Parts: parts, ReadOnly: rep.ReadOnly}
	}
	return rep, nil
}

// AbortError: some undo failed. Its Parts (the shared partial-result
// shape) are the steps: undone (Done) and those whose undo failed, with
// the error (Changed: the step's change is still in place); Partial()
// says so.
type AbortError struct {
	outcome.Parts
	ReadOnly bool
}

func (e *AbortError) Error() string {
	return fmt.Sprintf("abort: %v\nfix the cause and run 'opsctl migrate cutover --abort' again", e.Err())
}

// record is Set, when the caller gave one (tests driving a step alone
// may not).
func (rc *RunContext) record(key, value string) error {
	if rc.Set == nil {
		return nil
	}
	return rc.Set(key, value)
}
