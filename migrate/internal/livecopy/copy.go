package livecopy

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/load"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/pgddl"
	"github.com/opsctl/opsctl/migrate/internal/pgtarget"
	"github.com/opsctl/opsctl/outcome"
	"golang.org/x/sync/errgroup"
)

// Options configure a live MySQL -> PostgreSQL copy.
type Options struct {
	dump.Options
	URL       string // postgres://...
	Jobs      int    // MySQL readers = PostgreSQL writers (default 4)
	ChunkRows int64  // tables with more rows (estimated) are split into key ranges (default 500000)
	Filter    TableFilter
	Resume    bool // skip tables opsctl_migrate_state marks done; reload the others from scratch
	Drop      bool // drop existing tables first (else refuse, unless --resume)
	DryRun    bool // read the schema, report the plan (estimated rows), write nothing
	// Stop, when done, lets the tables in flight finish and starts no
	// other (the first Ctrl-C); cancelling Copy's ctx aborts (rolls back)
	// the tables in flight.
	Stop context.Context
}

// Validate checks the options as a caller names them (Options.Validate,
// Jobs 1..64, ChunkRows at least 1000, not both Resume and Drop).
func (co *Options) Validate() error {
	switch err := co.Options.Validate(); {
	case err != nil:
		return err
	case co.Resume && co.Drop:
		return outcome.BadOption("drop", "excludes resume (drop starts over)")
	case co.ChunkRows < 1000:
		return outcome.BadOption("chunk-rows", "must be at least 1000")
	}
	return dump.ValidJobs(co.Jobs)
}

// StateTable records the tables a copy finished, in the target schema.
const StateTable = "opsctl_migrate_state"

