package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/opsctl/opsctl/event"
)

// Gates judge a wave by what it does in production (metric gates), after
// its health checks passed and it is back in rotation, before the next
// wave. The deploy library knows nothing of the queries: the gate package
// does the watching, an adapter implements this interface.
type Gates interface {
	// Check watches the wave. An error fails the wave like a failed
	// health check: every host of the wave goes back to its old release
	// and the deploy stops and rolls back. Each line of log (one per
	// evaluation) is appended to gates.log on the wave's hosts.
	Check(ctx context.Context, w GateWave) (log []string, err error)
}

// GateWave is what a gate watches.
type GateWave struct {
	Wave, Waves int
	Release     string
	Hosts       []string // the wave's hosts now live on Release
	Baseline    []string // hosts of later waves, still on their old release
}

// EvGateFailed is sent when the wave's metric gates failed (Message: why).
const EvGateFailed = "gate_failed"

// gates runs the metric gates on a wave's healthy hosts. On failure the
// hosts go back (out of rotation while they switch, as in an abort) and
// are marked failed at step "gate"; it returns why the deploy stops.
func (d *deployRun) gates(ctx context.Context, wave int, hosts []string) (aborted string) {
	o := d.o
	if o.Gates == nil || len(hosts) == 0 || ctx.Err() != nil {
		return ""
	}
	var baseline []string
	for _, w := range d.plan.Waves[wave:] {
		baseline = append(baseline, w...)
	}
	// a soft stop ends the watch too (the deploy then stops, interrupted)
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(o.Stop, cancel)()
	log, err := o.Gates.Check(gctx, GateWave{Wave: wave, Waves: len(d.plan.Waves), Release: d.plan.ReleaseID, Hosts: hosts, Baseline: baseline})
	d.recordGates(ctx, hosts, wave, log)
	if err == nil || (gctx.Err() != nil && errors.Is(err, gctx.Err())) {
		return ""
	}
	o.emit(Event{Event: event.Event{Name: EvGateFailed, Err: err}, Wave: wave, Message: err.Error()})
	d.mu.Lock()
	for _, h := range hosts {
		hr := d.hr(h)
		hr.Status, hr.Step, hr.Err = StatusFailed, "gate", err
	}
	d.mu.Unlock()
	if o.LB != nil {
		_ = o.LB.Out(context.WithoutCancel(ctx), wave, hosts)
	}
	d.rollback(ctx, hosts, true)
	if o.LB != nil {
		var back []string
		for _, h := range hosts {
			if hr := d.hr(h); hr.Live == hr.Previous {
				back = append(back, h)
			}
		}
		_ = o.LB.In(ctx, wave, back)
	}
	return fmt.Sprintf("wave %d: %v", wave, err)
}

// recordGates appends the evaluations to <deploy_to>/gates.log on the
// hosts (time, deploy id, release, wave, the evaluation); a host that
// cannot be written to is not a reason to fail the deploy.
func (d *deployRun) recordGates(ctx context.Context, hosts []string, wave int, log []string) {
	if len(log) == 0 {
		return
	}
	var b strings.Builder
	now := time.Now().UTC().Format(time.RFC3339)
	for _, l := range log {
		l = strings.NewReplacer("\n", " ", "\t", " ").Replace(l)
		fmt.Fprintf(&b, "%s\t%s\t%s\t%d\t%s\n", now, d.op.id, d.plan.ReleaseID, wave, l)
	}
	// appended; kept to its last 2000 lines
	script := sh(fmt.Sprintf("f=%s\ncat >> \"$f\"\nif [ \"$(wc -l < \"$f\")\" -gt 4000 ]; then tail -n 2000 \"$f\" > \"$f.tmp\" && mv \"$f.tmp\" \"$f\"; fi\n", q(d.o.DeployTo+"/gates.log")))
	cctx, cancel := cleanupCtx(ctx)
	defer cancel()
	done := make(chan struct{}, len(hosts))
	for _, h := range hosts {
		go func(h string) {
			defer func() { done <- struct{}{} }()
			if _, err := run(cctx, d.op.remotes[h], script, strings.NewReader(b.String())); err != nil {
				d.o.emit(Event{Event: event.Event{Name: EvGateFailed + "_log", Host: h, Err: err}, Wave: wave, Message: "gates.log not written"})
			}
		}(h)
	}
	for range hosts {
		<-done
	}
}

// gateLogMark separates revisions.log from gates.log in History's output.
const gateLogMark = "--- opsctl gates.log ---"

// parseGateLog maps deploy ids to their gate evaluations ("wave N: ...").
func parseGateLog(out string) map[string][]string {
	m := map[string][]string{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.SplitN(line, "\t", 5)
		if len(f) < 5 {
			continue
		}
		if e := "wave " + f[3] + ": " + f[4]; !contains(m[f[1]], e) {
			m[f[1]] = append(m[f[1]], e)
		}
	}
	return m
}
