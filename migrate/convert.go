package migrate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/pgddl"
)

// Convert reads a mysqldump from r and writes a psql script to w:
// schema, COPY blocks (one transaction per table), then keys, NOT NULLs,
// identity values, foreign keys, triggers, comments and views.
// It stops at the first error (a script with a hole would not be safe), so
// its error is never partial (outcome.Of: failed).
func Convert(ctx context.Context, r io.Reader, w io.Writer, opts Options) (*Report, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	if opts.PostGIS == PostGISOn {
		opts.postgis, opts.postgisCreate = true, true
	} else {
		opts.postgisWhy = "convert writes geometry only with --postgis on (no target to ask)"
	}
	sk := &scriptSink{w: bw, opts: opts}
	sk.header()
	d := newDumpParser(ctx, r, opts, sk)
	sk.d = d
	rep, err := d.run()
	var pe *PartialError
	if errors.As(err, &pe) {
		err = pe.Err // a script with a failed table is not written at all
	}
	if err == nil {
		if f := rep.Failed(); len(f) > 0 {
			err = f[0].Err
		}
	}
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	return rep, err
}

// scriptSink writes a psql script.
type scriptSink struct {
	w       *bufio.Writer
	opts    Options
	d       *dumpParser
	copying bool
	post    []pgddl.PostData
	postgis postgisOnce
}

func (s *scriptSink) header() {
	fmt.Fprintf(s.w, "-- Converted from a MySQL dump by opsctl migrate convert.\n-- Load with: psql -v ON_ERROR_STOP=1 -f FILE\n")
	s.w.WriteString(sessionSQL + ";\n")
}

// sessionSQL is the session every load uses: values in the dump are UTF-8
// and TIMESTAMP values are UTC (mysqldump's --tz-utc default).
const sessionSQL = "SET client_encoding = 'UTF8'; SET standard_conforming_strings = on; SET timezone = 'UTC'; SET client_min_messages = warning; SET datestyle = 'ISO, YMD'; SET intervalstyle = 'postgres'"

func (s *scriptSink) schema(name string) error {
	_, err := fmt.Fprintf(s.w, "CREATE SCHEMA IF NOT EXISTS %s;\n", model.QuoteIdent(name))
	return err
}

func (s *scriptSink) beginTable(t *Table) error {
	s.postgis.ensure(s.opts.postgisCreate && !s.opts.DataOnly && hasGeom(t), func(q string) error {
		_, err := s.w.WriteString(q + ";\n")
		return err
	})
	fmt.Fprintf(s.w, "\n-- table %s (MySQL %s)\nBEGIN;\n", t.QName(), t.Ref())
	if !s.opts.DataOnly {
		fmt.Fprintf(s.w, "%s;\n", pgddl.CreateTable(t))
	}
	return nil
}

// copyHeader is the COPY for cols, without generated columns (PostgreSQL
// computes them; their dumped values are dropped by the row parser).
func copyHeader(t *Table, cols []*Column) string {
	names := make([]string, 0, len(cols))
	for _, c := range cols {
		if c.GeneratedPG == "" {
			names = append(names, model.QuoteIdent(c.Name))
		}
	}
	return fmt.Sprintf("COPY %s (%s) FROM stdin", t.QName(), strings.Join(names, ", "))
}

func (s *scriptSink) data(t *Table, cols []*Column, chunk []byte) ([]byte, error) {
	if s.opts.SchemaOnly {
		return chunk[:0], nil
	}
	if !s.copying {
		s.w.WriteString(copyHeader(t, cols) + ";\n")
		s.copying = true
	}
	_, err := s.w.Write(chunk)
	return chunk[:0], err
}

func (s *scriptSink) endTable(t *Table, rep *TableReport, pd pgddl.PostData) error {
	if s.copying {
		s.w.WriteString("\\.\n")
		s.copying = false
	}
	_, err := s.w.WriteString("COMMIT;\n")
	s.post = append(s.post, pd)
	return err
}

func (s *scriptSink) abortTable(t *Table, err error) {}

func (s *scriptSink) drain(rep *Report) {}

func (s *scriptSink) finish(fks []string, views []viewDef, rep *Report) error {
	w := s.w
	stmts := func(title string, list []string) {
		if len(list) == 0 {
			return
		}
		fmt.Fprintf(w, "\n-- %s\n", title)
		for _, q := range list {
			w.WriteString(q + ";\n")
		}
	}
	var idx, after, trg, cmt, cks []string
	for _, pd := range s.post {
		idx = append(idx, pd.Indexes...)
		after = append(after, pd.After...)
		for _, q := range pd.Checks {
			cks = append(cks, tryDO(q, "CHECK not migrated, the rows violate it"))
		}
		trg = append(trg, pd.Triggers...)
		cmt = append(cmt, pd.Comments...)
	}
	if s.opts.DataOnly {
		var setvals []string
		for _, a := range after {
			if strings.HasPrefix(a, "SELECT setval") {
				setvals = append(setvals, a)
			}
		}
		stmts("identity values", setvals)
		return w.Flush()
	}
	stmts("primary keys, unique keys, indexes", idx)
	stmts("NOT NULL on date columns, identity values", after)
	stmts("CHECK constraints (one the rows violate is reported with a WARNING and skipped)", cks)
	stmts("foreign keys", fks)
	stmts("ON UPDATE CURRENT_TIMESTAMP triggers", trg)
	stmts("comments", cmt)
	var vs []string
	for _, v := range views {
		vs = append(vs, viewSQL(v))
	}
	stmts("functions, procedures, views, triggers (one PostgreSQL rejects is reported with a WARNING and skipped)", vs)
	return w.Flush()
}

// viewSQL creates a view, turning a failure into a WARNING (views are
// listed as not migrated instead of aborting the whole load).
func viewSQL(v viewDef) string {
	var ex []string
	for _, q := range v.stmts {
		ex = append(ex, "EXECUTE "+model.DollarQuote(q)+";")
	}
	return fmt.Sprintf("DO $view$ BEGIN EXECUTE %s; %s EXCEPTION WHEN others THEN RAISE WARNING 'opsctl: %s %%.%% not migrated: %%', %s, %s, SQLERRM; END $view$",
		model.QuoteLit("SET LOCAL search_path = "+model.QuoteIdent(v.schema)), strings.Join(ex, " "), v.kind, model.QuoteLit(v.schema), model.QuoteLit(v.name))
}

// tryDO runs q, turning a failure into a WARNING.
func tryDO(q, what string) string {
	return fmt.Sprintf("DO $try$ BEGIN EXECUTE %s; EXCEPTION WHEN others THEN RAISE WARNING 'opsctl: %%: %%', %s, SQLERRM; END $try$", model.DollarQuote(q), model.QuoteLit(what+": "+q))
}

func newBufWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<20) }
