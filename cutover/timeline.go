package cutover

import (
	"fmt"
	"time"

	"github.com/opsctl/opsctl/event"
)

// Timeline is a run's report as the cutover.timeline line says it (-o
// json, docs/json.md): every step with its start and duration, the
// read-only window, the total.
type Timeline struct {
	Outcome       string         `json:"outcome"`
	Rehearse      bool           `json:"rehearse"`
	Steps         []TimelineStep `json:"steps"`
	ReadOnly      bool           `json:"readonly"`
	WindowMS      float64        `json:"window_ms"`
	TotalMS       float64        `json:"total_ms"`
	StateFile     string         `json:"state_file"`
	ReadOnlySince string         `json:"readonly_since,omitempty"` // RFC 3339, UTC
	ReadOnlyUntil string         `json:"readonly_until,omitempty"`
	// EstimatedWindowMS (a rehearsal): the read-only window to expect.
	EstimatedWindowMS int64 `json:"estimated_window_ms,omitempty"`
}

// TimelineStep is one step of a Timeline.
type TimelineStep struct {
	Step       string   `json:"step"`
	Status     string   `json:"status"`
	Start      string   `json:"start,omitempty"` // RFC 3339, UTC
	DurationMS float64  `json:"duration_ms"`
	InWindow   bool     `json:"in_window"`
	Attempts   int      `json:"attempts"`
	Detail     string   `json:"detail,omitempty"`
	Error      string   `json:"error,omitempty"`
	Warnings   []string `json:"warnings,omitempty"`
}

// Timeline is the report as of now; rb and stable (the quiesce's stable
// time) give a rehearsal's estimated window.
func (r *Report) Timeline(now time.Time, stateFile string, rb *Runbook, stable time.Duration) Timeline {
	t := Timeline{Outcome: r.Outcome, Rehearse: r.Rehearse, Steps: make([]TimelineStep, 0, len(r.Steps)), ReadOnly: r.ReadOnly,
		WindowMS: event.Millis(r.Window(now)), TotalMS: event.Millis(r.Total()), StateFile: stateFile}
	for _, s := range r.Steps {
		ts := TimelineStep{Step: s.Name, Status: s.Status, DurationMS: event.Millis(s.Took), InWindow: s.InWindow, Attempts: s.Attempts,
			Detail: s.Detail, Error: s.Error, Warnings: s.Warnings}
		if !s.Start.IsZero() {
			ts.Start = s.Start.UTC().Format(time.RFC3339Nano)
		}
		t.Steps = append(t.Steps, ts)
	}
	if !r.ReadOnlySince.IsZero() {
		t.ReadOnlySince = r.ReadOnlySince.UTC().Format(time.RFC3339Nano)
	}
	if !r.ReadOnlyUntil.IsZero() {
		t.ReadOnlyUntil = r.ReadOnlyUntil.UTC().Format(time.RFC3339Nano)
	}
	if r.Rehearse {
		t.EstimatedWindowMS = r.EstimatedWindow(rb, stable).Milliseconds()
	}
	return t
}

// Next says what to do after the stop: resume or abort when the site
// was left read-only, else run again.
func (e *StopError) Next() string {
	if !e.ReadOnly {
		return "fix the cause and run 'opsctl migrate cutover' again (or --rehearse first)"
	}
	undo := "MySQL's read_only as it was, read-only mode off"
	if e.Repointed {
		undo = "the repoint undone, MySQL's read_only as it was, read-only mode off"
	}
	fix := "fix the cause, then:"
	if e.Interrupted() {
		fix = "to go on:           "
	}
	return fmt.Sprintf(`next, either:
  %s  opsctl migrate cutover --resume
                        (continues from %s; the steps before it are checked again first)
  or go back:           opsctl migrate cutover --abort
                        (%s; MySQL stays the live database)`, fix, e.Step, undo)
}

// String is the event in words, as the run's live progress says it
// ("done in 1.2s: 4 node(s) ON in 80ms"); the printer adds the clock, the
// step and the read-only mark.
func (e Event) String() string {
	took := e.Took.Round(time.Millisecond)
	switch e.Verb() {
	case EvStart:
		return "start: " + e.Detail
	case EvDone:
		return fmt.Sprintf("done in %s: %s", took, e.Detail)
	case EvFailed:
		return fmt.Sprintf("FAILED after %s: %v", took, e.Err)
	case EvSkipped:
		return "skipped (" + e.Detail + ")"
	case EvWarning:
		return "  warning: " + e.Detail
	case EvProgress:
		return "  " + e.Detail
	case EvCheck:
		return "re-checked: " + e.Detail
	case EvUndo:
		return "undo..."
	case EvUndone:
		return fmt.Sprintf("undone in %s: %s", took, e.Detail)
	case EvUndoFailed:
		return fmt.Sprintf("UNDO FAILED: %v", e.Err)
	}
	return e.Verb() + ": " + e.Detail
}

