package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/migrate"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

func newMigrateCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Move MySQL/MariaDB to PostgreSQL (from a dump or live) and verify it",
		Long: `Convert or load a mysqldump into PostgreSQL, exactly: every value that has
to change (zero dates, NUL characters) is counted per table and column, and a
value PostgreSQL cannot hold fails its table with the --cast that fixes it.

  opsctl migrate schema shop.sql                 # review type decisions
  opsctl migrate convert shop.sql.gz -f shop.psql # psql -v ON_ERROR_STOP=1 -f shop.psql
  opsctl migrate load shop.sql --to postgres://app@db1/shop --drop`,
	}
	cmd.AddCommand(newMigrateConvertCmd(a), newMigrateLoadCmd(a), newMigrateSchemaCmd(a),
		newMigrateCopyCmd(a), newMigrateCutoverCmd(a), newMigrateVerifyCmd(a))
	return cmd
}

// migrateFlags are the fidelity flags of schema, convert, load, copy and
// verify, bound to the library's Options; ready merges the --cast values
// and the inventory's migrate: section, and validates.
type migrateFlags struct {
	a     *app
	cmd   *cobra.Command
	o     *migrate.Options
	casts []string
}

// addMigrateFlags binds the fidelity flags to o (and --stubs DIR for
// convert, load and copy).
func (a *app) addMigrateFlags(cmd *cobra.Command, o *migrate.Options, stubs bool) *migrateFlags {
	f := &migrateFlags{a: a, cmd: cmd, o: o}
	fl := cmd.Flags()
	fl.StringVar(&o.Schema, "schema", "public", "PostgreSQL schema for a dump without USE statements (--databases dumps get one schema per database)")
	fl.BoolVar(&o.KeepCase, "keep-case", false, "keep identifiers' case (default: lowercase; a collision is an error)")
	fl.StringVar(&o.ZeroDate, "zero-date", "null", "what zero dates (0000-00-00, 2020-00-00) become: null or -infinity")
	fl.StringVar(&o.OnNUL, "on-nul", "strip", "NUL characters in text: strip (counted) or error")
	fl.StringVar(&o.PostGIS, "postgis", "auto", "spatial columns: auto (PostGIS geometry(type,SRID) + GiST indexes when the target has PostGIS or CREATE EXTENSION postgis works, else bytea with a warning), on (require it; convert writes CREATE EXTENSION), off (bytea)")
	fl.BoolVar(&o.StrictTypes, "strict-types", false, "keep the default types even where a value does not fit them (TIME beyond 24h, tinyint(1) holding 2, JSON with \\u0000): such a value fails its table with the --cast that fixes it (default: the scan of the values picks a type that holds them: interval, smallint, json)")
	fl.StringArrayVar(&f.casts, "cast", nil, "type override, repeatable, added to (and for the same key winning over) the inventory's migrate.casts: 'db.table.column=pgtype', 'table.column=pgtype' or 'mysqltype=pgtype' (e.g. 'tinyint(1)=smallint')")
	if stubs {
		fl.StringVar(&o.StubsDir, "stubs", "", "write each view, trigger, routine or event that is not migrated into DIR as a commented stub (its MySQL text, the reason and the line) to finish by hand")
	}
	return f
}

// ready merges the flags over the inventory's migrate: section (when
// there is an inventory): --cast values come first, so for the same key
// the flag wins; an explicit --zero-date / --on-nul beats the config.
// Then the command's library options (opts, holding f's) validate
// themselves (flagsError: "--jobs: must be 1..64").
func (f *migrateFlags) ready(opts interface{ Validate() error }) error {
	m, err := f.a.migrateConfig()
	if err != nil {
		return err
	}
	for _, c := range f.casts {
		cs, err := migrate.ParseCast(c)
		if err != nil {
			return usage(err)
		}
		f.o.Casts = append(f.o.Casts, cs)
	}
	if m != nil {
		factory.MigrateOptions(*m, f.o, f.cmd.Flags().Changed)
	}
	return flagsError(opts.Validate())
}

