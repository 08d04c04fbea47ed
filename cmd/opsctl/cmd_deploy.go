package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/gate"
	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/notify"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

type deployOptions struct {
	artifact  string
	releaseID string
	canary    string
	batchSize string
	maxFail   string
	canaryMax string
	pause     time.Duration
	confirm   bool
	dryRun    bool
	drain     drainOptions
	watch     time.Duration // metric gates' watch window (0: each gate's own)
	noGates   bool
}

func (o *deployOptions) validate() error {
	if o.artifact == "" {
		return usageError("--artifact FILE.tar.gz is required")
	}
	if o.releaseID != "" {
		if err := deploy.ValidateReleaseID(o.releaseID); err != nil {
			return usageError("--release-id: %v", err)
		}
	}
	for flag, v := range map[string]string{"--canary": o.canary, "--batch-size": o.batchSize, "--max-fail": o.maxFail, "--canary-max-fail": o.canaryMax} {
		if v == "" {
			continue
		}
		if _, err := fanout.Count(v, 100); err != nil {
			return usageError("%s: %v", flag, err)
		}
	}
	if o.batchSize != "" {
		if n, _ := fanout.Count(o.batchSize, 100); n == 0 {
			return usageError("--batch-size %q: must be at least one host", o.batchSize)
		}
	}
	if o.pause < 0 {
		return usageError("--pause must be positive")
	}
	if o.watch < 0 {
		return usageError("--watch must be positive")
	}
	return nil
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

Waves: --canary N|P% hosts first, then --batch-size N|P% at a time (default:
all the rest at once). The release id defaults to the UTC time plus the
first 8 hex digits of the artifact's SHA-256.

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
			if err := o.validate(); err != nil {
				return err
			}
			return runDeploy(a, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.artifact, "artifact", "a", "", "release artifact (.tar.gz) to deploy")
	f.StringVar(&o.releaseID, "release-id", "", "release id (letters, digits, ._-); default: UTC timestamp + short sha256")
	f.StringVar(&o.canary, "canary", "", "hosts in the first wave: N or P%")
	f.StringVar(&o.batchSize, "batch-size", "", "hosts per later wave: N or P% (default: all remaining)")
	f.StringVar(&o.maxFail, "max-fail", "0", "failures tolerated per wave after the canary: N or P%; beyond it, stop and roll back")
	f.StringVar(&o.canaryMax, "canary-max-fail", "0", "failures tolerated in the canary wave: N or P% (default 0: a failing canary halts the deploy whatever --max-fail says)")
	f.DurationVar(&o.pause, "pause", 0, "wait this long after each wave's health checks pass")
	f.BoolVar(&o.confirm, "confirm", false, "ask before each next wave (continue, or abort and roll back)")
	f.BoolVar(&o.dryRun, "dry-run", false, "print the plan (waves, hosts, release id, hooks) and change nothing")
	f.DurationVar(&o.watch, "watch", 0, "watch window of every metric gate (gates section): evaluate each interval for this long, any breach fails the wave")
	f.BoolVar(&o.noGates, "no-gates", false, "skip the metric gates (said in the output; health checks still run)")
	o.drain.addFlags(cmd)
	return cmd
}

