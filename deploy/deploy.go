package deploy

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/internal/iox"
)

// Options configure a deploy.
type Options struct {
	Common
	// Artifact is the .tar.gz to deploy. It is read once to hash it, then
	// streamed to each host (opened once per host; never copied).
	Artifact     string
	ReleaseID    string // default: UTC timestamp + "-" + first 8 hex of its sha256
	SharedPaths  []string
	KeepReleases int // default 5

	Canary    string // N or P% of the hosts in the first wave ("" or "0": none)
	BatchSize string // N or P% per later wave ("": all the rest at once)
	MaxFail   string // N or P% of a wave allowed to fail (default 0)
	// CanaryMaxFail is N or P% of the canary wave allowed to fail (default
	// 0: a canary that fails its checks halts the deploy, whatever MaxFail
	// allows the later waves).
	CanaryMaxFail string
	Pause         time.Duration
	// Confirm, when set, is asked between waves; false aborts the deploy
	// and rolls back every switched host.
	Confirm func(ctx context.Context, w WaveSummary) (bool, error)

	Hooks  Hooks
	Health Health
	// LB, when set, takes each wave out of the load balancers' rotation
	// around its switch (see LB).
	LB WaveHooks
	// Gates, when set, watch each wave's metrics once it is back in
	// rotation; a failure fails the wave (see Gates).
	Gates Gates

	DryRun bool
	// Stop is the soft stop: once done, no new wave (or host) starts; a
	// wave that is switching finishes its switch. Nil means ctx.
	Stop context.Context
}

// WaveSummary describes the wave that just passed its gate.
type WaveSummary struct {
	Wave, Waves int
	Switched    []string
	Failed      []string
	Remaining   int // hosts in later waves
}

// ErrInterrupted is the cause of an *Error when the stop context ended it.
var ErrInterrupted = errors.New("interrupted")