// migrateConfig is the inventory's migrate: section, or nil when no
// inventory is named and the default file does not exist (migrate
// commands work without an inventory).
func (a *app) migrateConfig() (*inventory.Migrate, error) {
	if a.opts.config == "" && os.Getenv("OPSCTL_CONFIG") == "" {
		if _, err := os.Stat(inventory.DefaultPath); errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
	}
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	return &cfg.Migrate, nil
}

// readDump is schema, convert and load: the whole dump read once before
// anything is written (migrate.Dump.Prescan: the types that fit, the
// stream's checksum; stdin spooled to spoolDir) with a progress bar by
// file bytes, then run on one read of it (with events: the progress to
// the end, migrateEvents).
func (a *app) readDump(path, spoolDir string, opts *migrate.Options, events bool, run func(*migrate.Dump, *migrate.DumpStream) error) error {
	d := &migrate.Dump{Path: path, Stdin: a.io.In, SpoolDir: spoolDir}
	defer d.Close()
	var bar *progressbar.ProgressBar
	fit, err := d.Prescan(a.softCtx, *opts, func(read, size int64) {
		if bar == nil {
			bar = a.progress(size, "scan", true)
		}
		_ = bar.Set64(read)
	})
	a.doneProgress()
	if err != nil {
		return err
	}
	opts.Fit = fit
	a.infof("scan: %s\n", fit)
	r, err := d.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	if events {
		opts.OnEvent = a.migrateEvents(r)
	}
	return run(d, r)
}

// migrateEvents draws a run's progress to the end and prints table
// completions (or emits JSON events). From a dump (s): the bar by dump
// bytes read, then (load) the tables committed and indexes built, then
// the foreign keys and views (migrate.LoadProgress). A live copy (s nil):
// the bar by rows copied of the estimate.
func (a *app) migrateEvents(s *migrate.DumpStream) func(migrate.Event) {
	var bar, loadBar *progressbar.ProgressBar
	if s != nil {
		bar = a.progress(s.Size, "read", true)
	}
	var load migrate.LoadProgress
	var mu sync.Mutex // the load's bar, in the order of its events
	var rows atomic.Int64
	return func(e migrate.Event) {
		switch e.Verb() {
		case migrate.EvProgress:
			if !load.Read() { // the read bar until the dump is read
				_ = bar.Set64(s.RawBytes())
			}
		case migrate.EvTableStart, migrate.EvReadDone, migrate.EvLoaded, migrate.EvIndexes, migrate.EvIndexBuilt, migrate.EvPostData:
			mu.Lock()
			defer mu.Unlock()
			if e.Is(migrate.EvLoaded) {
				a.debugf("%s\n", e)
			}
			if !load.On(e) {
				return
			}
			if loadBar == nil {
				a.doneProgress()
				loadBar = a.progressCounter(1, "load")
			}
			done, total := load.Steps()
			loadBar.ChangeMax64(total)
			loadBar.Describe(load.String())
			_ = loadBar.Set64(done)
		case migrate.EvPlan:
			bar = a.progress(e.Rows, "rows", false)
		case migrate.EvRows:
			if n := rows.Add(e.Rows); bar != nil {
				_ = bar.Set64(n)
			}
		case migrate.EvScan:
			a.infof("%s\n", e)
		case migrate.EvTableDone:
			switch {
			case a.jsonMode():
				a.emitEvent(e, nil)
			case e.Err != nil:
				a.infof("%s\n", e)
			case s != nil:
				a.debugf("%s parsed\n", e)
			}
		}
	}
}

// migrateDone ends a convert, load or copy: the report printed to w
// (stdout; stderr for convert, whose stdout may be the script), then err;
// when every table arrived but some objects did not, the stubs written
// (--stubs) and exit 4 (migrate.Finish).
func (a *app) migrateDone(rep *migrate.Report, err error, w io.Writer, withTime bool, stubsDir string) error {
	a.doneProgress()
	a.printMigrateReport(rep, w, withTime)
	if err != nil {
		return err // *migrate.PartialError, context.Canceled, ...: outcome.Of
	}
	err = migrate.Finish(rep, stubsDir)
	var inc *migrate.IncompleteError
	if errors.As(err, &inc) && inc.StubsDir != "" && a.jsonMode() {
		a.emit("migrate.stubs", map[string]any{"dir": inc.StubsDir, "files": inc.Stubs})
	}
	return err
}

