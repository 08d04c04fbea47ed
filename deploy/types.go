package deploy

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/outcome"
)

// Event is one step of progress, reported through OnEvent (from many
// goroutines; the callback must be safe for concurrent use). Name is
// "deploy.<verb>" ("rollback.<verb>" during Rollback and RollingRollback),
// the verb one of the Ev* constants; Host the host, when the event is about
// one.
type Event struct {
	event.Event
	Wave    int    `json:"wave,omitempty"` // 1-based; 0 when not wave-specific
	Release string `json:"release,omitempty"`
	Message string `json:"message,omitempty"`
	// Bytes and Total: for EvUpload, the bytes of the artifact sent to
	// Host so far and the artifact's size; for EvWave, Total is the bytes
	// the wave's upload will send (size × hosts; 0 when the wave uploads
	// nothing).
	Bytes int64 `json:"bytes,omitempty"`
	Total int64 `json:"total,omitempty"`
}

// String says what happened without the host, which a printer shows
// where it chooses: "switched to r2 (previous r1)", "FAILED health: ...",
// "wave 2: web03,web04".
func (e Event) String() string {
	switch e.Verb() {
	case EvWave:
		return fmt.Sprintf("wave %d: %s", e.Wave, e.Message)
	case EvGate:
		return fmt.Sprintf("wave %d gate: %s", e.Wave, e.Message)
	case EvSwitched:
		return fmt.Sprintf("switched to %s (%s)", e.Release, e.Message)
	case EvRolledBack:
		return "rolled back to " + cmp.Or(e.Release, "(none)")
	case EvFailed:
		return fmt.Sprintf("FAILED %s: %v", e.Message, e.Err)
	case EvPruned:
		return "pruned " + e.Message
	case EvDrained:
		return fmt.Sprintf("out of rotation (%s drained, 0 sessions)", e.Message)
	case EvInService:
		return "back in rotation (UP)"
	case EvLBWarn:
		return fmt.Sprintf("warning: %v; %s", e.Err, e.Message)
	case EvLeftOut:
		return fmt.Sprintf("LEFT OUT of rotation: %s: %v", e.Message, e.Err)
	case EvPlan, EvUnlocked:
		return e.Message
	}
	return strings.TrimSpace(e.Verb() + " " + e.Message)
}

// Importance is how much a log wants an event: Notable ones are shown
// by default, Detail ones in a verbose log, Quiet ones not at all (an
// upload's bytes are a progress bar's, a host's lock is said by its wave).
type Importance int

const (
	Quiet Importance = iota
	Detail
	Notable
)

// Importance says how much a log wants the event: the plan, waves,
// switches, failures, rotation changes and an unlock with something to say
// are Notable; gates between waves, prunes and a host's other steps Detail.
func (e Event) Importance() Importance {
	switch e.Verb() {
	case EvPlan, EvWave, EvSwitched, EvRolledBack, EvFailed, EvDrained, EvInService, EvLBWarn, EvLeftOut:
		return Notable
	case EvUnlocked:
		if e.Message != "" {
			return Notable
		}
		return Quiet
	case EvGate, EvPruned:
		return Detail
	}
	if e.Host != "" {
		return Detail
	}
	return Quiet
}

// EndsHost reports whether the event ends a host's part of an all-at-once
// rollback: switched, or failed before its health checks (which follow a
// switch).
func (e Event) EndsHost() bool {
	return e.Host != "" && (e.Is(EvSwitched) || (e.Is(EvFailed) && e.Message != "health"))
}

// Event verbs.
const (
	EvPlan       = "plan"        // Message: the plan in one line
	EvLocked     = "locked"      // lock taken on Host
	EvWave       = "wave"        // a wave starts; Message lists its hosts
	EvUpload     = "upload"      // bytes sent to Host so far (Bytes of Total), at most every 100ms per host
	EvPrepared   = "prepared"    // upload, checksum, extract, shared, after_upload done
	EvSwitched   = "switched"    // current now points at Release
	EvHealthy    = "healthy"     // health checks passed
	EvFailed     = "failed"      // Host failed; Err says why
	EvRolledBack = "rolled_back" // Host is back on Release
	EvGate       = "gate"        // between waves: Message says what (pause, confirm)
	EvUnlocked   = "unlocked"
	EvPruned     = "pruned" // Message: the releases removed
	EvDone       = "done"
)