func (o *Options) validate() error {
	if err := o.Common.validate(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if o.KeepReleases == 0 {
		o.KeepReleases = 5
	}
	if o.Stop == nil {
		o.Stop = context.Background()
	}
	return nil
}

// Validate checks the deploy's own options (not Common: the hosts and how
// to reach them): the artifact is named, the release id, the wave sizes and
// failure allowances (N or P%), the pause, keep_releases and the shared
// paths. Its messages name the CLI flags; Deploy checks the same.
func (o *Options) Validate() error {
	if o.Artifact == "" {
		return errors.New("--artifact FILE.tar.gz is required")
	}
	if o.ReleaseID != "" {
		if err := ValidateReleaseID(o.ReleaseID); err != nil {
			return fmt.Errorf("--release-id: %w", err)
		}
	}
	for _, c := range []struct{ flag, v string }{{"--canary", o.Canary}, {"--batch-size", o.BatchSize}, {"--max-fail", o.MaxFail}, {"--canary-max-fail", o.CanaryMaxFail}} {
		if c.v == "" {
			continue
		}
		if n, err := fanout.Count(c.v, 100); err != nil {
			return fmt.Errorf("%s: %w", c.flag, err)
		} else if n == 0 && c.flag == "--batch-size" {
			return fmt.Errorf("--batch-size %q: must be at least one host", c.v)
		}
	}
	if o.Pause < 0 {
		return errors.New("--pause must be positive")
	}
	if o.KeepReleases != 0 && o.KeepReleases < 2 {
		return fmt.Errorf("keep_releases %d: must be at least 2", o.KeepReleases)
	}
	for _, p := range o.SharedPaths {
		c := strings.TrimSuffix(p, "/")
		if c == "" || strings.HasPrefix(c, "/") || strings.Contains("/"+c+"/", "/../") || strings.ContainsAny(c, "\x00\n") {
			return fmt.Errorf("shared path %q: want a relative path inside the release", p)
		}
	}
	return nil
}

// MakePlan computes the waves: the canary first, then batches.
func MakePlan(hosts []string, canary, batch, maxFail string) ([][]string, int, error) {
	n := len(hosts)
	c := 0
	if canary != "" {
		var err error
		if c, err = fanout.Count(canary, n); err != nil {
			return nil, 0, fmt.Errorf("--canary: %w", err)
		}
	}
	c = min(c, n)
	b := n - c
	if batch != "" {
		var err error
		if b, err = fanout.Count(batch, n); err != nil {
			return nil, 0, fmt.Errorf("--batch-size: %w", err)
		}
		if b < 1 {
			return nil, 0, fmt.Errorf("--batch-size %q: must be at least one host", batch)
		}
	}
	mf := 0
	if maxFail != "" {
		var err error
		if mf, err = fanout.Count(maxFail, n); err != nil {
			return nil, 0, fmt.Errorf("--max-fail: %w", err)
		}
	}
	var waves [][]string
	if c > 0 {
		waves = append(waves, hosts[:c])
	}
	for i := c; i < n; i += b {
		waves = append(waves, hosts[i:min(i+b, n)])
	}
	return waves, mf, nil
}

// ArtifactError is an artifact refused on this machine, before anything
// was uploaded: unreadable, not gzip, not a tar, or cut short.
type ArtifactError struct {
	Path string
	Err  error
}

func (e *ArtifactError) Error() string {
	return fmt.Sprintf("artifact %s: %v (nothing was uploaded; want a .tar.gz, e.g. tar -czf app.tar.gz -C build .)", e.Path, e.Err)
}
func (e *ArtifactError) Unwrap() error { return e.Err }

// checkArtifact reads the artifact once: it hashes it and, at the same
// time (another goroutine, so it costs no wall time on a large file),
// decompresses it and reads the tar to its end, so a file that is not a
// readable gzip'd tar is refused here instead of on every host.
func checkArtifact(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, &ArtifactError{Path: p, Err: err}
	}
	defer f.Close()
	pr, pw := io.Pipe()
	tarErr := make(chan error, 1)
	go func() {
		err := readTarGz(pr)
		pr.CloseWithError(err) // unblocks the writer if we stopped early
		io.Copy(io.Discard, pr)
		tarErr <- err
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(h, pw), f)
	pw.CloseWithError(err)
	terr := <-tarErr
	if terr != nil { // (err is then terr too, through the pipe)
		return "", 0, &ArtifactError{Path: p, Err: terr}
	}
	if err != nil {
		return "", 0, &ArtifactError{Path: p, Err: err}
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// readTarGz reads a gzip'd tar to its end (every member, every entry).
func readTarGz(r io.Reader) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty file, not a gzip'd tar")
		}
		return fmt.Errorf("not gzip (%v)", err)
	}
	tr := tar.NewReader(zr)
	entries := 0
	for {
		_, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("cut short after %d tar entries (%v)", entries, err)
			}
			return fmt.Errorf("not a readable tar inside the gzip, after %d entries (%v)", entries, err)
		}
		entries++
		if _, err := io.Copy(io.Discard, tr); err != nil {
			return fmt.Errorf("tar entry %d: %v", entries, err)
		}
	}
	// the gzip stream's end (and its CRC), and any trailing members
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return fmt.Errorf("gzip: %v", err)
	}
	if entries == 0 {
		return errors.New("the tar holds no files")
	}
	return nil
}

type deployRun struct {
	o    *Options
	op   *opState
	plan Plan
	mu   sync.Mutex
	res  map[string]*HostResult
	// pre holds the first wave's upload outcomes when the upload ran in
	// the lock command (lockAndUpload); nil otherwise.
	pre []fanout.Result[struct{}]
	// rolledBack counts hosts put back on their old release (under mu)
	rolledBack int
}

