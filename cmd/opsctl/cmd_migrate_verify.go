package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/migrate"
	"github.com/spf13/cobra"
)

// liveFlags are the endpoints and table filters of copy and verify.
type liveFlags struct {
	from, to      string
	tables        []string
	excludeTables []string
	jobs          int
}

func (f *liveFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "source mysql://user@host:port/database URL (default $OPSCTL_MIGRATE_FROM; password from the URL, $MYSQL_PWD or $MYSQL_PWD_FILE; ?tls=true|skip-verify|preferred, ?socket=/path)")
	fl.StringVar(&f.to, "to", "", "target postgres:// URL (default $OPSCTL_MIGRATE_TO; password also from $PGPASSWORD or ~/.pgpass)")
	fl.StringSliceVar(&f.tables, "tables", nil, "only these MySQL tables (comma-separated, globs allowed: 'log_*')")
	fl.StringSliceVar(&f.excludeTables, "exclude-tables", nil, "skip these MySQL tables (globs allowed)")
	fl.IntVarP(&f.jobs, "jobs", "j", 4, "tables (or key ranges) worked on at once")
}

func (f *liveFlags) validate() error {
	if f.from == "" {
		f.from = os.Getenv("OPSCTL_MIGRATE_FROM")
	}
	if f.from == "" {
		return usageError("--from mysql://... (or $OPSCTL_MIGRATE_FROM) is required")
	}
	if _, err := migrate.MySQLConfig(f.from); err != nil {
		return usage(err)
	}
	if err := pgURL(&f.to); err != nil {
		return err
	}
	if f.jobs < 1 || f.jobs > 64 {
		return usageError("--jobs must be 1..64")
	}
	return nil
}

func (f *liveFlags) filter() migrate.TableFilter {
	return migrate.TableFilter{Include: f.tables, Exclude: f.excludeTables}
}

type migrateVerifyOptions struct {
	migrateFlags
	liveFlags
	chunkRows   int64
	samples     int
	hashInMySQL bool
	skipSchema  bool
	accept      []string
}

func (o *migrateVerifyOptions) validate() (migrate.VerifyOptions, error) {
	opts, err := o.options()
	vo := migrate.VerifyOptions{Options: opts, Jobs: o.jobs, ChunkRows: o.chunkRows, MaxSamples: o.samples, HashInMySQL: o.hashInMySQL,
		SkipSchema: o.skipSchema, AcceptMissing: o.accept}
	if err != nil {
		return vo, err
	}
	if err := o.liveFlags.validate(); err != nil {
		return vo, err
	}
	if o.chunkRows < 100 {
		return vo, usageError("--chunk-rows must be at least 100")
	}
	if o.samples < 1 {
		return vo, usageError("--samples must be at least 1")
	}
	return vo, nil
}