// printMigrateReport prints the per-table report to w.
func (a *app) printMigrateReport(rep *migrate.Report, w io.Writer, withTime bool) {
	if rep == nil {
		return
	}
	if !a.jsonMode() { // the table in one piece (a.emit locks itself)
		a.outMu.Lock()
		defer a.outMu.Unlock()
	}
	header := "TABLE\tSTATUS\tROWS\tBYTES\tWARNINGS\tCHANGED"
	if withTime {
		header = "TABLE\tSTATUS\tROWS\tBYTES\tSECONDS\tWARNINGS\tCHANGED"
	}
	p := a.rowsOn(w, "migrate.table", header)
	for _, t := range rep.Tables {
		cells := []any{t.Schema + "." + t.Table, t.Status, t.Rows, t.Bytes}
		if withTime {
			cells = append(cells, fmt.Sprintf("%.2f", t.Seconds))
		}
		p.row(t, append(cells, len(t.Warnings), t.ChangedText())...)
	}
	p.flush()
	if a.jsonMode() {
		for _, u := range rep.Untranslated {
			a.emit("migrate.not_migrated", u)
		}
		for _, n := range rep.Undetailed() {
			a.emit("migrate.not_migrated", map[string]any{"object": n})
		}
		for _, n := range rep.Warnings {
			a.emit("migrate.warning", map[string]any{"message": n})
		}
		return
	}
	for _, n := range rep.Notes() {
		fmt.Fprintln(w, n)
	}
}

// migrateObjectsHelp is what load, convert and copy say about the
// database around the rows, and exit 4.
const migrateObjectsHelp = `Views, triggers, functions and procedures are translated to PostgreSQL
(routines to PL/pgSQL, views in dependency order, triggers as trigger
functions fired in MySQL's order) and spatial columns become PostGIS
geometry (--postgis). What cannot be translated exactly, and events, is
never left silently: each object is named with the reason and the line in
its body, --stubs DIR writes its MySQL text to finish by hand, and the
exit code is 4 (database incomplete). docs/migrate-objects.md lists what is
translated and what is not.`

func newMigrateConvertCmd(a *app) *cobra.Command {
	var opts migrate.Options
	var output string
	cmd := &cobra.Command{
		Use:   "convert DUMP",
		Short: "Convert a mysqldump into a psql script",
		Long: `Convert a mysqldump (file, - for stdin, .gz or .zst) into a script for
psql -v ON_ERROR_STOP=1 -f: schemas and tables, the rows as COPY blocks (one
transaction per table), then primary/unique keys and indexes, NOT NULLs,
identity values, foreign keys, ON UPDATE CURRENT_TIMESTAMP triggers,
comments, then functions and procedures, views and the triggers of the
dump. The per-table report goes to stderr.

` + migrateObjectsHelp + `

The dump is read twice: first a fast scan that picks, for a column whose
values the default type cannot hold, one that holds them exactly (TIME beyond
24h -> interval, tinyint(1) holding 2 -> smallint, JSON with \u0000 -> json;
--strict-types keeps the defaults), and that checks a .gz/.zst to its
checksum ("the dump is corrupt"); stdin is spooled to a temp file for it.
A value PostgreSQL cannot hold stops the conversion with the table, column,
row, dump line and the --cast that fixes it; -f is then not written.
Exit 0 when the whole database converted; 4 when every table did but some
objects did not (above); 1 otherwise.

  opsctl migrate convert shop.sql -f shop.psql
  mysqldump --databases shop crm | opsctl migrate convert - > all.psql
  opsctl migrate convert shop.sql.gz --cast 'shop.orders.flags=smallint' -f shop.psql
  opsctl migrate convert shop.sql --schema-only -f schema.psql`,
		Args: nArgs(1, 1),
	}
	f := a.addMigrateFlags(cmd, &opts, true)
	cmd.Flags().StringVarP(&output, "output-file", "f", "", "write the script here (default stdout); written atomically")
	cmd.Flags().BoolVar(&opts.SchemaOnly, "schema-only", false, "no rows")
	cmd.Flags().BoolVar(&opts.DataOnly, "data-only", false, "only rows (COPY) and identity values, into existing tables")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := f.ready(&opts); err != nil {
			return err
		}
		return a.readDump(args[0], "", &opts, true, func(_ *migrate.Dump, r *migrate.DumpStream) error {
			var rep *migrate.Report
			var err error
			if output == "" {
				rep, err = migrate.Convert(a.hardCtx, r, a.io.Out, opts)
			} else { // written whole or not at all
				rep, err = migrate.ConvertFile(a.hardCtx, r, output, opts)
			}
			// never partial: a script with a failed table is not written (migrate.Convert)
			return a.migrateDone(rep, err, a.io.ErrOut, false, opts.StubsDir)
		})
	}
	return cmd
}

