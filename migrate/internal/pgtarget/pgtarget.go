package pgtarget

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

// Row is what pgxpool.Pool, pgx.Conn and pgx.Tx have in common for a
// one-row query.
type Row interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Exec is a transaction or a connection.
type Exec interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// OpenPool opens a pgx pool on url whose every connection runs
// SessionSQL first (load and copy share the session settings).
func OpenPool(ctx context.Context, url string, maxConns int) (*pgxpool.Pool, error) {
	return OpenPoolSession(ctx, url, maxConns, SessionSQL)
}

// OpenPoolSession opens a pgx pool on url whose every connection runs
// session first (verify has its own).
func OpenPoolSession(ctx context.Context, url string, maxConns int, session string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres URL: %w", err)
	}
	cfg.MaxConns = int32(maxConns)
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		_, err := c.Exec(ctx, session)
		return err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return pool, nil
}

// SessionSQL is the session every load uses: values in the dump are UTF-8
// and TIMESTAMP values are UTC (mysqldump's --tz-utc default).
const SessionSQL = "SET client_encoding = 'UTF8'; SET standard_conforming_strings = on; SET timezone = 'UTC'; SET client_min_messages = warning; SET datestyle = 'ISO, YMD'; SET intervalstyle = 'postgres'"

// ExecInSchema runs stmts in one transaction whose search_path is schema
// (a view's statements: its CREATE and its comments): all of them or
// none. Load and copy create views with it.
func ExecInSchema(ctx context.Context, pool *pgxpool.Pool, schema string, stmts []string) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, "SET LOCAL search_path = "+model.QuoteIdent(schema)); err != nil {
		return err
	}
	for _, q := range stmts {
		if _, err := tx.Exec(ctx, q); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}