// Copy reads MySQL database db directly and writes PostgreSQL with COPY.
//
// Schema: SHOW CREATE TABLE per table, prepared by the dump path's code
// (same names, same Mapping, same post-data SQL). Rows: the text protocol
// gives the values mysqldump would write; they go through the dump path's
// value conversion (RowParser.WriteValue) into COPY text.
//
// Consistency: Jobs reader connections each START TRANSACTION WITH
// CONSISTENT SNAPSHOT while one connection holds FLUSH TABLES WITH READ
// LOCK (as mydumper and mysqldump --single-transaction --master-data do),
// so all readers see the same instant; the lock is released as soon as the
// snapshots exist. Without the RELOAD privilege the lock is skipped, each
// reader has its own snapshot, and the report carries a warning (copy
// from a read-only site then).
//
// Each small table is created and filled in one PostgreSQL transaction. A
// table split into key ranges is created first, then each range is copied
// in its own transaction; the table counts as done only when every range,
// index and identity value is committed, and it is recorded in
// opsctl_migrate_state. A table not recorded there is dropped and copied
// again from scratch by a --resume run. Foreign keys, triggers and
// comments come last (idempotent on resume).
func Copy(ctx context.Context, my *sql.DB, db string, co Options) (*dump.Report, error) {
	if co.Jobs <= 0 {
		co.Jobs = 4
	}
	if co.ChunkRows <= 0 {
		co.ChunkRows = 500000
	}
	if co.Schema == "" {
		co.Schema = "public"
	}
	var gis model.GIS
	if co.URL != "" {
		var err error
		if gis, err = pgtarget.ProbePostGIS(ctx, co.URL, co.PostGIS); err != nil {
			return nil, err
		}
	}
	d, tables, est, err := liveSchema(ctx, my, db, co.Options, gis, co.Filter)
	if err != nil {
		return nil, err
	}
	rep := &dump.Report{Defs: tables}
	d.TranslateObjects(rep) // views, triggers, routines: created in finish
	var total int64
	for _, n := range est {
		total += n
	}
	if co.OnEvent != nil {
		co.OnEvent(dump.Ev(dump.EvPlan, "", total, nil))
	}
	if co.Stop == nil {
		co.Stop = context.Background()
	}
	if co.DryRun {
		if err := fitLive(ctx, func(ctx context.Context, q string, dest ...any) error {
			return my.QueryRowContext(ctx, q).Scan(dest...)
		}, co, tables); err != nil {
			return nil, err
		}
		for _, t := range tables {
			tr := &dump.TableReport{Schema: t.Schema, Table: t.Name, MyTable: t.Ref(), Status: "dry-run", Rows: est[t.MyName], Warnings: t.Warnings, Fitted: dump.Fitted(t)}
			if pk := intKey(t); pk != nil && est[t.MyName] > co.ChunkRows {
				tr.Warnings = append(tr.Warnings, fmt.Sprintf("about %d key ranges", est[t.MyName]/co.ChunkRows))
			}
			rep.Tables = append(rep.Tables, tr)
		}
		dump.SortTables(rep)
		return rep, nil
	}
	pool, err := pgtarget.OpenPool(ctx, co.URL, co.Jobs+2)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	if !co.Resume && !co.Drop {
		// the refusal before the first write
		for _, t := range tables {
			var exists bool
			if err := pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", t.QName()).Scan(&exists); err != nil {
				return nil, fmt.Errorf("postgres: %w", err)
			}
			if exists {
				return nil, fmt.Errorf("table %s already exists in PostgreSQL: refusing to copy over it (--drop replaces, --resume continues a copy); nothing was changed", t.QName())
			}
		}
	}
	state := model.QuoteIdent(co.Schema) + "." + model.QuoteIdent(StateTable)
	if _, err := pool.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+model.QuoteIdent(co.Schema)+"; CREATE TABLE IF NOT EXISTS "+state+" (tbl text PRIMARY KEY, mysql_table text NOT NULL, rows bigint NOT NULL, finished timestamptz NOT NULL DEFAULT now())"); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	done := map[string]bool{}
	if co.Resume {
		rows, err := pool.Query(ctx, "SELECT tbl FROM "+state)
		if err != nil {
			return nil, fmt.Errorf("postgres: read %s: %w", StateTable, err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err == nil {
				done[n] = true
			}
		}
		rows.Close()
	}
	if !co.Resume {
		if _, err := pool.Exec(ctx, "DELETE FROM "+state); err != nil {
			return nil, err
		}
	}
	// Tables to (re)create are copied into a staging schema and each
	// replaces its old one (--drop, --resume) in a short transaction when
	// it is complete: a failure or an abort leaves the old table as it
	// was. Those transactions run one at a time: dropped from parallel
	// transactions, two tables joined by a foreign key deadlock (each
	// DROP ... CASCADE locks the other).
	stage := load.NewStager(pool)
	defer stage.Cleanup()
	var gisOnce pgtarget.PostGISOnce
	for _, t := range tables {
		if err := gisOnce.Ensure(gis.Create && model.HasGeom(t), func(q string) error { _, err := pool.Exec(ctx, q); return err }); err != nil {
			return nil, err
		}
	}

	// Readers: one snapshot instant for all of them.
	readers := make(chan *sql.Conn, co.Jobs)
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.ExecContext(context.Background(), "ROLLBACK")
			c.Close()
		}
	}()
	lockConn, err := my.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("mysql: %w", err)
	}
	locked := true
	// Don't queue writers behind a long query for long: give up on the
	// lock (and say so) after 30 s.
	lockConn.ExecContext(ctx, "SET SESSION lock_wait_timeout = 30")
	if _, err := lockConn.ExecContext(ctx, "FLUSH TABLES WITH READ LOCK"); err != nil {
		locked = false
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("FLUSH TABLES WITH READ LOCK failed (%v): each reader has its own snapshot; tables are consistent only if the site is read-only", err))
	}
	for i := 0; i < co.Jobs; i++ {
		c, err := my.Conn(ctx)
		if err == nil {
			_, err = c.ExecContext(ctx, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
		}
		if err == nil {
			_, err = c.ExecContext(ctx, "START TRANSACTION WITH CONSISTENT SNAPSHOT")
		}
		if err != nil {
			lockConn.Close()
			return nil, fmt.Errorf("mysql: reader snapshot: %w", err)
		}
		conns = append(conns, c)
		readers <- c
	}
	if locked {
		lockConn.ExecContext(ctx, "UNLOCK TABLES")
	}
	lockConn.Close()
	// Types that fit the data: scanned in the readers' snapshot, before
	// any table is created.
	if err := fitLive(ctx, func(ctx context.Context, q string, dest ...any) error {
		var c *sql.Conn
		select {
		case c = <-readers:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { readers <- c }()
		return c.QueryRowContext(ctx, q).Scan(dest...)
	}, co, tables); err != nil {
		return nil, err
	}

	cp := &copier{ctx: ctx, pool: pool, d: d, co: co, readers: readers, state: state, rep: rep, stage: stage}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(co.Jobs)
	var jobs []*copyJob
	for _, t := range tables {
		tr := &dump.TableReport{Schema: t.Schema, Table: t.Name, MyTable: t.Ref(), Status: "ok", Fitted: dump.Fitted(t)}
		rep.Tables = append(rep.Tables, tr)
		j := &copyJob{t: t, rep: tr, stats: make([]dump.ColStats, len(t.Columns))}
		jobs = append(jobs, j)
		if done[t.Schema+"."+t.Name] {
			tr.Status = "skipped"
			tr.Warnings = append(tr.Warnings, "already copied (resume)")
			j.skipped = true
			continue
		}
		t := t
		g.Go(func() error {
			if co.Stop.Err() != nil {
				j.rep.Status = "skipped"
				j.rep.Warnings = append(j.rep.Warnings, "not started: interrupted (run again with --resume)")
				return nil
			}
			j.start = time.Now()
			err := cp.table(gctx, j, est[t.MyName])
			j.rep.Seconds = time.Since(j.start).Seconds()
			if err != nil && ctx.Err() != nil {
				// aborted (second Ctrl-C): the socket error it caused says nothing
				err = fmt.Errorf("table %s: aborted mid-table, not counted as copied (--resume copies it again): %w", t.QName(), ctx.Err())
			}
			if err != nil {
				j.rep.Err, j.rep.Status = err, "failed"
			}
			cp.event(dump.Ev(dump.EvTableDone, t.Schema+"."+t.Name, j.rows, err))
			return nil
		})
	}
	g.Wait()
	// Foreign keys, triggers, comments: last, for tables in place.
	if ctx.Err() == nil && co.Stop.Err() == nil {
		cp.finish(jobs)
		stage.ReportCascaded(ctx, rep)
	}
	dump.SortTables(rep)
	var failed []*dump.TableReport
	var okN []string
	for _, tr := range rep.Tables {
		if tr.Err != nil {
			failed = append(failed, tr)
		} else {
			okN = append(okN, tr.MyTable)
		}
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	if err := co.Stop.Err(); err != nil {
		return rep, err
	}
	if len(failed) > 0 {
		return rep, dump.NewPartialError(okN, failed, failed[0].Err)
	}
	return rep, nil
}

type copyJob struct {
	t       *model.Table
	staged  *model.Table // t in the staging schema, until it moves into place
	rep     *dump.TableReport
	mu      sync.Mutex
	stats   []dump.ColStats
	rows    int64
	start   time.Time
	skipped bool
}

type copier struct {
	ctx     context.Context
	pool    *pgxpool.Pool
	d       *dump.Parser
	co      Options
	readers chan *sql.Conn
	state   string
	rep     *dump.Report
	evMu    sync.Mutex
	stage   *load.Stager
	swapMu  sync.Mutex // one replacing transaction at a time
}

func (c *copier) event(e dump.Event) {
	if c.co.OnEvent != nil {
		c.evMu.Lock()
		c.co.OnEvent(e)
		c.evMu.Unlock()
	}
}

// table copies one table: create, rows (one or several key ranges),
// indexes, NOT NULLs and identity values, then the state row.
func (c *copier) table(ctx context.Context, j *copyJob, estimate int64) error {
	t := j.t
	c.event(dump.Ev(dump.EvTableStart, t.Schema+"."+t.Name, estimate, nil))
	j.staged = c.stage.Table(t)
	ts := j.staged
	if err := c.stage.Ensure(ctx, t.Schema); err != nil {
		return fmt.Errorf("table %s: %w", t.QName(), err)
	}
	shown := func(q string) string { return strings.ReplaceAll(q, ts.QName(), t.QName()) }
	ranges := [][2]string{{"", ""}}
	if pk := intKey(t); pk != nil && estimate > c.co.ChunkRows {
		if r, err := c.splitRanges(ctx, t, pk, estimate); err == nil {
			ranges = r
		}
	}
	if len(ranges) == 1 {
		// created and filled in one transaction: all or nothing, FREEZE
		if err := c.copyRange(ctx, j, "", true); err != nil {
			return err
		}
	} else {
		if _, err := c.pool.Exec(ctx, pgddl.CreateTable(ts)); err != nil {
			return fmt.Errorf("table %s: create: %w", t.QName(), err)
		}
		g, gctx := errgroup.WithContext(ctx)
		for _, r := range ranges {
			where := " WHERE "
			col := model.MyIdent(t.Columns[intKey(t)[0]].MyName)
			switch {
			case r[0] == "":
				where += col + " <= " + r[1]
			case r[1] == "":
				where += col + " > " + r[0]
			default:
				where += col + " > " + r[0] + " AND " + col + " <= " + r[1]
			}
			g.Go(func() error { return c.copyRange(gctx, j, where, false) })
		}
		if err := g.Wait(); err != nil {
			return err
		}
	}
	j.rep.Rows = j.rows
	for i, col := range t.Columns {
		if j.stats[i].ZeroDates > 0 {
			dump.AddChange(j.rep, col.MyName, "zero date -> "+c.d.M.ZeroName(), j.stats[i].ZeroDates)
		}
		if j.stats[i].NulsStripped > 0 {
			dump.AddChange(j.rep, col.MyName, "NUL stripped", j.stats[i].NulsStripped)
		}
	}
	pd := c.postData(ts, j.stats)
	j.rep.Warnings = append(append(j.rep.Warnings, t.Warnings...), ts.Warnings...)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(2)
	for _, q := range pd.Indexes {
		q := q
		g.Go(func() error {
			if _, err := c.pool.Exec(gctx, q); err != nil {
				return fmt.Errorf("table %s: %q failed: %w", t.QName(), shown(q), err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for _, q := range pd.After {
		if _, err := c.pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("table %s: %q failed: %w", t.QName(), shown(q), err)
		}
	}
	for _, q := range pd.Checks {
		if _, err := c.pool.Exec(ctx, q); err != nil {
			j.rep.Warnings = append(j.rep.Warnings, fmt.Sprintf("CHECK not migrated: PostgreSQL rejected %s: %v", shown(q), err))
		}
	}
	return c.swap(ctx, j)
}

// swap moves the complete table into place, replacing the old one (with
// --drop or --resume), and records it done, in one short transaction;
// one at a time, so no two lock the same tables in different orders.
func (c *copier) swap(ctx context.Context, j *copyJob) error {
	t := j.t
	c.swapMu.Lock()
	defer c.swapMu.Unlock()
	tx, err := c.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("table %s: %w", t.QName(), err)
	}
	defer tx.Rollback(context.Background())
	if err := c.stage.Swap(ctx, tx, t, j.staged, c.co.Drop || c.co.Resume); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO "+c.state+" (tbl, mysql_table, rows) VALUES ($1, $2, $3) ON CONFLICT (tbl) DO UPDATE SET rows = EXCLUDED.rows, finished = now()", t.Schema+"."+t.Name, t.Ref(), j.rows); err != nil {
		return fmt.Errorf("table %s: record it done: %w", t.QName(), err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("table %s: move into place: commit: %w", t.QName(), err)
	}
	return nil
}

var postMu sync.Mutex

// postData is the dump path's postDataFor (the namer is not safe for
// concurrent use).
func (c *copier) postData(t *model.Table, st []dump.ColStats) pgddl.PostData {
	postMu.Lock()
	defer postMu.Unlock()
	return c.d.PostDataFor(t, st)
}

// intKey: the single integer primary key column, or nil.
func intKey(t *model.Table) []int {
	for _, ix := range t.Indexes {
		if ix.Kind != "primary" || len(ix.Columns) != 1 {
			continue
		}
		for i, col := range t.Columns {
			if strings.EqualFold(col.MyName, ix.Columns[0]) {
				switch col.Base {
				case "tinyint", "smallint", "mediumint", "int", "integer", "bigint":
					if col.Conv == cast.Number {
						return []int{i}
					}
				}
			}
		}
	}
	return nil
}

// splitRanges cuts the key space into about estimate/ChunkRows ranges
// (lo, hi] by value; open at both ends so rows outside the bounds read
// now are still copied.
func (c *copier) splitRanges(ctx context.Context, t *model.Table, pk []int, estimate int64) ([][2]string, error) {
	conn := <-c.readers
	defer func() { c.readers <- conn }()
	col := model.MyIdent(t.Columns[pk[0]].MyName)
	from := model.MyIdent(t.MyDB) + "." + model.MyIdent(t.MyName)
	var lo, hi sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT MIN("+col+"), MAX("+col+") FROM "+from).Scan(&lo, &hi); err != nil || !lo.Valid {
		return nil, fmt.Errorf("no bounds: %v", err)
	}
	n := estimate / c.co.ChunkRows
	if n < 2 {
		return [][2]string{{"", ""}}, nil
	}
	step := (hi.Int64 - lo.Int64) / n
	if step < 1 {
		return [][2]string{{"", ""}}, nil
	}
	var out [][2]string
	prev := ""
	for i := int64(1); i < n; i++ {
		b := fmt.Sprint(lo.Int64 + i*step)
		out = append(out, [2]string{prev, b})
		prev = b
	}
	return append(out, [2]string{prev, ""}), nil
}

// myValueKind: how the text protocol's bytes are fed to the dump path's
// value writer (the kind mysqldump would have written).
func myValueKind(col *model.Column) dump.ValueKind {
	switch col.Base {
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "dec", "fixed", "float", "double", "real", "year", "bool", "boolean":
		return dump.VNumber
	case "bit", "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection", "geomcollection":
		return dump.VHex
	}
	return dump.VString
}

// escapeMyString writes raw bytes as a MySQL string body.
func escapeMyString(out, b []byte) []byte {
	for _, x := range b {
		switch x {
		case '\\':
			out = append(out, '\\', '\\')
		case 0:
			out = append(out, '\\', '0')
		case '\'':
			out = append(out, '\\', '\'')
		default:
			out = append(out, x)
		}
	}
	return out
}

// copyRange streams the rows WHERE selects into the table with COPY, in
// one PostgreSQL transaction (which also creates the table when create).
func (c *copier) copyRange(ctx context.Context, j *copyJob, where string, create bool) (err error) {
	t := j.t
	var myConn *sql.Conn
	select {
	case myConn = <-c.readers:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { c.readers <- myConn }()
	conn, err := c.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("table %s: %w", t.QName(), err)
	}
	defer tx.Rollback(context.Background())
	hdr := pgddl.CopyHeader(j.staged, t.Columns)
	if create {
		if _, err := tx.Exec(ctx, pgddl.CreateTable(j.staged)); err != nil {
			return fmt.Errorf("table %s: create: %w", t.QName(), err)
		}
		hdr += " WITH (FREEZE)"
	}
	// generated columns PostgreSQL computes are not read
	var cols []string
	var tcols []*model.Column
	var colIdx []int // index in t.Columns
	for i, col := range t.Columns {
		if col.GeneratedPG != "" {
			continue
		}
		cols = append(cols, model.MyIdent(col.MyName))
		tcols = append(tcols, col)
		colIdx = append(colIdx, i)
	}
	rows, err := myConn.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+model.MyIdent(t.MyDB)+"."+model.MyIdent(t.MyName)+where)
	if err != nil {
		return fmt.Errorf("table %s: mysql: %w", t.Ref(), err)
	}
	defer rows.Close()
	rp := &dump.RowParser{S: dump.NewScanner(strings.NewReader("")), T: t, Cols: tcols, M: c.d.M, Stats: make([]dump.ColStats, len(tcols)), Out: make([]byte, 0, dump.CopyChunk+64<<10)}
	rp.SetDerived(t)
	kinds := make([]dump.ValueKind, len(tcols))
	for i, col := range tcols {
		kinds[i] = myValueKind(col)
	}
	pr, pw := io.Pipe()
	var nrows, nbytes int64
	prodErr := make(chan error, 1)
	go func() {
		err := func() error {
			raw := make([]sql.RawBytes, len(tcols))
			ptr := make([]any, len(raw))
			for i := range raw {
				ptr[i] = &raw[i]
			}
			var esc []byte
			for rows.Next() {
				if err := rows.Scan(ptr...); err != nil {
					return err
				}
				for i, v := range raw {
					if i > 0 {
						rp.Out = append(rp.Out, '\t')
					}
					k := kinds[i]
					switch {
					case v == nil:
						k = dump.VNull
					case k == dump.VHex:
						esc = hex.AppendEncode(esc[:0], v)
						v = esc
					case k == dump.VString:
						esc = escapeMyString(esc[:0], v)
						v = esc
					}
					if err := rp.WriteValue(i, k, v, 0); err != nil {
						return err
					}
				}
				rp.EndRow()
				rp.Out = append(rp.Out, '\n')
				rp.Rows++
				nrows++
				if len(rp.Out) >= dump.CopyChunk {
					nbytes += int64(len(rp.Out))
					if _, err := pw.Write(rp.Out); err != nil {
						return err
					}
					rp.Out = rp.Out[:0]
					c.event(dump.Ev(dump.EvRows, t.Schema+"."+t.Name, nrows, nil))
					nrows = 0
				}
			}
			if err := rows.Err(); err != nil {
				return fmt.Errorf("mysql: %w", err)
			}
			if len(rp.Out) > 0 {
				nbytes += int64(len(rp.Out))
				if _, err := pw.Write(rp.Out); err != nil {
					return err
				}
			}
			c.event(dump.Ev(dump.EvRows, t.Schema+"."+t.Name, nrows, nil))
			return nil
		}()
		pw.CloseWithError(err)
		prodErr <- err
	}()
	_, cerr := conn.Conn().PgConn().CopyFrom(ctx, pr, hdr)
	pr.CloseWithError(errors.New("copy ended"))
	perr := <-prodErr
	if perr != nil && !strings.Contains(perr.Error(), "copy ended") {
		var ve *dump.ValueError
		if errors.As(perr, &ve) {
			ve.Offset, ve.Line = 0, 0
		}
		return fmt.Errorf("table %s: %w", t.Ref(), perr)
	}
	if cerr != nil {
		return fmt.Errorf("table %s: COPY: %w", t.QName(), cerr)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("table %s: commit: %w", t.QName(), err)
	}
	j.mu.Lock()
	j.rows += rp.Rows
	j.rep.Bytes += nbytes // COPY text bytes
	for _, dc := range rp.Derived {
		if dc.N > 0 {
			dump.AddChange(j.rep, dc.C.MyName, dump.DerivedWhy, dc.N)
		}
	}
	for i := range rp.Stats {
		j.stats[colIdx[i]].ZeroDates += rp.Stats[i].ZeroDates
		j.stats[colIdx[i]].NulsStripped += rp.Stats[i].NulsStripped
	}
	j.mu.Unlock()
	return nil
}

// finish adds foreign keys, ON UPDATE triggers and comments for the
// tables in place (copied now or before a resume); statements that find
// their object already there (a resumed run) are fine.
func (c *copier) finish(jobs []*copyJob) {
	ok := map[*model.Table]*copyJob{}
	for _, j := range jobs {
		if j.rep.Err == nil {
			ok[j.t] = j
		}
	}
	for _, q := range c.d.SeqSQL(c.rep) {
		if _, err := c.pool.Exec(c.ctx, q); err != nil {
			c.rep.SequenceFailed(q, err)
		}
	}
	for _, j := range jobs {
		if j.rep.Err != nil {
			continue
		}
		pd := c.postData(j.t, j.stats)
		var stmts []string
		stmts = append(stmts, pd.FKs...)
		stmts = append(stmts, pd.Triggers...)
		stmts = append(stmts, pd.Comments...)
		for _, q := range stmts {
			if _, err := c.pool.Exec(c.ctx, q); err != nil {
				var pe *pgconn.PgError
				if errors.As(err, &pe) && pe.Code == "42710" { // duplicate_object
					continue
				}
				if strings.HasPrefix(q, "ALTER TABLE") && strings.Contains(q, "FOREIGN KEY") {
					c.rep.Warnings = append(c.rep.Warnings, fmt.Sprintf("foreign key failed: %s: %v", q, err))
				}
				j.rep.Err, j.rep.Status = fmt.Errorf("table %s: rows committed but %q failed: %w", j.t.QName(), q, err), "failed"
				break
			}
		}
	}
	refused := dump.Refused{}
	for _, v := range c.d.Views {
		if refused.Skip(v, c.rep) {
			continue
		}
		stmts := make([]string, len(v.Stmts))
		for i, q := range v.Stmts {
			stmts[i] = strings.Replace(q, "CREATE VIEW", "CREATE OR REPLACE VIEW", 1)
		}
		if err := pgtarget.ExecInSchema(c.ctx, c.pool, v.Schema, stmts); err != nil {
			v.Rejected(c.rep, err)
			refused.Refuse(v)
		}
	}
}
