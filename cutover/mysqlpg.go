package cutover

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/opsctl/opsctl/migrate"
)

// MySQLPG is the Database of a MySQL/MariaDB -> PostgreSQL cutover, built
// on the migrate package's live copy and verify (exported API only).
type MySQLPG struct {
	From, To string // mysql:// and postgres:// URLs
	Opts     migrate.Options
	Filter   migrate.TableFilter
	Jobs     int
	// Drop lets the copy replace tables that exist in PostgreSQL but were
	// not made by an opsctl copy.
	Drop bool
	// Method: "copy" (live copy, the default) or "dump" (a mysqldump
	// streamed into migrate.Load; DumpCommand replaces the default
	// mariadb-dump/mysqldump invocation).
	Method      string
	DumpCommand string
	// DiskFree returns the free bytes of dir on the PostgreSQL host; nil:
	// free space is not checked (a warning says so).
	DiskFree func(ctx context.Context, dir string) (uint64, error)
	// AcceptMissing names the objects (views, triggers, routines,
	// events) the user accepts to leave behind (cutover.accept_missing):
	// preflight refuses an incomplete database unless each is listed.
	AcceptMissing []string
}

// Desc describes a URL without its password.
func Desc(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(bad URL)"
	}
	u.User = url.User(u.User.Username())
	if u.User.Username() == "" {
		u.User = nil
	}
	u.RawQuery = ""
	return u.String()
}

func (m *MySQLPG) jobs() int {
	if m.Jobs <= 0 {
		return 4
	}
	return m.Jobs
}

func (m *MySQLPG) schema() string {
	if m.Opts.Schema == "" {
		return "public"
	}
	return m.Opts.Schema
}

func (m *MySQLPG) openMy(ctx context.Context) (*sql.DB, string, error) {
	my, db, err := migrate.OpenMySQL(m.From)
	if err != nil {
		return nil, "", err
	}
	my.SetMaxOpenConns(m.jobs() + 2)
	if err := my.PingContext(ctx); err != nil {
		my.Close()
		return nil, "", fmt.Errorf("mysql %s: %w", Desc(m.From), err)
	}
	return my, db, nil
}

// openTables opens MySQL and lists the tables the cutover moves (the
// filter applied); the caller closes the handle.
func (m *MySQLPG) openTables(ctx context.Context) (*sql.DB, string, []*migrate.Table, error) {
	my, db, err := m.openMy(ctx)
	if err != nil {
		return nil, "", nil, err
	}
	tables, _, err := migrate.LiveTables(ctx, my, db, m.Opts, m.Filter)
	if err != nil {
		my.Close()
		return nil, "", nil, err
	}
	return my, db, tables, nil
}

func (m *MySQLPG) openPG(ctx context.Context) (*pgx.Conn, error) {
	c, err := pgx.Connect(ctx, m.To)
	if err != nil {
		return nil, fmt.Errorf("postgres %s: %w", Desc(m.To), err)
	}
	return c, nil
}

