package deploy

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/transport"
)

// SSHRemote is a host reached over SSH (a transport.Pool connection) as a
// Remote and a Streamer. It asks the pool for the client on every command,
// so a dropped connection is dialled again (and a host that is down fails
// fast with ErrNotStarted).
type SSHRemote struct {
	Pool   *transport.Pool
	Target transport.Target
}

func (r *SSHRemote) Run(ctx context.Context, cmd string, stdin io.Reader) (*Output, error) {
	var out bytes.Buffer
	o, err := r.Stream(ctx, cmd, stdin, &out)
	if o != nil {
		o.Stdout = out.Bytes()
	}
	return o, err
}

// Stream implements Streamer: stdout goes to w as it arrives (the
// rollback's one-command-per-host mode reads READY from it).
func (r *SSHRemote) Stream(ctx context.Context, cmd string, stdin io.Reader, w io.Writer) (*Output, error) {
	c, err := r.Pool.Client(ctx, r.Target)
	if err != nil {
		return nil, notStarted(err)
	}
	var errb bytes.Buffer
	err = c.Stream(ctx, cmd, stdin, w, &errb)
	o := &Output{Stderr: errb.Bytes()}
	if st, ok := transport.IsExit(err); ok && st >= 0 {
		o.ExitStatus = st
		return o, nil
	}
	if err != nil && transport.NotStarted(err) {
		return o, notStarted(err)
	}
	return o, err
}

// notStarted marks err as ErrNotStarted. An error placed at its host (the
// transport's) stays placed, so a printer can still say it without the
// host.
func notStarted(err error) error {
	if p, ok := err.(event.Placed); ok {
		return placedNotStarted{p}
	}
	return fmt.Errorf("%w: %w", ErrNotStarted, err)
}

type placedNotStarted struct{ event.Placed }

func (e placedNotStarted) Error() string { return ErrNotStarted.Error() + ": " + e.Placed.Error() }
func (e placedNotStarted) Unplaced() string {
	return ErrNotStarted.Error() + ": " + e.Placed.Unplaced()
}
func (e placedNotStarted) Unwrap() []error { return []error{ErrNotStarted, e.Placed} }
