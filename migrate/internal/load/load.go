package load

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/pgddl"
	"github.com/opsctl/opsctl/migrate/internal/pgtarget"
	"golang.org/x/sync/errgroup"
)

// Options add the target to Options.
type Options struct {
	dump.Options
	URL  string // postgres://...
	Drop bool   // drop existing tables first (else refuse)
	Jobs int    // tables loaded and indexes built at once (default 4)
	// SpoolDir receives rows that the parser produced faster than a
	// table's COPY consumed them, so the next tables can start loading
	// in parallel (default $TMPDIR; files are unlinked at once).
	SpoolDir string
	// SpoolMax caps the bytes spooled at once (default 4 GiB; -1: never
	// spool, the parser waits for COPY instead).
	SpoolMax int64
	// SpoolAlways spools every row (tests).
	SpoolAlways bool
	// SingleTx loads the whole dump (every schema and table, indexes,
	// keys, identity values, triggers, comments, views) in one
	// transaction on one connection: any failure rolls everything back.
	// Tables load one after another (Jobs is ignored).
	SingleTx bool
	// Stop, when done, lets the tables in flight (their rows already
	// being read) finish and starts no other (the first Ctrl-C);
	// cancelling Load's ctx aborts them, and then nothing is made visible.
	Stop context.Context
	// Reopen gives the dump again from its start: Load reads it once
	// before writing anything when the target already holds relations
	// and there is no --drop, so a refusal changes nothing. Without it a
	// seekable reader is rewound, any other is spooled to SpoolDir.
	Reopen func() (io.ReadCloser, error)
}

// Validate checks the options as a caller names them (Options.Validate,
// Jobs 1..64).
func (lo *Options) Validate() error {
	if err := lo.Options.Validate(); err != nil {
		return err
	}
	return dump.ValidJobs(lo.Jobs)
}

// Load streams a mysqldump into PostgreSQL: tables are created and filled
// with COPY while the dump is parsed, each in its own transaction, in a
// staging schema of this run; their indexes, NOT NULLs and identity
// values are built there as each table's rows are in. Once the whole dump
// has been read (to its "Dump completed" trailer when it has one) every
// loaded table is moved into place in ONE transaction, replacing (with
// --drop) the table of the same name; then foreign keys, triggers,
// comments, views. So a failure, a cut or corrupt dump, a killed server
// or Ctrl-C leaves every existing table exactly as it was.
func Load(ctx context.Context, r io.Reader, lo Options) (*dump.Report, error) {
	if lo.Jobs <= 0 {
		lo.Jobs = 4
	}
	if lo.Stop == nil {
		lo.Stop = context.Background()
	}
	pool, err := pgtarget.OpenPool(ctx, lo.URL, lo.Jobs+1)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	if err := pool.Ping(ctx); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if lo.SingleTx {
		lo.Jobs = 1
	}
	gis, err := pgtarget.ResolvePostGIS(ctx, pool, lo.PostGIS)
	if err != nil {
		return nil, err
	}
	if !lo.SingleTx && !lo.DataOnly && !lo.Drop {
		// every refusal before the first write
		var cleanup func()
		r, cleanup, err = refuseExisting(ctx, pool, r, lo)
		if err != nil {
			return nil, err
		}
		defer cleanup()
	}
	sk := &pgSink{ctx: ctx, pool: pool, lo: lo, gis: gis, sem: make(chan struct{}, lo.Jobs), idxSem: make(chan struct{}, lo.Jobs)}
	if !lo.SingleTx && !lo.DataOnly {
		sk.stage = NewStager(pool)
		defer sk.stage.Cleanup()
	}
	if lo.SingleTx {
		c, err := pool.Acquire(ctx)
		if err != nil {
			return nil, fmt.Errorf("postgres: %w", err)
		}
		defer c.Release() // a connection left inside a transaction is closed
		if _, err := c.Exec(ctx, "BEGIN"); err != nil {
			return nil, fmt.Errorf("postgres: begin: %w", err)
		}
		sk.single = c
	}
	d := dump.NewParser(ctx, r, lo.Options, gis, sk)
	d.Stop = lo.Stop
	if sk.stage != nil {
		d.Restage = sk.stage.Table
	}
	sk.d = d
	rep, err := d.Run()
	if sk.single != nil && !sk.committed {
		sk.single.Exec(context.Background(), "ROLLBACK")
		err = sk.rolledBack(rep, err)
	}
	for _, t := range rep.Tables {
		if t.Err != nil {
			t.Rows = 0 // the ROWS column counts rows loaded: none
		}
	}
	return rep, err
}

