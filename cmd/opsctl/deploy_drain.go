package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/inventory"
	"github.com/spf13/pflag"
)

// drainOptions are deploy's load-balancer flags (deploy_lb in the
// inventory gives the defaults).
type drainOptions struct {
	drain, noDrain bool
	timeout        time.Duration
	force          bool
}

func (o *drainOptions) addFlags(f *pflag.FlagSet) {
	f.BoolVar(&o.drain, "drain", false, "take each wave out of every HAProxy's rotation while it switches (deploy_lb maps hosts to servers)")
	f.BoolVar(&o.noDrain, "no-drain", false, "do not drain, even if deploy_lb.drain is true")
	f.DurationVar(&o.timeout, "drain-timeout", 0, "wait at most this long for a drained server's sessions to reach 0 (default deploy_lb.drain_timeout, 30s)")
	f.BoolVar(&o.force, "force", false, "with --drain: allow a wave that takes every server of a backend out at once")
}

// setupDrain sets opts.LB when draining is on, after checking the plan
// never takes a whole backend out of rotation.
func (a *app) setupDrain(opts *deploy.Options, o *drainOptions, cfg *inventory.Config) (*deploy.LB, error) {
	if o.drain && o.noDrain {
		return nil, usageError("--drain and --no-drain together")
	}
	if o.timeout < 0 {
		return nil, usageError("--drain-timeout must be positive")
	}
	lbc := cfg.DeployLB
	if !(o.drain || (lbc.Drain && !o.noDrain)) {
		return nil, nil
	}
	if !lbc.Enabled() {
		return nil, withCode(ExitUsage, fmt.Errorf("%s: --drain needs a deploy_lb section mapping hosts to HAProxy servers", cfg.File))
	}
	fleet := &haproxy.Fleet{Limit: a.opts.concurrency, DryRun: opts.DryRun}
	for _, n := range cfg.HAProxy.Nodes {
		dial, derr := a.haproxyDialer(n)
		if derr != nil {
			dial = func(context.Context) (net.Conn, error) { return nil, derr }
		}
		fleet.Nodes = append(fleet.Nodes, &haproxy.Node{Client: haproxy.New(n.Name, dial)})
	}
	lb := &deploy.LB{
		Fleet: fleet, Servers: lbc.ServersOf,
		DrainTimeout: lbc.DrainTimeout, FailOnDrainTimeout: lbc.OnDrainTimeout == "fail",
		UpTimeout: lbc.UpTimeout, Stop: a.softCtx, OnEvent: a.lbEvents(opts.OnEvent),
	}
	if o.timeout > 0 {
		lb.DrainTimeout = o.timeout
	}
	var names []string
	for _, h := range opts.Hosts {
		names = append(names, h.Name)
	}
	waves, _, err := deploy.MakePlan(names, opts.Canary, opts.BatchSize, opts.MaxFail)
	if err != nil {
		return nil, usageError("%v", err)
	}
	for _, n := range names {
		if len(lbc.ServersOf(n)) == 0 {
			return nil, withCode(ExitUsage, fmt.Errorf("%s: host %s has no HAProxy server in deploy_lb", cfg.File, n))
		}
	}
	if !o.force {
		ctx, cancel := context.WithTimeout(a.hardCtx, 30*time.Second)
		defer cancel()
		if err := lb.CheckPlan(ctx, waves); err != nil {
			return nil, withCode(ExitError, fmt.Errorf("--drain refused: %w", err))
		}
	}
	opts.LB = lb
	return lb, nil
}

// lbEvents prints the drain steps (and passes them on as JSON events).
func (a *app) lbEvents(next func(deploy.Event)) func(deploy.Event) {
	return func(e deploy.Event) {
		if a.jsonMode() {
			if next != nil {
				next(e)
			}
			return
		}
		switch e.Type {
		case deploy.EvDrained:
			a.infof("  %-16s out of rotation (%s drained, 0 sessions)\n", e.Host, e.Message)
		case deploy.EvInService:
			a.infof("  %-16s back in rotation (UP)\n", e.Host)
		case deploy.EvLBWarn:
			a.infof("  %-16s warning: %v; %s\n", e.Host, e.Err, e.Message)
		case deploy.EvLeftOut:
			a.infof("  %-16s LEFT OUT of rotation: %s: %v\n", e.Host, e.Message, e.Err)
		}
	}
}

// reportLeftOut names the servers opsctl left out of rotation.
func (a *app) reportLeftOut(verb string, lb *deploy.LB) {
	if lb == nil {
		return
	}
	left := lb.LeftOut()
	if a.jsonMode() {
		for _, l := range left {
			a.emit(verb+".left_out_of_rotation", map[string]any{"host": l.Host, "server": l.Server, "reason": l.Reason})
		}
		return
	}
	if len(left) == 0 {
		a.infof("every drained server is back in rotation\n")
		return
	}
	a.infof("left OUT of rotation on every HAProxy node (put back with 'opsctl haproxy ready BACKEND/SERVER' once fixed):\n")
	for _, l := range left {
		a.infof("  %-16s %-20s %s\n", l.Host, l.Server, l.Reason)
	}
}
