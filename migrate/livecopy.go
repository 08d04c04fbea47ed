package migrate

import (
	"context"
	"database/sql"

	"github.com/go-sql-driver/mysql"
	"github.com/opsctl/opsctl/migrate/internal/livecopy"
)

// Live copy: MySQL read directly (internal/livecopy).

// MySQLConfig turns a mysql://user:pass@host:port/db?tls=...&socket=...
// URL into a go-sql-driver config for the live copy and verify: utf8mb4
// (latin1/cp1252 columns arrive converted by the server), session time
// zone UTC (TIMESTAMP values as stored), text protocol. The password comes
// from the URL, else $MYSQL_PWD, else the file named by $MYSQL_PWD_FILE.
// Errors never include the password.
func MySQLConfig(raw string) (*mysql.Config, error) { return livecopy.MySQLConfig(raw) }

// OpenMySQL opens a pool for a mysql:// URL (see MySQLConfig).
func OpenMySQL(raw string) (*sql.DB, string, error) { return livecopy.OpenMySQL(raw) }

// TableFilter selects tables by MySQL name; nil selects all. Patterns are
// path.Match globs ("log_*").
type TableFilter = livecopy.TableFilter

// LiveTables reads the base tables of MySQL database db: the list and row
// estimates from information_schema, each definition from SHOW CREATE
// TABLE (the very text mysqldump writes), prepared exactly as the dump
// path prepares a CREATE TABLE: same names, same Mapping.Decide, same
// casts. Tables land in opts.Schema.
func LiveTables(ctx context.Context, my *sql.DB, db string, opts Options, f TableFilter) ([]*Table, map[string]int64, error) {
	return livecopy.LiveTables(ctx, my, db, opts, f)
}

// LiveTablesFor is LiveTables as a copy to the PostgreSQL at pgURL will
// map them: with that target's PostGIS decision (opts.PostGIS; probed,
// nothing created), so spatial columns are geometry where the copy makes
// them geometry. Preflight checks (cutover) use it.
func LiveTablesFor(ctx context.Context, my *sql.DB, db string, opts Options, f TableFilter, pgURL string) ([]*Table, map[string]int64, error) {
	return livecopy.LiveTablesFor(ctx, my, db, opts, f, pgURL)
}

// LiveUntranslated lists the triggers (of the tables selected), routines
// and events of MySQL database db that a copy leaves behind, with their
// SHOW CREATE text, as objects of PostgreSQL schema (Options.Schema).
// Preflight checks (cutover) use it to refuse an incomplete database.
func LiveUntranslated(ctx context.Context, my *sql.DB, db string, opts Options, f TableFilter) ([]Untranslated, error) {
	return livecopy.LiveUntranslated(ctx, my, db, opts, f)
}

// Copy reads MySQL database db directly and writes PostgreSQL with COPY.
//
// Schema: SHOW CREATE TABLE per table, prepared by the dump path's code
// (same names, same Mapping, same post-data SQL). Rows: the text protocol
// gives the values mysqldump would write; they go through the dump path's
// value conversion (RowParser.WriteValue) into COPY text.
//
// Consistency: Jobs reader connections each START TRANSACTION WITH
// CONSISTENT SNAPSHOT while one connection holds FLUSH TABLES WITH READ
// LOCK (as mydumper and mysqldump --single-transaction --master-data do),
// so all readers see the same instant; the lock is released as soon as the
// snapshots exist. Without the RELOAD privilege the lock is skipped, each
// reader has its own snapshot, and the report carries a warning (copy
// from a read-only site then).
//
// Each small table is created and filled in one PostgreSQL transaction. A
// table split into key ranges is created first, then each range is copied
// in its own transaction; the table counts as done only when every range,
// index and identity value is committed, and it is recorded in
// opsctl_migrate_state. A table not recorded there is dropped and copied
// again from scratch by a --resume run. Foreign keys, triggers and
// comments come last (idempotent on resume).
func Copy(ctx context.Context, my *sql.DB, db string, co CopyOptions) (*Report, error) {
	return livecopy.Copy(ctx, my, db, co)
}

// CopyOptions configure a live MySQL -> PostgreSQL copy.
type CopyOptions = livecopy.Options

// StateTable records the tables a copy finished, in the target schema.
const StateTable = livecopy.StateTable
