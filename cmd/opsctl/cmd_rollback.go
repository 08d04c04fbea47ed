package main

import (
	"fmt"

	"time"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/notify"
	"github.com/spf13/cobra"
)

type rollbackOptions struct {
	to     string
	force  bool
	dryRun bool
	// rolling rollback (--drain), see deploy_drain.go
	drainOpts drainOptions
	batchSize string
}

func (o *rollbackOptions) validate() error {
	if o.to != "" {
		if err := deploy.ValidateReleaseID(o.to); err != nil {
			return usageError("--to: %v", err)
		}
	}
	return nil
}

func newRollbackCmd(a *app) *cobra.Command {
	o := &rollbackOptions{}
	cmd := &cobra.Command{
		Use:   "rollback",
		Short: "Put every selected host back on its previous release, in seconds",
		Long: `Switch current on every selected host, all in parallel, to the release
before the live one (by release age), or to --to ID; then run
hooks.after_switch and the health checks.

Per host: one SSH connection and one command. It takes the lock, checks
the target release is there and waits; once every host has answered
READY, opsctl tells them all GO and each switches current atomically,
appends to revisions.log, runs after_switch and releases the lock. If any
host is locked or lacks the target, all are told ABORT: the rollback is
refused before any host switches. (With --concurrency below the number of
hosts: two commands per host, check everywhere first, then switch.)

The release rolled back from stays on disk (rollback never deletes or tars
anything); 'opsctl deploy' prunes it later like any old release.

--break-lock breaks a lock held by someone else (a crashed deploy): use it in
an emergency, after 'opsctl lock status'.

Examples:
  opsctl rollback                      # every host to its previous release
  opsctl rollback -H web --to 20261123140501-1a2b3c4d
  opsctl rollback --dry-run            # show what each host would switch to
  opsctl rollback --break-lock         # break a stale lock first

Exit codes: 0 every host on the target; 1 refused (nothing switched);
3 some hosts switched and some failed; 130 interrupted.`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.validate(); err != nil {
				return err
			}
			return runRollback(a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.to, "to", "", "release id to switch to (default: each host's previous release)")
	f.BoolVar(&o.force, "break-lock", false, "break a lock held by someone else (stale lock of a crashed deploy)")
	deprecatedFlag(cmd, "force", "break-lock")
	f.BoolVar(&o.dryRun, "dry-run", false, "show each host's live and target release; change nothing")
	o.drainOpts.addRollbackFlags(cmd)
	f.StringVar(&o.batchSize, "batch-size", "", "with --drain: hosts per wave, N or P% (default 25%)")
	return cmd
}

func runRollback(a *app, o *rollbackOptions) error {
	cfg, common, err := a.f.DeployCommon()
	if err != nil {
		return err
	}
	if !o.dryRun {
		target := "their previous release"
		if o.to != "" {
			target = o.to
		}
		what := fmt.Sprintf("roll back %d host(s) to %s", len(common.Hosts), target)
		if o.force {
			what += ", breaking any lock they hold"
		}
		if err := a.confirm(what, deployHostNames(common.Hosts)); err != nil {
			return err
		}
	}
	a.watchSignals()
	if o.drainOpts.drain { // only when asked: plain rollback stays all at once
		return a.runRollingRollback(o, cfg, common)
	}
	if !o.dryRun {
		a.progress(int64(len(common.Hosts)), "hosts", false)
	}
	common.OnEvent = a.hostEvents(func(e deploy.Event) bool {
		return e.Host != "" && (e.Is(deploy.EvSwitched) || (e.Is(deploy.EvFailed) && e.Message != "health"))
	})
	started := time.Now()
	res, err := deploy.Rollback(a.hardCtx, deploy.RollbackOptions{
		Common: common, To: o.to, Force: o.force, Hooks: deploy.Hooks(cfg.Hooks), Health: deploy.Health(cfg.Health), DryRun: o.dryRun,
	})
	a.doneProgress()
	if !o.dryRun {
		a.releaseEvent(notify.RollbackEnd(o.to, len(common.Hosts), time.Since(started), err))
	}
	if res != nil && !isLocked(err) {
		if o.dryRun {
			a.printRollbackPlan(res)
		} else {
			a.printHostResults("rollback", res, false)
		}
	}
	return a.withLockHint(err, "rollback")
}

func (a *app) printRollbackPlan(res *deploy.Result) {
	p := a.rows("rollback.plan", "HOST\tLIVE\tWOULD SWITCH TO\tPROBLEM")
	for _, h := range res.Hosts {
		f := map[string]any{"host": h.Host, "live": h.Live, "target": h.Target, "dry_run": true}
		if h.Err != nil {
			f["error"] = h.Reason()
		}
		p.row(f, h.Host, dashNone(h.Live), dash(h.Target), dash(h.Reason()))
	}
	p.flush()
}