// rolledBack marks every table that looked loaded as rolled back (a
// --single-transaction load that failed leaves nothing behind).
func (s *pgSink) rolledBack(rep *dump.Report, err error) error {
	cause := s.singleErr // the first failure, not a statement skipped after it
	if cause == nil {
		cause = err
	}
	if cause == nil {
		cause = errors.New("transaction not committed")
	}
	for _, t := range rep.Tables {
		if t.Err == nil {
			t.Err = fmt.Errorf("table %s.%s: rolled back (single transaction): %w", t.Schema, t.Table, cause)
			t.Status = "failed"
		}
	}
	failed := rep.Failed()
	if pe, ok := err.(*dump.PartialError); ok {
		*pe = *dump.NewPartialError(nil, failed, cause)
		return pe
	}
	return dump.NewPartialError(nil, failed, cause)
}

// exec runs a statement on the pool, or inside the single transaction
// (where the first failure stops every later statement).
func (s *pgSink) exec(q string) error {
	if s.single == nil {
		_, err := s.pool.Exec(s.ctx, q)
		return err
	}
	if err := s.singleFailed(); err != nil {
		return err
	}
	// e.g. CREATE SCHEMA while the last table's COPY ends. No deadlock:
	// the parser closes a table (its rows are all handed over) before it
	// creates a schema, so runTable never waits for it under connMu.
	s.connMu.Lock()
	defer s.connMu.Unlock()
	_, err := s.single.Exec(s.ctx, q)
	s.failSingle(err)
	return err
}

func (s *pgSink) singleFailed() error {
	s.singleMu.Lock()
	defer s.singleMu.Unlock()
	if s.singleErr != nil {
		return fmt.Errorf("not run: the single transaction failed earlier: %w", s.singleErr)
	}
	return nil
}

func (s *pgSink) failSingle(err error) {
	if err == nil || s.single == nil {
		return
	}
	s.singleMu.Lock()
	if s.singleErr == nil {
		s.singleErr = err
	}
	s.singleMu.Unlock()
}

type tableJob struct {
	t       *model.Table
	staged  *model.Table // t in this run's staging schema (nil: loaded in place)
	header  string
	ch      chan []byte
	abort   chan struct{}
	abortMu sync.Once
	done    chan struct{}
	err     error
	rep     *dump.TableReport
	pd      pgddl.PostData
	start   time.Time
	secs    float64

	afterDone    bool          // post-index statements ran (set before idxWG.Done)
	spoolDone    chan struct{} // closed when the parser is done with the table
	spoolOnce    sync.Once
	spool        *os.File // rows spilled while COPY catches up
	spoolW       *bufio.Writer
	spooledBytes int64
}

type pgSink struct {
	ctx     context.Context
	pool    *pgxpool.Pool
	lo      Options
	gis     model.GIS
	d       *dump.Parser
	stage   *Stager // nil: --single-transaction, --data-only
	sem     chan struct{}
	spooled atomic.Int64
	idxWG   sync.WaitGroup
	idxSem  chan struct{}
	repMu   sync.Mutex
	cur     *tableJob
	jobs    []*tableJob
	bufs    sync.Pool

	// --single-transaction: every statement runs on this connection,
	// inside one transaction, one at a time.
	single    *pgxpool.Conn
	connMu    sync.Mutex // one statement at a time on single
	singleMu  sync.Mutex
	singleErr error
	committed bool

	postgis pgtarget.PostGISOnce // CREATE EXTENSION before the first geometry table
}