func qid(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Preflight implements Database.
func (m *MySQLPG) Preflight(ctx context.Context) (*Preflight, error) {
	pf := &Preflight{}
	my, db, err := m.openMy(ctx)
	if err != nil {
		return nil, err
	}
	defer my.Close()
	pg, err := m.openPG(ctx)
	if err != nil {
		return nil, err
	}
	defer pg.Close(context.Background())

	var myVer, pgVer string
	if err := my.QueryRowContext(ctx, "SELECT VERSION()").Scan(&myVer); err != nil {
		return nil, fmt.Errorf("mysql: %w", err)
	}
	if err := pg.QueryRow(ctx, "SHOW server_version").Scan(&pgVer); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	var size int64
	if err := my.QueryRowContext(ctx, "SELECT COALESCE(SUM(DATA_LENGTH+INDEX_LENGTH),0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", db).Scan(&size); err != nil {
		return nil, fmt.Errorf("mysql: size of %s: %w", db, err)
	}
	pf.Facts = append(pf.Facts, fmt.Sprintf("mysql %s: %s, database %s about %s", Desc(m.From), myVer, db, human(size)),
		fmt.Sprintf("postgres %s: %s", Desc(m.To), pgVer))

	// Disk space where PostgreSQL keeps its data.
	var dataDir string
	if err := pg.QueryRow(ctx, "SELECT setting FROM pg_settings WHERE name = 'data_directory'").Scan(&dataDir); err != nil {
		dataDir = ""
	}
	switch {
	case m.DiskFree == nil:
		pf.Warnings = append(pf.Warnings, "free disk space on the PostgreSQL host not checked (PostgreSQL is not on this machine: set cutover.pg_host)")
	case dataDir == "":
		pf.Warnings = append(pf.Warnings, "free disk space not checked: this PostgreSQL user may not read data_directory (grant pg_read_all_settings)")
	default:
		free, err := m.DiskFree(ctx, dataDir)
		switch {
		case err != nil:
			pf.Warnings = append(pf.Warnings, fmt.Sprintf("free disk space of %s not checked: %v", dataDir, err))
		case uint64(size) > free:
			pf.Blockers = append(pf.Blockers, fmt.Sprintf("PostgreSQL's disk (%s) has %s free, MySQL's data is %s", dataDir, human(int64(free)), human(size)))
		case uint64(size)*2 > free:
			pf.Warnings = append(pf.Warnings, fmt.Sprintf("PostgreSQL's disk (%s) has %s free for %s of MySQL data (under 2x: indexes and WAL may not fit)", dataDir, human(int64(free)), human(size)))
		default:
			pf.Facts = append(pf.Facts, fmt.Sprintf("postgres disk %s: %s free for %s of data", dataDir, human(int64(free)), human(size)))
		}
	}

	// Tables: mapped as the copy will map them (with the target's PostGIS
	// decision: geometry, not bytea, where the copy creates the extension).
	tables, _, err := migrate.LiveTablesFor(ctx, my, db, m.Opts, m.Filter, m.To)
	if err != nil {
		pf.Blockers = append(pf.Blockers, err.Error())
		return pf, nil
	}
	if len(tables) == 0 {
		pf.Blockers = append(pf.Blockers, fmt.Sprintf("no tables selected in MySQL database %s", db))
	}
	var existing []string
	for _, t := range tables {
		pk := false
		for _, ix := range t.Indexes {
			pk = pk || ix.Kind == "primary"
		}
		if !pk {
			pf.Accept = append(pf.Accept, fmt.Sprintf("table %s has no primary key: copied in one piece, verified as a whole (as a multiset when it has no unique key)", t.Ref()))
		}
		for _, w := range t.Warnings {
			pf.Warnings = append(pf.Warnings, fmt.Sprintf("table %s: %s", t.Ref(), w))
		}
		var exists bool
		if err := pg.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", t.QName()).Scan(&exists); err != nil {
			return nil, fmt.Errorf("postgres: %w", err)
		}
		if exists {
			existing = append(existing, t.Schema+"."+t.Name)
		}
	}
	pf.Facts = append(pf.Facts, fmt.Sprintf("%d table(s) to copy", len(tables)))
	// MySQL itself refuses writes during the window (mysql-readonly):
	// without it, a write straight to MySQL is caught only by the write
	// mark, and a request accepted before readonly-on may commit late.
	if err := canLockSource(ctx, my); err != nil {
		if errors.Is(err, ErrSourceLockDenied) {
			pf.Accept = append(pf.Accept, fmt.Sprintf("MySQL's read_only cannot be set during the window: %v; writes made straight to MySQL are then caught only by the write mark, and quiesce.stable must exceed the longest write request", err))
		} else {
			pf.Warnings = append(pf.Warnings, fmt.Sprintf("MySQL's read_only not checked: %v", err))
		}
	} else {
		pf.Facts = append(pf.Facts, "MySQL's read_only can be set by this account: MySQL itself refuses writes during the window")
	}
	if len(existing) > 0 {
		var fromCopy bool
		if err := pg.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL OR to_regclass($2) IS NOT NULL",
			qid(m.schema())+"."+qid(migrate.StateTable), qid(m.schema())+"."+qid(markerTable)).Scan(&fromCopy); err != nil {
			return nil, fmt.Errorf("postgres: %w", err)
		}
		switch {
		case fromCopy || m.Drop:
			pf.Facts = append(pf.Facts, fmt.Sprintf("%d table(s) already in PostgreSQL (an earlier copy or rehearsal): the copy replaces them", len(existing)))
		default:
			pf.Blockers = append(pf.Blockers, fmt.Sprintf("%d table(s) already exist in PostgreSQL and were not made by opsctl (%s): set cutover.drop: true to replace them",
				len(existing), strings.Join(first(existing, 5), ", ")))
		}
	}

	// Objects the copy does not carry: the database would be incomplete.
	// Each one must be listed in cutover.accept_missing.
	objs, err := migrate.LiveUntranslated(ctx, my, db, m.Opts, m.Filter)
	if err != nil {
		pf.Blockers = append(pf.Blockers, fmt.Sprintf("could not list views, triggers, routines and events: %v", err))
		return pf, nil
	}
	var missing []string
	for _, u := range objs {
		if u.AcceptedBy(m.AcceptMissing) {
			pf.Warnings = append(pf.Warnings, fmt.Sprintf("%s will not migrate (accepted: cutover.accept_missing)", u))
			continue
		}
		missing = append(missing, u.Kind+" "+u.Name)
		pf.Warnings = append(pf.Warnings, fmt.Sprintf("%s will not migrate", u))
	}
	if len(missing) > 0 {
		pf.Blockers = append(pf.Blockers, fmt.Sprintf("database incomplete: %d object(s) would not migrate (%s): write them for PostgreSQL (opsctl migrate copy --stubs DIR gives their MySQL text) or list them in cutover.accept_missing to leave them behind",
			len(missing), strings.Join(first(missing, 5), ", ")))
	}
	return pf, nil
}