// Deploy puts the artifact on every host and switches them live, wave by
// wave. ctx is the hard context (cancelling it aborts commands in flight);
// o.Stop is the soft one. The returned Result always says where every host
// is; the error is an *Error (with the same Result), a *LockedError
// (nothing changed), or a validation error.
func Deploy(ctx context.Context, o Options) (*Result, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	sum, size, err := checkArtifact(o.Artifact)
	if err != nil {
		return nil, err
	}
	id := o.ReleaseID
	if id == "" {
		id = time.Now().UTC().Format("20060102150405") + "-" + sum[:8]
	}
	waves, maxFail, err := MakePlan(hostNames(o.Hosts), o.Canary, o.BatchSize, o.MaxFail)
	if err != nil {
		return nil, err
	}
	d := &deployRun{o: &o, res: map[string]*HostResult{}}
	d.op = &opState{kind: "deploy", id: newOpID("deploy"), remotes: map[string]Remote{}, locked: map[string]bool{}}
	d.plan = Plan{ReleaseID: id, OpID: d.op.id, SHA256: sum, Size: size, DeployTo: o.DeployTo, Waves: waves, MaxFail: maxFail,
		Hooks: o.Hooks, Health: redactedHealth(o.Health), Pause: o.Pause, Confirm: o.Confirm != nil}
	if o.Canary != "" {
		c, _ := fanout.Count(o.Canary, len(o.Hosts))
		d.plan.Canary = c > 0
	}
	if d.plan.Canary && o.CanaryMaxFail != "" {
		if d.plan.CanaryMaxFail, err = fanout.Count(o.CanaryMaxFail, len(waves[0])); err != nil {
			return nil, fmt.Errorf("--canary-max-fail: %w", err)
		}
	}
	result := &Result{Plan: d.plan}
	for wi, w := range waves {
		for _, h := range w {
			result.Hosts = append(result.Hosts, HostResult{Host: h, Wave: wi + 1, Status: StatusUntouched, Live: Unknown, Previous: Unknown})
		}
	}
	for i := range result.Hosts {
		d.res[result.Hosts[i].Host] = &result.Hosts[i]
	}
	o.emit(Event{Event: event.Event{Name: EvPlan}, Release: id, Message: fmt.Sprintf("release %s (%d bytes, sha256 %s) to %d host(s) in %d wave(s), max %d failure(s) per wave", id, size, sum[:12], len(o.Hosts), len(waves), maxFail)})
	if o.DryRun {
		return result, nil
	}
	if len(o.Hooks.AfterUpload) == 0 {
		// the lock rides along with the first wave's upload (see
		// lockAndUpload); after_upload hooks are commands of the user's,
		// so with them every host is locked before any upload starts
		if err := d.lockAndUpload(ctx); err != nil {
			result.Interrupted = ctx.Err() != nil // hard abort: nothing changed, nothing left
			return result, err
		}
	} else {
		curs, err := o.connectAndLock(ctx, d.op, id, false, func(string) string { return currentLines(o.DeployTo) })
		if err != nil {
			return result, err
		}
		var live []string
		for _, h := range o.Hosts {
			name := h.Name
			out, ok := curs[name]
			if !ok {
				continue
			}
			if cur, ok := parseCurrent(out); ok {
				d.res[name].Live, d.res[name].Previous = cur, cur
				if cur == id {
					live = append(live, name)
				}
			}
		}
		if len(live) > 0 {
			o.unlockAll(ctx, d.op, nil)
			return result, &AlreadyLiveError{Release: id, Hosts: live, All: len(live) == len(curs)}
		}
	}
	err = d.waves(ctx, result)
	return result, err
}

func (d *deployRun) hr(name string) *HostResult { return d.res[name] }

func (d *deployRun) fail(name, step string, err error) {
	d.mu.Lock()
	h := d.hr(name)
	h.Status, h.Step, h.Err = StatusFailed, step, err
	d.mu.Unlock()
	d.o.emit(Event{Event: event.Event{Name: EvFailed, Host: name, Err: err}, Wave: h.Wave, Message: step})
}

