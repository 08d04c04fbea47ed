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
	StepMySQLRO     = "mysql-readonly"
	StepQuiesce     = "quiesce"
	StepCopy        = "copy"
	StepVerify      = "verify"
	StepRecheck     = "recheck"
	StepRepoint     = "repoint"
	StepSmoke       = "smoke"
	StepReadonlyOff = "readonly-off"
)

// Values the standard runbook records in the cutover's state
// (Report.Vars).
const (
	// VarWriteMark is MySQL's write mark when quiesce found it stable (or
	// when a recheck found it stable again); VarWriteMarkMethod how it
	// was read (binlog, checksum). recheck and readonly-off compare the
	// mark read then with it.
	VarWriteMark       = "write_mark"
	VarWriteMarkMethod = "write_mark_method"
	// VarMySQLReadOnlyBefore is MySQL's read_only setting before the
	// window (abort puts it back); VarMySQLReadOnlySet is "1" when the
	// cutover set read_only=ON, "0" when this account may not.
	VarMySQLReadOnlyBefore = "mysql_read_only_before"
	VarMySQLReadOnlySet    = "mysql_read_only_set"
	// VarReadonlyOff: "checking" while readonly-off reads the write mark
	// (the site is still fully read-only), "flipping" once it turns
	// read-only mode off.
	VarReadonlyOff = "readonly_off"
)

// ErrSourceLockDenied: the MySQL account may not set read_only.
var ErrSourceLockDenied = errors.New("this MySQL account may not set read_only")

// ReadOnly is the site's read-only switch (*readonly.Fleet).
type ReadOnly interface {
	Set(ctx context.Context, mode readonly.Mode, opts readonly.Options) (*readonly.Report, error)
	Status(ctx context.Context) *readonly.Report
}

// Preflight is what the database side found before anything changes.
type Preflight struct {
	Facts []string // versions, sizes, free space: shown
	// Accept lists what needs the operator's OK (--accept): tables without
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
	// Recopy copies again what changed since the window's copy (the write
	// mark moved after it).
	Recopy(ctx context.Context, rc *RunContext) (string, error)
	// SourceReadOnly reads MySQL's read-only settings as a string that
	// RestoreSource takes back ("read_only=OFF", with super_read_only
	// on MySQL); on reports whether MySQL refuses writes now.
	SourceReadOnly(ctx context.Context) (setting string, on bool, err error)
	// LockSource makes MySQL itself refuse writes (read_only=ON, and
	// super_read_only=ON where it exists); an error wrapping
	// ErrSourceLockDenied when the account may not.
	LockSource(ctx context.Context) (string, error)
	// RestoreSource puts back a setting SourceReadOnly returned.
	RestoreSource(ctx context.Context, setting string) (string, error)
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
	// Recopies bounds recheck: how many times a moved write mark is
	// answered by copying again and verifying again before the run stops
	// (default 3).
	Recopies int
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
	if cfg.Recopies <= 0 {
		cfg.Recopies = 3
	}
	rb := &Runbook{}
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
		Name:        StepMySQLRO,
		Plan:        "MySQL itself refuses writes: SET GLOBAL read_only=ON (and super_read_only on MySQL); a write still in flight then fails instead of being lost; the old setting is recorded (abort puts it back)",
		LocksSource: true,
		Rehearse:    RehearseSkip,
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			return lockSource(ctx, rc, rb, d.DB)
		},
		Check: func(ctx context.Context) (bool, string, error) {
			if rb.Var(VarMySQLReadOnlySet) != "1" {
				return true, "not set by this cutover", nil
			}
			setting, on, err := d.DB.SourceReadOnly(ctx)
			if err != nil {
				return false, "", err
			}
			return on, "MySQL " + setting, nil
		},
		Undo: func(ctx context.Context) (string, error) {
			before := rb.Var(VarMySQLReadOnlyBefore)
			if before == "" || rb.Var(VarMySQLReadOnlySet) != "1" {
				return "MySQL's read_only was not changed", nil
			}
			return d.DB.RestoreSource(ctx, before)
		},
	}, Step{
		Name:     StepQuiesce,
		Plan:     fmt.Sprintf("wait until MySQL takes no more writes (%s, stable for %s, at most %s); the mark is recorded", cfg.QuiesceMethod, cfg.QuiesceStable, cfg.QuiesceTimeout),
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
		Plan:     "compare every row and column of MySQL and PostgreSQL, each side read in one snapshot",
		Rehearse: RehearseSoft,
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			return d.DB.Verify(ctx, rc)
		},
	}, Step{
		Name:     StepRecheck,
		Plan:     fmt.Sprintf("read MySQL's write mark again: unchanged since quiesce, or copy again what changed and verify again (at most %d times), else stop before the repoint", cfg.Recopies),
		Rehearse: RehearseSkip,
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			return recheck(ctx, rc, cfg, rb, d.DB)
		},
	})
	rp := Step{
		Name:     StepRepoint,
		Repoints: true,
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
		Plan:           "read MySQL's write mark a last time (unchanged, or stop with the site read-only), then read-only mode off: writes go to PostgreSQL",
		LeavesReadOnly: true,
		Rehearse:       RehearseSkip,
		Run: func(ctx context.Context, rc *RunContext) (string, error) {
			if err := rc.record(VarReadonlyOff, "checking"); err != nil {
				return "", err
			}
			mark, err := finalMark(ctx, rb, d.DB)
			if err != nil {
				return "", err
			}
			if err := rc.record(VarReadonlyOff, "flipping"); err != nil {
				return "", err
			}
			detail, err := flip(ctx, readonly.Off)
			if err != nil {
				return "", err
			}
			return detail + mark, nil
		},
	})
	rb.Steps = steps
	return rb
}