// HostStatus is where one host ended.
type HostStatus string

const (
	StatusUntouched  HostStatus = "untouched"   // nothing changed (or only an unused release was uploaded)
	StatusSwitched   HostStatus = "switched"    // now live on the new (or target) release
	StatusRolledBack HostStatus = "rolled back" // was switched, then put back on its previous release
	StatusFailed     HostStatus = "failed"      // see Err; Live says which release is live
)

// Unknown is the Live value when a host's live release cannot be known
// (the connection died while it was switching).
const Unknown = "?"

// HostResult is one host's outcome. Its JSON (a -o json deploy.host
// line) leaves out Err and Step, which a printer adds when the host
// failed, and the wave of a rollback (0).
type HostResult struct {
	Host     string     `json:"host"`
	Wave     int        `json:"wave,omitempty"` // 1-based wave (deploy, rolling rollback), 0 otherwise
	Status   HostStatus `json:"status"`
	Live     string     `json:"live"`     // the release live on the host now ("" none, Unknown)
	Previous string     `json:"previous"` // the release live before this operation
	Step     string     `json:"-"`        // where it failed: connect, lock, upload, before_switch, switch, after_switch, health, rollback
	Err      error      `json:"-"`
	Uploaded bool       `json:"-"` // the new release is on disk
	Target   string     `json:"-"` // rollback: the release it goes to
}

// Reason is the step and Err as text, without the host ("" when nil).
func (h HostResult) Reason() string {
	if h.Err == nil {
		return ""
	}
	msg := event.Unplaced(h.Err, h.Host) // the host is said by the printer
	if h.Step != "" {
		return h.Step + ": " + msg
	}
	return msg
}

// ReasonLines is Reason trimmed and cut at its first line, tabs made
// spaces: a table's cell, and the lines below it (a multi-line remote
// error: tar's messages, a hook's output), trimmed, without empty ones.
func (h HostResult) ReasonLines() (first string, more []string) {
	first, rest, _ := strings.Cut(strings.TrimSpace(h.Reason()), "\n")
	for _, l := range strings.Split(rest, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			more = append(more, l)
		}
	}
	return strings.ReplaceAll(first, "\t", " "), more
}

// Plan is what a deploy will do. Its JSON is the -o json deploy.plan
// line (the printer adds the pause, as text).
type Plan struct {
	ReleaseID string     `json:"release"`
	OpID      string     `json:"-"` // deploy id, recorded in the lock and revisions.log
	SHA256    string     `json:"sha256"`
	Size      int64      `json:"size"`
	DeployTo  string     `json:"deploy_to"`
	Waves     [][]string `json:"waves"`
	Canary    bool       `json:"-"`        // the first wave is a canary
	MaxFail   int        `json:"max_fail"` // failures tolerated per wave
	// CanaryMaxFail is the failures tolerated in the canary wave (default
	// 0, whatever MaxFail says).
	CanaryMaxFail int           `json:"canary_max_fail"`
	Hooks         Hooks         `json:"hooks"`
	Health        Health        `json:"health"`
	Pause         time.Duration `json:"-"`
	Confirm       bool          `json:"confirm"`
}