func (d *deployRun) waves(ctx context.Context, result *Result) error {
	o := d.o
	var switched []string // every host on the new release, in order
	var aborted string
	var cause error
	for wi, wave := range d.plan.Waves {
		if o.Stop.Err() != nil || ctx.Err() != nil {
			cause = ErrInterrupted
			break
		}
		var ready []string
		if wi == 0 && d.pre != nil {
			ready = d.prepared(1, d.pre) // uploaded with the lock; EvWave sent then
		} else {
			o.emit(Event{Event: event.Event{Name: EvWave}, Wave: wi + 1, Message: strings.Join(wave, ","), Total: d.plan.Size * int64(len(wave))})
			ready = d.prepare(ctx, wi+1, wave)
		}
		if ctx.Err() != nil {
			// a hard abort cut the uploads: they failed because of it, not
			// a failure to count against --max-fail (and nothing can be
			// rolled back now: the report names who is where)
			cause = ErrInterrupted
			break
		}
		limit := d.plan.MaxFail
		canary := wi == 0 && d.plan.Canary
		if canary {
			limit = d.plan.CanaryMaxFail
		}
		failed := len(wave) - len(ready)
		if failed > limit {
			if canary {
				aborted = fmt.Sprintf("canary: %d of %d host(s) failed before the switch (--canary-max-fail %d)", failed, len(wave), limit)
			} else {
				aborted = fmt.Sprintf("wave %d: %d host(s) failed before the switch (max %d)", wi+1, failed, limit)
			}
			break
		}
		if o.Stop.Err() != nil {
			cause = ErrInterrupted
			break
		}
		if err := d.lbOut(ctx, wi+1, ready); err != nil {
			if errors.Is(err, ErrInterrupted) {
				cause = ErrInterrupted
			} else {
				aborted = fmt.Sprintf("wave %d: out of rotation: %v", wi+1, err)
			}
			break
		}
		now := d.switchWave(ctx, wi+1, ready)
		switched = append(switched, now...)
		healthy := d.health(ctx, wi+1, now)
		failed = len(wave) - len(healthy)
		// hosts that switched but then failed go back now, whatever happens next
		var bad []string
		for _, h := range now {
			if !contains(healthy, h) {
				bad = append(bad, h)
			}
		}
		switched = remove(switched, bad)
		if ctx.Err() != nil {
			cause = ErrInterrupted
			break
		}
		if failed > limit {
			if canary {
				aborted = fmt.Sprintf("canary: %d of %d host(s) failed their checks (--canary-max-fail %d)", failed, len(wave), limit)
			} else {
				aborted = fmt.Sprintf("wave %d: %d host(s) failed (max %d)", wi+1, failed, limit)
			}
			d.rollback(ctx, bad, true)
			break
		}
		d.rollback(ctx, bad, true)
		if err := d.lbIn(ctx, wi+1, healthy); err != nil && ctx.Err() == nil {
			aborted = fmt.Sprintf("wave %d: back into rotation: %v", wi+1, err)
			break
		}
		if ctx.Err() != nil {
			cause = ErrInterrupted
			break
		}
		if aborted = d.gates(ctx, wi+1, healthy); aborted != "" {
			switched = remove(switched, healthy)
			break
		}
		if wi == len(d.plan.Waves)-1 {
			break
		}
		if o.Stop.Err() != nil {
			cause = ErrInterrupted
			break
		}
		if o.Pause > 0 {
			o.emit(Event{Event: event.Event{Name: EvGate}, Wave: wi + 1, Message: "pause " + o.Pause.String()})
			select {
			case <-time.After(o.Pause):
			case <-o.Stop.Done():
			}
			if o.Stop.Err() != nil {
				cause = ErrInterrupted
				break
			}
		}
		if o.Confirm != nil {
			o.emit(Event{Event: event.Event{Name: EvGate}, Wave: wi + 1, Message: "confirm"})
			remaining := 0
			for _, w := range d.plan.Waves[wi+1:] {
				remaining += len(w)
			}
			var failedNames []string
			for _, h := range wave {
				if d.hr(h).Status == StatusFailed {
					failedNames = append(failedNames, h)
				}
			}
			ok, err := o.Confirm(o.Stop, WaveSummary{Wave: wi + 1, Waves: len(d.plan.Waves), Switched: healthy, Failed: failedNames, Remaining: remaining})
			if err != nil && o.Stop.Err() != nil {
				cause = ErrInterrupted
				break
			}
			if err != nil || !ok {
				aborted = fmt.Sprintf("aborted at the prompt after wave %d", wi+1)
				if err != nil {
					aborted += ": " + err.Error()
				}
				break
			}
		}
	}
	if aborted != "" && ctx.Err() != nil {
		// the hard abort came while stopping: nothing more can be rolled
		// back; report it as the interruption it is
		cause = ErrInterrupted
	}
	if aborted != "" && cause == nil {
		result.Aborted = aborted
		d.rollbackSwitched(ctx, switched)
	}
	complete := aborted == "" && cause == nil
	for _, h := range result.Hosts {
		if h.Status != StatusSwitched {
			complete = false
		}
	}
	result.Completed = complete
	result.Interrupted = cause != nil
	prune := func(host string) string {
		var b strings.Builder
		switch h := d.hr(host); {
		case h.Status == StatusSwitched && (aborted == "" || result.Interrupted):
			if result.Interrupted {
				// history says this deploy was cut short (revisions.log:
				// same fields, action "interrupted")
				interruptedLine(&b, o.DeployTo, d.plan.ReleaseID, o.User, d.op.id, h.Previous)
			}
			pruneLines(&b, o.DeployTo, o.KeepReleases, h.Previous)
		default:
			// not live on the new release: an upload it may hold goes
			// (shell builtins only when there is none)
			tmpCleanLines(&b, o.DeployTo, d.plan.ReleaseID)
		}
		return b.String()
	}
	o.unlockAll(ctx, d.op, prune)
	o.emit(Event{Event: event.Event{Name: EvDone}, Release: d.plan.ReleaseID})
	switch {
	case complete:
		return nil
	case aborted != "" && cause == nil:
		return newError(result, d.abortMsg(result, aborted), nil)
	case cause != nil:
		msg := "deploy interrupted: hosts not yet switched stay on their old release"
		if left := leftOnNew(result); left != "" {
			msg += "; " + left
		}
		return newError(result, msg, context.Canceled)
	default:
		return newError(result, fmt.Sprintf("deploy finished with %d failed host(s) (within --max-fail; they are on their old release)", result.Count(StatusFailed)), nil)
	}
}

