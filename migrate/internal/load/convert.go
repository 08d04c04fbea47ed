package load

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/pgddl"
	"github.com/opsctl/opsctl/migrate/internal/pgtarget"
)

// Convert reads a mysqldump from r and writes a psql script to w:
// schema, COPY blocks (one transaction per table), then keys, NOT NULLs,
// identity values, foreign keys, triggers, comments and views.
// It stops at the first error (a script with a hole would not be safe), so
// its error is never partial (outcome.Of: failed).
func Convert(ctx context.Context, r io.Reader, w io.Writer, opts dump.Options) (*dump.Report, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	var gis model.GIS
	if opts.PostGIS == model.PostGISOn {
		gis.Geometry, gis.Create = true, true
	} else {
		gis.Why = "convert writes geometry only with --postgis on (no target to ask)"
	}
	sk := &scriptSink{w: bw, opts: opts, gis: gis}
	sk.header()
	d := dump.NewParser(ctx, r, opts, gis, sk)
	sk.d = d
	rep, err := d.Run()
	var pe *dump.PartialError
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
	opts    dump.Options
	gis     model.GIS
	d       *dump.Parser
	copying bool
	post    []pgddl.PostData
	postgis pgtarget.PostGISOnce
}

func (s *scriptSink) header() {
	fmt.Fprintf(s.w, "-- Converted from a MySQL dump by opsctl migrate convert.\n-- Load with: psql -v ON_ERROR_STOP=1 -f FILE\n")
	s.w.WriteString(pgtarget.SessionSQL + ";\n")
}

func (s *scriptSink) Schema(name string) error {
	_, err := fmt.Fprintf(s.w, "CREATE SCHEMA IF NOT EXISTS %s;\n", model.QuoteIdent(name))
	return err
}

func (s *scriptSink) BeginTable(t *model.Table) error {
	s.postgis.Ensure(s.gis.Create && !s.opts.DataOnly && model.HasGeom(t), func(q string) error {
		_, err := s.w.WriteString(q + ";\n")
		return err
	})
	fmt.Fprintf(s.w, "\n-- table %s (MySQL %s)\nBEGIN;\n", t.QName(), t.Ref())
	if !s.opts.DataOnly {
		fmt.Fprintf(s.w, "%s;\n", pgddl.CreateTable(t))
	}
	return nil
}

func (s *scriptSink) Data(t *model.Table, cols []*model.Column, chunk []byte) ([]byte, error) {
	if s.opts.SchemaOnly {
		return chunk[:0], nil
	}
	if !s.copying {
		s.w.WriteString(pgddl.CopyHeader(t, cols) + ";\n")
		s.copying = true
	}
	_, err := s.w.Write(chunk)
	return chunk[:0], err
}

func (s *scriptSink) EndTable(t *model.Table, rep *dump.TableReport, pd pgddl.PostData) error {
	if s.copying {
		s.w.WriteString("\\.\n")
		s.copying = false
	}
	_, err := s.w.WriteString("COMMIT;\n")
	s.post = append(s.post, pd)
	return err
}

func (s *scriptSink) AbortTable(t *model.Table, err error) {}

func (s *scriptSink) Drain(rep *dump.Report) {}

func (s *scriptSink) Finish(fks []string, views []dump.ViewDef, rep *dump.Report) error {
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
	track := false // some object calls a routine: psql must skip the callers of a refused one
	for _, v := range views {
		track = track || len(v.Calls) > 0
	}
	if track {
		vs = append(vs, "CREATE TEMPORARY TABLE IF NOT EXISTS opsctl_refused (name text PRIMARY KEY)")
	}
	for _, v := range views {
		vs = append(vs, viewSQL(v, track))
	}
	stmts("functions, procedures, views, triggers (one PostgreSQL rejects is reported with a WARNING and skipped)", vs)
	return w.Flush()
}

// viewSQL creates a view, turning a failure into a WARNING (views are
// listed as not migrated instead of aborting the whole load). With track,
// a refused object is recorded in opsctl_refused, and an object calling
// a recorded routine is skipped with a WARNING (and recorded): PL/pgSQL
// would create it and fail only when it runs (dump.Refused, the loaders'
// rule).
func viewSQL(v dump.ViewDef, track bool) string {
	var ex []string
	for _, q := range v.Stmts {
		ex = append(ex, "EXECUTE "+model.DollarQuote(q)+";")
	}
	me := model.QuoteLit(v.Schema + "." + v.Name)
	guard, record := "", ""
	if track {
		record = " INSERT INTO pg_temp.opsctl_refused VALUES (" + me + ") ON CONFLICT DO NOTHING;"
		if len(v.Calls) > 0 {
			calls := make([]string, len(v.Calls))
			for i, c := range v.Calls {
				calls[i] = model.QuoteLit(c)
			}
			guard = fmt.Sprintf(" IF EXISTS (SELECT 1 FROM pg_temp.opsctl_refused WHERE name IN (%s)) THEN%s RAISE WARNING 'opsctl: %s %%.%% not migrated: it calls a routine PostgreSQL refused', %s, %s; RETURN; END IF;",
				strings.Join(calls, ", "), record, v.Kind, model.QuoteLit(v.Schema), model.QuoteLit(v.Name))
		}
	}
	return fmt.Sprintf("DO $view$ BEGIN%s EXECUTE %s; %s EXCEPTION WHEN others THEN%s RAISE WARNING 'opsctl: %s %%.%% not migrated: %%', %s, %s, SQLERRM; END $view$",
		guard, model.QuoteLit("SET LOCAL search_path = "+model.QuoteIdent(v.Schema)), strings.Join(ex, " "), record, v.Kind, model.QuoteLit(v.Schema), model.QuoteLit(v.Name))
}

// tryDO runs q, turning a failure into a WARNING.
func tryDO(q, what string) string {
	return fmt.Sprintf("DO $try$ BEGIN EXECUTE %s; EXCEPTION WHEN others THEN RAISE WARNING 'opsctl: %%: %%', %s, SQLERRM; END $try$", model.DollarQuote(q), model.QuoteLit(what+": "+q))
}

func newBufWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<20) }
