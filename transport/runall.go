package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/outcome"
)

// RunAllOptions say how RunAll runs one command on many hosts.
type RunAllOptions struct {
	// Limit is how many hosts run at once (at least 1).
	Limit int
	// Timeout kills the command on a host after this long; it overrides
	// the pool's CommandTimeout. 0: the pool's.
	Timeout time.Duration
	// Stop is the soft stop: once it is done no host starts; commands
	// already started run on (ctx, the hard stop, kills them). Nil: never.
	Stop context.Context
	// Output, when set, streams each host's stdout and stderr to the
	// writers it returns instead of collecting them in the Result. A writer
	// with a Flush() error method is flushed when the host's command ends.
	Output func(host string) (stdout, stderr io.Writer)
	// OnResult is called as each host that started finishes, from its
	// goroutine (hosts that never started are only in the returned slice).
	OnResult func(fanout.Result[*Result])
}

// RunAll runs command on every target, o.Limit at a time, and returns one
// result per target in order: OK, Failed (the error says where:
// ErrExitStatus, ErrConnect...) or Skipped (not started: the soft stop).
// Every host reports; one failure never cancels the others. The error is
// nil when every host succeeded, else a *RunAllError: which hosts did
// and did not (outcome.Parts), and whether a stop ended the run.
func (p *Pool) RunAll(ctx context.Context, targets []Target, command string, o RunAllOptions) ([]fanout.Result[*Result], error) {
	byName := make(map[string]Target, len(targets))
	names := make([]string, len(targets))
	for i, t := range targets {
		byName[t.Name], names[i] = t, t.Name
	}
	rs := fanout.RunStop(ctx, o.Stop, names, max(o.Limit, 1), func(_ context.Context, name string) (*Result, error) {
		t0 := time.Now()
		res, err := p.runOne(ctx, byName[name], command, o)
		if o.OnResult != nil {
			st := fanout.OK
			if err != nil {
				st = fanout.Failed
			}
			o.OnResult(fanout.Result[*Result]{Name: name, Value: res, Err: err, Status: st, Duration: time.Since(t0)})
		}
		return res, err
	})
	parts := fanout.Parts(rs)
	if parts.OK() {
		return rs, nil
	}
	stopped := errors.Is(ctx.Err(), context.Canceled) || (o.Stop != nil && o.Stop.Err() != nil)
	return rs, &RunAllError{Command: command, Parts: parts, Stopped: stopped}
}

// RunAllError is a RunAll where some host failed or never started: the
// shared partial-result shape (outcome.Parts: done, failed with each
// host's error, skipped). Partial() (some done, some not) comes from
// Parts; every host failing is a plain failure; Interrupted() when the
// soft or hard stop came before every host had succeeded.
type RunAllError struct {
	Command string
	outcome.Parts
	Stopped bool
}

func (e *RunAllError) Error() string {
	msg := fmt.Sprintf("%d of %d hosts failed", len(e.Failed), e.Total())
	if len(e.Skipped) > 0 {
		msg += fmt.Sprintf(", %d not started", len(e.Skipped))
	}
	if e.Stopped {
		msg = "interrupted: " + msg
	}
	return msg + " (" + strings.Join(append(e.FailedNames(), e.Skipped...), ", ") + ")"
}

// Interrupted reports whether a stop ended the run before every host had
// succeeded.
func (e *RunAllError) Interrupted() bool { return e.Stopped }

// LineWriter is an Output writer that passes on whole lines only, each
// with Prefix (the host's name, say), so that the lines of hosts running
// at once never interleave mid-line: Out gets one or more complete lines
// at a time. A line longer than 64 KiB is passed on without waiting for
// its end; Flush (RunAll calls it when the command ends) passes on a last
// line that has no newline. Safe for concurrent use.
type LineWriter struct {
	Prefix string
	Out    func(lines string)
	mu     sync.Mutex
	buf    []byte
}

func (l *LineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	if i := bytes.LastIndexByte(l.buf, '\n'); i >= 0 {
		l.emit(l.buf[:i+1])
		l.buf = append(l.buf[:0], l.buf[i+1:]...)
	} else if len(l.buf) > 64<<10 { // a huge line without newline: out it goes
		l.emit(append(l.buf, '\n'))
		l.buf = l.buf[:0]
	}
	return len(p), nil
}

// Flush passes on what is left, as a line.
func (l *LineWriter) Flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) > 0 {
		l.emit(append(l.buf, '\n'))
		l.buf = l.buf[:0]
	}
	return nil
}

func (l *LineWriter) emit(b []byte) {
	var out strings.Builder
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if line != "" {
			out.WriteString(l.Prefix)
			out.WriteString(line)
		}
	}
	l.Out(out.String())
}

func (p *Pool) runOne(ctx context.Context, t Target, command string, o RunAllOptions) (*Result, error) {
	c, err := p.Client(ctx, t)
	if err != nil {
		return nil, err
	}
	if o.Timeout > 0 {
		ctx = WithCommandTimeout(ctx, o.Timeout)
	}
	if o.Output == nil {
		return c.Run(ctx, command)
	}
	stdout, stderr := o.Output(t.Name)
	err = c.Stream(ctx, command, nil, stdout, stderr)
	for _, w := range []io.Writer{stdout, stderr} {
		if f, ok := w.(interface{ Flush() error }); ok {
			f.Flush()
		}
	}
	res := &Result{}
	if st, ok := IsExit(err); ok {
		res.ExitStatus = st
	}
	return res, err
}

// ErrorKind names the kind of a transport error for JSON consumers:
// exit_status, host_key, auth, timeout, connect, interrupted, session or
// error.
func ErrorKind(err error) string {
	for _, k := range []struct {
		err  error
		name string
	}{
		{ErrExitStatus, "exit_status"}, {ErrHostKey, "host_key"}, {ErrAuth, "auth"},
		{ErrTimeout, "timeout"}, {ErrConnect, "connect"}, {context.Canceled, "interrupted"},
		{ErrSession, "session"},
	} {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	return "error"
}