func (s *pgSink) Schema(name string) error {
	return s.exec("CREATE SCHEMA IF NOT EXISTS " + model.QuoteIdent(name))
}

func (s *pgSink) BeginTable(t *model.Table) error {
	if err := s.postgis.Ensure(s.gis.Create && !s.lo.DataOnly && model.HasGeom(t), s.exec); err != nil {
		return err
	}
	j := &tableJob{t: t, ch: make(chan []byte, 4), abort: make(chan struct{}), done: make(chan struct{}), spoolDone: make(chan struct{}), start: time.Now()}
	if s.stage != nil {
		j.staged = s.stage.Table(t)
	}
	s.cur = j
	s.jobs = append(s.jobs, j)
	select {
	case s.sem <- struct{}{}:
	case <-s.ctx.Done():
		j.err = s.ctx.Err()
		close(j.done)
		return j.err
	}
	go func() {
		defer func() { <-s.sem }()
		j.err = s.runTable(j)
		if j.err != nil {
			// unblock a parser waiting to hand over rows
			go func() {
				for range j.ch {
				}
			}()
		}
		close(j.done)
	}()
	return nil
}

func (s *pgSink) runTable(j *tableJob) (err error) {
	ctx := s.ctx
	var conn *pgxpool.Conn
	if s.single != nil {
		if err := s.singleFailed(); err != nil {
			// drain the rows the parser hands over
			return fmt.Errorf("table %s: %w", j.t.QName(), err)
		}
		conn = s.single
		s.connMu.Lock()
		defer s.connMu.Unlock()
		defer func() { s.failSingle(err) }()
	} else {
		conn, err = s.pool.Acquire(ctx)
		if err != nil {
			return err
		}
		defer conn.Release()
	}
	defer func() {
		// the parser may still be writing the spool (after an error
		// here): close it once the parser is done with this table
		go func() {
			<-j.spoolDone
			if j.spool != nil {
				s.spooled.Add(-j.spooledBytes)
				j.spool.Close()
			}
		}()
	}()
	t := j.t
	if s.single != nil && s.lo.Drop && !s.lo.DataOnly {
		// inside the one transaction: a failure brings the table back
		if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+t.QName()+" CASCADE"); err != nil {
			return fmt.Errorf("table %s: drop: %w", t.QName(), err)
		}
	}
	target := t
	if s.stage != nil {
		target = j.staged
		if err := s.stage.Ensure(ctx, t.Schema); err != nil {
			return fmt.Errorf("table %s: %w", t.QName(), err)
		}
	}
	var tx pgtarget.Exec = conn
	var ptx pgx.Tx
	if s.single == nil {
		ptx, err = conn.Begin(ctx)
		if err != nil {
			return err
		}
		defer ptx.Rollback(context.Background())
		tx = ptx
	}
	if !s.lo.DataOnly {
		if !s.lo.Drop && s.stage == nil {
			var exists bool
			if err := tx.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", t.QName()).Scan(&exists); err != nil {
				return err
			}
			if exists {
				return fmt.Errorf("table %s already exists in PostgreSQL: refusing to load over it (use --drop to replace it)", t.QName())
			}
		}
		if _, err := tx.Exec(ctx, pgddl.CreateTable(target)); err != nil {
			return fmt.Errorf("table %s: create: %w", t.QName(), err)
		}
	}
	first, ok := s.next(j)
	if ok || j.spool != nil {
		rd := &chunkReader{s: s, j: j, cur: first}
		hdr := j.header
		if !s.lo.DataOnly {
			// created in this transaction: rows can be written frozen,
			// which spares the index builds setting hint bits later
			hdr += " WITH (FREEZE)"
		}
		if _, err := conn.Conn().PgConn().CopyFrom(ctx, rd, hdr); err != nil {
			if rd.err != nil {
				return rd.err
			}
			return fmt.Errorf("table %s: COPY: %w", t.QName(), err)
		}
	}
	select {
	case <-j.abort:
		return errAborted
	default:
	}
	if ptx != nil {
		if err := ptx.Commit(ctx); err != nil {
			return fmt.Errorf("table %s: commit: %w", t.QName(), err)
		}
	}
	j.secs = time.Since(j.start).Seconds()
	loaded := dump.Ev(dump.EvLoaded, t.Schema+"."+t.Name, j.rep.Rows, nil)
	loaded.Took = time.Since(j.start)
	s.d.Event(loaded)
	// Build this table's keys and indexes now, while later tables load
	// (in one transaction: in finish, on the one connection).
	// Then its NOT NULLs, identity value and CHECKs, as soon as its own
	// indexes are there (the identity's max(id) reads the primary key),
	// instead of after every table's: the table scans they need overlap
	// with the other tables' work rather than all landing at the end.
	if !s.lo.DataOnly && s.single == nil {
		var tw sync.WaitGroup
		if n := len(j.pd.Indexes); n > 0 {
			s.d.Event(dump.Ev(dump.EvIndexes, t.Schema+"."+t.Name, int64(n), nil))
		}
		for _, q := range j.pd.Indexes {
			q := q
			s.idxWG.Add(1)
			tw.Add(1)
			go func() {
				defer s.idxWG.Done()
				defer tw.Done()
				select {
				case s.idxSem <- struct{}{}:
				case <-s.ctx.Done():
					return
				}
				s.run(j, q)
				<-s.idxSem
				s.d.Event(dump.Ev(dump.EvIndexBuilt, t.Schema+"."+t.Name, 0, nil))
			}()
		}
		s.idxWG.Add(1)
		go func() {
			defer s.idxWG.Done()
			tw.Wait()
			if s.ctx.Err() != nil {
				return
			}
			s.afterIndexes(j)
			j.afterDone = true
		}()
	}
	return nil
}

