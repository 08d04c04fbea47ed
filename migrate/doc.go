// Package migrate moves a MySQL/MariaDB database to PostgreSQL and proves
// it: from a mysqldump (Convert writes a psql script, Load loads a server
// over COPY, Prescan and Dump read the file first) or live (Copy reads
// MySQL directly), then Verify compares the rows, the schema and the
// objects. Views, triggers, functions and procedures are translated where
// PostgreSQL computes the same thing; what is not is listed (Report's
// Untranslated, WriteStubs) and the database is incomplete.
//
// This package is the public surface: the entry points and the types
// they take and return (most are aliases of the internal layers'). The
// work is done in internal packages, one per layer, bottom up:
//
//	internal/model     the schema model (tables, columns, keys) and the type mapping
//	internal/myparse   MySQL DDL as mysqldump and SHOW CREATE print it
//	internal/sqltr     the SQL translator: expressions, views, triggers, routines
//	internal/pgddl     PostgreSQL DDL: CREATE TABLE, keys, indexes, the COPY header
//	internal/dump      dump reading: statements, INSERT values into COPY text, the fit
//	                   scan; Options, Event, Report (every path's vocabulary)
//	internal/pgtarget  shared PostgreSQL helpers: session, pools, the PostGIS decision
//	internal/load      loading: COPY into PostgreSQL, staging schema and atomic
//	                   replace, the psql script
//	internal/livecopy  live copy: MySQL reader, snapshots, key ranges, resume
//	internal/verify    verification: rows, schema and objects, in one snapshot
//
// (migrate/cast, public, parses --cast values; the inventory uses it too.)
//
// The live copy prepares its tables with the dump reader's parser and
// converts its values with the dump reader's row parser, so both paths
// make the same decisions. Libraries never print: progress comes through
// Options.OnEvent.
package migrate
