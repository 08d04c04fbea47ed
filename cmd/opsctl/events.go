package main

import (
	"sync"

	"github.com/opsctl/opsctl/cutover"
	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/notify"
)

var notifierMu sync.Mutex

// notifier returns the release-event sender of the inventory's events
// section (nil when none is configured or the config does not load). It
// is closed with the app: at most one timeout more when a receiver is
// down.
func (a *app) notifier() *notify.Notifier {
	notifierMu.Lock()
	defer notifierMu.Unlock()
	if a.notify != nil {
		return a.notify
	}
	n := a.f.Notifier(func(receiver string, err error) {
		if a.jsonMode() {
			a.emit("events.warning", map[string]any{"receiver": receiver, "error": err.Error()})
			return
		}
		a.infof("warning: %v\n", err)
	})
	if n == nil {
		return nil
	}
	a.notify = n
	return n
}

// releaseEvent sends one release event (nothing without an events
// section); notify composes what it says.
func (a *app) releaseEvent(e notify.Event) {
	if n := a.notifier(); n != nil {
		n.Send(e)
	}
}

// deployEvents wraps a deploy's event callback: the plan sends
// deploy.start, a failed metric gate is printed and sent as
// deploy.gate_failed.
func deployEvents(a *app, next func(deploy.Event), hosts int) func(deploy.Event) {
	return func(e deploy.Event) {
		switch e.Verb() {
		case deploy.EvPlan:
			a.releaseEvent(notify.DeployStart(e.Release, hosts))
		case deploy.EvGateFailed:
			a.releaseEvent(notify.DeployGateFailed(hosts, e.Message))
			if !a.jsonMode() {
				a.infof("wave %d: metric gate FAILED: %s; the wave goes back to its old release\n", e.Wave, e.Message)
			}
		}
		next(e)
	}
}

// cutoverReleaseEvent sends each cutover step's start, done and failure
// (not a rehearsal's: nothing changes then).
func cutoverReleaseEvent(a *app, rehearse bool, e cutover.Event) {
	if ev, ok := notify.CutoverStep(e.Step, e.Verb(), e.Took, e.Err); ok && !rehearse {
		a.releaseEvent(ev)
	}
}
