package deploy

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/outcome"
)

// RollbackOptions configure a rollback.
type RollbackOptions struct {
	Common
	// To is the release to go to; empty means each host's previous release
	// (the one older than its live one).
	To string
	// Force breaks a lock held by someone else (a crashed deploy).
	Force  bool
	Hooks  Hooks // only AfterSwitch (and Timeout) are used
	Health Health
	DryRun bool
}

// What says what the rollback of n hosts will do, for a confirmation:
// "roll back 3 host(s) to their previous release, breaking any lock they hold".
func (o RollbackOptions) What(n int) string {
	what := fmt.Sprintf("roll back %d host(s) to %s", n, cmp.Or(o.To, "their previous release"))
	if o.Force {
		what += ", breaking any lock they hold"
	}
	return what
}

// Validate checks the rollback's own options (not Common): To is a
// release id (else an *outcome.OptionError).
func (o *RollbackOptions) Validate() error {
	if o.To != "" {
		if err := ValidateReleaseID(o.To); err != nil {
			return &outcome.OptionError{Option: "to", Err: err}
		}
	}
	return nil
}

// Rollback switches every host to its previous release (or o.To), all in
// parallel.
//
// When every host runs at once (Concurrency 0 or >= the hosts) and the
// Remote implements Streamer, it is ONE command per host: take the lock,
// resolve and check the target, print READY, wait for GO on stdin, switch,
// log, after_switch, unlock. GO is sent only once every host is READY;
// otherwise all get ABORT and unlock. Otherwise it is two commands per
// host: (1) lock + check on every host, then (2) switch + log +
// after_switch + unlock. Either way a host that lacks the target (or is
// locked) refuses the whole rollback before any host switches. Health
// checks follow. The rolled-back release is never deleted.
func Rollback(ctx context.Context, o RollbackOptions) (*Result, error) {
	o.noun = "rollback"
	if err := o.validate(); err != nil {
		return nil, err
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	op := &opState{kind: "rollback", id: newOpID("rollback"), remotes: map[string]Remote{}, locked: map[string]bool{}}
	result := &Result{Plan: Plan{ReleaseID: o.To, OpID: op.id, DeployTo: o.DeployTo, Waves: [][]string{hostNames(o.Hosts)}, Hooks: o.Hooks, Health: redactedHealth(o.Health)}}
	for _, h := range o.Hosts {
		result.Hosts = append(result.Hosts, HostResult{Host: h.Name, Status: StatusUntouched, Live: Unknown, Previous: Unknown})
	}
	idx := map[string]*HostResult{}
	for i := range result.Hosts {
		idx[result.Hosts[i].Host] = &result.Hosts[i]
	}
	var rs []fanout.Result[string]
	if !o.DryRun && o.singleSession(ctx) {
		var err error
		if rs, err = rollbackSingle(ctx, &o, op, result, idx); err != nil {
			return result, err
		}
	} else {
		var stop bool
		var err error
		if rs, stop, err = rollbackTwoPhase(ctx, &o, op, result, idx); stop {
			return result, err
		}
	}
	var switched []string
	for _, r := range rs {
		h := idx[r.Name]
		switch {
		case r.Err == nil && r.Value == "already":
			h.Status = StatusSwitched
			o.emit(Event{Event: event.Event{Name: EvSwitched, Host: r.Name}, Release: h.Live, Message: "already on it"})
			switched = append(switched, r.Name)
		case r.Err == nil:
			h.Status = StatusSwitched
			o.emit(Event{Event: event.Event{Name: EvSwitched, Host: r.Name}, Release: h.Live, Message: "previous " + dashIfEmpty(h.Previous)})
			switched = append(switched, r.Name)
		default:
			h.Status, h.Err, h.Step = StatusFailed, r.Err, "switch"
			if exitStatus(r.Err) == rcAfterHook {
				h.Step = "after_switch"
			}
			o.emit(Event{Event: event.Event{Name: EvFailed, Host: r.Name, Err: r.Err}, Message: h.Step})
		}
	}
	o.unlockAll(ctx, op, nil) // only hosts whose combined command did not unlock
	if o.Health.Enabled() && len(switched) > 0 {
		byName := hostMap(o.Hosts)
		hs := fanout.Run(ctx, switched, o.Concurrency, func(ctx context.Context, name string) (struct{}, error) {
			return struct{}{}, checkHealth(ctx, byName[name], op.remotes[name], o.Health, o.HTTPClient)
		})
		for _, r := range hs {
			h := idx[r.Name]
			if r.Err != nil {
				h.Status, h.Err, h.Step = StatusFailed, r.Err, "health"
				o.emit(Event{Event: event.Event{Name: EvFailed, Host: r.Name, Err: r.Err}, Message: "health"})
			} else {
				o.emit(Event{Event: event.Event{Name: EvHealthy, Host: r.Name}})
			}
		}
	}
	o.emit(Event{Event: event.Event{Name: EvDone}})
	failed := result.Count(StatusFailed)
	if failed == 0 {
		result.Completed = true
		return result, nil
	}
	e := newError(result, fmt.Sprintf("rollback: %d of %d host(s) failed", failed, len(result.Hosts)), nil)
	if ctx.Err() != nil {
		e.cause = context.Canceled
	}
	return result, e
}

// resolveLines prints CUR and TARGET, or fails with rcMissing/rcNoPrevious.
func resolveLines(deployTo, to string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "d=%s\n", q(deployTo))
	if to == "" {
		previousLines(&b)
		b.WriteString("if [ -z \"$target\" ]; then echo \"CUR $cur\"; echo \"opsctl: no release older than ${cur:-(none)} on this host\" >&2; exit 76; fi\n")
	} else {
		b.WriteString(liveLines("cur", `"$d"`))
		fmt.Fprintf(&b, "target=%s\n", q(to))
	}
	b.WriteString("echo \"CUR $cur\"\nif [ ! -d \"$d/releases/$target\" ]; then echo \"opsctl: release $target is not on this host\" >&2; exit 75; fi\necho \"TARGET $target\"\n")
	return b.String()
}

