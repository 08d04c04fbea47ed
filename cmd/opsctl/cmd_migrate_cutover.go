package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/opsctl/opsctl/cutover"
	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/readonly"
	"github.com/spf13/cobra"
)

// cutoverBeforeStep lets tests act between steps (e.g. damage a
// PostgreSQL row before verify). Nil in the binary.
var cutoverBeforeStep func(ctx context.Context, step string) error

func newMigrateCutoverCmd(a *app) *cobra.Command {
	var m cutover.Modes
	var accept bool
	var state, by string
	cmd := &cobra.Command{
		Use:   "cutover [--dry-run | --rehearse | --resume | --abort]",
		Short: "Migration day in one command: read-only, copy, verify, repoint, back",
		Long: `The whole migration-day runbook as one command, with the clock running:

  preflight     both databases reachable, versions, free disk on the
                PostgreSQL side, tables without a primary key and objects
                that will not migrate (listed: --accept accepts them), the
                read-only nodes OFF, the app hosts reachable
  schema        (cutover.schema_first) the whole PostgreSQL schema created
                in a scratch schema and dropped: DDL problems show before
                the window
  precopy       (cutover.precopy) every table copied while the site is
                live, CHECKSUM TABLE before and after; the tables that took
                no write meanwhile are recorded
  readonly-on   every HAProxy refuses writes (503), Varnish serves reads
  mysql-readonly  MySQL itself refuses writes: SET GLOBAL read_only=ON
                (super_read_only too on MySQL). A write request the site
                accepted before the flip that reaches MySQL later now FAILS
                (the client gets an error) instead of committing after the
                copy and being lost. The old value is kept in the state file;
                --abort puts it back. After a finished cutover MySQL stays
                read-only (a stray writer fails loudly). Preflight checks the
                account may set it (SUPER; MariaDB 10.5.2+: READ_ONLY ADMIN;
                MySQL 8: SYSTEM_VARIABLES_ADMIN); if not, it asks for --accept
  quiesce       wait until MySQL takes no more writes: binlog position
                (SHOW MASTER STATUS) or table checksums unchanged for
                cutover.quiesce.stable; the mark is recorded. Without MySQL's
                read_only, stable must exceed the longest write request
                (the app's request timeout): a request accepted just before
                readonly-on can commit that much later
  copy          live copy MySQL -> PostgreSQL (migrate copy), or with
                cutover.method: dump, mariadb-dump/mysqldump (or
                cutover.dump_command) streamed into migrate load; after a
                precopy: CHECKSUM TABLE, and only the tables changed since
                are copied again
  verify        every row and column compared (migrate verify), each side
                read in ONE snapshot (key bounds from the same snapshot)
  recheck       the write mark read again: unchanged since quiesce, or MySQL
                took a write after the copy (a SUPER account, a cron job):
                wait until it stops, copy again what changed (after a precopy:
                the tables whose checksum changed; else every table), verify
                again; after 3 tries stop before the repoint, site read-only
  repoint       cutover.repoint.command on the app hosts over SSH
  smoke         cutover.smoke HTTP checks (status, body contains)
  readonly-off  the write mark read a last time (moved: stop, the site stays
                read-only, --abort points the app back), then writes flow
                again, now into PostgreSQL

Each step is timed; the timeline (start, duration, the read-only window) is
shown live on stderr and printed at the end (-o json: one event per step
and the timeline).

If a step fails after read-only mode is on, opsctl stops there with the
site still read-only, says exactly where it is (MySQL the live database,
or, after the repoint, the app hosts on PostgreSQL; nothing has been
written to PostgreSQL by the app), and says what to do:
  opsctl migrate cutover --resume   continue from the failed step; the steps
                                    before it are checked again first (e.g.
                                    read-only found OFF: it starts from
                                    readonly-on again)
  opsctl migrate cutover --abort    undo: the repoint's undo command (when it
                                    ran), MySQL's read_only as it was,
                                    read-only off; MySQL stays live
The progress is kept in cutover.state_file (default: opsctl-cutover.json
next to the inventory), so resume and abort work from a new shell. The
first Ctrl-C stops at the end of the running step (same choice); the
second aborts the running step.

--rehearse runs everything against the real databases (preflight, schema,
precopy, copy, verify) but leaves the site alone: no read-only mode, no
quiesce, no repoint. It tells how long the window will be. Run it the day
before; the real run replaces the rehearsal's tables.

  opsctl migrate cutover --dry-run          the plan; nothing is contacted
  opsctl migrate cutover --rehearse         the day before: timings, problems
  opsctl migrate cutover                    the real thing (asks first; --yes
                                            answers for scripts)
  opsctl migrate cutover --resume           after fixing what stopped it
  opsctl migrate cutover --abort            back to MySQL, read-only off
  opsctl migrate cutover -o json            step events and the timeline

Secrets: every value that came from ${VAR} in the inventory (a password in
repoint.command) is shown as ${VAR} in the plan, the step lines, -o json
and the state file.

Configuration (inventory):
  cutover:
    from: mysql://app@db1/shop                    # password: $MYSQL_PWD
    to: postgres://app@pg1/shop                   # password: $PGPASSWORD, ~/.pgpass
    quiesce: {method: auto, stable: 5s, timeout: 2m}
    repoint:
      hosts: app
      command: "sed -i 's|^DB=.*|DB=postgres://app@pg1/shop|' /srv/app/env && systemctl reload app"
      undo: "sed -i 's|^DB=.*|DB=mysql://app@db1/shop|' /srv/app/env && systemctl reload app"
    smoke:
      - {url: "https://shop.example/health", expect_status: 200, contains: "db=postgres"}

Exit codes: 0 done (or rehearsed, or aborted), 1 failed before read-only
mode (nothing changed), 2 usage or config error, 3 stopped with the site
read-only (resume or abort), 130 interrupted.`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := m.Validate(); err != nil {
				return flagsError(err)
			}
			if err := oneLine("by", by, 200, false); err != nil {
				return err
			}
			if a.opts.hosts != "" {
				return usageError("--hosts: cutover works on every read-only node and on cutover.repoint.hosts")
			}
			r, err := a.f.Cutover(factory.CutoverOptions{DryRun: m.DryRun, Accept: accept, By: by, StatePath: state, OnReadonly: a.cutoverReadonly})
			if err != nil {
				return err
			}
			if m.DryRun {
				return a.printCutoverPlan(r, m)
			}
			return a.runCutover(r, m)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&m.DryRun, "dry-run", false, "print the plan; contact nothing")
	f.BoolVar(&m.Rehearse, "rehearse", false, "run against the real databases but leave the site alone (no read-only, quiesce or repoint)")
	f.BoolVar(&m.Resume, "resume", false, "continue the stopped cutover from the step that failed")
	f.BoolVar(&m.Abort, "abort", false, "undo the stopped cutover: repoint undone, read-only off, MySQL stays live")
	f.BoolVar(&m.Force, "force", false, "with --abort: abort even after read-only mode was left (writes that reached PostgreSQL are lost to MySQL)")
	f.BoolVar(&accept, "accept", false, "accept what preflight lists (tables without a primary key, objects that will not migrate, MySQL's read_only not settable)")
	f.StringVar(&state, "state", "", "state file (default cutover.state_file, else opsctl-cutover.json next to the inventory)")
	f.StringVar(&by, "by", defaultBy(), "who (recorded with read-only mode)")
	return cmd
}

