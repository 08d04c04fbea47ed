// Package dump reads a mysqldump: the statement reader (scan.go's
// growable window over the stream), the statements it dispatches (CREATE
// TABLE prepared into the schema model with its type decisions and
// PostgreSQL names, views, triggers and routines captured for the
// translator, MariaDB sequences), the INSERT rows scanned byte by byte
// into PostgreSQL COPY text (values.go: no per-value objects), and the fit
// scan (Prescan: the types that hold every value). It hands tables and
// COPY text to a Sink: the loaders (internal/load) write them to a psql
// script or a server; the live copy (internal/livecopy) uses the same
// Parser to prepare the tables it reads from SHOW CREATE TABLE, and the
// same RowParser to turn MySQL's text-protocol values into COPY text.
//
// It also defines what every path shares: Options, Event, Report and the
// classed errors (package migrate re-exports them).
//
// The dump is streamed: one buffer window (a few MB, or the largest row)
// whatever the dump size.
package dump
