package readonly

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsctl/opsctl/event"
)

// The words of a flip, a status and a prepare: what opsctl prints (its
// table columns and verdict line) and what a Go program can log.

// String is the event in words, for a debug log: "NODE: VERB DETAIL
// (TOOK)", and ": ERROR" when it failed.
func (e Event) String() string {
	s := fmt.Sprintf("%s: %s %s (%s)", e.Node, e.Verb(), e.Detail, e.Took.Round(time.Microsecond))
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Result is the node's outcome in words: "ok", "FAILED: ...", "reverted",
// "not flipped (stopped at the failure)", "WARNING: ..."; after a flip (flip
// set) an ok node says whether it changed: "ok (changed)" or "ok (already)".
func (n NodeState) Result(flip bool) string {
	switch {
	case n.Skipped && n.Error != "":
		return "not flipped (stopped at the failure); " + n.Error
	case n.Skipped:
		return "not flipped (stopped at the failure)"
	case n.Error != "" && n.Reverted:
		return "FAILED, reverted: " + n.Error
	case n.Error != "":
		return "FAILED: " + n.Error
	case n.Reverted:
		return "reverted"
	case n.Warning != "":
		return "WARNING: " + n.Warning
	case flip && n.Changed:
		return "ok (changed)"
	case flip:
		return "ok (already)"
	}
	return "ok"
}

// String is the probe's answers: "probe URL: GET 200, POST 503", and
// ": FAILED: ..." when they were not the mode's.
func (p ProbeResult) String() string {
	s := fmt.Sprintf("probe %s: GET %d, POST %d", p.URL, p.GetStatus, p.PostStatus)
	if p.Error != "" {
		s += ": FAILED: " + p.Error
	}
	return s
}

// Summary is what follows the verdict word on the verdict line: the
// differing nodes of a MIXED verdict and, after a flip (flip set), how long
// it took on how many nodes and whether the nodes flipped were reverted.
func (r *Report) Summary(flip bool) string {
	s := ""
	if r.Verdict == VerdictMixed {
		s = " (differs: " + strings.Join(r.Differing(), ", ") + ")"
	}
	if flip {
		s += fmt.Sprintf(" after %s, %d node(s)", r.Elapsed.Round(100*time.Microsecond), len(r.Nodes))
		if r.Reverted {
			s += "; the nodes already flipped were reverted"
		}
	}
	return s
}

// RecordLines are the record in words, "record: since AT by BY: REASON"
// and the page's message, when some node is on and the record says
// something; none otherwise.
func (r *Report) RecordLines() []string {
	rec, anyOn := r.Record, false
	for _, n := range r.Nodes {
		anyOn = anyOn || n.State == "on"
	}
	if !anyOn || rec.By == "" && rec.At == "" && rec.Reason == "" {
		return nil
	}
	lines := []string{fmt.Sprintf("record: since %s by %s: %s", dash(rec.At), dash(rec.By), dash(rec.Reason))}
	if rec.Message != "" {
		lines = append(lines, "message on the page: "+rec.Message)
	}
	return lines
}

// Result is the node's outcome in words: the action ("loaded in 1.2s",
// "kept", "would load") or "FAILED: ...".
func (r PrepareResult) Result() string {
	switch {
	case r.Error != "":
		return "FAILED: " + r.Error
	case r.Took > 0:
		return fmt.Sprintf("%s in %s", r.Action, r.Took.Round(time.Millisecond))
	}
	return r.Action
}

// dash is s, or "-" when empty.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Outcome is a report's verdict as one JSON line (opsctl's
// readonly.result): the verdict and the record; after a flip the target,
// whether the nodes flipped were reverted and how long it took; the
// differing nodes of a MIXED verdict.
type Outcome struct {
	Verdict    Verdict  `json:"verdict"`
	Record     Record   `json:"record"`
	Target     Mode     `json:"target,omitempty"`
	Reverted   *bool    `json:"reverted,omitempty"`
	DurationMS *float64 `json:"duration_ms,omitempty"`
	Differing  []string `json:"differing,omitempty"`
}

// Outcome is the report's verdict line; flip says it is a flip's.
func (r *Report) Outcome(flip bool) Outcome {
	o := Outcome{Verdict: r.Verdict, Record: r.Record}
	if flip {
		ms := event.Millis(r.Elapsed)
		o.Target, o.Reverted, o.DurationMS = r.Target, &r.Reverted, &ms
	}
	if r.Verdict == VerdictMixed {
		o.Differing = r.Differing()
	}
	return o
}