// String describes the plan, a line per item: the release, the artifact,
// deploy_to, each wave and its hosts, the failures tolerated, the hooks,
// the health checks and what happens between waves.
func (p Plan) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "release   %s\nartifact  %d bytes, sha256 %s\ndeploy_to %s\n", p.ReleaseID, p.Size, p.SHA256, p.DeployTo)
	for i, wave := range p.Waves {
		name := "batch"
		if i == 0 && p.Canary {
			name = "canary"
		}
		fmt.Fprintf(&b, "wave %d (%s, %d host(s)): %s\n", i+1, name, len(wave), strings.Join(wave, ", "))
	}
	if p.Canary {
		fmt.Fprintf(&b, "max-fail  %d in the canary, %d per later wave\n", p.CanaryMaxFail, p.MaxFail)
	} else {
		fmt.Fprintf(&b, "max-fail  %d per wave\n", p.MaxFail)
	}
	for _, h := range []struct {
		name string
		cmds []string
	}{{"after_upload", p.Hooks.AfterUpload}, {"before_switch", p.Hooks.BeforeSwitch}, {"after_switch", p.Hooks.AfterSwitch}} {
		if len(h.cmds) > 0 {
			fmt.Fprintf(&b, "hook      %s: %s\n", h.name, strings.Join(h.cmds, " && "))
		}
	}
	if p.Health.URL != "" {
		fmt.Fprintf(&b, "health    GET %s expect %d\n", p.Health.URL, p.Health.ExpectStatus)
	}
	if p.Health.Command != "" {
		fmt.Fprintf(&b, "health    command: %s\n", p.Health.Command)
	}
	if p.Pause > 0 {
		fmt.Fprintf(&b, "gate      pause %s\n", p.Pause)
	}
	if p.Confirm {
		b.WriteString("gate      confirm\n")
	}
	return b.String()
}

// Result is the outcome of a deploy or rollback, host by host.
type Result struct {
	Plan        Plan
	Hosts       []HostResult
	Completed   bool   // every wave ran and every host is switched
	Aborted     string // why the deploy stopped and rolled back ("" if it did not)
	Interrupted bool   // stopped by the stop (or hard) context
}

// Count returns how many hosts have status s.
func (r *Result) Count(s HostStatus) int {
	n := 0
	for _, h := range r.Hosts {
		if h.Status == s {
			n++
		}
	}
	return n
}

// Host returns the named host's result.
func (r *Result) Host(name string) *HostResult {
	for i := range r.Hosts {
		if r.Hosts[i].Host == name {
			return &r.Hosts[i]
		}
	}
	return nil
}

// Error is returned when a deploy or rollback did not fully succeed. The
// Result says exactly which host is on which release; Parts (the shared
// partial-result shape) says it by host: switched (Done), rolled back,
// failed with its error (Changed when it was switched before it failed or
// its live release is not the one it had), untouched (Skipped). So
// Partial() (from Parts) reports whether some host changed release during
// the operation (the fleet may be mixed, or hosts were rolled back — a
// canary that failed its health check after switching counts), as opposed
// to a refusal or failure before any host switched (exit 3, not 1).
type Error struct {
	Result *Result
	Msg    string
	cause  error
	outcome.Parts
}

// newError is the Error of result, its Parts taken from the hosts.
func newError(result *Result, msg string, cause error) *Error {
	e := &Error{Result: result, Msg: msg, cause: cause}
	for _, h := range result.Hosts {
		switch h.Status {
		case StatusSwitched:
			e.Done = append(e.Done, h.Host)
		case StatusRolledBack:
			e.RolledBack = append(e.RolledBack, h.Host)
		case StatusFailed:
			err := h.Err
			if err == nil {
				err = errors.New("failed")
			}
			if h.Step != "" {
				err = fmt.Errorf("%s: %w", h.Step, err)
			}
			changed := h.Live != h.Previous || h.Step == "after_switch" || h.Step == "health" || h.Step == "gate"
			e.Failed = append(e.Failed, outcome.Failure{Name: h.Host, Err: err, Changed: changed})
		default:
			e.Skipped = append(e.Skipped, h.Host)
		}
	}
	return e
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.cause }

// Interrupted reports whether the stop context ended the operation (the
// CLI maps it to exit 130).
func (e *Error) Interrupted() bool { return e.Result != nil && e.Result.Interrupted }

// LockInfo is what a lock holds: who, when, what.
type LockInfo struct {
	ID      string    `json:"id"`
	Op      string    `json:"op"`
	Release string    `json:"release,omitempty"`
	User    string    `json:"user"`
	Client  string    `json:"client"`
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
}

func (l LockInfo) String() string {
	if l.ID == "" {
		return "held (no info: the holder died while taking it, or it was made by hand)"
	}
	s := fmt.Sprintf("%s by %s on %s (pid %d) since %s (%s ago)", l.Op, l.User, l.Client, l.PID,
		l.Started.UTC().Format(time.RFC3339), time.Since(l.Started).Round(time.Second))
	if l.Release != "" {
		s += ", release " + l.Release
	}
	return s
}

