package load

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

// Stager loads tables under their own names in staging schemas of this
// run (one per target schema: index, constraint and sequence names stay
// free in the target while the old table still holds them), then moves
// each into place in one transaction: DROP the old one (with --drop),
// ALTER TABLE ... SET SCHEMA. A failure anywhere before that commit
// leaves the old table exactly as it was; the staging schemas are dropped
// at the end (a run killed hard leaves one named opsctl_stage_*).
type Stager struct {
	pool  *pgxpool.Pool
	run   string
	mu    sync.Mutex
	names map[string]string // target schema -> staging schema
	made  map[string]bool
	// what DROP ... CASCADE took with the tables it replaced
	cascaded []dependant
}

type dependant struct {
	kind, name, on, of string // view|foreign key, its name, its table (FK), the replaced table
}

func NewStager(pool *pgxpool.Pool) *Stager {
	b := make([]byte, 4)
	rand.Read(b)
	return &Stager{pool: pool, run: hex.EncodeToString(b), names: map[string]string{}, made: map[string]bool{}}
}

// name is the staging schema of target schema schema.
func (g *Stager) name(schema string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	n, ok := g.names[schema]
	if !ok {
		n = fmt.Sprintf("opsctl_stage_%s_%d", g.run, len(g.names)+1)
		g.names[schema] = n
	}
	return n
}

// Table is t in its staging schema (same name, same columns).
func (g *Stager) Table(t *model.Table) *model.Table {
	ts := *t
	ts.Schema = g.name(t.Schema)
	ts.Warnings = nil // said once, for t
	return &ts
}

// Ensure creates the staging schema of target schema schema.
func (g *Stager) Ensure(ctx context.Context, schema string) error {
	n := g.name(schema)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.made[n] {
		return nil
	}
	if _, err := g.pool.Exec(ctx, "CREATE SCHEMA "+model.QuoteIdent(n)); err != nil {
		return fmt.Errorf("staging schema %s: %w", n, err)
	}
	g.made[n] = true
	return nil
}

// Cleanup drops the staging schemas (what failed or was never moved).
func (g *Stager) Cleanup() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	g.mu.Lock()
	defer g.mu.Unlock()
	for n := range g.made {
		// a killed server leaves dead connections in the pool: each
		// failure discards one, so try again on a fresh one
		for try := 0; try < 5; try++ {
			if _, err := g.pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+model.QuoteIdent(n)+" CASCADE"); err == nil || ctx.Err() != nil {
				break
			}
		}
	}
}

// dependantsSQL lists the views and the other tables' foreign keys that
// DROP TABLE $1 CASCADE takes with it.
const dependantsSQL = `SELECT DISTINCT 'view', v.oid::regclass::text, '' FROM pg_depend d
  JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
  WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
    AND d.refobjid = to_regclass($1) AND v.oid <> d.refobjid
UNION ALL
SELECT 'foreign key', quote_ident(conname), conrelid::regclass::text FROM pg_constraint
  WHERE contype = 'f' AND confrelid = to_regclass($1) AND conrelid <> confrelid`

// Swap moves staged into t's place inside tx, under a savepoint (a
// failure leaves tx usable and the old table in place): with drop the old
// table goes (CASCADE), without it an existing table is a refusal.
func (g *Stager) Swap(ctx context.Context, tx pgx.Tx, t, staged *model.Table, drop bool) error {
	if _, err := tx.Exec(ctx, "SAVEPOINT opsctl_swap"); err != nil {
		return err
	}
	deps, err := g.swapIn(ctx, tx, t, staged, drop)
	if err != nil {
		if _, rerr := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT opsctl_swap"); rerr != nil {
			return fmt.Errorf("%w (and: %v)", err, rerr)
		}
		return err
	}
	if _, err := tx.Exec(ctx, "RELEASE SAVEPOINT opsctl_swap"); err != nil {
		return err
	}
	g.mu.Lock()
	g.cascaded = append(g.cascaded, deps...)
	g.mu.Unlock()
	return nil
}

func (g *Stager) swapIn(ctx context.Context, tx pgx.Tx, t, staged *model.Table, drop bool) ([]dependant, error) {
	var deps []dependant
	if drop {
		rows, err := tx.Query(ctx, dependantsSQL, t.QName())
		if err != nil {
			return nil, fmt.Errorf("table %s: list its dependants: %w", t.QName(), err)
		}
		for rows.Next() {
			d := dependant{of: t.Schema + "." + t.Name}
			if err := rows.Scan(&d.kind, &d.name, &d.on); err != nil {
				rows.Close()
				return nil, err
			}
			deps = append(deps, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, "DROP TABLE IF EXISTS "+t.QName()+" CASCADE"); err != nil {
			return nil, fmt.Errorf("table %s: drop the old table: %w", t.QName(), err)
		}
	} else {
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", t.QName()).Scan(&exists); err != nil {
			return nil, err
		}
		if exists {
			return nil, fmt.Errorf("table %s already exists in PostgreSQL (created during the load?): refusing to replace it (use --drop)", t.QName())
		}
	}
	if _, err := tx.Exec(ctx, "ALTER TABLE "+staged.QName()+" SET SCHEMA "+model.QuoteIdent(t.Schema)); err != nil {
		return nil, fmt.Errorf("table %s: move into place: %w", t.QName(), err)
	}
	return deps, nil
}

// ReportCascaded warns about the views and foreign keys the replaced
// tables took with them that are not there again (the dump or the MySQL
// database does not define them).
func (g *Stager) ReportCascaded(ctx context.Context, rep *dump.Report) {
	g.mu.Lock()
	deps := g.cascaded
	g.mu.Unlock()
	for _, d := range deps {
		var back bool
		var err error
		if d.kind == "view" {
			err = g.pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", d.name).Scan(&back)
		} else {
			err = g.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE quote_ident(conname) = $1 AND conrelid = to_regclass($2))", d.name, d.on).Scan(&back)
		}
		if err == nil && back {
			continue
		}
		what := d.kind + " " + d.name
		if d.on != "" {
			what += " on " + d.on
		}
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s depended on %s and was dropped with it (--drop replaces a table with DROP ... CASCADE); the migration does not define it: re-create it", what, d.of))
	}
}