// abortMsg says why the deploy stopped and what was put back: "rolled
// back" only when some host was.
func (d *deployRun) abortMsg(result *Result, aborted string) string {
	var stuck []string
	for _, h := range result.Hosts {
		if h.Live == d.plan.ReleaseID || (h.Live == Unknown && h.Status == StatusFailed && h.Step == "rollback") {
			stuck = append(stuck, h.Host)
		}
	}
	switch {
	case len(stuck) > 0:
		return fmt.Sprintf("deploy stopped: %s; rolling back FAILED on %d host(s), still on (or maybe on) %s: %s (retry with: opsctl rollback -H '%s')",
			aborted, len(stuck), d.plan.ReleaseID, strings.Join(stuck, ","), strings.Join(stuck, ","))
	case d.rolledBack > 0:
		return fmt.Sprintf("deploy stopped and rolled back (%d host(s) back on their old release): %s", d.rolledBack, aborted)
	default:
		return "deploy stopped before any host switched (nothing to roll back): " + aborted
	}
}

// leftOnNew names the hosts an interrupted deploy left on the new release
// and the commands that put them back ("" when there are none).
func leftOnNew(result *Result) string {
	byPrev := map[string][]string{}
	var unknown []string
	n := 0
	for _, h := range result.Hosts {
		switch {
		case h.Live == result.Plan.ReleaseID && h.Previous != "" && h.Previous != Unknown:
			byPrev[h.Previous] = append(byPrev[h.Previous], h.Host)
			n++
		case h.Live == result.Plan.ReleaseID, h.Live == Unknown && h.Status != StatusUntouched:
			unknown = append(unknown, h.Host)
			n++
		}
	}
	if n == 0 {
		return ""
	}
	var cmds []string
	for _, prev := range sortedKeys(byPrev) {
		cmds = append(cmds, fmt.Sprintf("opsctl rollback -H '%s' --to %s", strings.Join(byPrev[prev], ","), prev))
	}
	if len(unknown) > 0 {
		cmds = append(cmds, fmt.Sprintf("opsctl rollback -H '%s'", strings.Join(unknown, ",")))
	}
	var all []string
	for _, p := range sortedKeys(byPrev) {
		all = append(all, byPrev[p]...)
	}
	all = append(all, unknown...)
	return fmt.Sprintf("%d host(s) left live on the new release %s: %s; to put them back: %s",
		n, result.Plan.ReleaseID, strings.Join(all, ","), strings.Join(cmds, " ; "))
}