// lockSource is the mysql-readonly step: record MySQL's read-only
// setting (once per cutover: a retry keeps the first record), then set
// read_only=ON. An account that may not do it (preflight listed it for
// --accept) leaves MySQL as it is, with a warning.
func lockSource(ctx context.Context, rc *RunContext, rb *Runbook, db Database) (string, error) {
	before := rb.Var(VarMySQLReadOnlyBefore)
	if before == "" {
		setting, _, err := db.SourceReadOnly(ctx)
		if err != nil {
			return "", err
		}
		before = setting
		if err := rc.record(VarMySQLReadOnlyBefore, before); err != nil {
			return "", err
		}
	}
	detail, err := db.LockSource(ctx)
	if errors.Is(err, ErrSourceLockDenied) {
		rc.Warn("MySQL's read_only not set (%v): a write made straight to MySQL is caught only by the write mark (recheck, readonly-off), and a write request accepted before readonly-on must end within quiesce.stable", err)
		if err := rc.record(VarMySQLReadOnlySet, "0"); err != nil {
			return "", err
		}
		return "not set: this account may not (accepted with --accept)", nil
	}
	if err != nil {
		return "", err
	}
	if err := rc.record(VarMySQLReadOnlySet, "1"); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s (was %s)", detail, before), nil
}

// recheck reads MySQL's write mark after verify: unchanged since quiesce
// means the copy and verify saw everything MySQL holds. A moved mark
// means MySQL took a write the copy may not have: wait until it is
// stable again, copy again what changed, verify again; at most
// cfg.Recopies times, then stop (before the repoint, the site read-only).
func recheck(ctx context.Context, rc *RunContext, cfg Config, rb *Runbook, db Database) (string, error) {
	want, method := rb.Var(VarWriteMark), rb.Var(VarWriteMarkMethod)
	if method == "" {
		return "", errors.New("no write mark recorded by quiesce in this cutover's state: --abort, or run quiesce again")
	}
	moved := 0
	for {
		now, _, err := db.WriteMark(ctx, method)
		if err != nil {
			return "", fmt.Errorf("reading MySQL's write mark again: %w", err)
		}
		if now == want {
			if moved == 0 {
				return fmt.Sprintf("MySQL took no write since quiesce (%s mark %s)", method, clipMark(now)), nil
			}
			return fmt.Sprintf("MySQL took writes after quiesce %d time(s): copied again and verified again; no write since (%s mark %s)", moved, method, clipMark(now)), nil
		}
		if moved >= cfg.Recopies {
			return "", fmt.Errorf("MySQL still takes writes after %d re-copies (%s mark %s -> %s): something writes straight to MySQL despite the read-only site and MySQL's read_only (an account with SUPER or READ_ONLY ADMIN, cron jobs, workers, replication: see SHOW PROCESSLIST); nothing was repointed: stop the writer, then --resume (copies again what changed, verifies again), or --abort",
				moved, method, clipMark(want), clipMark(now))
		}
		moved++
		rc.Warn("MySQL took a write after quiesce (%s mark %s -> %s): waiting until it stops, then copying again what changed and verifying again (%d of %d)",
			method, clipMark(want), clipMark(now), moved, cfg.Recopies)
		mark, _, _, err := waitStable(ctx, rc, cfg, db, method)
		if err != nil {
			return "", err
		}
		// Recorded before the copy: a write after this point moves the
		// mark again.
		if err := rc.record(VarWriteMark, mark); err != nil {
			return "", err
		}
		want = mark
		d, err := db.Recopy(ctx, rc)
		if err != nil {
			return "", fmt.Errorf("copying again: %w", err)
		}
		rc.Progress("copied again: %s", d)
		d, err = db.Verify(ctx, rc)
		if err != nil {
			return "", fmt.Errorf("verifying again: %w", err)
		}
		rc.Progress("verified again: %s", d)
	}
}