// afterIndexes runs a table's post-index statements: NOT NULLs and
// identity values (a failure fails the table), then CHECKs (a failure is
// a warning).
func (s *pgSink) afterIndexes(j *tableJob) {
	s.repMu.Lock()
	failed := j.rep.Err != nil
	s.repMu.Unlock()
	if failed {
		return // an index failed: the table is reported failed already
	}
	for _, q := range j.pd.After {
		s.run(j, q)
	}
	for _, q := range j.pd.Checks {
		if err := s.tryExec(q); err != nil {
			s.repMu.Lock()
			j.rep.Warnings = append(j.rep.Warnings, fmt.Sprintf("CHECK not migrated: PostgreSQL rejected %s: %v", j.shown(q), err))
			s.repMu.Unlock()
		}
	}
}

var errAborted = errors.New("table aborted: nothing committed")

// shown is statement q as the user would write it: on the table's own
// name, not its staging one.
func (j *tableJob) shown(q string) string {
	if j.staged == nil {
		return q
	}
	return strings.ReplaceAll(q, j.staged.QName(), j.t.QName())
}

func (s *pgSink) next(j *tableJob) ([]byte, bool) {
	select {
	case b, ok := <-j.ch:
		return b, ok
	case <-j.abort:
		return nil, false
	}
}

// chunkReader feeds COPY text chunks to pgconn.CopyFrom.
type chunkReader struct {
	s     *pgSink
	j     *tableJob
	cur   []byte
	off   int
	err   error
	spool *bufio.Reader
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for r.off >= len(r.cur) {
		if r.cur != nil {
			//lint:ignore SA6002 one 24-byte slice header per chunk of rows (about a MB): not worth a *[]byte pool
			r.s.bufs.Put(r.cur[:0])
		}
		select {
		case b, ok := <-r.j.ch:
			if !ok {
				r.cur = nil
				select {
				case <-r.j.abort:
					r.err = errAborted
					return 0, r.err
				default:
				}
				if r.j.spool != nil {
					// the rest of the rows were spilled to disk, in order
					return r.readSpool(p)
				}
				return 0, io.EOF
			}
			r.cur, r.off = b, 0
		case <-r.j.abort:
			r.err = errAborted
			return 0, r.err
		}
	}
	n := copy(p, r.cur[r.off:])
	r.off += n
	return n, nil
}