// LockedError is returned when some hosts' lock is held by someone else;
// nothing was changed and the locks this call took were released.
type LockedError struct {
	Holders map[string]LockInfo // host -> holder
	Failed  map[string]error    // hosts that could not be reached or locked
}

func (e *LockedError) Error() string {
	var b strings.Builder
	if len(e.Holders) > 0 {
		fmt.Fprintf(&b, "locked on %d host(s), nothing changed:", len(e.Holders))
		for _, h := range sortedKeys(e.Holders) {
			fmt.Fprintf(&b, "\n  %s: %s", h, e.Holders[h])
		}
	}
	if len(e.Failed) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "could not reach or lock %d host(s), nothing changed:", len(e.Failed))
		for _, h := range sortedKeys(e.Failed) {
			msg := "skipped (the operation stopped first)"
			if err := e.Failed[h]; err != nil {
				msg = event.Unplaced(err, h)
			}
			fmt.Fprintf(&b, "\n  %s: %s", h, msg)
		}
	}
	if len(e.Holders) > 0 {
		b.WriteString("\n(see 'opsctl lock status'; a stale lock is broken with 'opsctl unlock --break-lock')")
	}
	if len(e.Failed) > 0 {
		b.WriteString("\n(bring them back, or leave them out of the host selection)")
	}
	return b.String()
}

// FailedHosts are the hosts that could not be reached or locked, sorted.
func (e *LockedError) FailedHosts() []string { return sortedKeys(e.Failed) }

// Without is the host selection hosts (opsctl's -H syntax; "" every host)
// that leaves out the hosts that could not be reached or locked.
func (e *LockedError) Without(hosts string) string {
	for _, h := range e.FailedHosts() {
		hosts += ",!" + h
	}
	return strings.TrimPrefix(hosts, ",")
}

// HostError is an error on one host at one step (connect, lock). It
// carries its place (event.Placed): a printer that shows the host (a
// LockedError's list, a table's HOST column, a JSON line's "host") says
// it Unplaced.
type HostError struct {
	Host string
	Step string
	Err  error
}

func (e *HostError) Error() string { return e.Host + ": " + e.Unplaced() }
func (e *HostError) Unwrap() error { return e.Err }

// Place is the host.
func (e *HostError) Place() string { return e.Host }

// Unplaced is the step and the cause, without the host (nor the cause's,
// when it is placed at the same host).
func (e *HostError) Unplaced() string { return e.Step + ": " + event.Unplaced(e.Err, e.Host) }

// connectError is a failed Connect's error, placed at the host: an error
// that already is (the transport's "web10: connect: 10.0.0.10:22: ...")
// as it is, any other as the connect step's.
func connectError(host string, err error) error {
	if p, ok := err.(event.Placed); ok && p.Place() == host {
		return err
	}
	return &HostError{Host: host, Step: "connect", Err: err}
}

// Common holds what every operation needs.
type Common struct {
	Hosts       []Host
	Connect     Connect
	DeployTo    string
	User        string // who, for the lock and revisions.log (default $USER@hostname)
	Concurrency int    // hosts at once (default all)
	OnEvent     func(Event)
	HTTPClient  *http.Client

	noun string // events are "<noun>.<verb>": "deploy" (default) or "rollback"
}

func (c *Common) validate() error {
	if c.Connect == nil {
		return errors.New("deploy: no Connect function")
	}
	if len(c.Hosts) == 0 {
		return errors.New("no hosts selected")
	}
	if !strings.HasPrefix(c.DeployTo, "/") || c.DeployTo == "/" {
		return fmt.Errorf("deploy_to %q: want an absolute directory (app.deploy_to)", c.DeployTo)
	}
	if c.User == "" {
		c.User = defaultUser()
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	return nil
}

func (c *Common) emit(e Event) {
	if c.OnEvent != nil {
		c.OnEvent(named(c.noun, e))
	}
}

// named gives e its full name, "<noun>.<verb>", and its time.
func named(noun string, e Event) Event {
	if noun == "" {
		noun = "deploy"
	}
	e.Name = event.Named(noun, e.Name)
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	return e
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// cleanupCtx is for releasing locks after the hard context was cancelled.
func cleanupCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
}
