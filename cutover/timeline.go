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