func newMigrateLoadCmd(a *app) *cobra.Command {
	var lo migrate.LoadOptions
	var noSpool bool
	cmd := &cobra.Command{
		Use:   "load DUMP --to postgres://...",
		Short: "Load a mysqldump straight into PostgreSQL",
		Long: `Load a mysqldump (file, - for stdin, .gz or .zst) into PostgreSQL with COPY,
no intermediate file: the dump is parsed while tables load (up to --jobs at
once), each into a staging schema of this run (opsctl_stage_*) with its
indexes, NOT NULLs and identity value. Once the whole dump has been read,
every loaded table moves into place in ONE transaction; then foreign keys,
triggers, comments and views. Until that moment nothing you can see
changes: a bad value, a truncated or cut dump (a mysqldump without its
"-- Dump completed" line), a killed server or Ctrl-C leaves every existing
table exactly as it was (rows, indexes, foreign keys pointing at it, views
on it). A dump with no table at all is an error.

--drop replaces the tables the dump defines, in that one transaction:
DROP TABLE ... CASCADE, then the new table under the same name. CASCADE
also drops the views and other tables' foreign keys that depend on a
replaced table: those the dump defines are created again; those it does not
(a view or foreign key added by hand in PostgreSQL, or on a table not in
the dump) are gone, and the report lists each as a warning. While the load
runs the old and new tables coexist: the disk needs room for both.
(With --single-transaction the DROP runs inside its one transaction.)

--single-transaction loads the whole dump (every database/schema in it,
with indexes, keys, identity values, triggers, comments and views) in ONE
transaction on one connection, one table after another: any failure rolls
everything back and nothing is left behind (exit 1). Slower, all or nothing.

Before the first write the dump is scanned once, fast: a column whose
values the default type cannot hold gets one that holds them exactly (TIME
beyond 24h -> interval, tinyint(1) holding 2 -> smallint, JSON with \u0000
-> json), said per column in the report; --strict-types keeps the defaults
(the value then fails its table with the --cast that fixes it). Text that is
not UTF-8 fails its table before a row is written, with the fix. The scan
reads a .gz/.zst to its checksum: a damaged one loads nothing ("the dump is
corrupt"). From stdin the dump is spooled to --spool-dir for the scan.

Without --drop, an existing table makes the load refuse before anything is
written (the scan lists the dump's tables). The report (stdout) has rows
loaded, dump bytes, seconds, warnings and changed values per table. Exit 0
only when every table loaded and every object was created; 4 when every
table loaded but some objects were not migrated (below); 3 when some tables
failed and the others are loaded (the report says which); 1 otherwise.

` + migrateObjectsHelp + `

The first Ctrl-C stops reading the dump at the next table: the tables whose
rows were being read finish and move into place (no foreign keys, no
views), exit 130. The second aborts: nothing moves into place.

The URL may carry a password: prefer $OPSCTL_MIGRATE_TO or ~/.pgpass.

  opsctl migrate load shop.sql --to postgres://app@db1/shop
  mysqldump --databases shop crm | opsctl migrate load - --to postgres://app@db1/app --drop --jobs 4
  opsctl migrate load shop.sql.zst --to "$PG" --cast 'times.duration=interval'
  opsctl migrate load shop.sql --to "$PG" --single-transaction`,
		Args: nArgs(1, 1),
	}
	f := a.addMigrateFlags(cmd, &lo.Options, true)
	fl := cmd.Flags()
	fl.StringVar(&lo.URL, "to", "", "target postgres:// URL (default $OPSCTL_MIGRATE_TO)")
	fl.BoolVar(&lo.Drop, "drop", false, "replace tables that already exist, atomically, once the whole dump is loaded (DROP ... CASCADE: see above; default: refuse)")
	fl.IntVarP(&lo.Jobs, "jobs", "j", 4, "tables loaded and indexes built at once")
	fl.BoolVar(&lo.SchemaOnly, "schema-only", false, "no rows")
	fl.BoolVar(&lo.DataOnly, "data-only", false, "only rows and identity values, into existing tables")
	fl.StringVar(&lo.SpoolDir, "spool-dir", "", "where rows wait (unlinked temp files, up to 4 GiB) when a table's COPY is slower than the dump, so later tables load in parallel (default $TMPDIR)")
	fl.BoolVar(&noSpool, "no-spool", false, "never spool: load one table at a time as the dump is read")
	fl.BoolVar(&lo.SingleTx, "single-transaction", false, "load the whole dump in one transaction: a failure leaves nothing behind (tables load one at a time; --jobs ignored)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if noSpool {
			lo.SpoolMax = -1
		}
		if err := pgURL(&lo.URL); err != nil {
			return err
		}
		if err := f.ready(&lo); err != nil {
			return err
		}
		a.watchSignals()
		if lo.Drop {
			if err := a.confirm("--drop: replace every table of the dump that already exists in "+redactURL(lo.URL)+" (each atomically; what depends on it and is not in the dump is dropped with it)", nil); err != nil {
				return err
			}
		}
		return a.readDump(args[0], lo.SpoolDir, &lo.Options, true, func(d *migrate.Dump, r *migrate.DumpStream) error {
			if args[0] != "-" { // read once before the load when a refusal must be decided first
				lo.Reopen = d.Reopen
			}
			// First Ctrl-C (softCtx): start no new table, finish those in flight;
			// the second (hardCtx) aborts them, and nothing moves into place.
			lo.Stop = a.softCtx
			rep, err := migrate.Load(a.hardCtx, r, lo)
			// *migrate.PartialError: partial when some table is in place
			// (not with --single-transaction); context.Canceled: interrupted
			return a.migrateDone(rep, err, a.io.Out, true, lo.StubsDir)
		})
	}
	return cmd
}

