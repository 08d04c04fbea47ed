package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/transport"
	"github.com/spf13/cobra"
)

type execOptions struct {
	timeout time.Duration
	dryRun  bool
	args    []string
}

func (o *execOptions) validate() error {
	if len(o.args) == 0 {
		return usageError("exec: no command given (opsctl exec -H HOSTS -- COMMAND...)")
	}
	if o.timeout < 0 {
		return usageError("exec: --timeout must not be negative")
	}
	if len(o.args) == 1 && strings.TrimSpace(o.args[0]) == "" {
		return usageError("exec: the command is empty")
	}
	return nil
}

// remoteCommand is what the hosts run: a single argument is a shell
// snippet passed as is (like ssh HOST 'a | b'); several arguments are
// quoted one by one (like a program and its arguments).
func (o *execOptions) remoteCommand() string {
	if len(o.args) == 1 {
		return o.args[0]
	}
	return transport.Command(o.args...)
}

func newExecCmd(a *app) *cobra.Command {
	o := &execOptions{}
	cmd := &cobra.Command{
		Use:   "exec [-H HOSTS] [--timeout D] -- COMMAND [ARG...]",
		Short: "Run a command on many hosts in parallel",
		Long: `Run a command on the selected hosts over SSH, --concurrency at a time
(default 100). Every output line is prefixed with the host's name (stderr
lines go to stderr); a summary line ends the run.

Quoting works like ssh: a single argument is a shell snippet run as is
(pipes, globs and $VARS are expanded on the host); several arguments are
quoted one by one, so each reaches the host as exactly one word.

  opsctl exec -H web -- uptime
  opsctl exec -H 'web[01:10],!web03' -- 'df -h /srv | tail -1'
  opsctl exec -H worker --timeout 30s -- systemctl restart queue-worker
  opsctl exec -o json -- cat /srv/app/current/REVISION
  opsctl exec --dry-run -H web -- rm -rf '/srv/app/releases/old dir'

Host keys are checked against known_hosts; a host not in it is refused
unless --accept-new-host-keys. Exit status: 0 when every host succeeded, 3
when some failed (partial), 1 when all failed, 130 when interrupted. With
-o json, one {"event":"exec.host"} object per host (host, status,
exit_status, stdout, stderr, error, error_kind, duration_ms) and a final
{"event":"exec.summary"}.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.args = args
			if err := o.validate(); err != nil {
				return err
			}
			return runExec(a, o)
		},
	}
	cmd.Flags().SetInterspersed(false)
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "print the hosts and the exact remote command line; connect to nothing")
	cmd.Flags().DurationVar(&o.timeout, "timeout", 0, "kill the command on a host after this long (overrides ssh.command_timeout; default none)")
	return cmd
}

func runExec(a *app, o *execOptions) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	hosts, err := cfg.SelectHosts(a.opts.hosts)
	if err != nil {
		return usage(err)
	}
	if len(hosts) == 0 {
		return usage(fmt.Errorf("%s: the inventory lists no hosts", cfg.File))
	}
	command := o.remoteCommand()
	if o.dryRun {
		for _, h := range hosts {
			if a.jsonMode() {
				a.emit("exec.host", map[string]any{"host": h.Name, "status": "dry-run", "command": command})
			} else {
				fmt.Fprintf(a.io.Out, "%s | would run: %s\n", h.Name, command)
			}
		}
		return nil
	}
	if a.opts.hosts == "" {
		names := make([]string, len(hosts))
		for i, h := range hosts {
			names[i] = h.Name
		}
		if err := a.confirm(fmt.Sprintf("no --hosts: run %q on every host (%d)", command, len(hosts)), names); err != nil {
			return err
		}
	}
	pool, err := a.f.SSHPool()
	if err != nil {
		return err
	}
	a.watchSignals()
	targets := make([]transport.Target, len(hosts))
	width := 0
	for i, h := range hosts {
		targets[i] = factory.Target(h)
		width = max(width, len(h.Name))
	}
	bar := a.progressCounter(int64(len(hosts)), "hosts")
	ro := transport.RunAllOptions{Limit: a.opts.concurrency, Timeout: o.timeout, Stop: a.softCtx,
		OnResult: func(r fanout.Result[*transport.Result]) {
			a.reportHost(r, width)
			a.outMu.Lock()
			bar.Add(1) // after the host's lines: the counter is the last thing drawn
			a.outMu.Unlock()
		}}
	if !a.jsonMode() {
		ro.Output = func(host string) (io.Writer, io.Writer) {
			prefix := fmt.Sprintf("%-*s | ", width, host)
			return &linePrefixer{a: a, w: a.io.Out, prefix: prefix}, &linePrefixer{a: a, w: a.io.ErrOut, prefix: prefix}
		}
	}
	// A started command runs on through the first Ctrl-C (softCtx); the
	// second one (hardCtx) kills it.
	start := time.Now()
	results, err := pool.RunAll(a.hardCtx, targets, command, ro)
	a.doneProgress()
	a.reportExec(results, time.Since(start), width)
	return silent(err) // each host's line said it; the class is transport's
}

// reportExec prints the hosts never started and the summary line.
func (a *app) reportExec(results []fanout.Result[*transport.Result], took time.Duration, width int) {
	var ok, failed, skipped int
	for _, r := range results {
		switch r.Status {
		case fanout.OK:
			ok++
		case fanout.Failed:
			failed++
		default:
			skipped++
			a.reportHost(r, width) // never started: not reported yet
		}
	}
	if a.jsonMode() {
		a.emit("exec.summary", map[string]any{"ok": ok, "failed": failed, "skipped": skipped, "hosts": len(results), "duration_ms": took})
	} else {
		fmt.Fprintf(a.io.ErrOut, "%d ok, %d failed, %d skipped in %s\n", ok, failed, skipped, humanDuration(took))
	}
}

// reportHost prints one host's outcome: a JSON event, or (text) a line on
// stderr when it failed or was skipped.
func (a *app) reportHost(r fanout.Result[*transport.Result], width int) {
	if a.jsonMode() {
		ev := map[string]any{"host": r.Name, "status": string(r.Status), "duration_ms": r.Duration, "exit_status": nil}
		if r.Value != nil {
			ev["exit_status"] = r.Value.ExitStatus
			ev["stdout"] = string(r.Value.Stdout)
			ev["stderr"] = string(r.Value.Stderr)
		}
		if r.Err != nil {
			ev["error"] = r.Err // without the host: the line has it
			ev["error_kind"] = transport.ErrorKind(r.Err)
		}
		a.emit("exec.host", ev)
		return
	}
	if r.Err != nil {
		a.writeLocked(a.io.ErrOut, fmt.Sprintf("%-*s | %s: %s\n", width, r.Name, strings.ToUpper(string(r.Status)), event.Unplaced(r.Err, r.Name)))
	}
}

// writeLocked writes s under the output lock, above any progress bar.
func (a *app) writeLocked(w io.Writer, s string) {
	a.outMu.Lock()
	defer a.outMu.Unlock()
	if a.bar != nil {
		a.bar.Clear()
	}
	io.WriteString(w, s)
	if a.bar != nil {
		a.bar.RenderBlank()
	}
}

// linePrefixer writes whole lines, each prefixed, so lines of different
// hosts never interleave mid-line.
type linePrefixer struct {
	a      *app
	w      io.Writer
	prefix string
	mu     sync.Mutex
	buf    []byte
}

func (l *linePrefixer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	i := bytes.LastIndexByte(l.buf, '\n')
	if i < 0 {
		if len(l.buf) > 64<<10 { // a huge line without newline: write it out
			l.emit(l.buf, true)
			l.buf = l.buf[:0]
		}
		return len(p), nil
	}
	l.emit(l.buf[:i+1], false)
	l.buf = append(l.buf[:0], l.buf[i+1:]...)
	return len(p), nil
}

func (l *linePrefixer) emit(b []byte, addNewline bool) {
	var out strings.Builder
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if line == "" {
			continue
		}
		out.WriteString(l.prefix)
		out.WriteString(line)
	}
	if addNewline {
		out.WriteString("\n")
	}
	l.a.writeLocked(l.w, out.String())
}

// Flush writes a last line without its newline (transport.RunAll calls
// it when the command ends).
func (l *linePrefixer) Flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) > 0 {
		l.emit(l.buf, true)
		l.buf = l.buf[:0]
	}
	return nil
}

// humanDuration prints 0.83s, 12.4s, 2m5s.
func humanDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}