func newMigrateVerifyCmd(a *app) *cobra.Command {
	o := &migrateVerifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify --from mysql://... --to postgres://...",
		Short: "Compare every row and column of MySQL and PostgreSQL",
		Long: `Verify that PostgreSQL holds exactly what MySQL holds, after migrate load or
migrate copy, before you repoint anything.

Per table: row counts, then a checksum over every row and column in a
canonical form (md5 of each row's canonical text, summed per primary-key
range). PostgreSQL computes its side inside the database. MySQL's rows are
streamed once, as for a copy, and opsctl computes the same form in Go: this
costs MySQL a third of the CPU the same SQL expressions cost it
(--hash-in-mysql computes them inside MySQL instead, so MySQL's rows don't
cross the wire either). A range that differs is bisected down to a few
hundred rows, which are fetched and compared value by value: the report
names the key and the column. The fidelity rules are applied on the MySQL
side (zero dates -> NULL or -infinity, NUL characters stripped,
tinyint(1)/bit(1) -> boolean, unsigned widening, bytes as hex, times to the
microsecond), so the changes the conversion makes on purpose are not
reported as differences (they are counted: EXPLAINED). Floats and jsonb
columns are in the checksum too (JSON equality is jsonb's: key order and
whitespace don't count, 1 vs 1.0 does); a range where the two servers print
a float differently is compared in Go, bit for bit. Intervals and other
casts are fetched and compared in Go. Tables without a single integer
primary key are checksummed whole and, when they differ, compared in memory
(keyless tables as multisets).

Then the database around the rows (--skip-schema leaves it out): every
table and column with its type, NOT NULL and default; primary and unique
keys, indexes (GiST for SPATIAL, GIN for FULLTEXT), foreign keys with their
ON DELETE/UPDATE actions, CHECK constraints; identity columns whose next
value is not past max(id); every MySQL view present and returning the same
rows (compared as multisets, by count beyond 200000 rows); every trigger,
function, procedure and event present. Each gap is listed (SCHEMA GAPS).
--accept-missing names the views, triggers, routines and events you accept
to leave behind (as cutover.accept_missing does): listed, not counted.

Pass the same --schema/--cast/--zero-date/--keep-case as the load or copy.
Exit 0 when every table matches and no schema gap is left, 1 on any
difference, gap or error.

  opsctl migrate verify --from mysql://app@db1/shop --to postgres://app@pg1/shop
  opsctl migrate verify --from "$MY" --to "$PG" --tables orders,order_items -o json
  MYSQL_PWD=... opsctl migrate verify --from mysql://root@127.0.0.1/shop --to "$PG" --cast 'times.tm=interval'`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			vo, err := o.validate()
			if err != nil {
				return err
			}
			a.watchSignals()
			return a.runMigrateVerify(o.from, o.to, o.filter(), vo)
		},
	}
	o.migrateFlags.add(a, cmd)
	o.liveFlags.add(cmd)
	cmd.Flags().Int64Var(&o.chunkRows, "chunk-rows", 50000, "rows per checksummed primary-key range")
	cmd.Flags().IntVar(&o.samples, "samples", 20, "differences shown per table")
	cmd.Flags().BoolVar(&o.skipSchema, "skip-schema", false, "compare the rows only, not the schema, views, triggers and routines")
	cmd.Flags().StringSliceVar(&o.accept, "accept-missing", nil, "views, triggers, routines, events you accept to leave behind: name, schema.name or kind:name (e.g. event:ev_purge)")
	cmd.Flags().BoolVar(&o.hashInMySQL, "hash-in-mysql", false, "compute MySQL's checksums with SQL inside MySQL instead of streaming its rows to opsctl (less network, ~3x the MySQL CPU)")
	return cmd
}

