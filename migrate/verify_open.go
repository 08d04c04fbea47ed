package migrate

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// VerifyDBs are both databases of a verify, opened, and the MySQL tables
// selected: what Verify takes.
type VerifyDBs struct {
	MySQL  *sql.DB
	PG     *pgxpool.Pool
	Tables []*Table
}

// InputError is a verify or copy refused for its input (a MySQL URL that
// cannot be used, no table selected): the fix is on the command line.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Usage: the input is wrong (exit 2).
func (e *InputError) Usage() bool { return true }

// OpenVerify opens MySQL at from and PostgreSQL at to, each with vo.Jobs+2
// connections (Verify's need), and selects the MySQL tables (f) with vo's
// options. Close closes both.
func OpenVerify(ctx context.Context, from, to string, vo VerifyOptions, f TableFilter) (*VerifyDBs, error) {
	my, db, err := OpenMySQL(from)
	if err != nil {
		return nil, &InputError{err}
	}
	my.SetMaxOpenConns(vo.Jobs + 2)
	v := &VerifyDBs{MySQL: my}
	if v.Tables, _, err = LiveTables(ctx, my, db, vo.Options, f); err == nil && len(v.Tables) == 0 {
		err = &InputError{fmt.Errorf("no tables selected in MySQL database %s", db)}
	}
	if err == nil {
		v.PG, err = OpenVerifyPG(ctx, to, vo.Jobs+2)
	}
	if err != nil {
		my.Close()
		return nil, err
	}
	return v, nil
}

// Close closes both databases.
func (v *VerifyDBs) Close() {
	v.MySQL.Close()
	v.PG.Close()
}