func first(s []string, n int) []string {
	if len(s) > n {
		return append(append([]string{}, s[:n]...), fmt.Sprintf("and %d more", len(s)-n))
	}
	return s
}

func human(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// ProveSchema implements Database: every table's SHOW CREATE TABLE goes
// through migrate.Load (schema only) into a scratch schema, which is then
// dropped. The copy creates each table again in the same transaction as
// its rows.
func (m *MySQLPG) ProveSchema(ctx context.Context) (string, error) {
	my, db, tables, err := m.openTables(ctx)
	if err != nil {
		return "", err
	}
	defer my.Close()
	var dump strings.Builder
	for _, t := range tables {
		var n, stmt string
		if err := my.QueryRowContext(ctx, "SHOW CREATE TABLE `"+strings.ReplaceAll(db, "`", "``")+"`.`"+strings.ReplaceAll(t.MyName, "`", "``")+"`").Scan(&n, &stmt); err != nil {
			return "", fmt.Errorf("mysql: SHOW CREATE TABLE %s: %w", t.Ref(), err)
		}
		dump.WriteString(stmt + ";\n")
	}
	scratch := "opsctl_cutover_schema_check"
	pg, err := m.openPG(ctx)
	if err != nil {
		return "", err
	}
	defer pg.Close(context.Background())
	drop := func() { pg.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+qid(scratch)+" CASCADE") }
	drop()
	defer drop()
	o := m.Opts
	o.Schema, o.SchemaOnly, o.OnEvent = scratch, true, nil
	start := time.Now()
	rep, err := migrate.Load(ctx, strings.NewReader(dump.String()), migrate.LoadOptions{Options: o, URL: m.To, Jobs: m.jobs()})
	if err != nil {
		return "", fmt.Errorf("schema check in PostgreSQL: %w", err)
	}
	return fmt.Sprintf("%d table(s) with their indexes and keys created in a scratch schema and dropped (%s)", len(rep.Tables), time.Since(start).Round(time.Millisecond)), nil
}

// WriteMark implements Database. "binlog": SHOW MASTER STATUS file and
// position (any write to any database moves it). "checksum": CHECKSUM
// TABLE of every selected table (reads every table: slow on big ones,
// use binlog there). "auto": binlog when it is on.
func (m *MySQLPG) WriteMark(ctx context.Context, method string) (string, string, error) {
	my, db, err := m.openMy(ctx)
	if err != nil {
		return "", "", err
	}
	defer my.Close()
	if method == "auto" || method == "binlog" {
		mark, err := binlogMark(ctx, my)
		switch {
		case err == nil:
			return mark, "binlog", nil
		case method == "binlog":
			return "", "", err
		}
	}
	tables, _, err := migrate.LiveTables(ctx, my, db, m.Opts, m.Filter)
	if err != nil {
		return "", "", err
	}
	names := make([]string, 0, len(tables))
	for _, t := range tables {
		names = append(names, "`"+strings.ReplaceAll(db, "`", "``")+"`.`"+strings.ReplaceAll(t.MyName, "`", "``")+"`")
	}
	if len(names) == 0 {
		return "", "checksum", nil
	}
	rows, err := my.QueryContext(ctx, "CHECKSUM TABLE "+strings.Join(names, ", "))
	if err != nil {
		return "", "", fmt.Errorf("mysql: CHECKSUM TABLE: %w", err)
	}
	defer rows.Close()
	var parts []string
	for rows.Next() {
		var n string
		var sum sql.NullInt64
		if err := rows.Scan(&n, &sum); err != nil {
			return "", "", err
		}
		parts = append(parts, fmt.Sprintf("%s=%d", n, sum.Int64))
	}
	sort.Strings(parts)
	return strings.Join(parts, ","), "checksum", rows.Err()
}

