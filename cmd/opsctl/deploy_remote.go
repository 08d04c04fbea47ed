package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/opsctl/opsctl/deploy"
)

// hostEvents turns library events into per-host lines above the one
// aggregate bar (text) or JSON events; count advances the bar.
func (a *app) hostEvents(count func(deploy.Event) bool) func(deploy.Event) {
	return func(e deploy.Event) {
		if e.Is(deploy.EvUpload) && (a.jsonMode() && e.Bytes < e.Total || !a.jsonMode()) {
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
	switch s {
	case "":
		return "(none)"
	}
	return s
}

// printHostResults prints the per-host report (table or JSON events).
func (a *app) printHostResults(verb string, res *deploy.Result, withWave bool) {
	if res == nil {
		return
	}
	header := "HOST\tSTATUS\tLIVE\tBEFORE\tREASON"
	if withWave {
		header = "HOST\tWAVE\tSTATUS\tLIVE\tBEFORE\tREASON"
	}
	p := a.rows(verb+".host", header)
	var details []string
	for _, h := range res.Hosts {
		f := map[string]any{"host": h.Host, "status": string(h.Status), "live": h.Live, "previous": h.Previous}
		if withWave {
			f["wave"] = h.Wave
		}
		if h.Err != nil {
			f["step"], f["error"] = h.Step, h.Err.Error()
		}
		reason := h.Reason()
		if reason == "" {
			reason = "-"
		}
		// one line per host: a multi-line remote error (tar's messages,
		// a hook's output) goes below the table, indented
		if first, rest, ok := strings.Cut(strings.TrimSpace(reason), "\n"); ok {
			reason = first + " (more below)"
			var d strings.Builder
			fmt.Fprintf(&d, "%s:\n", h.Host)
			for _, l := range strings.Split(rest, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					fmt.Fprintf(&d, "    %s\n", l)
				}
			}
			details = append(details, d.String())
		}
		cells := []any{h.Host, h.Status, dashNone(h.Live), dashNone(h.Previous), strings.ReplaceAll(reason, "\t", " ")}
		if withWave {
			cells = append([]any{h.Host, h.Wave}, cells[1:]...)
		}
		p.row(f, cells...)
	}
	p.flush()
	if !a.jsonMode() {
		for _, d := range details {
			fmt.Fprint(a.io.Out, d)
		}
	}
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
		if sel != "" {
			sel += ","
		}
		sel += "!" + h
	}
	return fmt.Errorf("%w\nto go on without them: opsctl %s ... -H '%s'", err, cmdName, sel) // still the refusal's class
}
