package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
)

// abortReader ends the artifact stream early (EOF) once abort is set: the
// host then sees a truncated upload, refuses it (checksum) and removes it,
// while the lock part of its command has already answered normally.
type abortReader struct {
	r     io.Reader
	abort *atomic.Bool
}

func (a *abortReader) Read(p []byte) (int, error) {
	if a.abort.Load() {
		return 0, io.EOF
	}
	return a.r.Read(p)
}

// lockAndUpload connects to every host and takes the lock on each, as
// connectAndLock does, but on the hosts of the first wave the same command
// goes on to upload, verify and extract the release into
// releases/.tmp-<id> (not live; the switch renames it). That saves a
// command per host and lets each upload start as soon as its host is
// locked, instead of after the slowest host's connect.
//
// The lock contract is unchanged: nothing live changes anywhere until
// every host is locked. If a host is locked by someone else or cannot be
// reached, the uploads in flight are cut short, every lock taken is
// released together with the partial uploads, and a *LockedError names
// the holders: nothing changed.
func (d *deployRun) lockAndUpload(ctx context.Context) error {
	o, op := d.o, d.op
	id := d.plan.ReleaseID
	info := o.lockInfo(op, id)
	first := map[string]bool{}
	for _, h := range d.plan.Waves[0] {
		first[h] = true
	}
	var lb strings.Builder
	lockLinesRC(&lb, o.DeployTo, info, false, rcHeld)
	lb.WriteString("echo ---\n")
	lb.WriteString(currentLines(o.DeployTo))
	lockOnly := sh(lb.String())
	upload := sh(lb.String() + prepareBody(o.DeployTo, id, d.plan.SHA256, o.SharedPaths, nil, 0))

	o.emit(Event{Event: event.Event{Name: EvWave}, Wave: 1, Message: strings.Join(d.plan.Waves[0], ","), Total: d.plan.Size * int64(len(d.plan.Waves[0]))})
	var abort atomic.Bool
	type lockRes struct {
		locked bool
		held   *LockInfo
		cur    string
		curOK  bool
		upErr  error // the upload's outcome (first wave, locked)
		up     bool  // the upload ran
	}
	byName := hostMap(o.Hosts)
	rs := fanout.Run(ctx, hostNames(o.Hosts), o.Concurrency, func(ctx context.Context, name string) (lockRes, error) {
		var lr lockRes
		r, err := o.Connect(ctx, byName[name])
		if err != nil {
			abort.Store(true)
			return lr, connectError(name, err)
		}
		op.setRemote(name, r)
		op.setUnsure(name, true) // until the host answers LOCKED or HELD
		var out *Output
		if first[name] && !abort.Load() {
			f, err := os.Open(o.Artifact)
			if err != nil {
				abort.Store(true)
				return lr, fmt.Errorf("artifact: %w", err)
			}
			defer f.Close()
			lr.up = true
			out, err = run(ctx, r, upload, &abortReader{r: d.uploadReader(f, name, 1), abort: &abort})
			lr.upErr = err
		} else {
			out, err = run(ctx, r, lockOnly, nil)
		}
		stdout := ""
		if out != nil {
			stdout = string(out.Stdout)
		}
		switch {
		case strings.HasPrefix(stdout, "LOCKED\n"):
			lr.locked = true // setLocked below, before any clean-up
			if i := strings.Index(stdout, "---\n"); i >= 0 {
				lr.cur, lr.curOK = parseCurrent(stdout[i+4:])
			}
			if !lr.curOK {
				abort.Store(true)
				if err == nil {
					err = errors.New("no reply after the lock")
				}
				return lr, &HostError{Host: name, Step: "lock", Err: err}
			}
			if lr.up {
				return lr, nil // the upload's own outcome is in upErr
			}
			return lr, err
		case strings.HasPrefix(stdout, "HELD\n"):
			op.setUnsure(name, false)
			abort.Store(true)
			li := parseLockInfo(strings.TrimPrefix(stdout, "HELD\n"))
			lr.held = &li
			return lr, nil
		}
		abort.Store(true)
		if err != nil {
			return lr, &HostError{Host: name, Step: "lock", Err: err}
		}
		return lr, &HostError{Host: name, Step: "lock", Err: fmt.Errorf("unexpected reply %q", firstLine(stdout))}
	})
	le := &LockedError{Holders: map[string]LockInfo{}, Failed: map[string]error{}}
	for _, r := range rs {
		if r.Value.locked {
			op.setLocked(r.Name)
		}
		switch {
		case r.Status == fanout.Skipped || r.Err != nil:
			le.Failed[r.Name] = r.Err
		case r.Value.held != nil:
			le.Holders[r.Name] = *r.Value.held
		}
	}
	if len(le.Holders) > 0 || len(le.Failed) > 0 || ctx.Err() != nil {
		// a refusal or a hard abort: release our locks (and those we
		// may hold where the answer was cut) with whatever was uploaded
		o.unlockAll(ctx, op, func(string) string {
			var b strings.Builder
			tmpCleanLines(&b, o.DeployTo, id)
			return b.String()
		})
		if err := ctx.Err(); err != nil {
			return err
		}
		return le
	}
	var live []string
	for _, r := range rs {
		if r.Value.cur == id {
			live = append(live, r.Name)
		}
	}
	if len(live) > 0 {
		o.unlockAll(ctx, op, func(string) string {
			var b strings.Builder
			tmpCleanLines(&b, o.DeployTo, id)
			return b.String()
		})
		return &AlreadyLiveError{Release: id, Hosts: live, All: len(live) == len(rs)}
	}
	d.pre = nil
	for _, r := range rs {
		o.emit(Event{Event: event.Event{Name: EvLocked, Host: r.Name}})
		h := d.res[r.Name]
		h.Live, h.Previous = r.Value.cur, r.Value.cur
		if first[r.Name] {
			err := r.Value.upErr
			if !r.Value.up && err == nil { // cannot happen: no upload means a refusal
				err = errors.New("not uploaded")
			}
			d.pre = append(d.pre, fanout.Result[struct{}]{Name: r.Name, Err: err})
		}
	}
	return nil
}

// AlreadyLiveError refuses a deploy whose release id is already live on
// some of the hosts, found once every host is locked and before anything
// changes: the locks and any upload are gone again. (Going on would
// report those hosts as failed and the rest as deployed, and a rollback
// after a failed wave would take them off a release this deploy never put
// there.)
type AlreadyLiveError struct {
	Release string
	Hosts   []string // in the selection's order
	All     bool     // every selected host
}

func (e *AlreadyLiveError) Error() string {
	if e.All {
		return fmt.Sprintf("release %s is already live on every selected host (%d), nothing changed: nothing to deploy", e.Release, len(e.Hosts))
	}
	return fmt.Sprintf("release %s is already live on %d host(s), nothing changed: %s (deploy it under a new --release-id, or leave them out of the selection: -H '...,!%s')",
		e.Release, len(e.Hosts), strings.Join(e.Hosts, ","), strings.Join(e.Hosts, ",!"))
}
