package cutover

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/opsctl/opsctl/migrate"
)

// Precopier is a Database that can copy before the read-only window and,
// in the window, copy again only the tables that changed since
// (cutover.precopy).
type Precopier interface {
	// Precopy copies every table while the site is live and records the
	// tables that took no write during their copy.
	Precopy(ctx context.Context, rc *RunContext) (string, error)
	// CopyChanged is the window's copy after a precopy: the tables whose
	// MySQL content changed since (or that were not recorded) are copied
	// again, the others are kept.
	CopyChanged(ctx context.Context, rc *RunContext) (string, error)
}

// precopyTable records, in the target schema, the tables a precopy left
// equal to a known MySQL state: tbl (as in migrate's opsctl_migrate_state),
// the CHECKSUM TABLE value MySQL had before and after the table's copy,
// and the state row's finished time (a later copy of the table by anything
// else changes it, and the record no longer counts). finished NULL: the
// window's copy is copying the table again, at that checksum (set to the
// copy's finished time when it ends).
//
// It lives in PostgreSQL, next to the copy it describes, rather than in
// the state file: a rehearsal has no state file, and the record has to
// go when the tables it describes are replaced.
const precopyTable = "opsctl_cutover_precopy"

func (m *MySQLPG) precopyRef() string { return qid(m.schema()) + "." + qid(precopyTable) }
func (m *MySQLPG) stateRef() string   { return qid(m.schema()) + "." + qid(migrate.StateTable) }

