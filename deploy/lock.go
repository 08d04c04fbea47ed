package deploy

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strings"
	"sync"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
)

func defaultUser() string {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if name == "" {
		name = "unknown"
	}
	h, _ := os.Hostname()
	if h == "" {
		h = "unknown"
	}
	return name + "@" + h
}

func newOpID(kind string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return kind + "-" + time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

func (c *Common) lockInfo(op *opState, release string) string {
	h, _ := os.Hostname()
	info := LockInfo{ID: op.id, Op: op.kind, Release: release, User: c.User, Client: h, PID: os.Getpid(), Started: time.Now().UTC()}
	b, _ := json.Marshal(info)
	return string(b)
}

// opState is one operation's connections and lock.
type opState struct {
	kind    string
	id      string
	remotes map[string]Remote
	locked  map[string]bool
	// unsure: the lock command was sent but gave no clear answer (cut
	// by a hard abort, a lost connection): our lock may be there, so the
	// clean-up releases it too (the unlock only removes our own).
	unsure map[string]bool
}

// run runs cmd on host h through its remote and turns a failed exit into an
// error carrying stderr.
func run(ctx context.Context, r Remote, cmd string, stdin interface{ Read([]byte) (int, error) }) (*Output, error) {
	var out *Output
	var err error
	if stdin == nil {
		out, err = r.Run(ctx, cmd, nil)
	} else {
		out, err = r.Run(ctx, cmd, stdin)
	}
	if err != nil {
		return out, err
	}
	if out.ExitStatus != 0 {
		return out, &ExitError{Status: out.ExitStatus, Stderr: strings.TrimSpace(string(out.Stderr))}
	}
	return out, nil
}

// ExitError is a remote command that ran and failed.
type ExitError struct {
	Status int
	Stderr string
}

func (e *ExitError) Error() string {
	msg := e.Stderr
	var before string
	if i := strings.LastIndex(msg, "opsctl: "); i >= 0 {
		before, msg = msg[:i], strings.TrimPrefix(msg[i:], "opsctl: ")
		before = strings.ReplaceAll(before, "opsctl: ", "")
	}
	if msg == "" {
		return fmt.Sprintf("remote command exited with status %d", e.Status)
	}
	if e.Status == rcExtract || e.Status == rcChecksum {
		// the decoder's and tar's own messages (a full disk, a bad
		// archive) say what went wrong: keep their last lines
		var lines []string
		for _, l := range strings.Split(before, "\n") {
			if l = strings.TrimSpace(l); l != "" && (len(lines) == 0 || lines[len(lines)-1] != l) {
				lines = append(lines, l)
			}
		}
		if len(lines) > 5 {
			lines = lines[len(lines)-5:]
		}
		msg = strings.Replace(msg, ", see its messages above)", ")", 1)
		for _, l := range lines {
			if strings.Contains(l, "No space left on device") {
				msg += ": No space left on device"
				break
			}
		}
		if len(lines) > 0 {
			msg += "\n" + strings.Join(lines, "\n")
		}
	}
	return msg
}

func exitStatus(err error) int {
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Status
	}
	return -1
}