func (r *chunkReader) readSpool(p []byte) (int, error) {
	if r.spool == nil {
		if _, err := r.j.spool.Seek(0, io.SeekStart); err != nil {
			r.err = err
			return 0, err
		}
		r.spool = bufio.NewReaderSize(r.j.spool, 1<<20)
	}
	select {
	case <-r.j.abort:
		r.err = errAborted
		return 0, r.err
	default:
	}
	return r.spool.Read(p)
}

// spill writes a chunk to the table's spool file: the parser moves on to
// the next tables (loading in parallel) instead of waiting for this
// table's COPY to catch up. The file is read back after the in-memory
// chunks, so row order is kept.
func (s *pgSink) spill(j *tableJob, chunk []byte) error {
	if j.spool == nil {
		f, err := os.CreateTemp(s.lo.SpoolDir, "opsctl-spool-*.copy")
		if err != nil {
			return fmt.Errorf("spool: %w", err)
		}
		os.Remove(f.Name()) // unlinked: gone when closed, even after a crash
		j.spool = f
		j.spoolW = bufio.NewWriterSize(f, 1<<20)
	}
	if s.spooled.Add(int64(len(chunk))) > s.lo.spoolMax() {
		s.spooled.Add(-int64(len(chunk)))
		return errSpoolFull
	}
	j.spooledBytes += int64(len(chunk))
	_, err := j.spoolW.Write(chunk)
	return err
}

var errSpoolFull = errors.New("spool full")

func (lo Options) spoolMax() int64 {
	if lo.SpoolMax > 0 {
		return lo.SpoolMax
	}
	return 4 << 30
}

func (s *pgSink) Data(t *model.Table, cols []*model.Column, chunk []byte) ([]byte, error) {
	j := s.cur
	if s.lo.SchemaOnly {
		return chunk[:0], nil
	}
	if j.header == "" {
		if j.staged != nil {
			t = j.staged
		}
		j.header = pgddl.CopyHeader(t, cols)
	}
	if j.spool != nil || (s.lo.SpoolMax >= 0 && (s.lo.SpoolAlways || len(j.ch) == cap(j.ch))) {
		select {
		case <-j.done:
			return chunk[:0], j.err
		default:
		}
		{
			err := s.spill(j, chunk)
			if err == nil {
				return chunk[:0], nil
			}
			if err != errSpoolFull {
				return chunk[:0], err
			}
			if j.spool != nil && j.spooledBytes > 0 {
				// order: once spilled, everything goes to the file; wait
				// for room by writing anyway (bounded by one chunk)
				j.spooledBytes += int64(len(chunk))
				s.spooled.Add(int64(len(chunk)))
				_, err := j.spoolW.Write(chunk)
				return chunk[:0], err
			}
		}
	}
	select {
	case j.ch <- chunk:
	case <-j.done:
		return chunk[:0], j.err
	}
	if b, ok := s.bufs.Get().([]byte); ok {
		return b, nil
	}
	return make([]byte, 0, dump.CopyChunk+64<<10), nil
}

func (s *pgSink) EndTable(t *model.Table, rep *dump.TableReport, pd pgddl.PostData) error {
	j := s.cur
	j.rep, j.pd = rep, pd
	if j.spoolW != nil {
		if err := j.spoolW.Flush(); err != nil {
			j.abortMu.Do(func() { close(j.abort) })
			j.spoolOnce.Do(func() { close(j.spoolDone) })
			close(j.ch)
			s.cur = nil
			return fmt.Errorf("spool: %w", err)
		}
	}
	j.spoolOnce.Do(func() { close(j.spoolDone) })
	close(j.ch)
	s.cur = nil
	return nil
}

