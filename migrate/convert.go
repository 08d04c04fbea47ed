package migrate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Convert reads a mysqldump from r and writes a psql script to w:
// schema, COPY blocks (one transaction per table), then keys, NOT NULLs,
// identity values, foreign keys, triggers, comments and views.
// It stops at the first error (a script with a hole would not be safe).
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
	err     error
	post    []postData
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
	_, err := fmt.Fprintf(s.w, "CREATE SCHEMA IF NOT EXISTS %s;\n", quoteIdent(name))
	return err
}

func (s *scriptSink) beginTable(t *Table) error {
	s.postgis.ensure(s.opts.postgisCreate && !s.opts.DataOnly && hasGeom(t), func(q string) error {
		_, err := s.w.WriteString(q + ";\n")
		return err
	})
	fmt.Fprintf(s.w, "\n-- table %s (MySQL %s)\nBEGIN;\n", t.QName(), t.Ref())
	if !s.opts.DataOnly {
		fmt.Fprintf(s.w, "%s;\n", t.createTableSQL())
	}
	return nil
}

// copyHeader is the COPY for cols, without generated columns (PostgreSQL
// computes them; their dumped values are dropped by the row parser).
func copyHeader(t *Table, cols []*Column) string {
	names := make([]string, 0, len(cols))
	for _, c := range cols {
		if c.GeneratedPG == "" {
			names = append(names, quoteIdent(c.Name))
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

func (s *scriptSink) endTable(t *Table, rep *TableReport, pd postData) error {
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
		if why := viewConcerns(v.sql); why != "" {
			rep.NotMigrated = append(rep.NotMigrated, fmt.Sprintf("view %s.%s (probably not translatable: %s; psql skips it with a WARNING if PostgreSQL rejects it)", v.schema, v.name, why))
		}
	}
	stmts("views (one that cannot be translated is reported with a WARNING and skipped)", vs)
	return w.Flush()
}

// pgSameFuncs are functions a view may call that PostgreSQL has with the
// same meaning.
var pgSameFuncs = map[string]bool{
	"count": true, "sum": true, "avg": true, "min": true, "max": true, "coalesce": true, "nullif": true,
	"lower": true, "upper": true, "abs": true, "floor": true, "ceil": true, "char_length": true,
	"character_length": true, "replace": true, "md5": true, "left": true, "right": true, "cast": true,
	"in": true, "exists": true, "and": true, "or": true, "not": true, "as": true, "on": true, "using": true,
	"from": true, "join": true, "where": true, "select": true, "over": true, "row_number": true, "rank": true,
}

// viewConcerns names what in a (translated) view body PostgreSQL will
// likely reject or read differently: MySQL functions and LIMIT a,b. The
// convert report lists such views (load lists those PostgreSQL rejects).
func viewConcerns(sql string) string {
	toks := tokenizeExpr(sql, true)
	seen := map[string]bool{}
	var out []string
	for i, tk := range toks {
		if tk.kind != tkWord {
			continue
		}
		w := strings.ToLower(tk.text)
		if i+1 < len(toks) && toks[i+1].kind == tkPunct && toks[i+1].text == "(" && !pgSameFuncs[w] && !seen[w] {
			seen[w] = true
			out = append(out, w+"()")
		}
		if w == "limit" && i+2 < len(toks) && toks[i+2].text == "," && !seen["limit"] {
			seen["limit"] = true
			out = append(out, "LIMIT a,b")
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "uses " + strings.Join(out, ", ")
}

// viewSQL creates a view, turning a failure into a WARNING (views are
// listed as not migrated instead of aborting the whole load).
func viewSQL(v viewDef) string {
	create := fmt.Sprintf("CREATE VIEW %s.%s AS %s", quoteIdent(v.schema), quoteIdent(v.name), v.sql)
	return fmt.Sprintf("DO $view$ BEGIN EXECUTE %s; EXECUTE %s; EXCEPTION WHEN others THEN RAISE WARNING 'opsctl: view %%.%% not migrated: %%', %s, %s, SQLERRM; END $view$",
		quoteLit("SET LOCAL search_path = "+quoteIdent(v.schema)), dollarQuote(create), quoteLit(v.schema), quoteLit(v.name))
}

// tryDO runs q, turning a failure into a WARNING.
func tryDO(q, what string) string {
	return fmt.Sprintf("DO $try$ BEGIN EXECUTE %s; EXCEPTION WHEN others THEN RAISE WARNING 'opsctl: %%: %%', %s, SQLERRM; END $try$", dollarQuote(q), quoteLit(what+": "+q))
}

func dollarQuote(s string) string {
	tag := "$q$"
	for i := 0; strings.Contains(s, tag); i++ {
		tag = fmt.Sprintf("$q%d$", i)
	}
	return tag + s + tag
}

func newBufWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<20) }