func newMigrateSchemaCmd(a *app) *cobra.Command {
	var opts migrate.Options
	cmd := &cobra.Command{
		Use:   "schema DUMP",
		Short: "Print the type decision for every column of a dump",
		Long: `Print, for every column in the dump's CREATE TABLEs, the MySQL type, the
PostgreSQL type chosen and why (or the --cast that chose it). The dump's
values are scanned as load does: a type changed so that every value fits
says so ("fits the data: time -> interval: 2 value(s) outside ...").
Review this before a migration; override with --cast.

  opsctl migrate schema shop.sql
  opsctl migrate schema shop.sql --cast 'tinyint(1)=smallint'
  opsctl migrate schema shop.sql -o json`,
		Args: nArgs(1, 1),
	}
	f := a.addMigrateFlags(cmd, &opts, false)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := f.ready(&opts); err != nil {
			return err
		}
		return a.readDump(args[0], "", &opts, false, func(_ *migrate.Dump, r *migrate.DumpStream) error {
			opts.SchemaOnly = true
			rep, err := migrate.Convert(a.hardCtx, r, io.Discard, opts)
			if err != nil {
				return err
			}
			p := a.rows("migrate.column", "TABLE\tCOLUMN\tMYSQL\tPOSTGRESQL\tWHY")
			for _, c := range rep.Columns() {
				p.row(c, c.Table, c.Column, c.MySQL, c.PG, c.Why)
			}
			p.flush()
			for _, n := range rep.NotMigrated {
				if !a.jsonMode() {
					fmt.Fprintf(a.io.Out, "not migrated: %s\n", n)
				}
			}
			return nil
		})
	}
	return cmd
}