func binlogMark(ctx context.Context, my *sql.DB) (string, error) {
	rows, err := my.QueryContext(ctx, "SHOW MASTER STATUS")
	if err != nil {
		return "", fmt.Errorf("mysql: SHOW MASTER STATUS: %w", err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		return "", errors.New("the binary log is off (SHOW MASTER STATUS is empty): use quiesce method checksum")
	}
	vals := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return "", err
	}
	if len(vals) < 2 {
		return "", errors.New("mysql: SHOW MASTER STATUS: unexpected columns")
	}
	return string(vals[0]) + ":" + string(vals[1]), nil
}

// Copy implements Database: migrate.Copy with the configured tables;
// existing tables are replaced, a resumed copy keeps the tables it
// finished (migrate's opsctl_migrate_state).
func (m *MySQLPG) Copy(ctx context.Context, rc *RunContext) (string, error) {
	if !rc.Retry {
		// a full copy replaces the tables an earlier precopy recorded
		m.dropPrecopy(ctx)
	}
	if m.Method == "dump" {
		return m.copyDump(ctx, rc)
	}
	my, db, err := m.openMy(ctx)
	if err != nil {
		return "", err
	}
	defer my.Close()
	start := time.Now()
	rep, rows, err := m.liveCopy(ctx, rc, my, db, rc.Retry, !rc.Retry)
	if err != nil {
		return "", err
	}
	n, skipped := 0, 0
	for _, t := range rep.Tables {
		if t.Status == "skipped" {
			skipped++
		} else {
			n++
		}
	}
	s := fmt.Sprintf("%d table(s), %d rows in %s", n, rows, time.Since(start).Round(time.Millisecond))
	if skipped > 0 {
		s += fmt.Sprintf(" (%d finished before, kept)", skipped)
	}
	return s, nil
}

// Copied implements Database: every selected table is recorded as done
// in PostgreSQL.
func (m *MySQLPG) Copied(ctx context.Context) (bool, string, error) {
	my, _, tables, err := m.openTables(ctx)
	if err != nil {
		return false, "", err
	}
	defer my.Close()
	pg, err := m.openPG(ctx)
	if err != nil {
		return false, "", err
	}
	defer pg.Close(context.Background())
	state := migrate.StateTable
	if m.Method == "dump" {
		state = markerTable
	}
	rows, err := pg.Query(ctx, "SELECT tbl FROM "+qid(m.schema())+"."+qid(state))
	if err != nil {
		return false, "no copy recorded in PostgreSQL", nil
	}
	done := map[string]bool{}
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			done[n] = true
		}
	}
	rows.Close()
	var missing []string
	for _, t := range tables {
		if !done[t.Schema+"."+t.Name] {
			missing = append(missing, t.Ref())
		}
	}
	if len(missing) > 0 {
		return false, fmt.Sprintf("%d table(s) not copied: %s", len(missing), strings.Join(first(missing, 5), ", ")), nil
	}
	return true, fmt.Sprintf("%d table(s) copied", len(tables)), nil
}

