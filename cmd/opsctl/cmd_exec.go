package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/transport"
	"github.com/spf13/cobra"
)

type execOptions struct {
	timeout time.Duration
	dryRun  bool
	args    []string
}

func (o *execOptions) validate() error {
	switch {
	case len(o.args) == 0:
		return usageError("exec: no command given (opsctl exec -H HOSTS -- COMMAND...)")
	case o.timeout < 0:
		return usageError("exec: --timeout must not be negative")
	case len(o.args) == 1 && strings.TrimSpace(o.args[0]) == "":
		return usageError("exec: the command is empty")
	}
	return nil
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
-o json, an exec.host event per host and a final exec.summary (docs/json.md).`,
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
	targets, err := a.f.Targets()
	if err != nil {
		return err
	}
	command := transport.CommandLine(o.args...)
	names, width := make([]string, len(targets)), 0
	for i, t := range targets {
		names[i], width = t.Name, max(width, len(t.Name))
	}
	if o.dryRun {
		for _, h := range names {
			if a.jsonMode() {
				a.emit("exec.host", map[string]any{"host": h, "status": "dry-run", "command": command})
			} else {
				fmt.Fprintf(a.io.Out, "%s | would run: %s\n", h, command)
			}
		}
		return nil
	}
	if a.opts.hosts == "" {
		if err := a.confirm(fmt.Sprintf("no --hosts: run %q on every host (%d)", command, len(names)), names); err != nil {
			return err
		}
	}
	pool, err := a.f.SSHPool()
	if err != nil {
		return err
	}
	a.watchSignals()
	bar := a.progressCounter(int64(len(names)), "hosts")
	ro := transport.RunAllOptions{Limit: a.opts.concurrency, Timeout: o.timeout, Stop: a.softCtx,
		OnResult: func(r fanout.Result[*transport.Result]) {
			a.reportHost(r, width)
			a.outMu.Lock()
			bar.Add(1) // after the host's lines: the counter is the last thing drawn
			a.outMu.Unlock()
		}}
	if !a.jsonMode() { // each line prefixed with its host
		ro.Output = func(host string) (io.Writer, io.Writer) {
			prefix := fmt.Sprintf("%-*s | ", width, host)
			return &transport.LineWriter{Prefix: prefix, Out: func(s string) { a.writeLocked(a.io.Out, s) }},
				&transport.LineWriter{Prefix: prefix, Out: func(s string) { a.writeLocked(a.io.ErrOut, s) }}
		}
	}
	// A started command runs on through the first Ctrl-C (softCtx); the
	// second one (hardCtx) kills it.
	start := time.Now()
	results, err := pool.RunAll(a.hardCtx, targets, command, ro)
	a.doneProgress()
	took := time.Since(start)
	for _, r := range results {
		if r.Status == fanout.Skipped {
			a.reportHost(r, width) // never started: not reported yet
		}
	}
	if sum := fanout.Summarize(results); a.jsonMode() {
		a.emit("exec.summary", sum, map[string]any{"hosts": len(results), "duration_ms": took})
	} else {
		fmt.Fprintf(a.io.ErrOut, "%s in %s\n", sum, humanDuration(took))
	}
	return silent(err) // each host's line said it; the class is transport's
}

// reportHost prints one host's outcome: a JSON event, or (text) a line on
// stderr when it failed or was skipped.
func (a *app) reportHost(r fanout.Result[*transport.Result], width int) {
	if a.jsonMode() {
		ev := map[string]any{"host": r.Name, "status": r.Status, "duration_ms": r.Duration, "exit_status": nil}
		if r.Err != nil {
			ev["error"], ev["error_kind"] = r.Err, transport.ErrorKind(r.Err) // said without the host: the line has it
		}
		a.emit("exec.host", ev, r.Value) // exit status and output, when it ran
	} else if r.Err != nil {
		a.writeLocked(a.io.ErrOut, fmt.Sprintf("%-*s | %s\n", width, r.Name, r.Outcome()))
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

// humanDuration prints 0.83s, 12.4s, 2m5s.
func humanDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}