// progressReader reports the bytes read (the bytes sent to a host) as
// EvUpload events: at most every 100ms, and once at the end.
type progressReader struct {
	iox.CountingReader
	emit  func(Event)
	ev    Event // Host, Wave, Total set
	last  time.Time
	ended bool
}

func (c *progressReader) Read(p []byte) (int, error) {
	n, err := c.CountingReader.Read(p)
	if c.emit != nil && !c.ended {
		now := time.Now()
		if err != nil || now.Sub(c.last) >= 100*time.Millisecond {
			c.last, c.ended = now, err != nil
			e := c.ev
			e.Name, e.Bytes = EvUpload, c.N()
			c.emit(e)
		}
	}
	return n, err
}

func (d *deployRun) uploadReader(r io.Reader, host string, wave int) *progressReader {
	return &progressReader{CountingReader: iox.CountingReader{R: r}, emit: d.o.emit, ev: Event{Event: event.Event{Host: host}, Wave: wave, Total: d.plan.Size}}
}

// prepare uploads, verifies, extracts and links the release on every host
// of the wave, and runs after_upload. It returns the hosts ready to switch.
func (d *deployRun) prepare(ctx context.Context, wave int, hosts []string) []string {
	o := d.o
	script := prepareScript(o.DeployTo, d.plan.ReleaseID, d.plan.SHA256, o.SharedPaths, o.Hooks.AfterUpload, o.Hooks.Timeout)
	rs := fanout.Run(ctx, hosts, o.Concurrency, func(ctx context.Context, name string) (struct{}, error) {
		f, err := os.Open(o.Artifact)
		if err != nil {
			return struct{}{}, fmt.Errorf("artifact: %w", err)
		}
		defer f.Close()
		_, err = run(ctx, d.op.remotes[name], script, d.uploadReader(f, name, wave))
		return struct{}{}, err
	})
	return d.prepared(wave, rs)
}

// prepared records the outcome of a wave's uploads and returns the hosts
// ready to switch.
func (d *deployRun) prepared(wave int, rs []fanout.Result[struct{}]) []string {
	o := d.o
	var ready []string
	for _, r := range rs {
		if r.Err != nil && errors.Is(r.Err, context.Canceled) {
			// cut by a hard abort: not a failure of the host; it stays
			// untouched (the upload is cleaned up at unlock)
			d.mu.Lock()
			h := d.hr(r.Name)
			h.Step, h.Err = "upload", errors.New("interrupted before the switch")
			d.mu.Unlock()
			continue
		}
		if r.Err != nil {
			step := "upload"
			switch exitStatus(r.Err) {
			case rcChecksum:
				step = "checksum"
			case rcExtract:
				step = "extract"
			case rcHook:
				step = "after_upload"
			}
			d.fail(r.Name, step, r.Err)
			continue
		}
		d.mu.Lock()
		d.hr(r.Name).Uploaded = true
		d.mu.Unlock()
		o.emit(Event{Event: event.Event{Name: EvPrepared, Host: r.Name}, Wave: wave, Release: d.plan.ReleaseID})
		ready = append(ready, r.Name)
	}
	return ready
}

