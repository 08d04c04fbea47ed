package main

import (
	"time"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/notify"
	"github.com/spf13/cobra"
)

// drainOptions are deploy's load-balancer flags (deploy_lb in the
// inventory gives the defaults).
type drainOptions struct {
	drain, noDrain bool
	timeout        time.Duration
	force          bool
}

func (o *drainOptions) addFlags(cmd *cobra.Command) {
	cmd.Long += deployDrainHelp
	f := cmd.Flags()
	f.BoolVar(&o.drain, "drain", false, "take each wave out of every HAProxy's rotation while it switches (deploy_lb maps hosts to servers)")
	f.BoolVar(&o.noDrain, "no-drain", false, "do not drain, even if deploy_lb.drain is true")
	f.DurationVar(&o.timeout, "drain-timeout", 0, "wait at most this long for a drained server's sessions to reach 0 (default deploy_lb.drain_timeout, 30s)")
	f.BoolVar(&o.force, "force-backend", false, "with --drain: allow a wave that takes every server of a backend out at once")
	deprecatedFlag(cmd, "force", "force-backend")
}

// setupDrain sets opts.LB when draining is on (the factory checks the
// plan never takes a whole backend out of rotation).
func (a *app) setupDrain(opts *deploy.Options, o *drainOptions, cfg *inventory.Config) (*deploy.LB, error) {
	if o.drain && o.noDrain {
		return nil, usageError("--drain and --no-drain together")
	}
	if o.timeout < 0 {
		return nil, usageError("--drain-timeout must be positive")
	}
	if !o.on(cfg) {
		return nil, nil
	}
	lb, _, err := a.f.DeployLB(a.hardCtx, factory.DrainOptions{Hosts: deployHostNames(opts.Hosts), Canary: opts.Canary, BatchSize: opts.BatchSize,
		MaxFail: opts.MaxFail, DryRun: opts.DryRun, Timeout: o.timeout, Force: o.force, Stop: a.softCtx, OnEvent: a.lbEvents(opts.OnEvent)})
	if err != nil {
		return nil, err
	}
	opts.LB = lb
	return lb, nil
}

// drainOn reports whether draining is asked for (flags, then deploy_lb.drain).
func (o *drainOptions) on(cfg *inventory.Config) bool {
	return o.drain || (cfg.DeployLB.Drain && !o.noDrain)
}

// runRollingRollback is rollback --drain: deploy.RollingRollback, wave by
// wave (--batch-size), each wave drained on every HAProxy node.
func (a *app) runRollingRollback(o *rollbackOptions, cfg *inventory.Config, common deploy.Common) error {
	if o.drainOpts.timeout < 0 {
		return usageError("--drain-timeout must be positive")
	}
	if o.batchSize == "" {
		o.batchSize = "25%"
	}
	common.OnEvent = a.hostEvents(nil)
	lb, waves, err := a.f.DeployLB(a.hardCtx, factory.DrainOptions{Hosts: deployHostNames(common.Hosts), BatchSize: o.batchSize,
		DryRun: o.dryRun, Timeout: o.drainOpts.timeout, Force: o.drainOpts.force, Stop: a.softCtx, OnEvent: a.lbEvents(common.OnEvent)})
	if err != nil {
		return err
	}
	started := time.Now()
	total, err := deploy.RollingRollback(a.hardCtx, deploy.RollingRollbackOptions{
		RollbackOptions: deploy.RollbackOptions{
			Common: common, To: o.to, Force: o.force, Hooks: deploy.Hooks(cfg.Hooks), Health: deploy.Health(cfg.Health), DryRun: o.dryRun,
		},
		Waves: waves, LB: lb, Stop: a.softCtx,
	})
	if o.dryRun {
		a.printRollbackPlan(total)
		return nil
	}
	a.releaseEvent(notify.RollbackEnd(o.to, len(common.Hosts), time.Since(started), err))
	a.printHostResults("rollback", total, true)
	a.reportLeftOut("rollback", lb)
	return err // a *deploy.Error: its class is the rollback's outcome
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

// addRollbackFlags: the same flags as deploy's, for a rolling rollback.
func (o *drainOptions) addRollbackFlags(cmd *cobra.Command) {
	cmd.Long += rollbackDrainHelp
	f := cmd.Flags()
	f.BoolVar(&o.drain, "drain", false, "rolling rollback: wave by wave (--batch-size), each drained on every HAProxy while it switches")
	f.DurationVar(&o.timeout, "drain-timeout", 0, "wait at most this long for a drained server's sessions to reach 0 (default deploy_lb.drain_timeout, 30s)")
	f.BoolVar(&o.force, "force-backend", false, "with --drain: allow a wave that takes every server of a backend out at once")
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