// StatusText is the step's status in the timeline: "(RO)" marks a step
// that ran while the site was read-only.
func (s StepResult) StatusText() string {
	if s.InWindow && s.Status != StatusPending {
		return s.Status + " (RO)"
	}
	return s.Status
}

// DetailText is what the timeline says of the step: its error when it
// failed, else its detail, and how many warnings it gave.
func (s StepResult) DetailText() string {
	d := s.Detail
	if s.Error != "" {
		d = s.Error
	}
	if len(s.Warnings) > 0 {
		d += fmt.Sprintf(" [%d warning(s)]", len(s.Warnings))
	}
	return d
}

// Clock is when the step started and how long it took ("-" for a step
// that did not start).
func (s StepResult) Clock() (start, took string) {
	if s.Start.IsZero() {
		return "-", "-"
	}
	return s.Start.Format("15:04:05.000"), s.Took.Round(time.Millisecond).String()
}

// PlanText is a step of the plan (Runbook.Plan) as the dry run says it.
func (s StepResult) PlanText() string {
	if s.Status == StatusSkipped {
		return "(skipped in a rehearsal) " + s.Detail
	}
	return s.Detail
}

// WindowText says the read-only window as of now: none, so far (the
// site still read-only), or from when to when.
func (r *Report) WindowText(now time.Time) string {
	const hms = "15:04:05.000"
	window := r.Window(now).Round(time.Millisecond)
	switch {
	case r.ReadOnlySince.IsZero():
		return "read-only window: none (the site was never read-only)"
	case r.ReadOnlyUntil.IsZero():
		return fmt.Sprintf("read-only window: %s so far (since %s; the site IS READ-ONLY)", window, r.ReadOnlySince.Format(hms))
	}
	return fmt.Sprintf("read-only window: %s (%s -> %s)", window, r.ReadOnlySince.Format(hms), r.ReadOnlyUntil.Format(hms))
}

// Verdict is the one line that ends a run that went to its end: aborted,
// rehearsed (with the window to expect; rb and stable as for Timeline)
// or done (the app on to, masked by the caller's runbook); "" for any
// other outcome (a stop says itself: StopError).
func (r *Report) Verdict(rb *Runbook, to string, stable time.Duration) string {
	switch r.Outcome {
	case OutcomeAborted:
		return "aborted: read-only mode is off, MySQL's read_only is as it was, and MySQL is the live database"
	case OutcomeRehearsed:
		return fmt.Sprintf("rehearsal done: expect a read-only window of about %s (the steps between readonly-on and readonly-off, with quiesce's %s)",
			r.EstimatedWindow(rb, stable).Round(100*time.Millisecond), stable)
	case OutcomeDone:
		return "cutover done: the app runs on " + rb.mask(to)
	}
	return ""
}

// Ask is what a run in these modes asks before it changes anything (""
// when it changes nothing the site sees: a rehearsal, a dry run).
func (m Modes) Ask() string {
	switch {
	case m.DryRun, m.Rehearse:
		return ""
	case m.Abort:
		return "abort the cutover: the repoint is undone, MySQL's read_only restored, read-only mode left; MySQL stays live"
	case m.Resume:
		return "resume the cutover from the step that stopped it"
	}
	return "run the cutover: the site goes read-only, MySQL is copied to PostgreSQL and verified, the app hosts are repointed"
}

// PlanTitle is the dry run's first line, with the state file.
func (m Modes) PlanTitle(state string) string {
	what := "cutover"
	if m.Rehearse {
		what = "rehearsal"
	}
	return fmt.Sprintf("%s plan (dry run: nothing is contacted or changed); state file %s\n", what, state)
}

// Intro is the line a run in these modes starts with, from -> to with
// its state file ("" for an abort).
func (m Modes) Intro(from, to, state string) string {
	switch {
	case m.Abort:
		return ""
	case m.Resume:
		return "cutover: resuming from " + state + "\n"
	case m.Rehearse:
		return fmt.Sprintf("cutover REHEARSAL: %s -> %s (the site is left alone; state: none)\n", from, to)
	}
	return fmt.Sprintf("cutover: %s -> %s (state: %s)\n", from, to, state)
}