func runDeploy(a *app, o *deployOptions) error {
	cfg, common, err := a.f.DeployCommon()
	if err != nil {
		return err
	}
	if _, err := os.Stat(o.artifact); err != nil {
		return usageError("--artifact: %v", err)
	}
	a.watchSignals()
	opts := deploy.Options{
		Common:        common,
		Artifact:      o.artifact,
		ReleaseID:     o.releaseID,
		SharedPaths:   cfg.App.SharedPaths,
		KeepReleases:  cfg.App.KeepReleases,
		Canary:        o.canary,
		BatchSize:     o.batchSize,
		MaxFail:       o.maxFail,
		CanaryMaxFail: o.canaryMax,
		Pause:         o.pause,
		Hooks:         deploy.Hooks(cfg.Hooks),
		Health:        deploy.Health(cfg.Health),
		DryRun:        o.dryRun,
		Stop:          a.softCtx,
	}
	if o.confirm {
		opts.Confirm = a.confirmWave
	}
	var up *uploadProgress
	var gates []gate.Gate
	if cfg.Gates.Enabled() && !o.noGates {
		var watch *time.Duration
		if o.watch > 0 {
			watch = &o.watch
		}
		gates = factory.Gates(cfg.Gates, watch)
		opts.Gates = factory.DeployGates(gates, a.gateEvaluation)
	} else if cfg.Gates.Enabled() {
		a.infof("metric gates skipped (--no-gates)\n")
	}
	if !o.dryRun {
		up = newUploadProgress(a)
	}
	hostLines := a.hostEvents(nil)
	opts.OnEvent = func(e deploy.Event) {
		up.event(e)
		hostLines(e)
	}
	lb, err := a.setupDrain(&opts, &o.drain, cfg)
	if err != nil {
		a.doneProgress()
		return err
	}
	started := time.Now()
	if !o.dryRun {
		opts.OnEvent = deployEvents(a, opts.OnEvent, len(common.Hosts))
	}
	res, err := deploy.Deploy(a.hardCtx, opts)
	a.doneProgress()
	if o.dryRun && err == nil {
		err = a.printPlan(res)
		printGatePlan(a, gates)
		return err
	}
	if res != nil {
		a.releaseEvent(notify.DeployEnd(res.Plan.ReleaseID, len(res.Hosts), time.Since(started), err))
	} else if err != nil {
		a.releaseEvent(notify.DeployFailed(time.Since(started), err))
	}
	if res != nil && !isLocked(err) {
		a.cacheReleases(res.Plan.ReleaseID) // for rollback --to completion
		a.printHostResults("deploy", res, true)
		a.reportLeftOut("deploy", lb)
	}
	if err == nil && !a.jsonMode() {
		a.infof("release %s is live on %d host(s)\n", res.Plan.ReleaseID, len(res.Hosts))
	}
	return a.withLockHint(err, "deploy")
}

func isLocked(err error) bool {
	_, ok := err.(*deploy.LockedError)
	return ok
}

func (a *app) printPlan(res *deploy.Result) error {
	p := res.Plan
	if a.jsonMode() {
		a.emit("deploy.plan", map[string]any{"release": p.ReleaseID, "sha256": p.SHA256, "size": p.Size, "deploy_to": p.DeployTo,
			"waves": p.Waves, "max_fail": p.MaxFail, "canary_max_fail": p.CanaryMaxFail, "hooks": p.Hooks, "health": p.Health, "pause": p.Pause.String(), "confirm": p.Confirm, "dry_run": true})
		return nil
	}
	w := a.io.Out
	fmt.Fprintf(w, "Dry run: nothing will be changed.\n")
	fmt.Fprintf(w, "release   %s\nartifact  %d bytes, sha256 %s\ndeploy_to %s\n", p.ReleaseID, p.Size, p.SHA256, p.DeployTo)
	for i, wave := range p.Waves {
		name := "batch"
		if i == 0 && p.Canary {
			name = "canary"
		}
		fmt.Fprintf(w, "wave %d (%s, %d host(s)): %s\n", i+1, name, len(wave), strings.Join(wave, ", "))
	}
	if p.Canary {
		fmt.Fprintf(w, "max-fail  %d in the canary, %d per later wave\n", p.CanaryMaxFail, p.MaxFail)
	} else {
		fmt.Fprintf(w, "max-fail  %d per wave\n", p.MaxFail)
	}
	hooks := func(name string, list []string) {
		if len(list) > 0 {
			fmt.Fprintf(w, "hook      %s: %s\n", name, strings.Join(list, " && "))
		}
	}
	hooks("after_upload", p.Hooks.AfterUpload)
	hooks("before_switch", p.Hooks.BeforeSwitch)
	hooks("after_switch", p.Hooks.AfterSwitch)
	if p.Health.URL != "" {
		fmt.Fprintf(w, "health    GET %s expect %d\n", p.Health.URL, p.Health.ExpectStatus)
	}
	if p.Health.Command != "" {
		fmt.Fprintf(w, "health    command: %s\n", p.Health.Command)
	}
	if p.Pause > 0 {
		fmt.Fprintf(w, "gate      pause %s\n", p.Pause)
	}
	if p.Confirm {
		fmt.Fprintf(w, "gate      confirm\n")
	}
	return nil
}