// checksums runs CHECKSUM TABLE over tables and returns the value per
// table key (schema.name in PostgreSQL, as the copy's state records it);
// a table MySQL gives no checksum for is left out.
func checksums(ctx context.Context, my *sql.DB, db string, tables []*migrate.Table) (map[string]int64, error) {
	out := map[string]int64{}
	if len(tables) == 0 {
		return out, nil
	}
	byMy := map[string]string{}
	names := make([]string, 0, len(tables))
	for _, t := range tables {
		byMy[strings.ToLower(db+"."+t.MyName)] = t.Schema + "." + t.Name
		names = append(names, "`"+strings.ReplaceAll(db, "`", "``")+"`.`"+strings.ReplaceAll(t.MyName, "`", "``")+"`")
	}
	rows, err := my.QueryContext(ctx, "CHECKSUM TABLE "+strings.Join(names, ", "))
	if err != nil {
		return nil, fmt.Errorf("mysql: CHECKSUM TABLE: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		var sum sql.NullInt64
		if err := rows.Scan(&n, &sum); err != nil {
			return nil, fmt.Errorf("mysql: CHECKSUM TABLE: %w", err)
		}
		if k, ok := byMy[strings.ToLower(n)]; ok && sum.Valid {
			out[k] = sum.Int64
		}
	}
	return out, rows.Err()
}

// Precopy implements Precopier: CHECKSUM TABLE of every table, the live
// copy (migrate.Copy, every table replaced), CHECKSUM TABLE again; a table
// whose two checksums are equal took no write during the copy, so its
// PostgreSQL copy is that checksum's content: it is recorded. A retried
// precopy starts over (it is outside the window).
func (m *MySQLPG) Precopy(ctx context.Context, rc *RunContext) (string, error) {
	start := time.Now()
	ps, err := m.openChecksummed(ctx, rc, "checksums before the copy")
	if err != nil {
		return "", err
	}
	defer ps.close()
	my, db, tables, before, pg := ps.my, ps.db, ps.tables, ps.sums, ps.pg
	// Old records go first: the copy replaces the tables they describe.
	if _, err := pg.Exec(ctx, "DROP TABLE IF EXISTS "+m.precopyRef()); err != nil {
		return "", fmt.Errorf("postgres: %w", err)
	}
	_, rows, err := m.liveCopy(ctx, rc, my, db, false, true)
	if err != nil {
		return "", err
	}
	after, err := timedChecksums(ctx, rc, my, db, tables, "checksums after the copy")
	if err != nil {
		return "", err
	}
	finished, err := m.finishedTimes(ctx, pg)
	if err != nil {
		return "", err
	}
	var changed []string
	err = pgx.BeginFunc(ctx, pg, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "CREATE TABLE "+m.precopyRef()+" (tbl text PRIMARY KEY, checksum bigint NOT NULL, finished timestamptz)"); err != nil {
			return err
		}
		for _, t := range tables {
			k := t.Schema + "." + t.Name
			s0, ok0 := before[k]
			s1, ok1 := after[k]
			f, okf := finished[k]
			if !ok0 || !ok1 || s0 != s1 || !okf {
				changed = append(changed, t.Ref())
				continue
			}
			if _, err := tx.Exec(ctx, "INSERT INTO "+m.precopyRef()+" (tbl, checksum, finished) VALUES ($1, $2, $3)", k, s1, f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("postgres: recording the precopy: %w", err)
	}
	s := fmt.Sprintf("%d table(s), %d rows in %s; %d unchanged during their copy (recorded)", len(tables), rows,
		time.Since(start).Round(time.Millisecond), len(tables)-len(changed))
	if len(changed) > 0 {
		s += fmt.Sprintf(", %d written meanwhile (copied again in the window: %s)", len(changed), strings.Join(first(changed, 5), ", "))
	}
	return s, nil
}

// finishedTimes reads migrate's state: table key -> finished.
func (m *MySQLPG) finishedTimes(ctx context.Context, pg *pgx.Conn) (map[string]time.Time, error) {
	rows, err := pg.Query(ctx, "SELECT tbl, finished FROM "+m.stateRef())
	if err != nil {
		return nil, fmt.Errorf("postgres: read %s: %w", migrate.StateTable, err)
	}
	out := map[string]time.Time{}
	for rows.Next() {
		var k string
		var f time.Time
		if err := rows.Scan(&k, &f); err != nil {
			rows.Close()
			return nil, err
		}
		out[k] = f
	}
	rows.Close()
	return out, rows.Err()
}

type precopyRecord struct {
	checksum int64
	finished *time.Time
}

// CopyChanged implements Precopier. Per table: kept when its precopy
// record has MySQL's current checksum and the copy recorded then is still
// the one in PostgreSQL (or, finished NULL, an earlier attempt of this
// window stopped while copying it again, at this checksum, and the copy
// state shows the copy finished); otherwise its copy
// state is removed and its record set to the current checksum (pending),
// in one transaction, and migrate.Copy in resume mode copies exactly the
// tables without a copy state. Dropping a table copied again drops, by
// CASCADE, the foreign keys and views of kept tables that point at it;
// the copy's last phase adds every table's foreign keys and views again
// (a duplicate one is skipped), the same as a resumed copy.
func (m *MySQLPG) CopyChanged(ctx context.Context, rc *RunContext) (string, error) {
	start := time.Now()
	ps, err := m.openChecksummed(ctx, rc, "checksums")
	if err != nil {
		return "", err
	}
	defer ps.close()
	my, db, tables, now, pg := ps.my, ps.db, ps.tables, ps.sums, ps.pg
	recs := map[string]precopyRecord{}
	if rows, err := pg.Query(ctx, "SELECT tbl, checksum, finished FROM "+m.precopyRef()); err == nil {
		for rows.Next() {
			var k string
			var r precopyRecord
			if rows.Scan(&k, &r.checksum, &r.finished) == nil {
				recs[k] = r
			}
		}
		rows.Close()
	} else {
		rc.Warn("no precopy recorded in PostgreSQL (%v): every table is copied", err)
	}
	finished, err := m.finishedTimes(ctx, pg)
	if err != nil {
		// no copy state at all: everything is copied
		finished = map[string]time.Time{}
	}
	var again []string
	var againKeys []string
	for _, t := range tables {
		k := t.Schema + "." + t.Name
		r, rok := recs[k]
		sum, sok := now[k]
		f, fok := finished[k]
		keep := rok && sok && fok && r.checksum == sum &&
			(r.finished == nil || r.finished.Equal(f))
		if !keep {
			again = append(again, t.Ref())
			againKeys = append(againKeys, k)
		}
	}
	if len(againKeys) > 0 {
		err := pgx.BeginFunc(ctx, pg, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+qid(m.schema())+"; CREATE TABLE IF NOT EXISTS "+m.precopyRef()+" (tbl text PRIMARY KEY, checksum bigint NOT NULL, finished timestamptz)"); err != nil {
				return err
			}
			if len(finished) > 0 {
				if _, err := tx.Exec(ctx, "DELETE FROM "+m.stateRef()+" WHERE tbl = ANY($1)", againKeys); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, "DELETE FROM "+m.precopyRef()+" WHERE tbl = ANY($1)", againKeys); err != nil {
				return err
			}
			for _, k := range againKeys {
				if sum, ok := now[k]; ok {
					if _, err := tx.Exec(ctx, "INSERT INTO "+m.precopyRef()+" (tbl, checksum, finished) VALUES ($1, $2, NULL)", k, sum); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("postgres: marking the changed tables: %w", err)
		}
	}
	sort.Strings(again)
	// Resume: the tables with a copy state (the kept ones) are skipped,
	// the others are dropped and copied; foreign keys, triggers and views
	// of every table are put (back) in place at the end.
	rep, rows, err := m.liveCopy(ctx, rc, my, db, true, false)
	// The tables copied again now carry this copy's finished time, as a
	// precopy's record does (the pending NULL stays only for a table
	// whose copy did not finish).
	if _, uerr := pg.Exec(ctx, "UPDATE "+m.precopyRef()+" p SET finished = s.finished FROM "+m.stateRef()+" s WHERE p.tbl = s.tbl AND p.finished IS NULL"); uerr != nil && err == nil {
		err = fmt.Errorf("postgres: recording the copy: %w", uerr)
	}
	if err != nil {
		return "", err
	}
	n := 0
	for _, t := range rep.Tables {
		if t.Status != "skipped" {
			n++
		}
	}
	s := fmt.Sprintf("%d table(s) unchanged since the precopy, %d re-copied (%d rows) in %s", len(tables)-n, n, rows, time.Since(start).Round(time.Millisecond))
	if n > 0 && n <= 5 && len(again) == n {
		s += ": " + strings.Join(again, ", ")
	}
	return s, nil
}

// dropPrecopy forgets an earlier precopy's records (best effort: with no
// PostgreSQL there is nothing to forget, and the copy reports the error).
func (m *MySQLPG) dropPrecopy(ctx context.Context) {
	pg, err := m.openPG(ctx)
	if err != nil {
		return
	}
	defer pg.Close(context.Background())
	pg.Exec(ctx, "DROP TABLE IF EXISTS "+m.precopyRef())
}

var errPrecopyDump = errors.New("precopy works with the live copy (cutover.method: copy), not with a dump")

// checksummed is where Precopy and CopyChanged start: MySQL open with the
// selected tables, their CHECKSUM TABLE values, PostgreSQL open.
type checksummed struct {
	my     *sql.DB
	db     string
	tables []*migrate.Table
	sums   map[string]int64
	pg     *pgx.Conn
}

func (c *checksummed) close() {
	c.my.Close()
	if c.pg != nil {
		c.pg.Close(context.Background())
	}
}

func (m *MySQLPG) openChecksummed(ctx context.Context, rc *RunContext, what string) (*checksummed, error) {
	if m.Method == "dump" {
		return nil, errPrecopyDump
	}
	my, db, tables, err := m.openTables(ctx)
	if err != nil {
		return nil, err
	}
	c := &checksummed{my: my, db: db, tables: tables}
	if c.sums, err = timedChecksums(ctx, rc, my, db, tables, what); err == nil {
		c.pg, err = m.openPG(ctx)
	}
	if err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

// timedChecksums is checksums with a progress line saying how long it took.
func timedChecksums(ctx context.Context, rc *RunContext, my *sql.DB, db string, tables []*migrate.Table, what string) (map[string]int64, error) {
	start := time.Now()
	sums, err := checksums(ctx, my, db, tables)
	if err != nil {
		return nil, err
	}
	rc.Progress(what+": %d table(s) in %s", len(sums), time.Since(start).Round(time.Millisecond))
	return sums, nil
}
