package main

import (
	"cmp"
	"time"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/notify"
	"github.com/spf13/cobra"
)

// rollbackOptions are rollback's flags: the library's options (--to,
// --break-lock, --dry-run) and, with --drain, a rolling rollback's.
type rollbackOptions struct {
	deploy.RollbackOptions
	drain     drainOptions
	batchSize string
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

Examples:
  opsctl rollback                      # every host to its previous release
  opsctl rollback -H web --to 20261123140501-1a2b3c4d
  opsctl rollback --dry-run            # show what each host would switch to
  opsctl rollback --break-lock         # emergency: break a crashed deploy's lock
                                       # (see 'opsctl lock status' first)

Exit codes: 0 every host on the target; 1 refused (nothing switched);
3 some hosts switched and some failed; 130 interrupted.`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.Validate(); err != nil {
				return flagsError(err)
			}
			if err := o.drain.validate(); err != nil {
				return err
			}
			return runRollback(a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.To, "to", "", "release id to switch to (default: each host's previous release)")
	f.BoolVar(&o.Force, "break-lock", false, "break a lock held by someone else (stale lock of a crashed deploy)")
	deprecatedFlag(cmd, "force", "break-lock")
	f.BoolVar(&o.DryRun, "dry-run", false, "show each host's live and target release; change nothing")
	o.drain.addFlags(cmd, false)
	f.StringVar(&o.batchSize, "batch-size", "", "with --drain: hosts per wave, N or P% (default 25%)")
	return cmd
}

func runRollback(a *app, o *rollbackOptions) error {
	cfg, common, err := a.f.DeployCommon()
	if err != nil {
		return err
	}
	if !o.DryRun {
		if err := a.confirm(o.What(len(common.Hosts)), deployHostNames(common.Hosts)); err != nil {
			return err
		}
	}
	a.watchSignals()
	ro := o.RollbackOptions
	ro.Common, ro.Hooks, ro.Health = common, deploy.Hooks(cfg.Hooks), deploy.Health(cfg.Health)
	started := time.Now()
	var res *deploy.Result
	var lb *deploy.LB
	if o.drain.drain { // a rolling rollback (deploy_drain.go); plain rollback stays all at once
		ro.OnEvent = a.hostEvents(nil)
		var waves [][]string
		if lb, waves, err = a.drainLB(&o.drain, ro.Common, "", cmp.Or(o.batchSize, "25%"), "", o.DryRun); err != nil {
			return err
		}
		res, err = deploy.RollingRollback(a.hardCtx, deploy.RollingRollbackOptions{RollbackOptions: ro, Waves: waves, LB: lb, Stop: a.softCtx})
	} else {
		if !o.DryRun {
			a.progress(int64(len(common.Hosts)), "hosts", false)
		}
		ro.OnEvent = a.hostEvents(deploy.Event.EndsHost)
		res, err = deploy.Rollback(a.hardCtx, ro)
		a.doneProgress()
	}
	if !o.DryRun {
		a.releaseEvent(notify.RollbackEnd(o.To, len(common.Hosts), time.Since(started), err))
		return a.reportResult("rollback", res, lb, err, o.drain.drain)
	}
	if res != nil && !isLocked(err) {
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
	return a.withLockHint(err, "rollback")
}
