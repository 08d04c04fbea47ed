package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/opsctl/opsctl/deploy"
)

// hostEvents turns library events into per-host lines above the one
// aggregate bar (text) or JSON events; count advances the bar.
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
		switch e.Verb() {
		case deploy.EvPlan:
			a.infof("%s\n", e.Message)
		case deploy.EvWave:
			a.infof("wave %d: %s\n", e.Wave, e.Message)
		case deploy.EvSwitched:
			a.infof("  %-16s switched to %s (%s)\n", e.Host, e.Release, e.Message)
		case deploy.EvRolledBack:
			a.infof("  %-16s rolled back to %s\n", e.Host, dashNone(e.Release))
		case deploy.EvFailed:
			a.infof("  %-16s FAILED %s: %s\n", e.Host, e.Message, strings.ReplaceAll(fmt.Sprint(e.Err), "\n", "\n                     "))
		case deploy.EvGate:
			a.debugf("wave %d gate: %s\n", e.Wave, e.Message)
		case deploy.EvPruned:
			a.debugf("  %-16s pruned %s\n", e.Host, e.Message)
		case deploy.EvUnlocked:
			if e.Message != "" {
				a.infof("  %-16s %s\n", e.Host, e.Message)
			}
		default:
			if e.Host != "" {
				a.debugf("  %-16s %s %s\n", e.Host, e.Verb(), e.Message)
			}
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
		// one line per host: a multi-line remote error (tar's messages,
		// a hook's output) goes below the table, indented
		reason, more, multi := strings.Cut(strings.TrimSpace(dash(h.Reason())), "\n")
		if multi {
			reason += " (more below)"
			fmt.Fprintf(&details, "%s:\n", h.Host)
			for _, l := range strings.Split(more, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					fmt.Fprintf(&details, "    %s\n", l)
				}
			}
		}
		cells := []any{h.Host, h.Status, dashNone(h.Live), dashNone(h.Previous), strings.ReplaceAll(reason, "\t", " ")}
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
	sel := a.opts.hosts
	for _, h := range le.FailedHosts() {
		sel += ",!" + h
	}
	return fmt.Errorf("%w\nto go on without them: opsctl %s ... -H '%s'", err, cmdName, strings.TrimPrefix(sel, ",")) // still the refusal's class
}