// cutoverReadonly prints each read-only flip's nodes: failures, and with
// --verbose the others.
func (a *app) cutoverReadonly(rep *readonly.Report) {
	for _, n := range rep.Nodes {
		if n.Error != "" {
			a.infof("    %s (%s): %s: %s\n", n.Node, n.Kind, n.State, n.Error)
		} else {
			a.debugf("    %s (%s): %s %s\n", n.Node, n.Kind, n.State, n.Detail)
		}
	}
}

func (a *app) runCutover(r *factory.Cutover, m cutover.Modes) error {
	run := cutover.Run
	if m.Abort {
		run = cutover.Abort
	}
	if what := m.Ask(); what != "" {
		if err := a.confirm(what, nil); err != nil {
			return err
		}
	}
	a.watchSignals()
	start := time.Now()
	opts := cutover.Options{Rehearse: m.Rehearse, Resume: m.Resume, State: r.State, Stop: a.softCtx,
		Fingerprint: r.Fingerprint, BeforeStep: cutoverBeforeStep, Force: m.Force,
		OnEvent: func(e cutover.Event) { a.cutoverEvent(start, e); cutoverReleaseEvent(a, m.Rehearse, e) }}
	a.infof("%s", r.Runbook.Mask(m.Intro(r.RunConfig.FromDesc, r.RunConfig.ToDesc, r.State.Path)))
	// refusals are usage errors (outcome.Of); a StopError carries its
	// class (interrupted, partial when the site is left read-only, failed)
	// and says what to do next; an AbortError says which undo failed
	rep, err := run(a.hardCtx, r.Runbook, opts)
	var se *cutover.StopError
	stopped := errors.As(err, &se)
	if rep != nil && (err == nil || stopped || errors.As(err, new(*cutover.AbortError))) {
		a.printCutoverTimeline(r, rep)
	}
	switch {
	case stopped:
		if a.jsonMode() {
			a.emit("cutover.stopped", se)
		}
		return fmt.Errorf("%w\n%s", se, se.Next())
	case err != nil:
		return err
	}
	return a.say("%s\n", rep.Verdict(r.Runbook, r.RunConfig.ToDesc, r.RunConfig.QuiesceStable))
}

