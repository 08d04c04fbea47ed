package cutover

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/opsctl/opsctl/readonly"
)

// Step names of the standard runbook.
const (
	StepPreflight   = "preflight"
	StepSchema      = "schema"
	StepPrecopy     = "precopy"
	StepReadonlyOn  = "readonly-on"
	StepQuiesce     = "quiesce"
	StepCopy        = "copy"
	StepVerify      = "verify"
	StepRepoint     = "repoint"
	StepSmoke       = "smoke"
	StepReadonlyOff = "readonly-off"
)

// ReadOnly is the site's read-only switch (*readonly.Fleet).
type ReadOnly interface {
	Set(ctx context.Context, mode readonly.Mode, opts readonly.Options) (*readonly.Report, error)
	Status(ctx context.Context) *readonly.Report
}

// Preflight is what the database side found before anything changes.
type Preflight struct {
	Facts []string // versions, sizes, free space: shown
	// Accept lists what needs the operator's OK (--yes): tables without
	// a primary key, objects that will not migrate.
	Accept []string
	// Warnings are shown; they do not stop the run.
	Warnings []string
	// Blockers stop the run (not enough disk, target tables in the way).
	Blockers []string
}

// Database is the MySQL -> PostgreSQL side.
type Database interface {
	Preflight(ctx context.Context) (*Preflight, error)
	// ProveSchema creates the PostgreSQL schema somewhere harmless and
	// drops it (schema_first): type and DDL errors show before the window.
	ProveSchema(ctx context.Context) (string, error)
	// WriteMark returns a value that changes when MySQL takes a write
	// (binlog position or table checksums) and the method used.
	WriteMark(ctx context.Context, method string) (mark, used string, err error)
	// Copy moves the data; rc.Retry continues a copy that did not finish,
	// rc.Stop stops starting tables.
	Copy(ctx context.Context, rc *RunContext) (string, error)
	// Copied reports whether every table's copy is complete in PostgreSQL.
	Copied(ctx context.Context) (bool, string, error)
	Verify(ctx context.Context, rc *RunContext) (string, error)
}

// Repointer points the app at PostgreSQL and back.
type Repointer interface {
	// Reachable checks the app hosts can be reached (preflight).
	Reachable(ctx context.Context) (string, error)
	Repoint(ctx context.Context) (string, error)
	// Unrepoint points the app back at MySQL (abort). It errors when no
	// undo command is configured.
	Unrepoint(ctx context.Context) (string, error)
	// Repointed reports whether every app host points at PostgreSQL
	// (resume re-checks a finished repoint); without a way to tell, it
	// says so and reports true.
	Repointed(ctx context.Context) (bool, string, error)
}

// Smoker runs the smoke checks.
type Smoker interface {
	Smoke(ctx context.Context) (string, error)
}

// Config tunes the standard runbook.
type Config struct {
	SchemaFirst bool
	// Precopy copies every table before read-only mode (Deps.DB must be a
	// Precopier); the window's copy then copies again only the tables
	// that changed since.
	Precopy bool
	// Yes accepts what preflight lists for acceptance.
	Yes bool
	// Quiesce: method ("auto", "binlog", "checksum"), how long the write
	// mark must not move, and when to give up.
	QuiesceMethod  string
	QuiesceStable  time.Duration
	QuiesceTimeout time.Duration
	QuiescePoll    time.Duration // default 1s (or Stable/5 when shorter)
	// Read-only record.
	By, Reason, Message string
	// Describe the endpoints in the plan (no secrets).
	FromDesc, ToDesc string
	// CopyDesc says how the data moves (default: the live copy).
	CopyDesc    string
	RepointDesc string
	SmokeDesc   string
}

// Deps are the step actions.
type Deps struct {
	ReadOnly  ReadOnly
	DB        Database
	Repointer Repointer // nil: no repoint configured (step skipped, warned)
	Smoker    Smoker    // nil: no smoke checks configured
	// OnReadonly receives the read-only library's report of each flip
	// (the CLI prints the nodes).
	OnReadonly func(*readonly.Report)
}

