package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/opsctl/opsctl/migrate"
	"github.com/spf13/cobra"
)

// liveFlags are the endpoints, table filters and jobs of copy and verify,
// bound to the library's options.
type liveFlags struct {
	from string
	to   *string
}

func addLiveFlags(cmd *cobra.Command, to *string, filter *migrate.TableFilter, jobs *int) *liveFlags {
	f := &liveFlags{to: to}
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "source mysql://user@host:port/database URL (default $OPSCTL_MIGRATE_FROM; password from the URL, $MYSQL_PWD or $MYSQL_PWD_FILE; ?tls=true|skip-verify|preferred, ?socket=/path)")
	fl.StringVar(to, "to", "", "target postgres:// URL (default $OPSCTL_MIGRATE_TO; password also from $PGPASSWORD or ~/.pgpass)")
	fl.StringSliceVar(&filter.Include, "tables", nil, "only these MySQL tables (comma-separated, globs allowed: 'log_*')")
	fl.StringSliceVar(&filter.Exclude, "exclude-tables", nil, "skip these MySQL tables (globs allowed)")
	fl.IntVarP(jobs, "jobs", "j", 4, "tables (or key ranges) worked on at once")
	return f
}

// validate fills --from and --to from the environment and checks both.
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
	return pgURL(f.to)
}

func newMigrateVerifyCmd(a *app) *cobra.Command {
	var vo migrate.VerifyOptions
	var to string
	var filter migrate.TableFilter
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
	}
	f := a.addMigrateFlags(cmd, &vo.Options, false)
	live := addLiveFlags(cmd, &to, &filter, &vo.Jobs)
	cmd.Flags().Int64Var(&vo.ChunkRows, "chunk-rows", 50000, "rows per checksummed primary-key range")
	cmd.Flags().IntVar(&vo.MaxSamples, "samples", 20, "differences shown per table")
	cmd.Flags().BoolVar(&vo.SkipSchema, "skip-schema", false, "compare the rows only, not the schema, views, triggers and routines")
	cmd.Flags().StringSliceVar(&vo.AcceptMissing, "accept-missing", nil, "views, triggers, routines, events you accept to leave behind: name, schema.name or kind:name (e.g. event:ev_purge)")
	cmd.Flags().BoolVar(&vo.HashInMySQL, "hash-in-mysql", false, "compute MySQL's checksums with SQL inside MySQL instead of streaming its rows to opsctl (less network, ~3x the MySQL CPU)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := live.validate(); err != nil {
			return err
		}
		if err := f.ready(&vo); err != nil {
			return err
		}
		a.watchSignals()
		ctx := a.softCtx
		dbs, err := migrate.OpenVerify(ctx, live.from, to, vo, filter)
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
				a.infof("%s\n", e)
			}
		}
		res, verr := migrate.Verify(ctx, dbs.MySQL, dbs.PG, dbs.Tables, vo)
		a.doneProgress()
		a.printVerify(res, verr)
		// differences were printed: exit 1 without another message (an
		// interrupted verify says so: exit 130, outcome.Of)
		var ve *migrate.VerifyError
		if errors.As(verr, &ve) && !errors.Is(verr, context.Canceled) {
			return silent(verr)
		}
		return verr
	}
	return cmd
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// printVerify prints verify's results: -o json one verify.table line per
// table, a verify.schema line (the schema checks and their gaps, unless
// skipped) and a verify.summary line; else the table, the schema gaps and
// each table's differences.
func (a *app) printVerify(res []*migrate.VerifyResult, verr error) {
	tables, schema := migrate.SplitVerify(res)
	p := a.rows("verify.table", "TABLE\tSTATUS\tMYSQL ROWS\tPG ROWS\tEXPLAINED\tMETHOD\tRANGES\tSECONDS")
	for _, r := range tables {
		p.row(r, r.Table, r.Status(), r.MySQLRows, r.PGRows, r.Explained, r.Method, r.Ranges, fmt.Sprintf("%.1f", r.Seconds))
	}
	p.flush()
	if a.jsonMode() {
		if schema != nil {
			a.emit("verify.schema", schema)
		}
		a.emit("verify.summary", migrate.SummarizeVerify(res), map[string]any{"ok": verr == nil, "error": verr})
		return
	}
	if schema != nil {
		fmt.Fprintf(a.io.Out, "\n%s\n", schema)
	}
	if schema != nil && len(schema.Gaps) > 0 {
		p := a.rows("", "KIND\tOBJECT\tMYSQL\tPOSTGRES")
		for _, g := range schema.Gaps {
			p.row(nil, g.Kind, g.Object, clip(g.MySQL, 70), clip(g.PGText(), 70))
		}
		p.flush()
	}
	for _, r := range tables {
		if !r.OK() {
			fmt.Fprintf(a.io.Out, "\n%s\n", r)
		}
		for _, m := range r.Mismatches {
			if r.Err == nil { // else the error says it
				fmt.Fprintf(a.io.Out, "  %s\n", m)
			}
		}
	}
}
