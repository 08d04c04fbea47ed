package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/opsctl/opsctl/deploy"
)

// hostEvents turns the library's events (the hosts' and the drainer's)
// into lines above the one aggregate bar (text) or JSON events; count
// advances the bar.
func (a *app) hostEvents(count func(deploy.Event) bool) func(deploy.Event) {
	return func(e deploy.Event) {
		if e.Is(deploy.EvUpload) && (!a.jsonMode() || e.Bytes < e.Total) {
			return // drawn by the progress bar; in JSON only the final count
		}
		if a.jsonMode() {
			a.emitEvent(e, nil)
			return
		}
		a.outMu.Lock()
		bar := a.bar
		a.outMu.Unlock()
		if bar != nil && count != nil && count(e) {
			_ = bar.Add(1)
		}
		line := e.String()
		if e.Host != "" {
			line = fmt.Sprintf("  %-16s %s", e.Host, strings.ReplaceAll(line, "\n", "\n                     "))
		}
		switch e.Importance() {
		case deploy.Notable:
			a.infof("%s\n", line)
		case deploy.Detail:
			a.debugf("%s\n", line)
		}
	}
}

func dashNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// reportResult prints how a deploy or rollback ended, host by host (not
// for a refusal, which names its hosts), and the servers left out of
// rotation; a refusal gets the host selection that leaves out the hosts
// it could not reach.
func (a *app) reportResult(verb string, res *deploy.Result, lb *deploy.LB, err error, withWave bool) error {
	if res != nil && !isLocked(err) {
		a.printHostResults(verb, res, withWave)
		a.reportLeftOut(verb, lb)
	}
	return a.withLockHint(err, verb)
}

func isLocked(err error) bool {
	_, ok := err.(*deploy.LockedError)
	return ok
}

// printHostResults prints the per-host report: a table (a multi-line
// reason below it), or one <verb>.host event per host.
func (a *app) printHostResults(verb string, res *deploy.Result, withWave bool) {
	header := "HOST\tSTATUS\tLIVE\tBEFORE\tREASON"
	if withWave {
		header = "HOST\tWAVE\tSTATUS\tLIVE\tBEFORE\tREASON"
	}
	p := a.rows(verb+".host", header)
	var details strings.Builder
	for _, h := range res.Hosts {
		if a.jsonMode() {
			var failed map[string]any
			if h.Err != nil {
				failed = map[string]any{"step": h.Step, "error": h.Err}
			}
			a.emit(verb+".host", h, failed)
			continue
		}
		// one line per host: a multi-line remote error goes below the
		// table, indented
		reason, more := h.ReasonLines()
		if len(more) > 0 {
			reason += " (more below)"
			fmt.Fprintf(&details, "%s:\n    %s\n", h.Host, strings.Join(more, "\n    "))
		}
		cells := []any{h.Host, h.Status, dashNone(h.Live), dashNone(h.Previous), dash(reason)}
		if withWave {
			cells = slices.Insert(cells, 1, any(h.Wave))
		}
		p.row(nil, cells...)
	}
	p.flush()
	fmt.Fprint(a.io.Out, details.String())
}

// withLockHint adds to a refusal where hosts could not be reached or
// locked the selection that leaves them out (never the stale-lock advice,
// which is for held locks).
func (a *app) withLockHint(err error, cmdName string) error {
	var le *deploy.LockedError
	if !errors.As(err, &le) || len(le.Failed) == 0 {
		return err
	}
	return fmt.Errorf("%w\nto go on without them: opsctl %s ... -H '%s'", err, cmdName, le.Without(a.opts.hosts)) // still the refusal's class
}