// Standard builds the migration-day runbook.
func Standard(cfg Config, d Deps) *Runbook {
	if cfg.QuiesceMethod == "" {
		cfg.QuiesceMethod = "auto"
	}
	if cfg.QuiesceStable <= 0 {
		cfg.QuiesceStable = 5 * time.Second
	}
	if cfg.QuiesceTimeout < cfg.QuiesceStable {
		cfg.QuiesceTimeout = cfg.QuiesceStable + 2*time.Minute
	}
	if cfg.CopyDesc == "" {
		cfg.CopyDesc = "live copy: consistent snapshot, COPY, indexes, foreign keys"
	}
	if cfg.QuiescePoll <= 0 {
		cfg.QuiescePoll = min(time.Second, max(cfg.QuiesceStable/5, 50*time.Millisecond))
	}
	flip := func(ctx context.Context, m readonly.Mode) (string, error) {
		rep, err := d.ReadOnly.Set(ctx, m, readonly.Options{By: cfg.By, Reason: cfg.Reason, Message: cfg.Message})
		if rep != nil && d.OnReadonly != nil {
			d.OnReadonly(rep)
		}
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d node(s) %s in %s", len(rep.Nodes), rep.Verdict, rep.Elapsed.Round(time.Millisecond)), nil
	}
	status := func(ctx context.Context, want readonly.Verdict) (bool, string, error) {
		rep := d.ReadOnly.Status(ctx)
		return rep.Verdict == want, "read-only " + string(rep.Verdict), nil
	}
	var steps []Step
	steps = append(steps, Step{
		Name: StepPreflight,
		Plan: fmt.Sprintf("check %s and %s (versions, disk space, tables without a primary key, objects that will not migrate), the read-only nodes and the app hosts", cfg.FromDesc, cfg.ToDesc),
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			return preflight(ctx, rc, cfg, d)
		},
	})
	if cfg.SchemaFirst {
		steps = append(steps, Step{
			Name: StepSchema,
			Plan: "create the whole PostgreSQL schema in a scratch schema and drop it: DDL problems show before the window",
			Run: func(ctx context.Context, rc *RunContext) (string, error) {
				return d.DB.ProveSchema(ctx)
			},
		})
	}
	copyPlan := fmt.Sprintf("copy every table %s -> %s (%s)", cfg.FromDesc, cfg.ToDesc, cfg.CopyDesc)
	copyRun := d.DB.Copy
	if cfg.Precopy {
		pc, _ := d.DB.(Precopier)
		steps = append(steps, Step{
			Name: StepPrecopy,
			Plan: fmt.Sprintf("copy every table %s -> %s while the site is live, with CHECKSUM TABLE before and after: a table that took no write meanwhile is recorded", cfg.FromDesc, cfg.ToDesc),
			Run: func(ctx context.Context, rc *RunContext) (string, error) {
				if pc == nil {
					return "", errors.New("precopy: this database side cannot precopy")
				}
				return pc.Precopy(ctx, rc)
			},
		})
		copyPlan = fmt.Sprintf("CHECKSUM TABLE every table; copy %s -> %s again only the tables that changed since the precopy (or were not recorded); keep the others", cfg.FromDesc, cfg.ToDesc)
		copyRun = func(ctx context.Context, rc *RunContext) (string, error) {
			if pc == nil {
				return "", errors.New("precopy: this database side cannot precopy")
			}
			return pc.CopyChanged(ctx, rc)
		}
	}
	steps = append(steps, Step{
		Name:           StepReadonlyOn,
		Plan:           "read-only mode on (HAProxy refuses writes with 503, Varnish serves reads)",
		EntersReadOnly: true,
		Rehearse:       RehearseSkip,
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			return flip(ctx, readonly.On)
		},
		Check: func(ctx context.Context) (bool, string, error) { return status(ctx, readonly.VerdictOn) },
		Undo: func(ctx context.Context) (string, error) {
			return flip(ctx, readonly.Off)
		},
	}, Step{
		Name:     StepQuiesce,
		Plan:     fmt.Sprintf("wait until MySQL takes no more writes (%s, stable for %s, at most %s)", cfg.QuiesceMethod, cfg.QuiesceStable, cfg.QuiesceTimeout),
		Rehearse: RehearseSkip,
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			return quiesce(ctx, rc, cfg, d.DB)
		},
	}, Step{
		Name: StepCopy,
		Plan: copyPlan,
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			return copyRun(ctx, rc)
		},
		Check: d.DB.Copied,
	}, Step{
		Name:     StepVerify,
		Plan:     "compare every row and column of MySQL and PostgreSQL",
		Rehearse: RehearseSoft,
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			return d.DB.Verify(ctx, rc)
		},
	})
	rp := Step{
		Name:     StepRepoint,
		Plan:     "no repoint configured (cutover.repoint): the app must be repointed by hand",
		Rehearse: RehearseSkip,
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			rc.Warn("no cutover.repoint configured: point the app at PostgreSQL yourself before the smoke checks")
			return "nothing to run", nil
		},
	}
	if d.Repointer != nil {
		rp.Plan = "repoint the app at PostgreSQL: " + cfg.RepointDesc
		rp.Run = func(ctx context.Context, rc *RunContext) (string, error) { return d.Repointer.Repoint(ctx) }
		rp.Undo = d.Repointer.Unrepoint
		rp.Check = d.Repointer.Repointed
	}
	sm := Step{
		Name:     StepSmoke,
		Plan:     "no smoke checks configured (cutover.smoke)",
		Rehearse: RehearseSkip, // they check the app on PostgreSQL: only after a repoint
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			rc.Warn("no cutover.smoke checks configured")
			return "nothing checked", nil
		},
	}
	if d.Smoker != nil {
		sm.Plan = "smoke checks: " + cfg.SmokeDesc
		sm.Run = func(ctx context.Context, rc *RunContext) (string, error) { return d.Smoker.Smoke(ctx) }
	}
	steps = append(steps, rp, sm, Step{
		Name:           StepReadonlyOff,
		Plan:           "read-only mode off: writes go to PostgreSQL",
		LeavesReadOnly: true,
		Rehearse:       RehearseSkip,
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			return flip(ctx, readonly.Off)
		},
	})
	return &Runbook{Steps: steps}
}

