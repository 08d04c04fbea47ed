// Package load writes what the dump reader (internal/dump) produces:
// Convert into a psql script (scriptSink), Load straight into PostgreSQL
// over COPY (pgSink: tables loaded in parallel, rows spooled to disk when
// COPY is slower than the dump, --single-transaction), each table into a
// staging schema of the run first, all moved into place in one
// transaction at the end (Stager, which the live copy uses too), so a
// failure leaves every existing table as it was.
package load
