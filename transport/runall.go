package transport

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/opsctl/opsctl/fanout"
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
// Every host reports; one failure never cancels the others.
func (p *Pool) RunAll(ctx context.Context, targets []Target, command string, o RunAllOptions) []fanout.Result[*Result] {
	byName := make(map[string]Target, len(targets))
	names := make([]string, len(targets))
	for i, t := range targets {
		byName[t.Name], names[i] = t, t.Name
	}
	stop := o.Stop
	if stop == nil {
		stop = ctx
	}
	return fanout.Run(stop, names, max(o.Limit, 1), func(_ context.Context, name string) (*Result, error) {
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