func preflight(ctx context.Context, rc *RunContext, cfg Config, d Deps) (string, error) {
	var blockers []string
	pf, err := d.DB.Preflight(ctx)
	if err != nil {
		return "", err
	}
	for _, f := range pf.Facts {
		rc.Progress("%s", f)
	}
	for _, w := range pf.Warnings {
		rc.Warn("%s", w)
	}
	blockers = append(blockers, pf.Blockers...)
	rep := d.ReadOnly.Status(ctx)
	switch {
	case rep.Verdict == readonly.VerdictOff:
		rc.Progress("read-only: OFF on %d node(s)", len(rep.Nodes))
	case rc.Rehearse:
		rc.Warn("read-only is %s (a rehearsal does not touch it)", rep.Verdict)
	default:
		blockers = append(blockers, fmt.Sprintf("read-only mode is %s (want OFF before a cutover; see opsctl readonly status)", rep.Verdict))
	}
	if d.Repointer != nil {
		detail, err := d.Repointer.Reachable(ctx)
		if err != nil {
			blockers = append(blockers, "app hosts: "+err.Error())
		} else {
			rc.Progress("app hosts: %s", detail)
		}
	}
	if len(pf.Accept) > 0 {
		for _, a := range pf.Accept {
			rc.Warn("%s", a)
		}
		if !cfg.Yes {
			blockers = append(blockers, fmt.Sprintf("%d item(s) above need your OK: review them, then run again with --yes", len(pf.Accept)))
		}
	}
	if len(blockers) > 0 {
		return "", errors.New(strings.Join(blockers, "; "))
	}
	accepted := ""
	if len(pf.Accept) > 0 {
		accepted = fmt.Sprintf(", %d item(s) accepted with --yes", len(pf.Accept))
	}
	return fmt.Sprintf("all checks passed%s, %d warning(s)", accepted, len(pf.Warnings)), nil
}

// quiesce waits until the write mark has not moved for cfg.QuiesceStable.
func quiesce(ctx context.Context, rc *RunContext, cfg Config, db Database) (string, error) {
	start := time.Now()
	mark, used, err := db.WriteMark(ctx, cfg.QuiesceMethod)
	if err != nil {
		return "", err
	}
	rc.Progress("method %s: mark %s", used, clipMark(mark))
	since := time.Now()
	changes := 0
	t := time.NewTicker(cfg.QuiescePoll)
	defer t.Stop()
	for {
		if time.Since(since) >= cfg.QuiesceStable {
			return fmt.Sprintf("MySQL took no write for %s (%s; %d change(s) seen while waiting)", cfg.QuiesceStable, used, changes), nil
		}
		if time.Since(start) > cfg.QuiesceTimeout {
			return "", fmt.Errorf("MySQL still takes writes after %s (%s mark moved %d time(s)): something writes around the read-only site (cron jobs, workers, other apps: SHOW PROCESSLIST); stop it, then --resume", cfg.QuiesceTimeout, used, changes)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-rc.Stop.Done():
			return "", context.Canceled
		case <-t.C:
		}
		m, _, err := db.WriteMark(ctx, used)
		if err != nil {
			return "", err
		}
		if m != mark {
			changes++
			rc.Progress("write seen (%s): waiting %s more", clipMark(m), cfg.QuiesceStable)
			mark, since = m, time.Now()
		}
	}
}

func clipMark(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