// finalMark is readonly-off's last read of the write mark: MySQL must
// not have taken a write since recheck (the app hosts already point at
// PostgreSQL, so such a write would be lost).
func finalMark(ctx context.Context, rb *Runbook, db Database) (string, error) {
	want, method := rb.Var(VarWriteMark), rb.Var(VarWriteMarkMethod)
	if method == "" {
		return "; write mark not checked: none recorded", nil
	}
	now, _, err := db.WriteMark(ctx, method)
	if err != nil {
		return "", fmt.Errorf("reading MySQL's write mark before read-only off: %w (the site stays read-only; --resume tries again)", err)
	}
	if now != want {
		return "", fmt.Errorf("MySQL took a write after the copy was verified (%s mark %s -> %s): that write is not in PostgreSQL, and the app hosts already point at PostgreSQL, so read-only mode stays ON; find the writer (SHOW PROCESSLIST, the binary log), then --abort (the app points back at MySQL, read-only off, MySQL stays the live database) and run the cutover again",
			method, clipMark(want), clipMark(now))
	}
	return fmt.Sprintf("; MySQL took no write since quiesce (%s)", method), nil
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
			blockers = append(blockers, fmt.Sprintf("%d item(s) above need your OK: review them, then run again with --accept", len(pf.Accept)))
		}
	}
	if len(blockers) > 0 {
		return "", errors.New(strings.Join(blockers, "; "))
	}
	accepted := ""
	if len(pf.Accept) > 0 {
		accepted = fmt.Sprintf(", %d item(s) accepted with --accept", len(pf.Accept))
	}
	return fmt.Sprintf("all checks passed%s, %d warning(s)", accepted, len(pf.Warnings)), nil
}

// quiesce waits until the write mark has not moved for cfg.QuiesceStable
// and records it (recheck and readonly-off compare with it).
func quiesce(ctx context.Context, rc *RunContext, cfg Config, db Database) (string, error) {
	mark, used, changes, err := waitStable(ctx, rc, cfg, db, cfg.QuiesceMethod)
	if err != nil {
		return "", err
	}
	if err := rc.record(VarWriteMarkMethod, used); err != nil {
		return "", err
	}
	if err := rc.record(VarWriteMark, mark); err != nil {
		return "", err
	}
	return fmt.Sprintf("MySQL took no write for %s (%s; %d change(s) seen while waiting)", cfg.QuiesceStable, used, changes), nil
}

// waitStable reads the write mark until it has not moved for
// cfg.QuiesceStable (at most cfg.QuiesceTimeout) and returns it.
func waitStable(ctx context.Context, rc *RunContext, cfg Config, db Database, method string) (mark, used string, changes int, err error) {
	start := time.Now()
	mark, used, err = db.WriteMark(ctx, method)
	if err != nil {
		return "", "", 0, err
	}
	rc.Progress("method %s: mark %s", used, clipMark(mark))
	since := time.Now()
	t := time.NewTicker(cfg.QuiescePoll)
	defer t.Stop()
	for {
		if time.Since(since) >= cfg.QuiesceStable {
			return mark, used, changes, nil
		}
		if time.Since(start) > cfg.QuiesceTimeout {
			return "", "", changes, fmt.Errorf("MySQL still takes writes after %s (%s mark moved %d time(s)): something writes around the read-only site (cron jobs, workers, other apps: SHOW PROCESSLIST); stop it, then --resume", cfg.QuiesceTimeout, used, changes)
		}
		select {
		case <-ctx.Done():
			return "", "", changes, ctx.Err()
		case <-rc.Stop.Done():
			return "", "", changes, context.Canceled
		case <-t.C:
		}
		m, _, err := db.WriteMark(ctx, used)
		if err != nil {
			return "", "", changes, err
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