// connectAndLock connects to every host and takes the lock on each. If any
// host cannot be locked, the locks taken are released and a *LockedError
// is returned: nothing changed. extra, when set, is appended to the lock
// command (same round trip) and its stdout is returned per host after the
// lock lines.
func (c *Common) connectAndLock(ctx context.Context, op *opState, release string, force bool, extra func(host string) string) (map[string]string, error) {
	info := c.lockInfo(op, release)
	names := hostNames(c.Hosts)
	byName := hostMap(c.Hosts)
	type lockRes struct {
		held  *LockInfo
		broke string
		extra string
	}
	rs := fanout.Run(ctx, names, c.Concurrency, func(ctx context.Context, name string) (lockRes, error) {
		r, err := c.Connect(ctx, byName[name])
		if err != nil {
			return lockRes{}, connectError(name, err)
		}
		op.setRemote(name, r)
		var b strings.Builder
		lockLines(&b, c.DeployTo, info, force)
		if extra != nil {
			b.WriteString("echo ---\n")
			b.WriteString(extra(name))
		}
		op.setUnsure(name, true) // until the host answers
		out, err := r.Run(ctx, sh(b.String()), nil)
		if err != nil {
			return lockRes{}, &HostError{Host: name, Step: "lock", Err: err}
		}
		stdout := string(out.Stdout)
		var lr lockRes
		if strings.HasPrefix(stdout, "BROKE\n") {
			rest := strings.TrimPrefix(stdout, "BROKE\n")
			i := strings.Index(rest, "\n")
			lr.broke, stdout = rest[:max(i, 0)], rest[i+1:]
			stdout = strings.TrimLeft(stdout, "\n")
		}
		switch {
		case strings.HasPrefix(stdout, "LOCKED\n"):
			op.setLocked(name)
			if extra != nil {
				if i := strings.Index(stdout, "---\n"); i >= 0 {
					lr.extra = stdout[i+4:]
				}
				if out.ExitStatus != 0 {
					return lr, &ExitError{Status: out.ExitStatus, Stderr: strings.TrimSpace(string(out.Stderr))}
				}
			}
			return lr, nil
		case strings.HasPrefix(stdout, "HELD\n"):
			op.setUnsure(name, false)
			li := parseLockInfo(strings.TrimPrefix(stdout, "HELD\n"))
			lr.held = &li
			return lr, nil
		}
		if out.ExitStatus != 0 {
			return lr, &HostError{Host: name, Step: "lock", Err: &ExitError{Status: out.ExitStatus, Stderr: strings.TrimSpace(string(out.Stderr))}}
		}
		return lr, &HostError{Host: name, Step: "lock", Err: fmt.Errorf("unexpected reply %q", firstLine(stdout))}
	})
	le := &LockedError{Holders: map[string]LockInfo{}, Failed: map[string]error{}}
	extras := map[string]string{}
	for _, r := range rs {
		if r.Value.broke != "" {
			c.emit(Event{Event: event.Event{Name: EvUnlocked, Host: r.Name}, Message: "broke the lock held by " + parseLockInfo(r.Value.broke).String()})
		}
		switch {
		case r.Status == fanout.Skipped:
			le.Failed[r.Name] = r.Err
		case r.Err != nil && op.locked[r.Name]:
			// locked, but the extra part failed: reported by the caller
			extras[r.Name] = r.Value.extra
			le.Failed[r.Name] = r.Err
		case r.Err != nil:
			le.Failed[r.Name] = r.Err
		case r.Value.held != nil:
			le.Holders[r.Name] = *r.Value.held
		default:
			extras[r.Name] = r.Value.extra
			c.emit(Event{Event: event.Event{Name: EvLocked, Host: r.Name}})
		}
	}
	if len(le.Holders) > 0 || len(le.Failed) > 0 {
		c.unlockAll(ctx, op, nil)
		return extras, le
	}
	return extras, nil
}

var lockedMu sync.Mutex

func (op *opState) setRemote(name string, r Remote) {
	lockedMu.Lock()
	op.remotes[name] = r
	lockedMu.Unlock()
}

// setLocked: the host answered LOCKED, so its lock is surely ours.
func (op *opState) setLocked(name string) {
	lockedMu.Lock()
	op.locked[name] = true
	delete(op.unsure, name)
	lockedMu.Unlock()
}

func (op *opState) setUnsure(name string, unsure bool) {
	lockedMu.Lock()
	if op.unsure == nil {
		op.unsure = map[string]bool{}
	}
	if unsure {
		op.unsure[name] = true
	} else {
		delete(op.unsure, name)
	}
	lockedMu.Unlock()
}

// unlockAll releases this operation's locks (best effort, even after ctx is
// cancelled). prune, when set, gives per-host lines to run first.
func (c *Common) unlockAll(ctx context.Context, op *opState, prune func(host string) string) map[string][]string {
	cctx, cancel := cleanupCtx(ctx)
	defer cancel()
	var names []string
	for _, n := range hostNames(c.Hosts) {
		if op.locked[n] || (op.unsure[n] && op.remotes[n] != nil) {
			names = append(names, n)
		}
	}
	pruned := map[string][]string{}
	type unlockRes struct {
		gone     []string
		unlocked bool
	}
	rs := fanout.Run(cctx, names, c.Concurrency, func(ctx context.Context, name string) (unlockRes, error) {
		var b strings.Builder
		if prune != nil {
			if op.locked[name] {
				b.WriteString(prune(name))
			} else {
				// unsure: clean up only under our own lock
				ifOursLines(&b, c.DeployTo, op.id, prune(name))
			}
		}
		unlockLines(&b, c.DeployTo, op.id)
		out, err := run(ctx, op.remotes[name], sh(b.String()), nil)
		if err != nil {
			return unlockRes{}, err
		}
		var ur unlockRes
		for _, l := range strings.Split(string(out.Stdout), "\n") {
			if p, ok := strings.CutPrefix(l, "PRUNED "); ok {
				ur.gone = append(ur.gone, p)
			}
			ur.unlocked = ur.unlocked || l == "UNLOCKED"
		}
		return ur, nil
	})
	for _, r := range rs {
		if r.Err != nil {
			c.emit(Event{Event: event.Event{Name: EvFailed, Host: r.Name, Err: r.Err}, Message: "could not release the lock (see 'opsctl lock status')"})
			continue
		}
		if !op.locked[r.Name] && !r.Value.unlocked {
			delete(op.unsure, r.Name) // our lock was not there
			continue
		}
		delete(op.locked, r.Name)
		delete(op.unsure, r.Name)
		if len(r.Value.gone) > 0 {
			pruned[r.Name] = r.Value.gone
			c.emit(Event{Event: event.Event{Name: EvPruned, Host: r.Name}, Message: strings.Join(r.Value.gone, " ")})
		}
		c.emit(Event{Event: event.Event{Name: EvUnlocked, Host: r.Name}})
	}
	return pruned
}

