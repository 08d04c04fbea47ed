package main

import (
	"context"
	"errors"

	"github.com/opsctl/opsctl/migrate"
	"github.com/spf13/cobra"
)

func newMigrateCopyCmd(a *app) *cobra.Command {
	var co migrate.CopyOptions
	cmd := &cobra.Command{
		Use:   "copy --from mysql://... --to postgres://...",
		Short: "Copy a live MySQL/MariaDB database into PostgreSQL (no dump file)",
		Long: `Read MySQL directly and write PostgreSQL with COPY: no dump file, no disk,
one parse less. The schema comes from MySQL itself (SHOW CREATE TABLE) and
goes through the same type mapping, casts and fidelity rules as
migrate load; rows go through the same value conversion.

Consistency: the readers (--jobs) open their snapshots (START TRANSACTION
WITH CONSISTENT SNAPSHOT) while FLUSH TABLES WITH READ LOCK is held for a
moment, so every table is read at the same instant (needs the RELOAD
privilege; without it each reader has its own snapshot, a warning says so,
and you should copy from a read-only site).

Several tables are copied at once; tables with more than --chunk-rows rows
(information_schema estimate) and a single integer key are split into key
ranges read in parallel. Indexes are built per table after its rows;
foreign keys, triggers, comments and views come last.

Each table is copied into a staging schema of this run (opsctl_stage_*)
with its indexes, NOT NULLs and identity value, then moves into place in a
short transaction of its own. With --drop (or --resume) that transaction
replaces the old table: DROP TABLE ... CASCADE, then the new one. So a
failure, a killed server or Ctrl-C leaves the old table exactly as it was.
CASCADE also drops the views and other tables' foreign keys on a replaced
table: those MySQL defines are created again at the end; the others (added
by hand in PostgreSQL) are gone, and the report lists each as a warning.
Without --drop or --resume an existing table makes the copy refuse before
anything is written.

Resumable: every finished table is recorded in PostgreSQL (table
opsctl_migrate_state in --schema). --resume skips those and copies every
other table again from scratch. The first Ctrl-C lets tables in flight
finish and starts no other; the second aborts (tables in flight roll back).
Exit 0 when every table is copied and every object created, 4 when every
table is copied but some objects were not migrated (below), 3 when some
tables failed (the report says which), 130 when interrupted, 1 otherwise.
Then run migrate verify.

` + migrateObjectsHelp + `

Passwords: in the URL, $MYSQL_PWD / $MYSQL_PWD_FILE, $PGPASSWORD or
~/.pgpass; never printed. $OPSCTL_MIGRATE_FROM / $OPSCTL_MIGRATE_TO may hold
the URLs.

  opsctl migrate copy --from mysql://app@db1/shop --to postgres://app@pg1/shop
  opsctl migrate copy --from "$MY" --to "$PG" --jobs 8 --exclude-tables 'log_*'
  opsctl migrate copy --from "$MY" --to "$PG" --dry-run  # tables, estimated rows, ranges
  opsctl migrate copy --from "$MY" --to "$PG" --resume   # after a failure
  opsctl migrate verify --from "$MY" --to "$PG"`,
		Args: nArgs(0, 0),
	}
	f := a.addMigrateFlags(cmd, &co.Options, true)
	live := addLiveFlags(cmd, &co.URL, &co.Filter, &co.Jobs)
	cmd.Flags().BoolVar(&co.Resume, "resume", false, "skip tables a previous copy finished; copy the others again from scratch")
	cmd.Flags().BoolVar(&co.Drop, "drop", false, "replace tables that already exist, each atomically once its copy is complete (DROP ... CASCADE: see above; default: refuse)")
	cmd.Flags().BoolVar(&co.DryRun, "dry-run", false, "read MySQL's schema and print the plan (tables, estimated rows, ranges); write nothing")
	cmd.Flags().Int64Var(&co.ChunkRows, "chunk-rows", 500000, "split tables with more rows than this into key ranges")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := live.validate(); err != nil {
			return err
		}
		if err := f.ready(&co); err != nil {
			return err
		}
		a.watchSignals()
		if co.Drop && !co.DryRun {
			if err := a.confirm("--drop: replace every copied table that already exists in "+redactURL(co.URL)+" (each atomically; what depends on it and is not copied is dropped with it)", nil); err != nil {
				return err
			}
		}
		my, db, err := migrate.OpenMySQL(live.from)
		if err != nil {
			return usage(err)
		}
		defer my.Close()
		co.Stop = a.softCtx
		co.OnEvent = a.migrateEvents(nil)
		rep, err := migrate.Copy(a.hardCtx, my, db, co)
		err = a.migrateDone(rep, err, a.io.Out, true, co.StubsDir)
		if errors.Is(err, context.Canceled) {
			a.infof("interrupted: finished tables are recorded; run again with --resume\n")
		}
		return err // context.Canceled: exit 130 (outcome.Of)
	}
	return cmd
}
