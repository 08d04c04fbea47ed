package verify

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// myQuerier is what verify reads MySQL through: a snapshot connection
// (*sql.Conn) or, in compareTable, a pool.
type myQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// pgQuerier is what verify reads PostgreSQL through.
type pgQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// verifySnapshot: verify compares ONE moment of each database, so a row
// written while it runs is either in the compared state on both reads of
// a range or in neither — never seen in one range and missed by the
// bounds or a range already checked.
//
// MySQL: every reader connection runs START TRANSACTION WITH CONSISTENT
// SNAPSHOT while one connection holds FLUSH TABLES WITH READ LOCK (the
// live copy does the same), so all readers see the same instant; without
// the RELOAD privilege there is ONE reader (one snapshot), and MySQL's
// side runs one query at a time. PostgreSQL: one REPEATABLE READ
// transaction exports its snapshot (pg_export_snapshot) and stays open
// for the whole verify; every reader imports it (SET TRANSACTION
// SNAPSHOT), and a reader whose transaction an error ended imports it
// again. Key bounds are read from the same snapshots.
type verifySnapshot struct {
	pg       *pgxpool.Pool
	exporter *pgxpool.Conn
	id       string
	all      []*snapSession
	free     chan *snapSession
	warning  string
	closed   bool
}

// snapSession is one MySQL reader and one PostgreSQL reader, both in
// the snapshot; a work unit holds one for its duration.
type snapSession struct {
	my *sql.Conn
	pg *pgxpool.Conn
	// err: PostgreSQL's reader could not join the snapshot again; units
	// given this session fail with it.
	err error
}

// AfterBounds, when set (tests), runs once the key bounds are read,
// before any range is compared.
var AfterBounds func()

const pgSnapshotBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

func openVerifySnapshot(ctx context.Context, my *sql.DB, pg *pgxpool.Pool, n int) (s *verifySnapshot, err error) {
	s = &verifySnapshot{pg: pg}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	// The pools' limits: PostgreSQL's exporter holds one connection, the
	// MySQL lock one while the readers start.
	if pgMax := int(pg.Config().MaxConns); n > pgMax-1 {
		if pgMax < 2 {
			return nil, fmt.Errorf("postgres: verify needs a pool of at least 2 connections (has %d)", pgMax)
		}
		n = pgMax - 1
	}
	myMax := my.Stats().MaxOpenConnections
	if myMax > 0 && n > myMax-1 {
		n = max(myMax-1, 1)
	}
	var myConns []*sql.Conn
	defer func() {
		if err != nil {
			for _, c := range myConns {
				c.Close()
			}
		}
	}()
	lerr := fmt.Errorf("one MySQL connection allowed")
	var lock *sql.Conn
	if myMax == 0 || myMax > 1 {
		lock, err = my.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("mysql: %w", err)
		}
		defer lock.Close()
		lock.ExecContext(ctx, "SET SESSION lock_wait_timeout = 30")
		_, lerr = lock.ExecContext(ctx, "FLUSH TABLES WITH READ LOCK")
	}
	if lerr != nil {
		n = 1
		s.warning = fmt.Sprintf("FLUSH TABLES WITH READ LOCK failed (%v): MySQL is read through one connection, one snapshot (one query at a time on MySQL's side)", lerr)
	}
	for i := 0; i < n; i++ {
		c, err := my.Conn(ctx)
		if err == nil {
			_, err = c.ExecContext(ctx, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
		}
		if err == nil {
			_, err = c.ExecContext(ctx, "START TRANSACTION WITH CONSISTENT SNAPSHOT")
		}
		if err != nil {
			if c != nil {
				c.Close()
			}
			if lerr == nil {
				lock.ExecContext(ctx, "UNLOCK TABLES")
			}
			return nil, fmt.Errorf("mysql: verify snapshot: %w", err)
		}
		myConns = append(myConns, c)
	}
	if lerr == nil {
		if _, err := lock.ExecContext(ctx, "UNLOCK TABLES"); err != nil {
			return nil, fmt.Errorf("mysql: UNLOCK TABLES: %w", err)
		}
	}

	s.exporter, err = pg.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if _, err := s.exporter.Exec(ctx, pgSnapshotBegin); err != nil {
		return nil, fmt.Errorf("postgres: verify snapshot: %w", err)
	}
	if err := s.exporter.QueryRow(ctx, "SELECT pg_export_snapshot()").Scan(&s.id); err != nil {
		return nil, fmt.Errorf("postgres: pg_export_snapshot: %w", err)
	}
	s.free = make(chan *snapSession, len(myConns))
	for _, mc := range myConns {
		pc, err := s.importInto(ctx)
		if err != nil {
			return nil, err
		}
		vs := &snapSession{my: mc, pg: pc}
		s.all = append(s.all, vs)
		s.free <- vs
	}
	myConns = nil
	return s, nil
}

// importInto acquires a PostgreSQL connection and starts a transaction
// in the exported snapshot.
func (s *verifySnapshot) importInto(ctx context.Context) (*pgxpool.Conn, error) {
	c, err := s.pg.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if _, err := c.Exec(ctx, pgSnapshotBegin+"; SET TRANSACTION SNAPSHOT '"+s.id+"'"); err != nil {
		c.Release()
		return nil, fmt.Errorf("postgres: SET TRANSACTION SNAPSHOT: %w", err)
	}
	return c, nil
}

// take waits for a free session.
func (s *verifySnapshot) take(ctx context.Context) (*snapSession, error) {
	select {
	case vs := <-s.free:
		return vs, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// give returns a session. failed: the unit ended with an error, which
// may have ended PostgreSQL's transaction (or its connection): the
// reader joins the snapshot again, on a new connection if need be.
func (s *verifySnapshot) give(vs *snapSession, failed bool) {
	if failed {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if !s.rejoin(ctx, vs.pg) {
			vs.pg.Conn().Close(ctx)
			vs.pg.Release()
			vs.pg = nil
			c, err := s.importInto(ctx)
			if err != nil {
				vs.err = fmt.Errorf("verify snapshot lost: %w", err)
			}
			vs.pg = c
		}
		cancel()
	}
	s.free <- vs
}

// rejoin: a transaction still in the snapshot is kept; an aborted one is
// rolled back and the snapshot imported again.
func (s *verifySnapshot) rejoin(ctx context.Context, c *pgxpool.Conn) bool {
	if c.Conn().IsClosed() {
		return false
	}
	switch c.Conn().PgConn().TxStatus() {
	case 'T':
		return true
	case 'E':
		if _, err := c.Exec(ctx, "ROLLBACK"); err != nil {
			return false
		}
	}
	_, err := c.Exec(ctx, pgSnapshotBegin+"; SET TRANSACTION SNAPSHOT '"+s.id+"'")
	return err == nil
}

// close ends the snapshot's transactions and returns its connections;
// a second call does nothing.
func (s *verifySnapshot) close() {
	if s.closed {
		return
	}
	s.closed = true
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, vs := range s.all {
		if vs.my != nil {
			vs.my.ExecContext(ctx, "ROLLBACK")
			vs.my.Close()
		}
		if vs.pg != nil {
			vs.pg.Exec(ctx, "ROLLBACK")
			vs.pg.Release()
		}
	}
	if s.exporter != nil {
		s.exporter.Exec(ctx, "ROLLBACK")
		s.exporter.Release()
	}
}