// switchWave runs before_switch, the switch and after_switch on every host
// (in one command each). Hosts whose switch is in flight finish it even
// after a soft stop. It returns the hosts now live on the new release
// whose after_switch hooks passed; a host whose after_switch failed is
// switched back at once.
func (d *deployRun) switchWave(ctx context.Context, wave int, hosts []string) []string {
	o := d.o
	script := switchScript(o.DeployTo, d.plan.ReleaseID, o.User, "deploy", d.op.id, o.Hooks.BeforeSwitch, o.Hooks.AfterSwitch, o.Hooks.Timeout, true)
	rs := fanout.Run(ctx, hosts, o.Concurrency, func(ctx context.Context, name string) (string, error) {
		out, err := run(ctx, d.op.remotes[name], script, nil)
		prev, sw := parseSwitch(out)
		d.mu.Lock()
		h := d.hr(name)
		if prev != Unknown {
			h.Previous = prev
		}
		switch {
		case sw:
			h.Live = d.plan.ReleaseID
		case err != nil && exitStatus(err) < 0 && !errors.Is(err, ErrNotStarted):
			h.Live = Unknown // the connection died mid-command: we can't tell
		default:
			h.Live = h.Previous
		}
		d.mu.Unlock()
		return prev, err
	})
	var ok []string
	var afterFailed []string
	for _, r := range rs {
		h := d.hr(r.Name)
		switch {
		case r.Err == nil:
			d.mu.Lock()
			h.Status = StatusSwitched
			d.mu.Unlock()
			o.emit(Event{Event: event.Event{Name: EvSwitched, Host: r.Name}, Wave: wave, Release: d.plan.ReleaseID, Message: "previous " + dashIfEmpty(h.Previous)})
			ok = append(ok, r.Name)
		case exitStatus(r.Err) == rcAfterHook:
			d.fail(r.Name, "after_switch", r.Err)
			afterFailed = append(afterFailed, r.Name)
		case exitStatus(r.Err) == rcHook:
			d.fail(r.Name, "before_switch", r.Err)
		default:
			d.fail(r.Name, "switch", r.Err)
			if h.Live == Unknown {
				// Ask the host again (a new connection may work) so the
				// report is exact; if it is on the new release, undo it.
				d.rollback(ctx, []string{r.Name}, true)
			}
		}
	}
	d.rollback(ctx, afterFailed, true)
	return ok
}