func (s *pgSink) AbortTable(t *model.Table, err error) {
	s.failSingle(err)
	j := s.cur
	if j == nil {
		return
	}
	j.abortMu.Do(func() { close(j.abort) })
	j.spoolOnce.Do(func() { close(j.spoolDone) })
	if t != nil {
		j.rep = s.d.CurRep
		close(j.ch)
		s.cur = nil
	}
}

func (s *pgSink) Drain(rep *dump.Report) { s.wait() }

// wait waits for every table job and returns those that committed.
func (s *pgSink) wait() []*tableJob {
	var good []*tableJob
	for _, j := range s.jobs {
		<-j.done
	}
	s.idxWG.Wait() // index builds started by committed tables
	for _, j := range s.jobs {
		if j.rep == nil {
			continue
		}
		j.rep.Seconds = j.secs
		if j.err != nil && j.rep.Err == nil {
			j.rep.Err, j.rep.Status = j.err, "failed"
		}
		if j.rep.Err == nil {
			good = append(good, j)
		}
	}
	return good
}

func (s *pgSink) Finish(fks []string, views []dump.ViewDef, rep *dump.Report) error {
	s.d.Event(dump.Ev(dump.EvReadDone, "", 0, nil))
	good := s.wait()
	s.d.Event(dump.Ev(dump.EvPostData, "", 0, nil))
	if s.single != nil && (s.singleFailed() != nil || len(rep.Failed()) > 0) {
		return nil // rolled back by Load: no post-data to run
	}
	if s.stage != nil {
		var err error
		if good, err = s.swapAll(good, rep); err != nil {
			return err
		}
		defer s.stage.ReportCascaded(s.ctx, rep)
	}
	if s.d.Stopped {
		// first Ctrl-C: the tables in flight are in place; what joins
		// them to the tables never read is not
		for _, j := range good {
			for _, q := range j.pd.Triggers {
				s.run(j, q)
			}
			for _, q := range j.pd.Comments {
				s.run(j, q)
			}
		}
		rep.Warnings = append(rep.Warnings, "interrupted: the tables after the last one listed were not read; foreign keys and views were not created")
		return nil
	}
	if s.lo.DataOnly {
		for _, j := range good {
			for _, q := range j.pd.After {
				if strings.HasPrefix(q, "SELECT setval") {
					s.run(j, q)
				}
			}
		}
		if s.single != nil {
			return s.commitSingle(rep)
		}
		return nil
	}
	// (indexes were built as each table committed)
	if s.single != nil {
		for _, j := range good {
			for _, q := range j.pd.Indexes {
				s.run(j, q)
			}
		}
	}
	g, _ := errgroup.WithContext(s.ctx)
	g.SetLimit(s.lo.Jobs)
	for _, j := range good {
		j := j
		if j.afterDone {
			continue // ran after its indexes
		}
		g.Go(func() error {
			s.afterIndexes(j)
			return nil
		})
	}
	g.Wait()
	for _, q := range fks {
		if err := s.exec(q); err != nil {
			if !strings.HasPrefix(q, "ALTER TABLE") { // a sequence (first in fks)
				rep.SequenceFailed(q, err)
				continue
			}
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("foreign key failed: %s: %v", q, err))
			s.failFK(q, err, rep)
		}
	}
	for _, j := range good {
		for _, q := range j.pd.Triggers {
			s.run(j, q)
		}
		for _, q := range j.pd.Comments {
			s.run(j, q)
		}
	}
	refused := dump.Refused{}
	for _, v := range views {
		if refused.Skip(v, rep) {
			continue
		}
		if s.single != nil {
			if !s.singleView(v, rep) {
				refused.Refuse(v)
			}
			continue
		}
		if err := pgtarget.ExecInSchema(s.ctx, s.pool, v.Schema, v.Stmts); err != nil {
			v.Rejected(rep, err)
			refused.Refuse(v)
		}
	}
	if s.single != nil {
		return s.commitSingle(rep)
	}
	return nil
}

