package notify

import (
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"
)

// The release events opsctl sends, composed here so that every program
// sending them says the same thing: the Kind, the one human line (prefixed
// "opsctl: ") and who ran it (User).

// DeployStart is deploy.start.
func DeployStart(release string, hosts int) Event {
	return releaseEvent("deploy.start", release, hosts, 0, "deploy %s to %d host(s) started", release, hosts)
}

// DeployEnd is deploy.finish, or deploy.fail when err is set.
func DeployEnd(release string, hosts int, took time.Duration, err error) Event {
	if err == nil {
		return releaseEvent("deploy.finish", release, hosts, took, "deploy %s finished: live on %d host(s) in %s", release, hosts, took.Round(time.Second))
	}
	return releaseEvent("deploy.fail", release, hosts, took, "deploy %s failed after %s: %s", release, took.Round(time.Second), firstLine(err))
}

// DeployFailed is deploy.fail for a deploy that failed before it had a
// plan (no release, no hosts).
func DeployFailed(took time.Duration, err error) Event {
	return releaseEvent("deploy.fail", "", 0, took, "deploy failed: %v", err)
}

// DeployGateFailed is deploy.gate_failed: a metric gate stopped the deploy.
func DeployGateFailed(hosts int, why string) Event {
	return releaseEvent("deploy.gate_failed", "", hosts, 0, "deploy stopped: %s", why)
}

// RollbackEnd is rollback.finish, or rollback.fail when err is set (to ""
// : each host's previous release).
func RollbackEnd(to string, hosts int, took time.Duration, err error) Event {
	target := to
	if target == "" {
		target = "each host's previous release"
	}
	if err == nil {
		return releaseEvent("rollback.finish", to, hosts, took, "rollback of %d host(s) to %s done in %s", hosts, target, took.Round(time.Millisecond))
	}
	return releaseEvent("rollback.fail", to, hosts, took, "rollback of %d host(s) to %s failed: %s", hosts, target, firstLine(err))
}

// Readonly is readonly.on or readonly.off (readonly.<mode>.fail when the
// flip failed).
func Readonly(mode, reason string, took time.Duration, err error) Event {
	kind, text := "readonly."+mode, "read-only mode "+mode
	if reason != "" {
		text += " (" + reason + ")"
	}
	if err != nil {
		kind += ".fail"
		text += " FAILED: " + firstLine(err)
	}
	return releaseEvent(kind, "", 0, took, "%s", text)
}

// CutoverStep is cutover.<step>.<verb>: a step's start, done, failed,
// undone or undo_failed (ok is false for the other verbs: not sent).
func CutoverStep(step, verb string, took time.Duration, err error) (e Event, ok bool) {
	kind := "cutover." + step + "." + verb
	switch verb {
	case "start":
		return releaseEvent(kind, "", 0, 0, "cutover step %s started", step), true
	case "done":
		return releaseEvent(kind, "", 0, took, "cutover step %s done in %s", step, took.Round(time.Millisecond)), true
	case "failed", "undone", "undo_failed":
		return releaseEvent(kind, "", 0, took, "cutover step %s %s: %v", step, strings.ReplaceAll(verb, "_", " "), err), true
	}
	return Event{}, false
}

func releaseEvent(kind, release string, hosts int, took time.Duration, format string, args ...any) Event {
	return Event{Kind: kind, Text: "opsctl: " + fmt.Sprintf(format, args...), Release: release, Hosts: hosts, Duration: took, User: CurrentUser()}
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// CurrentUser is who runs the program: $USER@hostname.
func CurrentUser() string {
	name := os.Getenv("USER")
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	h, _ := os.Hostname()
	return name + "@" + h
}