// parseSwitch reads "PREV x" and "SWITCHED" from a switch command's output.
func parseSwitch(out *Output) (prev string, switched bool) {
	prev = Unknown
	if out == nil {
		return
	}
	for _, l := range strings.Split(string(out.Stdout), "\n") {
		if p, ok := strings.CutPrefix(l, "PREV "); ok {
			prev = p
		} else if l == "PREV" {
			prev = ""
		} else if l == "SWITCHED" {
			switched = true
		}
	}
	return
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// health runs the gate's checks on the switched hosts of a wave and returns
// those that passed.
func (d *deployRun) health(ctx context.Context, wave int, hosts []string) []string {
	o := d.o
	if !o.Health.Enabled() || len(hosts) == 0 {
		return hosts
	}
	byName := hostMap(o.Hosts)
	rs := fanout.Run(ctx, hosts, o.Concurrency, func(ctx context.Context, name string) (struct{}, error) {
		return struct{}{}, checkHealth(ctx, byName[name], d.op.remotes[name], o.Health, o.HTTPClient)
	})
	var ok []string
	for _, r := range rs {
		if r.Err != nil {
			d.fail(r.Name, "health", r.Err)
			continue
		}
		o.emit(Event{Event: event.Event{Name: EvHealthy, Host: r.Name}, Wave: wave})
		ok = append(ok, r.Name)
	}
	return ok
}

// rollback switches hosts back to the release each had before this deploy
// (failed=true keeps their failed status and reason). It runs after_switch
// hooks so the app reloads the old code, and uses the hard context only:
// a soft stop never prevents putting hosts back.
func (d *deployRun) rollback(ctx context.Context, hosts []string, failed bool) {
	if len(hosts) == 0 {
		return
	}
	o := d.o
	rs := fanout.Run(ctx, hosts, o.Concurrency, func(ctx context.Context, name string) (string, error) {
		h := d.hr(name)
		prev := h.Previous
		if prev == Unknown {
			// we never learnt it (connection died mid-switch): find it
			// in revisions.log, the line this deploy wrote.
			p, onNew, err := d.lookupPrevious(ctx, name)
			if err != nil {
				return "", err
			}
			if !onNew {
				return p, errNotSwitched
			}
			prev = p
		}
		script := switchScript(o.DeployTo, prev, o.User, "rollback", d.op.id, nil, o.Hooks.AfterSwitch, o.Hooks.Timeout, false)
		out, err := run(ctx, d.op.remotes[name], script, nil)
		if _, sw := parseSwitch(out); sw {
			return prev, nil // after_switch failing on the way back is reported, but the host is back
		}
		return prev, err
	})
	for _, r := range rs {
		h := d.hr(r.Name)
		d.mu.Lock()
		switch {
		case errors.Is(r.Err, errNotSwitched):
			h.Live, h.Previous = r.Value, r.Value
		case r.Err != nil:
			h.Status = StatusFailed
			h.Live = Unknown
			msg := "rollback failed: " + r.Err.Error()
			if h.Err != nil {
				msg = h.Reason() + "; " + msg
			}
			h.Err, h.Step = errors.New(msg), "rollback"
		default:
			h.Live = r.Value
			d.rolledBack++
			if !failed {
				h.Status = StatusRolledBack
			}
		}
		d.mu.Unlock()
		if r.Err != nil && !errors.Is(r.Err, errNotSwitched) {
			o.emit(Event{Event: event.Event{Name: EvFailed, Host: r.Name, Err: r.Err}, Message: "rollback"})
		} else {
			o.emit(Event{Event: event.Event{Name: EvRolledBack, Host: r.Name}, Release: h.Live})
		}
	}
}

var errNotSwitched = errors.New("not switched")

// lookupPrevious reads the host's current and, if it is the new release,
// the previous one from the revisions.log line this deploy wrote.
func (d *deployRun) lookupPrevious(ctx context.Context, name string) (prev string, onNew bool, err error) {
	script := sh(currentLines(d.o.DeployTo) + fmt.Sprintf("grep -F %s %s 2>/dev/null | tail -n 1\n",
		q("\tdeploy\t"+d.op.id+"\t"), q(d.o.DeployTo+"/revisions.log")))
	out, err := run(ctx, d.op.remotes[name], script, nil)
	if err != nil {
		return "", false, err
	}
	lines := strings.Split(strings.TrimSpace(string(out.Stdout)), "\n")
	cur := strings.TrimPrefix(lines[0], "CUR ")
	if cur != d.plan.ReleaseID {
		return cur, false, nil
	}
	if len(lines) > 1 {
		f := strings.Split(lines[1], "\t")
		if len(f) >= 6 {
			return f[5], true, nil
		}
	}
	return "", true, errors.New("on the new release but its previous release is not in revisions.log")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func remove(list, drop []string) []string {
	var out []string
	for _, x := range list {
		if !contains(drop, x) {
			out = append(out, x)
		}
	}
	return out
}