func parseLockInfo(s string) LockInfo {
	var li LockInfo
	s = strings.TrimSpace(s)
	if s == "" {
		return li
	}
	if err := json.Unmarshal([]byte(firstLine(s)), &li); err != nil {
		li.Op = "unreadable lock info: " + firstLine(s)
	}
	return li
}

func firstLine(s string) string {
	sc := bufio.NewScanner(bytes.NewReader([]byte(s)))
	if sc.Scan() {
		return sc.Text()
	}
	return ""
}

func hostNames(hs []Host) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Name
	}
	return out
}

func hostMap(hs []Host) map[string]Host {
	m := make(map[string]Host, len(hs))
	for _, h := range hs {
		m[h.Name] = h
	}
	return m
}

// LockState is one host's lock (its JSON: the lock.status and
// unlock.host lines, the holder only when held).
type LockState struct {
	Host   string    `json:"host"`
	Held   bool      `json:"held"`
	Holder *LockInfo `json:"holder,omitempty"`
	Err    error     `json:"-"`
}

// LockStatus reads the lock on every host (read-only). When some hosts
// could not be read the error is a *HostsError.
func LockStatus(ctx context.Context, c Common) ([]LockState, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	script := sh(fmt.Sprintf("d=%s\nif [ -d \"$d/.opsctl.lock\" ]; then echo HELD; cat \"$d/.opsctl.lock/info\" 2>/dev/null; else echo FREE; fi\n", q(c.DeployTo)))
	st := forHosts(ctx, c, func(ctx context.Context, h Host, r Remote) LockState {
		out, err := run(ctx, r, script, nil)
		if err != nil {
			return LockState{Host: h.Name, Err: err}
		}
		s := string(out.Stdout)
		if rest, ok := strings.CutPrefix(s, "HELD\n"); ok {
			info := parseLockInfo(rest)
			return LockState{Host: h.Name, Held: true, Holder: &info}
		}
		return LockState{Host: h.Name}
	})
	return st, lockErr("read the lock", st)
}

// lockErr is nil, or a *HostsError naming the hosts whose lock failed.
func lockErr(what string, st []LockState) error {
	return hostsErr(what, st, func(s LockState) string { return s.Host }, func(s LockState) error { return s.Err })
}

// ForceUnlock removes the lock on every host whoever holds it, and returns
// what each host held. When some hosts failed the error is a *HostsError.
func ForceUnlock(ctx context.Context, c Common) ([]LockState, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	script := sh(fmt.Sprintf("d=%s\nif [ -d \"$d/.opsctl.lock\" ]; then echo HELD; cat \"$d/.opsctl.lock/info\" 2>/dev/null; rm -rf \"$d/.opsctl.lock\"; else echo FREE; fi\n", q(c.DeployTo)))
	st := forHosts(ctx, c, func(ctx context.Context, h Host, r Remote) LockState {
		out, err := run(ctx, r, script, nil)
		if err != nil {
			return LockState{Host: h.Name, Err: err}
		}
		if rest, ok := strings.CutPrefix(string(out.Stdout), "HELD\n"); ok {
			info := parseLockInfo(rest)
			return LockState{Host: h.Name, Held: true, Holder: &info}
		}
		return LockState{Host: h.Name}
	})
	return st, lockErr("break the lock", st)
}

// forHosts connects to every host and calls fn, collecting one value per
// host in order. Connection errors go through errOf.
func forHosts[T any](ctx context.Context, c Common, fn func(ctx context.Context, h Host, r Remote) T) []T {
	byName := hostMap(c.Hosts)
	rs := fanout.Run(ctx, hostNames(c.Hosts), c.Concurrency, func(ctx context.Context, name string) (T, error) {
		r, err := c.Connect(ctx, byName[name])
		if err != nil {
			var zero T
			return zero, connectError(name, err)
		}
		return fn(ctx, byName[name], r), nil
	})
	out := make([]T, len(rs))
	for i, r := range rs {
		if r.Err != nil {
			out[i] = withErr[T](r.Name, r.Err)
		} else {
			out[i] = r.Value
		}
	}
	return out
}

func withErr[T any](host string, err error) T {
	var zero T
	switch p := any(&zero).(type) {
	case *LockState:
		*p = LockState{Host: host, Err: err}
	case *HostReleases:
		*p = HostReleases{Host: host, Err: err}
	case *hostLog:
		*p = hostLog{host: host, err: err}
	}
	return zero
}
