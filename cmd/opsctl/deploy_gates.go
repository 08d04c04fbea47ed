package main

import (
	"fmt"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/gate"
)

// gateEvaluation prints one evaluation: a line on stderr, or a
// deploy.gate event with every field in JSON mode.
func (a *app) gateEvaluation(ev gate.Evaluation) {
	if a.jsonMode() { // the evaluation's own JSON fields, at its time
		a.emitEvent(struct {
			event.Event
			gate.Evaluation
		}{event.Event{Name: "deploy.gate", Time: ev.Time}, ev}, nil)
		return
	}
	a.infof("wave %d %s\n", ev.Wave, a.gates.Line(ev)) // the query once per gate and wave
}

// printGatePlan describes the gates in a dry run.
func printGatePlan(a *app, gates []gate.Gate) {
	for _, g := range gates {
		_ = g.Validate() // fills the defaults shown (the inventory checked the rest)
		if a.jsonMode() {
			a.emit("deploy.gate_plan", g, map[string]any{"dry_run": true})
		} else {
			fmt.Fprintf(a.io.Out, "gate      %s\n          %s\n", g, g.Query)
		}
	}
}

// printGateHistory lists the metric gate evaluations of the deploys shown
// by history (from gates.log on the hosts).
func printGateHistory(a *app, entries []deploy.HistoryEntry) {
	first := true
	for _, e := range entries {
		if len(e.Gates) == 0 {
			continue
		}
		if first {
			fmt.Fprintln(a.io.Out, "\nmetric gates:")
			first = false
		}
		fmt.Fprintf(a.io.Out, "  %s (release %s):\n", e.OpID, e.Release)
		for _, g := range e.Gates {
			fmt.Fprintf(a.io.Out, "    %s\n", g)
		}
	}
}