// Verify implements Database: migrate.Verify over every selected table,
// each side read in one snapshot (bounds included).
func (m *MySQLPG) Verify(ctx context.Context, rc *RunContext) (string, error) {
	my, db, tables, err := m.openTables(ctx)
	if err != nil {
		return "", err
	}
	defer my.Close()
	pool, err := migrate.OpenVerifyPG(ctx, m.To, m.jobs()+2)
	if err != nil {
		return "", err
	}
	defer pool.Close()
	vo := migrate.VerifyOptions{Options: m.Opts, Jobs: m.jobs(), MaxSamples: 3}
	// What preflight let through as "will not migrate" (listed in
	// cutover.accept_missing, or accepted with --accept) is listed by
	// verify's schema check, not failed on.
	vo.AcceptMissing = append(append(vo.AcceptMissing, m.AcceptMissing...), m.notMigrated(ctx, my, db)...)
	vo.OnEvent = func(e migrate.Event) {
		if e.Is(migrate.EvWarning) {
			rc.Warn("%v", e.Err)
		}
	}
	start := time.Now()
	res, verr := migrate.Verify(ctx, my, pool, tables, vo)
	var rowsN int64
	var bad []string
	for _, r := range res {
		rowsN += r.MySQLRows
		switch {
		case r.Err != nil:
			bad = append(bad, fmt.Sprintf("%s: %v", r.Table, r.Err))
		case !r.OK():
			s := fmt.Sprintf("%s: %d difference(s), rows mysql=%d pg=%d", r.Table, r.MismatchCount, r.MySQLRows, r.PGRows)
			if len(r.Mismatches) > 0 {
				x := r.Mismatches[0]
				s += fmt.Sprintf(" (first: key %s column %s mysql=%q pg=%q)", x.Key, x.Column, clipMark(x.MySQL), clipMark(x.PG))
			}
			bad = append(bad, s)
		}
	}
	if len(bad) > 0 {
		return "", fmt.Errorf("verify: %d of %d table(s) differ: %s", len(bad), len(res), strings.Join(bad, "; "))
	}
	if verr != nil {
		return "", verr
	}
	tablesN, schema := len(res), ""
	for _, r := range res {
		if r.Table == migrate.SchemaTable {
			tablesN--
			schema = ", schema objects equal"
		}
	}
	return fmt.Sprintf("%d table(s), %d rows: every row and column equal%s (%s)", tablesN, rowsN, schema, time.Since(start).Round(time.Millisecond)), nil
}

// liveCopy runs migrate.Copy of the selected tables with a progress line
// per table and the copy's warnings passed on; it returns the report and
// the rows copied.
func (m *MySQLPG) liveCopy(ctx context.Context, rc *RunContext, my *sql.DB, db string, resume, drop bool) (*migrate.Report, int64, error) {
	var rows atomic.Int64
	o := m.Opts
	o.OnEvent = tableProgress(rc, &rows)
	rep, err := migrate.Copy(ctx, my, db, migrate.CopyOptions{Options: o, URL: m.To, Jobs: m.jobs(), Filter: m.Filter,
		Resume: resume, Drop: drop, Stop: rc.Stop})
	if rep != nil {
		for _, w := range rep.Warnings {
			rc.Warn("%s", w)
		}
	}
	return rep, rows.Load(), err
}

// tableProgress reports every finished table of a copy or load as a
// progress line and adds its rows to rows.
func tableProgress(rc *RunContext, rows *atomic.Int64) func(migrate.Event) {
	return func(e migrate.Event) {
		if !e.Is(migrate.EvTableDone) {
			return
		}
		rows.Add(e.Rows)
		if e.Err != nil {
			rc.Progress("table %s FAILED: %v", e.Table, e.Err)
		} else {
			rc.Progress("table %s: %d rows", e.Table, e.Rows)
		}
	}
}

// SourceReadOnly implements Database: MySQL's read_only, and
// super_read_only where the server has it (MySQL; MariaDB has not).
func (m *MySQLPG) SourceReadOnly(ctx context.Context) (string, bool, error) {
	my, _, err := m.openMy(ctx)
	if err != nil {
		return "", false, err
	}
	defer my.Close()
	vals, err := readOnlyVars(ctx, my)
	if err != nil {
		return "", false, err
	}
	var parts []string
	for _, k := range []string{"read_only", "super_read_only"} {
		if v, ok := vals[k]; ok {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, " "), vals["read_only"] == "ON", nil
}

func readOnlyVars(ctx context.Context, my *sql.DB) (map[string]string, error) {
	rows, err := my.QueryContext(ctx, "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only', 'super_read_only')")
	if err != nil {
		return nil, fmt.Errorf("mysql: read_only: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("mysql: read_only: %w", err)
		}
		out[strings.ToLower(k)] = strings.ToUpper(v)
	}
	if _, ok := out["read_only"]; !ok && rows.Err() == nil {
		return nil, errors.New("mysql: no read_only variable")
	}
	return out, rows.Err()
}

// sourceLockTimeout bounds how long SET GLOBAL read_only waits for the
// transactions and table locks in flight (it waits for them to end, so
// a write that was already running commits before MySQL refuses more).
const sourceLockTimeout = 60

// LockSource implements Database: SET GLOBAL read_only=ON (MySQL: also
// super_read_only=ON, which refuses even SUPER accounts).
func (m *MySQLPG) LockSource(ctx context.Context) (string, error) {
	my, _, err := m.openMy(ctx)
	if err != nil {
		return "", err
	}
	defer my.Close()
	c, err := my.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("mysql: %w", err)
	}
	defer c.Close()
	vals, err := readOnlyVars(ctx, my)
	if err != nil {
		return "", err
	}
	c.ExecContext(ctx, fmt.Sprintf("SET SESSION lock_wait_timeout = %d", sourceLockTimeout))
	set := "read_only"
	if _, ok := vals["super_read_only"]; ok {
		set = "super_read_only"
	}
	start := time.Now()
	if _, err := c.ExecContext(ctx, "SET GLOBAL "+set+" = ON"); err != nil {
		return "", sourceErr("SET GLOBAL "+set+" = ON", err)
	}
	return fmt.Sprintf("MySQL %s=ON in %s: it refuses writes", set, time.Since(start).Round(time.Millisecond)), nil
}