// confirmWave asks on the terminal whether to go on after a wave.
func (a *app) confirmWave(ctx context.Context, w deploy.WaveSummary) (bool, error) {
	a.outMu.Lock()
	if a.bar != nil {
		a.bar.Clear() // not drawn again over the question
	}
	fmt.Fprintf(a.io.ErrOut, "wave %d/%d done: %d switched, %d failed; %d host(s) to go.\nContinue with the next wave? [y = continue, n = abort and roll back] ",
		w.Wave, w.Waves, len(w.Switched), len(w.Failed), w.Remaining)
	a.outMu.Unlock()
	yes, err := a.ask(ctx, "Please answer y (continue) or n (abort and roll back): ")
	if err != nil && ctx.Err() == nil {
		return false, fmt.Errorf("no answer (%v)", err)
	}
	return yes, err
}

// uploadProgress draws one bar per wave on a terminal: the bytes sent to
// the wave's hosts, the rate and the time left, and a host counter in the
// description (uploaded, then switched). Nothing when stderr is not a
// terminal or in JSON mode. The library reports bytes per host (EvUpload);
// this only adds them up and draws.
type uploadProgress struct {
	a        *app
	mu       sync.Mutex
	wave     int
	hosts    int
	sent     map[string]int64
	uploaded map[string]bool
	switched map[string]bool
	total    int64
	lastSet  time.Time
	bar      *progressbar.ProgressBar
}

func newUploadProgress(a *app) *uploadProgress {
	if !a.io.ErrTTY || a.jsonMode() {
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
	switch e.Verb() {
	case deploy.EvWave:
		u.finishLocked()
		u.wave, u.hosts = e.Wave, len(strings.Split(e.Message, ","))
		u.sent, u.uploaded, u.switched = map[string]int64{}, map[string]bool{}, map[string]bool{}
		total := e.Total
		if total <= 0 {
			total = 1
		}
		u.total = total
		u.a.outMu.Lock()
		u.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(u.a.io.ErrOut),
			progressbar.OptionSetDescription(u.describeLocked()),
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
		u.a.outMu.Unlock()
	case deploy.EvUpload:
		if e.Wave != u.wave || u.bar == nil {
			return
		}
		u.sent[e.Host] = e.Bytes
		var sum int64
		for _, n := range u.sent {
			sum += n
		}
		if time.Since(u.lastSet) < 100*time.Millisecond && sum < u.total {
			return
		}
		u.lastSet = time.Now()
		u.a.outMu.Lock()
		// never the full total: the bar stays (with its host counts) until
		// the wave's hosts are switched
		_ = u.bar.Set64(min(sum, u.total-1))
		u.a.outMu.Unlock()
	case deploy.EvPrepared, deploy.EvSwitched, deploy.EvFailed:
		if e.Wave != u.wave || u.bar == nil {
			return
		}
		if e.Is(deploy.EvSwitched) {
			u.switched[e.Host] = true
		}
		u.uploaded[e.Host] = true
		u.a.outMu.Lock()
		u.bar.Describe(u.describeLocked())
		u.a.outMu.Unlock()
		if len(u.switched) == u.hosts {
			u.finishLocked()
		}
	case deploy.EvDone:
		u.finishLocked()
	}
}

func (u *uploadProgress) describeLocked() string {
	return fmt.Sprintf("wave %d: %d/%d hosts uploaded, %d/%d switched", u.wave, len(u.uploaded), u.hosts, len(u.switched), u.hosts)
}

func (u *uploadProgress) finishLocked() {
	if u.bar == nil {
		return
	}
	u.a.outMu.Lock()
	_ = u.bar.Finish()
	if u.a.bar == u.bar {
		u.a.bar = nil
	}
	u.a.outMu.Unlock()
	u.bar = nil
}