// tryExec runs a statement whose failure is only a warning (a CHECK the
// rows violate): inside the single transaction, under a savepoint.
func (s *pgSink) tryExec(q string) error {
	if s.single == nil {
		return s.exec(q)
	}
	if err := s.singleFailed(); err != nil {
		return err
	}
	s.connMu.Lock()
	defer s.connMu.Unlock()
	c := s.single
	if _, err := c.Exec(s.ctx, "SAVEPOINT opsctl_try"); err != nil {
		s.failSingle(err)
		return err
	}
	_, err := c.Exec(s.ctx, q)
	if err != nil {
		_, rerr := c.Exec(s.ctx, "ROLLBACK TO SAVEPOINT opsctl_try")
		s.failSingle(rerr)
	}
	_, rerr := c.Exec(s.ctx, "RELEASE SAVEPOINT opsctl_try")
	s.failSingle(rerr)
	return err
}

// singleView creates a view inside the single transaction under a
// savepoint: a view that PostgreSQL rejects is listed, not fatal. It
// says whether the view was created.
func (s *pgSink) singleView(v dump.ViewDef, rep *dump.Report) (created bool) {
	if s.singleFailed() != nil {
		return false
	}
	ctx := s.ctx
	c := s.single
	if _, err := c.Exec(ctx, "SAVEPOINT opsctl_view"); err != nil {
		s.failSingle(err)
		return false
	}
	_, err := c.Exec(ctx, "SET LOCAL search_path = "+model.QuoteIdent(v.Schema))
	for _, q := range v.Stmts {
		if err == nil {
			_, err = c.Exec(ctx, q)
		}
	}
	if err != nil {
		v.Rejected(rep, err)
		_, rerr := c.Exec(ctx, "ROLLBACK TO SAVEPOINT opsctl_view")
		s.failSingle(rerr)
	}
	_, rerr := c.Exec(ctx, "RELEASE SAVEPOINT opsctl_view; SET LOCAL search_path TO DEFAULT")
	s.failSingle(rerr)
	return err == nil
}

// commitSingle commits the single transaction when every table and
// statement succeeded (else Load rolls it back).
func (s *pgSink) commitSingle(rep *dump.Report) error {
	if s.singleFailed() != nil || len(rep.Failed()) > 0 {
		return nil
	}
	if _, err := s.single.Exec(s.ctx, "COMMIT"); err != nil {
		s.failSingle(err)
		return fmt.Errorf("commit: %w", err)
	}
	s.committed = true
	return nil
}

// run executes a post-data statement; a failure fails its table's report.
func (s *pgSink) run(j *tableJob, q string) {
	if err := s.exec(q); err != nil {
		s.repMu.Lock()
		defer s.repMu.Unlock()
		if j.rep.Err == nil {
			j.rep.Err = fmt.Errorf("table %s: rows committed but %q failed: %w", j.t.QName(), j.shown(q), err)
			j.rep.Status = "failed"
		}
	}
}

func (s *pgSink) failFK(q string, err error, rep *dump.Report) {
	for _, t := range rep.Tables {
		if strings.HasPrefix(q, "ALTER TABLE "+model.QuoteIdent(t.Schema)+"."+model.QuoteIdent(t.Table)+" ") && t.Err == nil {
			t.Err = fmt.Errorf("foreign key: %w", err)
			t.Status = "failed"
		}
	}
}