// sourceErr: access denied (1227, 1045) wraps ErrSourceLockDenied.
func sourceErr(what string, err error) error {
	var me *mysql.MySQLError
	if errors.As(err, &me) && (me.Number == 1227 || me.Number == 1045 || me.Number == 1044) {
		return fmt.Errorf("%w (%s: %v; it needs SUPER, or on MariaDB 10.5.2+ READ_ONLY ADMIN, or on MySQL 8 SYSTEM_VARIABLES_ADMIN)", ErrSourceLockDenied, what, err)
	}
	return fmt.Errorf("mysql: %s: %w", what, err)
}

// RestoreSource implements Database: super_read_only first (turning it
// off leaves read_only alone), then read_only.
func (m *MySQLPG) RestoreSource(ctx context.Context, setting string) (string, error) {
	want := map[string]string{}
	for _, kv := range strings.Fields(setting) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || (k != "read_only" && k != "super_read_only") || (v != "ON" && v != "OFF") {
			return "", fmt.Errorf("recorded MySQL setting %q: want read_only=ON|OFF [super_read_only=ON|OFF]", setting)
		}
		want[k] = v
	}
	if want["read_only"] == "" {
		return "", fmt.Errorf("recorded MySQL setting %q: no read_only", setting)
	}
	my, _, err := m.openMy(ctx)
	if err != nil {
		return "", err
	}
	defer my.Close()
	for _, k := range []string{"super_read_only", "read_only"} {
		if v, ok := want[k]; ok {
			if _, err := my.ExecContext(ctx, "SET GLOBAL "+k+" = "+v); err != nil {
				return "", sourceErr("SET GLOBAL "+k+" = "+v, err)
			}
		}
	}
	return "MySQL " + setting + " again", nil
}

// canLockSource: the account may set read_only (set to its own value:
// nothing changes).
func canLockSource(ctx context.Context, my *sql.DB) error {
	vals, err := readOnlyVars(ctx, my)
	if err != nil {
		return err
	}
	for _, k := range []string{"super_read_only", "read_only"} {
		if _, ok := vals[k]; ok {
			q := "SET GLOBAL " + k + " = @@GLOBAL." + k
			if _, err := my.ExecContext(ctx, q); err != nil {
				return sourceErr(q, err)
			}
		}
	}
	return nil
}

// Recopy implements Database: after a precopy, the tables whose
// CHECKSUM TABLE changed since their last copy (CopyChanged); otherwise
// every table again (a write mark says that MySQL changed, not where).
func (m *MySQLPG) Recopy(ctx context.Context, rc *RunContext) (string, error) {
	pg, err := m.openPG(ctx)
	if err != nil {
		return "", err
	}
	var recorded bool
	err = pg.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", m.precopyRef()).Scan(&recorded)
	pg.Close(context.Background())
	if err != nil {
		return "", fmt.Errorf("postgres: %w", err)
	}
	if recorded && m.Method != "dump" {
		return m.CopyChanged(ctx, rc)
	}
	again := *rc
	again.Retry = false
	return m.Copy(ctx, &again)
}

// notMigrated names MySQL's routines, triggers and events (kind:name, as
// migrate.VerifyOptions.AcceptMissing takes them): the objects preflight
// lists for acceptance because the copy does not carry them.
func (m *MySQLPG) notMigrated(ctx context.Context, my *sql.DB, db string) []string {
	var out []string
	for _, q := range []string{
		"SELECT CONCAT(LOWER(ROUTINE_TYPE), ':', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
		"SELECT CONCAT('trigger:', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
		"SELECT CONCAT('event:', EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
	} {
		rows, err := my.QueryContext(ctx, q, db)
		if err != nil {
			continue
		}
		for rows.Next() {
			var n string
			if rows.Scan(&n) == nil {
				out = append(out, n)
			}
		}
		rows.Close()
	}
	return out
}