// verifyJSON is one verify.table line's own fields (the table is the
// event's).
type verifyJSON struct {
	PGTable    string             `json:"pg_table"`
	Status     string             `json:"status"`
	Method     string             `json:"method"`
	MySQLRows  int64              `json:"mysql_rows"`
	PGRows     int64              `json:"pg_rows"`
	Ranges     int                `json:"ranges"`
	Explained  int64              `json:"explained,omitempty"`
	Mismatches int64              `json:"mismatches"`
	Samples    []migrate.Mismatch `json:"samples,omitempty"`
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func (a *app) runMigrateVerify(from, to string, f migrate.TableFilter, vo migrate.VerifyOptions) error {
	ctx := a.softCtx
	dbs, err := migrate.OpenVerify(ctx, from, to, vo, f)
	if err != nil {
		return err
	}
	defer dbs.Close()
	bar := a.progress(int64(len(dbs.Tables)), "verify", false)
	vo.OnEvent = func(e migrate.Event) {
		switch {
		case e.Is(migrate.EvTableDone) && bar != nil:
			bar.Add(1)
		case e.Is(migrate.EvWarning):
			a.infof("warning: %v\n", e.Err)
		}
	}
	res, verr := migrate.Verify(ctx, dbs.MySQL, dbs.PG, dbs.Tables, vo)
	a.doneProgress()
	if a.jsonMode() {
		a.printVerifyJSON(res, verr)
	} else {
		w := a.table()
		fmt.Fprintln(w, "TABLE\tSTATUS\tMYSQL ROWS\tPG ROWS\tEXPLAINED\tMETHOD\tRANGES\tSECONDS")
		var schema *migrate.VerifyResult
		for _, r := range res {
			if r.Table == migrate.SchemaTable {
				schema = r
				continue
			}
			fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%s\t%d\t%.1f\n", r.Table, r.Status(), r.MySQLRows, r.PGRows, r.Explained, r.Method, r.Ranges, r.Seconds)
		}
		w.Flush()
		if schema != nil {
			a.printSchemaGaps(schema)
		}
		for _, r := range res {
			if r == schema {
				continue
			}
			if r.Err != nil {
				fmt.Fprintf(a.io.Out, "\n%s: %v\n", r.Table, r.Err)
				continue
			}
			if r.OK() {
				continue
			}
			fmt.Fprintf(a.io.Out, "\n%s: %d difference(s), rows mysql=%d pg=%d\n", r.Table, r.MismatchCount, r.MySQLRows, r.PGRows)
			for _, m := range r.Mismatches {
				fmt.Fprintf(a.io.Out, "  key %s  column %s  mysql=%q  pg=%q\n", clip(m.Key, 60), m.Column, clip(m.MySQL, 60), clip(m.PG, 60))
			}
		}
	}
	// differences were printed above: exit 1 without another message (an
	// interrupted verify says so: exit 130, outcome.Of)
	var ve *migrate.VerifyError
	if errors.As(verr, &ve) && !errors.Is(verr, context.Canceled) {
		return silent(verr)
	}
	return verr
}

// printVerifyJSON prints one verify.table line per table, a verify.schema
// line (the schema checks and their gaps, unless skipped) and a
// verify.summary line.
func (a *app) printVerifyJSON(res []*migrate.VerifyResult, verr error) {
	took := func(r *migrate.VerifyResult) time.Duration { return time.Duration(r.Seconds * float64(time.Second)) }
	var tables, mismatched, failed, gaps int
	for _, r := range res {
		core := event.Event{Table: r.Table, Took: took(r), Err: r.Err}
		if r.Table == migrate.SchemaTable {
			core.Name = "verify.schema"
			gs := r.Gaps
			if gs == nil {
				gs = []migrate.SchemaGap{}
			}
			gaps = len(gs)
			a.emitEvent(core, map[string]any{"status": r.Status(), "gaps": gs})
			continue
		}
		tables++
		switch r.Status() {
		case "ERROR":
			failed++
		case "MISMATCH":
			mismatched++
		}
		core.Name = "verify.table"
		a.emitEvent(struct {
			event.Event
			verifyJSON
		}{core, verifyJSON{PGTable: r.PGTable, Status: r.Status(), Method: r.Method, MySQLRows: r.MySQLRows,
			PGRows: r.PGRows, Ranges: r.Ranges, Explained: r.Explained, Mismatches: r.MismatchCount, Samples: r.Mismatches}}, nil)
	}
	a.emitEvent(event.Event{Name: "verify.summary", Err: verr}, map[string]any{"ok": verr == nil, "tables": tables,
		"mismatched": mismatched, "failed": failed, "schema_gaps": gaps})
}

// addStubs adds --stubs DIR (convert, load, copy).
func (f *migrateFlags) addStubs(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.stubs, "stubs", "", "write each view, trigger, routine or event that is not migrated into DIR as a commented stub (its MySQL text, the reason and the line) to finish by hand")
}

// incomplete ends a load, convert or copy whose tables all arrived: the
// objects not migrated are written as stubs (--stubs) and the exit code
// is 4 (database incomplete) when there are any.
func (a *app) incomplete(rep *migrate.Report, stubsDir string) error {
	inc := rep.Incomplete()
	if inc == nil {
		return nil
	}
	where := " (--stubs DIR writes each one's MySQL text to finish by hand)"
	if stubsDir != "" {
		paths, err := migrate.WriteStubs(stubsDir, rep.Untranslated)
		if err != nil {
			return err
		}
		if a.jsonMode() {
			a.emit("migrate.stubs", map[string]any{"dir": stubsDir, "files": paths})
		}
		where = fmt.Sprintf(": %d stub(s) in %s", len(paths), stubsDir)
	}
	return fmt.Errorf("%w%s", inc, where) // outcome.Incomplete: exit 4
}

// printSchemaGaps prints the schema checks: a summary line and one line
// per gap.
func (a *app) printSchemaGaps(r *migrate.VerifyResult) {
	out := a.io.Out
	switch {
	case r.Err != nil:
		fmt.Fprintf(out, "\nschema: ERROR: %v\n", r.Err)
	case r.MismatchCount == 0:
		fmt.Fprintf(out, "\nschema: OK (tables, columns, types, NOT NULL, defaults, keys, indexes, foreign keys, CHECKs, identities, views, triggers, routines; %.1fs)\n", r.Seconds)
	default:
		fmt.Fprintf(out, "\nschema: %d gap(s)\n", r.MismatchCount)
	}
	if len(r.Gaps) == 0 {
		return
	}
	w := a.table()
	fmt.Fprintln(w, "KIND\tOBJECT\tMYSQL\tPOSTGRES")
	for _, g := range r.Gaps {
		pg := g.PG
		if g.Accepted {
			pg += " (accepted)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", g.Kind, g.Object, clip(g.MySQL, 70), clip(pg, 70))
	}
	w.Flush()
}