// rollbackTwoPhase: (1) lock + resolve on every host, then (2) switch +
// unlock. stop is set when the rollback ends after step 1 (dry run,
// refusal).
func rollbackTwoPhase(ctx context.Context, o *RollbackOptions, op *opState, result *Result, idx map[string]*HostResult) (rs []fanout.Result[string], stop bool, err error) {
	resolve := resolveLines(o.DeployTo, o.To)
	var outs map[string]string
	if o.DryRun {
		outs = map[string]string{}
		vals := forHosts(ctx, o.Common, func(ctx context.Context, h Host, r Remote) hostLog {
			out, err := run(ctx, r, sh(resolve), nil)
			if out == nil {
				return hostLog{host: h.Name, err: err}
			}
			return hostLog{host: h.Name, out: string(out.Stdout), err: err}
		})
		var le LockedError
		le.Failed = map[string]error{}
		for _, v := range vals {
			outs[v.host] = v.out
			if v.err != nil {
				le.Failed[v.host] = v.err
			}
		}
		if len(le.Failed) > 0 {
			err = &le
		}
	} else {
		outs, err = o.connectAndLock(ctx, op, o.To, o.Force, func(string) string { return resolve })
	}
	targets := map[string]string{}
	for name, out := range outs {
		h := idx[name]
		for _, l := range strings.Split(out, "\n") {
			if v, ok := strings.CutPrefix(l, "CUR "); ok {
				h.Live, h.Previous = v, v
			} else if l == "CUR" {
				h.Live, h.Previous = "", ""
			} else if v, ok := strings.CutPrefix(l, "TARGET "); ok {
				h.Target = v
				targets[name] = v
			}
		}
	}
	if err != nil {
		var le *LockedError
		if !errors.As(err, &le) {
			return nil, true, err
		}
		return nil, true, refusal(result, idx, le)
	}
	if o.DryRun {
		return nil, true, nil
	}

	rs = fanout.Run(ctx, hostNames(o.Hosts), o.Concurrency, func(ctx context.Context, name string) (string, error) {
		var b strings.Builder
		target := targets[name]
		if target != idx[name].Live {
			b.WriteString("( set -e\n")
			b.WriteString(switchBody(o.DeployTo, target, o.User, "rollback", op.id, nil, o.Hooks.AfterSwitch, o.Hooks.Timeout, false))
			b.WriteString(")\nrc=$?\n")
		} else {
			b.WriteString("echo ALREADY\nrc=0\n")
		}
		unlockLines(&b, o.DeployTo, op.id)
		b.WriteString("exit $rc\n")
		out, err := run(ctx, op.remotes[name], sh(b.String()), nil)
		if out != nil && strings.Contains(string(out.Stdout), "UNLOCKED\n") {
			lockedMu.Lock()
			delete(op.locked, name)
			lockedMu.Unlock()
		}
		prev, sw := parseSwitch(out)
		h := idx[name]
		switch {
		case out != nil && strings.HasPrefix(string(out.Stdout), "ALREADY"):
			return "already", nil
		case sw:
			h.Live = target
			if prev != Unknown {
				h.Previous = prev
			}
		case err != nil && exitStatus(err) < 0 && !errors.Is(err, ErrNotStarted):
			h.Live = Unknown
		}
		return "", err
	})
	return rs, false, nil
}

// refusal turns a failed lock/check step into the error: a *LockedError
// when a lock is held or a host failed, or an *Error when hosts lack the
// target. Nothing was switched.
func refusal(result *Result, idx map[string]*HostResult, le *LockedError) error {
	refused := 0
	for name, e := range le.Failed {
		h := idx[name]
		if h == nil {
			continue
		}
		h.Status, h.Err = StatusFailed, e
		switch exitStatus(e) {
		case rcMissing, rcNoPrevious:
			h.Step = "check"
			refused++
		default:
			h.Step = "lock"
		}
	}
	if len(le.Holders) > 0 || refused < len(le.Failed) {
		return le
	}
	return newError(result, fmt.Sprintf("rollback refused before any host switched: %d host(s) lack the target release", refused), nil)
}
