package main

import (
	"time"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/inventory"
	"github.com/spf13/cobra"
)

// drainOptions are the load-balancer flags of deploy and rollback
// (deploy_lb in the inventory gives the defaults).
type drainOptions struct {
	drain, noDrain bool
	timeout        time.Duration
	force          bool
}

// addFlags adds the drain flags and their help to deploy (which also has
// --no-drain: deploy_lb.drain may turn draining on) or rollback (where
// --drain makes a rolling rollback).
func (o *drainOptions) addFlags(cmd *cobra.Command, deployCmd bool) {
	f := cmd.Flags()
	if deployCmd {
		cmd.Long += deployDrainHelp
		f.BoolVar(&o.drain, "drain", false, "take each wave out of every HAProxy's rotation while it switches (deploy_lb maps hosts to servers)")
		f.BoolVar(&o.noDrain, "no-drain", false, "do not drain, even if deploy_lb.drain is true")
	} else {
		cmd.Long += rollbackDrainHelp
		f.BoolVar(&o.drain, "drain", false, "rolling rollback: wave by wave (--batch-size), each drained on every HAProxy while it switches")
	}
	f.DurationVar(&o.timeout, "drain-timeout", 0, "wait at most this long for a drained server's sessions to reach 0 (default deploy_lb.drain_timeout, 30s)")
	f.BoolVar(&o.force, "force-backend", false, "with --drain: allow a wave that takes every server of a backend out at once")
	if deployCmd {
		deprecatedFlag(cmd, "force", "force-backend")
	}
}

func (o *drainOptions) validate() error {
	if o.drain && o.noDrain {
		return usageError("--drain and --no-drain together")
	}
	if o.timeout < 0 {
		return usageError("--drain-timeout must be positive")
	}
	return nil
}

// on reports whether draining is asked for (flags, then deploy_lb.drain).
func (o *drainOptions) on(cfg *inventory.Config) bool {
	return o.drain || (cfg.DeployLB.Drain && !o.noDrain)
}

// drainLB is the drainer of a deploy or rolling rollback over every
// HAProxy node, and the waves it drains (the factory refuses a wave that
// takes a whole backend out, unless --force-backend).
func (a *app) drainLB(o *drainOptions, c deploy.Common, canary, batch, maxFail string, dryRun bool) (*deploy.LB, [][]string, error) {
	return a.f.DeployLB(a.hardCtx, factory.DrainOptions{Hosts: deployHostNames(c.Hosts), Canary: canary, BatchSize: batch, MaxFail: maxFail,
		DryRun: dryRun, Timeout: o.timeout, Force: o.force, Stop: a.softCtx, OnEvent: a.lbEvents(c.OnEvent)})
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
		switch e.Verb() {
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
	switch {
	case a.jsonMode():
		for _, l := range left {
			a.emit(verb+".left_out_of_rotation", l)
		}
	case len(left) == 0:
		a.infof("every drained server is back in rotation\n")
	default:
		a.infof("left OUT of rotation on every HAProxy node (put back with 'opsctl haproxy ready BACKEND/SERVER' once fixed):\n")
		for _, l := range left {
			a.infof("  %-16s %-20s %s\n", l.Host, l.Server, l.Reason)
		}
	}
}

const deployDrainHelp = `

Zero-downtime rolling deploys (--drain, or deploy_lb.drain: true): per
wave, the wave's HAProxy servers (deploy_lb maps hosts to BACKEND/SERVER)
are set to drain on EVERY haproxy node; opsctl waits until their sessions
reach 0 (--drain-timeout, then proceed or fail per
deploy_lb.on_drain_timeout), switches and runs after_switch (restart the
app), health-checks the host, sets the servers ready again and waits until
HAProxy's own check says UP, then the next wave. A plan whose wave would
take every server of a backend out is refused (--force-backend overrides). A host
that fails stays drained and the report names it; on an abort, switched
hosts are rolled back wave by wave, each drained while it switches.
Ctrl-C never leaves a server drained by opsctl (the report lists any it
could not put back).

  opsctl deploy --artifact shop.tar.gz --batch-size 25% --drain
  opsctl deploy --artifact shop.tar.gz --canary 1 --batch-size 4 --drain --drain-timeout 1m`

const rollbackDrainHelp = `

--drain makes it a rolling rollback instead: --batch-size hosts (default
25%) at a time, each wave drained on every HAProxy node (deploy_lb), rolled
back, health-checked and put back in rotation; a failing wave stops it.

  opsctl rollback --drain --batch-size 2`
