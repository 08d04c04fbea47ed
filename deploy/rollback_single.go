package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
)

// singleSession reports whether rollback can run as one command per host:
// every host must be worked on at once (each waits for the others' READY).
func (o *RollbackOptions) singleSession(ctx context.Context) bool {
	return o.Concurrency <= 0 || o.Concurrency >= len(o.Hosts)
}

// readyWriter collects stdout and calls ready once "READY" is seen.
type readyWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	once  *sync.Once
	ready func(bool)
}

func (w *readyWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if bytes.Contains(w.buf.Bytes(), []byte("\nREADY\n")) {
		w.once.Do(func() { w.ready(true) })
	} else if bytes.Contains(w.buf.Bytes(), []byte("NOTREADY\n")) {
		w.once.Do(func() { w.ready(false) })
	}
	return len(p), nil
}

// rollbackSingle does the rollback with one command per host: lock, check
// the target, READY, wait for GO, switch, log, after_switch, unlock. GO is
// sent only when every host is READY; otherwise every host gets ABORT and
// unlocks without switching, so a host lacking the target (or locked)
// still refuses the whole rollback before any host switches.
func rollbackSingle(ctx context.Context, o *RollbackOptions, op *opState, result *Result, idx map[string]*HostResult) ([]fanout.Result[string], error) {
	info := o.lockInfo(op, o.To)
	var unlock strings.Builder
	unlockLines(&unlock, o.DeployTo, op.id)
	var b strings.Builder
	var lb strings.Builder
	lockLines(&lb, o.DeployTo, info, o.Force)
	b.WriteString(strings.Replace(lb.String(), "exit 0; fi", "echo; echo NOTREADY; exit 0; fi", 1))
	fmt.Fprintf(&b, "fail() {\n%s echo NOTREADY; exit $1\n}\necho ---\n", unlock.String())
	r := resolveLines(o.DeployTo, o.To)
	r = strings.ReplaceAll(r, "exit 75", "fail 75")
	r = strings.ReplaceAll(r, "exit 76", "fail 76")
	b.WriteString(r)
	b.WriteString("echo READY\nif ! IFS= read -r go || [ \"$go\" != GO ]; then\n" + unlock.String() + "echo ABORTED\nexit 0\nfi\n")
	b.WriteString("if [ \"$target\" = \"$cur\" ]; then echo ALREADY; rc=0; else\n( set -e\n")
	b.WriteString(strings.Replace(switchBody(o.DeployTo, "TARGETPLACEHOLDER", o.User, "rollback", op.id, nil, o.Hooks.AfterSwitch, o.Hooks.Timeout, false),
		"id=TARGETPLACEHOLDER", `id="$target"`, 1))
	b.WriteString(")\nrc=$?\nfi\n" + unlock.String() + "exit $rc\n")
	script := sh(b.String())

	names := hostNames(o.Hosts)
	byName := hostMap(o.Hosts)
	type hostRun struct {
		once  sync.Once
		ready chan bool
		pr    *io.PipeReader
		pw    *io.PipeWriter
		out   *readyWriter
	}
	runs := map[string]*hostRun{}
	for _, n := range names {
		h := &hostRun{ready: make(chan bool, 1)}
		h.pr, h.pw = io.Pipe()
		h.out = &readyWriter{once: &h.once, ready: func(ok bool) { h.ready <- ok }}
		runs[n] = h
	}
	// the coordinator: GO when all are READY, else ABORT
	go func() {
		all := true
		for _, n := range names {
			select {
			case ok := <-runs[n].ready:
				all = all && ok
			case <-time.After(60 * time.Second): // a host lost mid-check
				all = false
			case <-ctx.Done(): // aborted: tell everyone ABORT at once
				all = false
			}
		}
		word := "ABORT\n"
		if all {
			word = "GO\n"
		}
		for _, n := range names {
			go func(h *hostRun) {
				h.pw.Write([]byte(word))
				h.pw.Close()
			}(runs[n])
		}
	}()
	type outcome struct {
		stdout string
		out    *Output
	}
	rs := fanout.Run(ctx, names, 0, func(ctx context.Context, name string) (outcome, error) {
		h := runs[name]
		defer h.once.Do(func() { h.ready <- false })
		rem, err := o.Connect(ctx, byName[name])
		if err != nil {
			h.pr.Close()
			return outcome{}, connectError(name, err)
		}
		op.setRemote(name, rem)
		st, ok := rem.(Streamer)
		if !ok {
			return outcome{}, errors.New("remote cannot stream")
		}
		out, err := st.Stream(ctx, script, h.pr, h.out)
		h.pr.Close()
		h.out.mu.Lock()
		stdout := h.out.buf.String()
		h.out.mu.Unlock()
		if out == nil {
			out = &Output{}
		}
		if err == nil && out.ExitStatus != 0 {
			err = &ExitError{Status: out.ExitStatus, Stderr: strings.TrimSpace(string(out.Stderr))}
		}
		return outcome{stdout: stdout, out: out}, err
	})
	le := &LockedError{Holders: map[string]LockInfo{}, Failed: map[string]error{}}
	aborted := false
	final := make([]fanout.Result[string], len(rs))
	for i, r := range rs {
		final[i] = fanout.Result[string]{Name: r.Name, Status: r.Status, Err: r.Err}
		h := idx[r.Name]
		stdout := r.Value.stdout
		if rest, ok := strings.CutPrefix(stdout, "BROKE\n"); ok {
			j := strings.Index(rest, "\n")
			if j > 0 {
				o.emit(Event{Event: event.Event{Name: EvUnlocked, Host: r.Name}, Message: "broke the lock held by " + parseLockInfo(rest[:j]).String()})
			}
			stdout = strings.TrimLeft(rest[max(j, 0):], "\n")
		}
		if rest, ok := strings.CutPrefix(stdout, "HELD\n"); ok {
			le.Holders[r.Name] = parseLockInfo(rest)
			continue
		}
		locked := strings.HasPrefix(stdout, "LOCKED\n")
		if locked && !strings.Contains(stdout, "UNLOCKED\n") {
			op.setLocked(r.Name)
		}
		if !locked && r.Err != nil && r.Status != fanout.Skipped {
			// cut before the host answered: our lock may be there
			op.setUnsure(r.Name, true)
		}
		prev, sw := Unknown, false
		for _, l := range strings.Split(stdout, "\n") {
			switch {
			case strings.HasPrefix(l, "CUR "), l == "CUR":
				h.Live = strings.TrimPrefix(strings.TrimPrefix(l, "CUR"), " ")
				h.Previous = h.Live
			case strings.HasPrefix(l, "TARGET "):
				h.Target = strings.TrimPrefix(l, "TARGET ")
			case l == "ABORTED":
				aborted = true
			case strings.HasPrefix(l, "PREV "), l == "PREV":
				prev = strings.TrimPrefix(strings.TrimPrefix(l, "PREV"), " ")
			case l == "SWITCHED":
				sw = true
			case l == "ALREADY":
				final[i].Value = "already"
			}
		}
		if !strings.Contains(stdout, "\nREADY\n") {
			if r.Err == nil {
				r.Err = errors.New("no READY from the host")
			}
			le.Failed[r.Name] = r.Err
			final[i].Err = r.Err
			continue
		}
		switch {
		case sw:
			h.Live = h.Target
			if prev != Unknown {
				h.Previous = prev
			}
		case r.Err != nil && exitStatus(r.Err) < 0 && !errors.Is(r.Err, ErrNotStarted) && strings.Contains(stdout, "PREV"):
			h.Live = Unknown
		}
	}
	if len(le.Holders) > 0 || len(le.Failed) > 0 || aborted {
		o.unlockAll(ctx, op, nil)
		if len(le.Holders) == 0 && len(le.Failed) == 0 {
			le.Failed["?"] = errors.New("aborted")
		}
		return nil, refusal(result, idx, le)
	}
	return final, nil
}
