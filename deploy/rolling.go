package deploy

import (
	"context"
	"errors"
	"strings"

	"github.com/opsctl/opsctl/event"
)

// RollingRollbackOptions configure a rollback wave by wave through the
// load balancer.
type RollingRollbackOptions struct {
	RollbackOptions
	// Waves are the hosts of each wave, in order (MakePlan makes them from
	// a batch size).
	Waves [][]string
	// LB takes each wave out of rotation on every HAProxy node while it
	// switches and puts it back after its health check.
	LB *LB
	// Stop, once done, starts no new wave (the soft stop; ctx is the hard
	// one). Nil: never.
	Stop context.Context
}

// RollingRollback rolls back wave by wave: each wave drained on every
// HAProxy node (o.LB), rolled back (Rollback), health-checked and put back
// in rotation; a wave with a failure stops it (later waves stay
// untouched). It owns its waves as Deploy does. The Result lists the hosts
// of every wave that ran (HostResult.Wave set); Interrupted when the soft
// stop (o.Stop) ended it, between waves or while a wave drained.
//
// The error is nil when every wave was rolled back, else a *Error whose
// Parts (the shared partial-result shape) cover every host: rolled back
// (Done), failed with its error, or never reached (Skipped, the later
// waves); it unwraps to what stopped it (the wave's own error). So its
// class is the outcome of the whole rollback: interrupted on the soft
// stop, partial when some wave was rolled back and a later one failed, a
// failure when the first wave did.
func RollingRollback(ctx context.Context, o RollingRollbackOptions) (*Result, error) {
	o.noun = "rollback"
	if o.LB != nil {
		o.LB.noun = "rollback"
	}
	byName := map[string]Host{}
	for _, h := range o.Hosts {
		byName[h.Name] = h
	}
	total := &Result{Completed: true}
	var lastErr error
	for wi, wave := range o.Waves {
		if o.Stop != nil && o.Stop.Err() != nil {
			total.Interrupted, total.Completed = true, false
			break
		}
		o.emit(Event{Event: event.Event{Name: EvWave}, Wave: wi + 1, Message: strings.Join(wave, ",")})
		c := o.RollbackOptions
		c.Hosts = nil
		for _, h := range wave {
			c.Hosts = append(c.Hosts, byName[h])
		}
		if !o.DryRun {
			if err := o.LB.Out(ctx, wi+1, wave); err != nil {
				total.Completed = false
				// the soft stop ended the drain: the wave was put back
				total.Interrupted = errors.Is(err, ErrInterrupted)
				lastErr = err
				break
			}
		}
		res, err := Rollback(ctx, c)
		var ok []string
		if res != nil {
			for _, h := range res.Hosts {
				h.Wave = wi + 1
				total.Hosts = append(total.Hosts, h)
				if h.Status == StatusSwitched {
					ok = append(ok, h.Host)
				}
			}
		}
		if !o.DryRun {
			if ctx.Err() != nil {
				ok = wave
			}
			if ierr := o.LB.In(ctx, wi+1, ok); ierr != nil && err == nil {
				err = ierr
			}
		}
		if err != nil {
			total.Completed = false
			lastErr = err
			break
		}
	}
	return total, rollingError(total, o.Waves, lastErr)
}

// rollingError is a rolling rollback's *Error (nil when it completed):
// the hosts of the waves that ran as they ended, the others skipped.
func rollingError(total *Result, waves [][]string, cause error) error {
	if total.Completed {
		return nil
	}
	msg := "rollback interrupted: later waves were not rolled back"
	switch {
	case cause == nil: // the soft stop, between waves
	case total.Count(StatusSwitched) > 0:
		msg = "rolling rollback stopped: " + cause.Error()
		if total.Interrupted {
			msg = "rollback interrupted: " + cause.Error() + "; later waves were not rolled back"
		}
	default:
		msg = cause.Error() // the first wave: its own error says it all
	}
	e := newError(total, msg, cause)
	for _, wave := range waves {
		for _, h := range wave {
			if total.Host(h) == nil {
				e.Skipped = append(e.Skipped, h)
			}
		}
	}
	return e
}