// say prints a verdict line to Out (not in JSON mode: the events said it).
func (a *app) say(format string, args ...any) error {
	if !a.jsonMode() {
		fmt.Fprintf(a.io.Out, format, args...)
	}
	return nil
}

// cutoverEvent prints a step's progress on stderr (-o json: the event).
func (a *app) cutoverEvent(start time.Time, e cutover.Event) {
	if a.jsonMode() {
		a.emitEvent(e, nil)
		return
	}
	ro := "  "
	if e.ReadOnly {
		ro = "RO"
	}
	a.infof("%s +%6.1fs %s %-12s %s\n", e.Time.Format("15:04:05.000"), e.Time.Sub(start).Seconds(), ro, e.Step, e)
}

func (a *app) printCutoverPlan(r *factory.Cutover, m cutover.Modes) error {
	a.say("%s", m.PlanTitle(r.State.Path))
	p := a.rows("cutover.plan", "")
	for i, s := range r.Runbook.Plan(m.Rehearse) {
		p.row(map[string]any{"n": i + 1, "step": s.Name, "status": s.Status, "plan": s.Detail}, fmt.Sprintf("  %d.", i+1), s.Name, s.PlanText())
	}
	p.flush()
	return nil
}

// printCutoverTimeline prints the run's timeline: each step, the
// read-only window, the total (-o json: cutover.timeline).
func (a *app) printCutoverTimeline(r *factory.Cutover, rep *cutover.Report) {
	now := time.Now()
	if a.jsonMode() {
		a.emit("cutover.timeline", rep.Timeline(now, r.State.Path, r.Runbook, r.RunConfig.QuiesceStable))
		return
	}
	fmt.Fprintln(a.io.Out)
	p := a.rows("", "STEP\tSTATUS\tSTART\tDURATION\tDETAIL")
	for _, s := range rep.Steps {
		start, took := s.Clock()
		p.row(nil, s.Name, s.StatusText(), start, took, clip(s.DetailText(), 140))
	}
	p.flush()
	fmt.Fprintf(a.io.Out, "%s\ntotal: %s\n", rep.WindowText(now), rep.Total().Round(time.Millisecond))
}
