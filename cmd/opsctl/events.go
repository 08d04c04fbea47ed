package main

import (
	"fmt"
	"net/http"
	"os"
	"os/user"
	"strings"
	"sync"
	"time"

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
	cfg, err := a.config()
	if err != nil || !cfg.Events.Enabled() {
		return nil
	}
	e := cfg.Events
	n := &notify.Notifier{Graphite: e.Graphite, GraphiteTags: e.GraphiteTags, StatsD: e.StatsD, StatsDPrefix: e.StatsDPrefix,
		Webhook: e.Webhook, Timeout: e.Timeout, Client: &http.Client{Timeout: e.Timeout},
		OnWarn: func(receiver string, err error) {
			if a.jsonMode() {
				a.emit("events.warning", map[string]any{"receiver": receiver, "error": err.Error()})
				return
			}
			a.infof("warning: %v\n", err)
		}}
	a.notify = n
	a.closers = append(a.closers, n.Close)
	return n
}

// releaseEvent sends one release event (nothing without an events section).
func (a *app) releaseEvent(kind, release string, hosts int, took time.Duration, format string, args ...any) {
	n := a.notifier()
	if n == nil {
		return
	}
	n.Send(notify.Event{Kind: kind, Text: "opsctl: " + fmt.Sprintf(format, args...), Release: release, Hosts: hosts, Duration: took, User: eventUser()})
}

// eventUser is who runs opsctl: $USER@hostname.
func eventUser() string {
	name := os.Getenv("USER")
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	h, _ := os.Hostname()
	return name + "@" + h
}

// deployEvent sends deploy.finish or deploy.fail.
func deployEvent(a *app, res *deploy.Result, err error, took time.Duration) {
	if res == nil {
		if err != nil {
			a.releaseEvent("deploy.fail", "", 0, took, "deploy failed: %v", err)
		}
		return
	}
	id, n := res.Plan.ReleaseID, len(res.Hosts)
	if err == nil {
		a.releaseEvent("deploy.finish", id, n, took, "deploy %s finished: live on %d host(s) in %s", id, n, took.Round(time.Second))
		return
	}
	a.releaseEvent("deploy.fail", id, n, took, "deploy %s failed after %s: %s", id, took.Round(time.Second), firstLine(err.Error()))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// deployEvents wraps a deploy's event callback: the plan sends
// deploy.start, a failed metric gate is printed and sent as
// deploy.gate_failed.
func deployEvents(a *app, next func(deploy.Event), hosts int) func(deploy.Event) {
	return func(e deploy.Event) {
		switch e.Verb() {
		case deploy.EvPlan:
			a.releaseEvent("deploy.start", e.Release, hosts, 0, "deploy %s to %d host(s) started", e.Release, hosts)
		case deploy.EvGateFailed:
			a.releaseEvent("deploy.gate_failed", "", hosts, 0, "deploy stopped: %s", e.Message)
			if !a.jsonMode() {
				a.infof("wave %d: metric gate FAILED: %s; the wave goes back to its old release\n", e.Wave, e.Message)
			}
		}
		next(e)
	}
}

// rollbackEvent sends rollback.finish or rollback.fail.
func rollbackEvent(a *app, to string, hosts int, err error, took time.Duration) {
	target := to
	if target == "" {
		target = "each host's previous release"
	}
	if err == nil {
		a.releaseEvent("rollback.finish", to, hosts, took, "rollback of %d host(s) to %s done in %s", hosts, target, took.Round(time.Millisecond))
		return
	}
	a.releaseEvent("rollback.fail", to, hosts, took, "rollback of %d host(s) to %s failed: %s", hosts, target, firstLine(err.Error()))
}

// readonlyEvent sends readonly.on or readonly.off (readonly.<mode>.fail
// when the flip failed).
func readonlyEvent(a *app, mode, reason string, took time.Duration, err error) {
	kind := "readonly." + mode
	text := "read-only mode " + mode
	if reason != "" {
		text += " (" + reason + ")"
	}
	if err != nil {
		kind += ".fail"
		text += " FAILED: " + firstLine(err.Error())
	}
	a.releaseEvent(kind, "", 0, took, "%s", text)
}

// cutoverReleaseEvent sends each cutover step's start, done and failure
// (not a rehearsal's: nothing changes then).
func cutoverReleaseEvent(a *app, rehearse bool, e cutover.Event) {
	if rehearse {
		return
	}
	switch v := e.Verb(); v {
	case cutover.EvStart:
		a.releaseEvent("cutover."+e.Step+".start", "", 0, 0, "cutover step %s started", e.Step)
	case cutover.EvDone:
		a.releaseEvent("cutover."+e.Step+".done", "", 0, e.Took, "cutover step %s done in %s", e.Step, e.Took.Round(time.Millisecond))
	case cutover.EvFailed, cutover.EvUndone, cutover.EvUndoFailed:
		a.releaseEvent("cutover."+e.Step+"."+v, "", 0, e.Took, "cutover step %s %s: %v", e.Step, strings.ReplaceAll(v, "_", " "), e.Err)
	}
}