// swapAll moves every loaded table into place in one transaction (each
// under a savepoint: a table that cannot move fails alone, the old one
// stays); it returns the tables now in place. Nothing moves when the run
// is being aborted.
func (s *pgSink) swapAll(good []*tableJob, rep *dump.Report) ([]*tableJob, error) {
	if len(good) == 0 {
		return nil, nil
	}
	ctx := s.ctx
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		err = fmt.Errorf("postgres: move the loaded tables into place: %w (no table was replaced)", err)
		for _, j := range good {
			j.rep.Err, j.rep.Status = err, "failed"
		}
		return nil, err
	}
	defer tx.Rollback(context.Background())
	var placed []*tableJob
	for _, j := range good {
		if err := s.stage.Swap(ctx, tx, j.t, j.staged, s.lo.Drop); err != nil {
			j.rep.Err, j.rep.Status = err, "failed"
			continue
		}
		placed = append(placed, j)
	}
	if err := tx.Commit(ctx); err != nil {
		err = fmt.Errorf("postgres: move the loaded tables into place: commit: %w (no table was replaced)", err)
		for _, j := range placed {
			j.rep.Err, j.rep.Status = err, "failed"
		}
		return nil, err
	}
	return placed, nil
}

// refuseExisting decides the refusal before anything is written: when the
// target holds relations, the dump is read once (schema only) and the
// load refuses when any of its tables exists. It returns the reader to
// load from (the same dump from its start) and what to close after.
func refuseExisting(ctx context.Context, pool *pgxpool.Pool, r io.Reader, lo Options) (io.Reader, func(), error) {
	none := func() {}
	var any bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
		AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%')`).Scan(&any); err != nil {
		return nil, none, fmt.Errorf("postgres: %w", err)
	}
	if !any {
		return r, none, nil // an empty database: nothing to refuse
	}
	var names []string
	closer := none
	if lo.Fit != nil {
		names = dump.FitTables(lo.Fit) // the pre-scan (Prescan) listed them already
	} else {
		var err error
		if names, r, closer, err = dumpTables(ctx, r, lo); err != nil {
			return nil, none, err
		}
	}
	rows, err := pool.Query(ctx, "SELECT n FROM unnest($1::text[]) n WHERE to_regclass(n) IS NOT NULL", names)
	if err != nil {
		closer()
		return nil, none, fmt.Errorf("postgres: %w", err)
	}
	var exist []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		exist = append(exist, n)
	}
	rows.Close()
	if len(exist) > 0 {
		closer()
		more := ""
		if len(exist) > 1 {
			more = fmt.Sprintf(" (and %d more: %s)", len(exist)-1, strings.Join(exist[1:min(len(exist), 6)], ", "))
		}
		return nil, none, fmt.Errorf("table %s already exists in PostgreSQL%s: refusing to load over it (use --drop to replace it); nothing was changed", exist[0], more)
	}
	return r, closer, nil
}

// dumpTables reads the dump once (schema only) for its tables' names; r
// is returned ready to be read again (a pipe is spooled to SpoolDir).
func dumpTables(ctx context.Context, r io.Reader, lo Options) ([]string, io.Reader, func(), error) {
	none := func() {}
	var pre io.Reader
	closer := none
	rs, seek := r.(io.ReadSeeker)
	if seek {
		_, err := rs.Seek(0, io.SeekCurrent)
		seek = err == nil // not a pipe
	}
	switch {
	case lo.Reopen != nil:
		rc, err := lo.Reopen()
		if err != nil {
			return nil, nil, none, err
		}
		defer rc.Close()
		pre = rc
	case seek:
		at, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, nil, none, err
		}
		defer func() { rs.Seek(at, io.SeekStart) }()
		pre = r
	default:
		// a pipe: keep what is read for the load
		f, err := os.CreateTemp(lo.SpoolDir, "opsctl-dump-*.sql")
		if err != nil {
			return nil, nil, none, fmt.Errorf("spool the dump: %w", err)
		}
		os.Remove(f.Name())
		closer = func() { f.Close() }
		pre = io.TeeReader(r, f)
		r = f
		defer func() { f.Seek(0, io.SeekStart) }()
	}
	o := lo.Options
	o.SchemaOnly, o.OnEvent = true, nil
	rep, err := Convert(ctx, pre, io.Discard, o)
	if err != nil {
		closer()
		return nil, nil, none, fmt.Errorf("nothing loaded: %w", err)
	}
	var names []string
	for _, t := range rep.Defs {
		names = append(names, t.QName())
	}
	return names, r, closer, nil
}
