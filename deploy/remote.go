// Package deploy puts releases on hosts over SSH in a Capistrano layout,
// switches them live atomically in waves with health gates, and rolls them
// back in one or two round trips per host.
//
// On each host, under deploy_to:
//
//	releases/<id>/        one directory per release (complete ones only)
//	releases/.tmp-<id>/   a release being uploaded (never live)
//	shared/               paths linked into every release (app.shared_paths)
//	current -> <deploy_to>/releases/<id>   switched with rename(2)
//	revisions.log         one line per switch: time, release, user, action, deploy id, previous
//	                      (action "interrupted": a deploy cut short while this host was on it)
//	.opsctl.lock/info     the lock (mkdir is atomic); info is JSON: who, when, what
//
// The package never prints: progress goes through Options.OnEvent, results
// are typed (per host), and the commands sent to hosts are POSIX sh with
// every value quoted by shellescape. It needs GNU coreutils' mv -T and
// timeout, sha256sum, gzip and tar on the hosts; it uses openssl (hashing)
// and zstd (gzip decoding) instead when the host has them, because they are
// cheaper (see prepareScript).
package deploy

import (
	"context"
	"errors"
	"io"
)

// ErrNotStarted marks Remote errors where the command certainly did not run.
var ErrNotStarted = errors.New("command not started")

// Output is what one remote command produced.
type Output struct {
	Stdout, Stderr []byte
	ExitStatus     int
}

// Remote runs shell commands on one host. Run returns a non-nil error only
// when the command could not be run or its outcome is unknown (connection
// lost); a command that ran and failed is reported by ExitStatus.
// stdin may be nil.
//
// An error that wraps ErrNotStarted promises the command did not run at
// all (the connection or session could not be opened), which lets a
// deploy report a host as still on its old release rather than unknown.
type Remote interface {
	Run(ctx context.Context, cmd string, stdin io.Reader) (*Output, error)
}

// Connect returns the Remote for a host. It is called at most once per host
// per operation; the caller owns connection pooling and closing.
type Connect func(ctx context.Context, h Host) (Remote, error)

// Host is one target.
type Host struct {
	Name    string
	Address string // for {host} in the health URL; Name when empty
}

// Streamer is implemented by Remotes that can hand over stdout while the
// command runs. Rollback uses it to do its check and its switch in ONE
// command per host: the command takes the lock, checks the target, prints
// READY and waits for GO (or ABORT, or end of input) on stdin.
type Streamer interface {
	Stream(ctx context.Context, cmd string, stdin io.Reader, stdout io.Writer) (*Output, error)
}
