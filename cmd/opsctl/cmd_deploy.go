package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/gate"
	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/notify"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// deployOptions are deploy's flags: the library's options, bound to their
// flags, and what the command decides from the others.
type deployOptions struct {
	deploy.Options
	confirm bool
	drain   drainOptions
	watch   time.Duration // metric gates' watch window (0: each gate's own)
	noGates bool
}

func newDeployCmd(a *app) *cobra.Command {
	o := &deployOptions{}
	cmd := &cobra.Command{
		Use:   "deploy --artifact FILE.tar.gz",
		Short: "Push a release to the selected hosts, canary first, in waves",
		Long: `Upload a release artifact (a .tar.gz built by CI) to every selected host and
switch it live, wave by wave:

  1. lock: take <deploy_to>/.opsctl.lock on every host before anything live
     changes (refused, with the holder's name, if another deploy or rollback
     holds it). On the first wave's hosts the lock command goes on to do
     the upload of step 2; a refusal cuts those uploads short and removes
     them (with hooks.after_upload set, every host is locked first);
  2. per wave: stream the artifact over SSH into releases/.tmp-<id>, check
     its SHA-256 on the host, extract, link app.shared_paths from shared/,
     run hooks.after_upload -- on EVERY host of the wave before any of them
     switches;
  3. switch: hooks.before_switch, then current -> releases/<id> atomically
     (a temp symlink renamed over current), a line in revisions.log,
     hooks.after_switch;
  4. gate: health checks (health.url and/or health.command) on the wave,
     then, once it is back in rotation, the metric gates of the inventory's
     gates section (Prometheus or Graphite queries with thresholds, watched
     for --watch or each check's window; a breach, or no data unless the
     check says no_data: wait/pass, fails the wave like a failed health
     check), then --pause and/or --confirm, then the next wave;
  5. prune to app.keep_releases (never the live one or the one before it)
     and release the lock.

More failures in a wave than --max-fail (default 0) stop the deploy and put
every host switched by it back on the release it had before. Hosts that
fail within --max-fail are put back individually. The canary is stricter:
any canary host that fails its checks halts the deploy, whatever
--max-fail allows the later waves (--canary-max-fail N|P% tolerates some).
The report says exactly which host is on which release.

The artifact is checked here before anything is uploaded: it must be a
readable gzip'd tar, read to its end.

Ctrl-C: hosts of a wave that is switching finish their switch; nothing new
starts; every host ends fully on its old release or fully on the new one,
and the lock is released. A second Ctrl-C aborts commands in flight and
rolls nothing back: opsctl exits 130 naming every host left live on the
new release with the exact 'opsctl rollback -H ... --to ...' to put them
back, and 'opsctl history' shows the deploy as INTERRUPTED.

Examples:
  opsctl deploy --artifact build/shop.tar.gz --dry-run
  opsctl deploy --artifact shop.tar.gz --canary 2 --batch-size 25% --pause 30s
  opsctl deploy --artifact shop.tar.gz -H web --canary 1 --confirm
  opsctl deploy --artifact shop.tar.gz --release-id v1.4.2 --max-fail 10%
  opsctl deploy --artifact shop.tar.gz --canary 10% --canary-max-fail 1 --max-fail 5%
  opsctl deploy --artifact shop.tar.gz --canary 1 --watch 5m   # metric gates watch each wave 5m

Every gate evaluation (query, values, threshold, verdict) is printed (a
deploy.gate event with -o json) and appended to gates.log on the wave's
hosts ('opsctl history' shows them). Release events (start, finish, fail)
go to the inventory's events receivers; one that is down costs at most
events.timeout and is reported as a warning.

Exit codes: 0 every host switched; 1 failed with nothing switched (or
refused: lock, checksum); 3 partial (some hosts switched, rolled back, or
failed within --max-fail); 130 interrupted.`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.Validate(); err != nil {
				return flagsError(err)
			}
			if o.watch < 0 {
				return usageError("--watch must be positive")
			}
			if err := o.drain.validate(); err != nil {
				return err
			}
			return runDeploy(a, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.Artifact, "artifact", "a", "", "release artifact (.tar.gz) to deploy")
	f.StringVar(&o.ReleaseID, "release-id", "", "release id (letters, digits, ._-); default: UTC timestamp + short sha256")
	f.StringVar(&o.Canary, "canary", "", "hosts in the first wave: N or P%")
	f.StringVar(&o.BatchSize, "batch-size", "", "hosts per later wave: N or P% (default: all remaining)")
	f.StringVar(&o.MaxFail, "max-fail", "0", "failures tolerated per wave after the canary: N or P%; beyond it, stop and roll back")
	f.StringVar(&o.CanaryMaxFail, "canary-max-fail", "0", "failures tolerated in the canary wave: N or P% (default 0: a failing canary halts the deploy whatever --max-fail says)")
	f.DurationVar(&o.Pause, "pause", 0, "wait this long after each wave's health checks pass")
	f.BoolVar(&o.confirm, "confirm", false, "ask before each next wave (continue, or abort and roll back)")
	f.BoolVar(&o.DryRun, "dry-run", false, "print the plan (waves, hosts, release id, hooks) and change nothing")
	f.DurationVar(&o.watch, "watch", 0, "watch window of every metric gate (gates section): evaluate each interval for this long, any breach fails the wave")
	f.BoolVar(&o.noGates, "no-gates", false, "skip the metric gates (said in the output; health checks still run)")
	o.drain.addFlags(cmd, true)
	return cmd
}

func runDeploy(a *app, o *deployOptions) error {
	cfg, common, err := a.f.DeployCommon()
	if err != nil {
		return err
	}
	if _, err := os.Stat(o.Artifact); err != nil {
		return usageError("--artifact: %v", err)
	}
	a.watchSignals()
	opts := o.Options
	opts.Common, opts.SharedPaths, opts.KeepReleases, opts.Stop = common, cfg.App.SharedPaths, cfg.App.KeepReleases, a.softCtx
	opts.Hooks, opts.Health = deploy.Hooks(cfg.Hooks), deploy.Health(cfg.Health)
	if o.confirm {
		opts.Confirm = a.confirmWave
	}
	var gates []gate.Gate
	if cfg.Gates.Enabled() && o.noGates {
		a.infof("metric gates skipped (--no-gates)\n")
	} else if cfg.Gates.Enabled() {
		gates = factory.Gates(cfg.Gates, o.watch)
		opts.Gates = factory.DeployGates(gates, a.gateEvaluation)
	}
	up, hostLines := newUploadProgress(a, opts.DryRun), a.hostEvents(nil)
	opts.OnEvent = func(e deploy.Event) {
		up.event(e)
		hostLines(e)
	}
	var lb *deploy.LB
	if o.drain.on(cfg) {
		if lb, _, err = a.drainLB(&o.drain, opts.Common, opts.Canary, opts.BatchSize, opts.MaxFail, opts.DryRun); err != nil {
			return err
		}
		opts.LB = lb
	}
	started := time.Now()
	if !opts.DryRun {
		opts.OnEvent = deployEvents(a, opts.OnEvent, len(common.Hosts))
	}
	res, err := deploy.Deploy(a.hardCtx, opts)
	a.doneProgress()
	if opts.DryRun && err == nil {
		if a.jsonMode() {
			a.emit("deploy.plan", res.Plan, map[string]any{"pause": res.Plan.Pause.String(), "dry_run": true})
		} else {
			fmt.Fprintf(a.io.Out, "Dry run: nothing will be changed.\n%s", res.Plan)
		}
		printGatePlan(a, gates)
		return nil
	}
	switch {
	case opts.DryRun: // a dry run that failed marks no graph, caches no release
	case res != nil:
		a.releaseEvent(notify.DeployEnd(res.Plan.ReleaseID, len(res.Hosts), time.Since(started), err))
		if !isLocked(err) {
			a.cacheReleases(res.Plan.ReleaseID) // for rollback --to completion
		}
	case err != nil:
		a.releaseEvent(notify.DeployFailed(time.Since(started), err))
	}
	if err = a.reportResult("deploy", res, lb, err, true); err == nil {
		a.infof("release %s is live on %d host(s)\n", res.Plan.ReleaseID, len(res.Hosts))
	}
	return err
}

// confirmWave asks on the terminal whether to go on after a wave.
func (a *app) confirmWave(ctx context.Context, w deploy.WaveSummary) (bool, error) {
	a.outMu.Lock()
	if a.bar != nil {
		a.bar.Clear() // not drawn again over the question
	}
	fmt.Fprintf(a.io.ErrOut, "%s\nContinue with the next wave? [y = continue, n = abort and roll back] ", w)
	a.outMu.Unlock()
	yes, err := a.ask(ctx, "Please answer y (continue) or n (abort and roll back): ")
	if err != nil && ctx.Err() == nil {
		return false, fmt.Errorf("no answer (%v)", err)
	}
	return yes, err
}

// uploadProgress draws one bar per wave on a terminal: the bytes sent to
// the wave's hosts, the rate and the time left, and its host counts in the
// description (deploy.WaveProgress adds them up). Nothing when stderr is
// not a terminal, in JSON mode or in a dry run.
type uploadProgress struct {
	a       *app
	mu      sync.Mutex
	p       deploy.WaveProgress
	lastSet time.Time
	bar     *progressbar.ProgressBar
}

func newUploadProgress(a *app, dryRun bool) *uploadProgress {
	if !a.io.ErrTTY || a.jsonMode() || dryRun {
		return nil
	}
	return &uploadProgress{a: a}
}

func (u *uploadProgress) event(e deploy.Event) {
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if !u.p.Add(e) && !e.Is(deploy.EvDone) {
		return
	}
	u.a.outMu.Lock()
	defer u.a.outMu.Unlock()
	switch {
	case e.Is(deploy.EvDone) || e.Is(deploy.EvWave):
		u.finish()
		if e.Is(deploy.EvWave) {
			u.bar = progressbar.NewOptions64(u.p.Total,
				progressbar.OptionSetWriter(u.a.io.ErrOut),
				progressbar.OptionSetDescription(u.p.String()),
				progressbar.OptionSetWidth(24),
				progressbar.OptionShowBytes(true),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionSetElapsedTime(true),
				progressbar.OptionThrottle(0), // throttled here, so host counts show at once
				progressbar.OptionClearOnFinish(),
				progressbar.OptionSetRenderBlankState(true),
			)
			u.a.bar = u.bar
		}
	case u.bar == nil: // the wave's hosts are all switched
	case e.Is(deploy.EvUpload):
		if time.Since(u.lastSet) >= 100*time.Millisecond || u.p.Sent >= u.p.Total {
			u.lastSet = time.Now()
			// never the full total: the bar stays (with its host counts)
			// until the wave's hosts are switched
			_ = u.bar.Set64(min(u.p.Sent, u.p.Total-1))
		}
	default:
		u.bar.Describe(u.p.String())
		if u.p.Switched == u.p.Hosts {
			u.finish()
		}
	}
}

// finish ends the wave's bar (under a.outMu).
func (u *uploadProgress) finish() {
	if u.bar != nil {
		_ = u.bar.Finish()
		if u.a.bar == u.bar {
			u.a.bar = nil
		}
		u.bar = nil
	}
}
