package migrate

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsctl/opsctl/migrate/internal/verify"
)

// Verification: rows, schema and objects (internal/verify).

// OpenVerifyPG opens a PostgreSQL pool with the session settings the
// canonical forms need.
func OpenVerifyPG(ctx context.Context, url string, conns int) (*pgxpool.Pool, error) {
	return verify.OpenVerifyPG(ctx, url, conns)
}

// Verify compares every table between MySQL and PostgreSQL: per table a
// checksum over every row and column in a canonical form computed inside
// each database (by primary-key ranges for a single integer key), ranges
// that differ bisected down to LeafRows rows, which are then fetched and
// compared value by value in Go (the checker's canonical forms), naming
// key and column. Columns whose text forms differ between the servers
// (floats, json, intervals) are fetched (key + those columns) and
// compared in Go. Tables without a usable key are compared whole
// (multisets for keyless tables). Everything, the key bounds included,
// is read in ONE snapshot per database (internal/verify/verify_snapshot.go): the verdict
// is about one moment, and a write after it is for the caller's write
// mark to catch (the cutover reads it again after verify). my must be
// opened with OpenMySQL (UTC, utf8mb4) and pg with OpenVerifyPG; verify
// uses up to Jobs+1 connections of each (the lock, the exporter).
func Verify(ctx context.Context, my *sql.DB, pg *pgxpool.Pool, tables []*Table, vo VerifyOptions) ([]*VerifyResult, error) {
	return verify.Verify(ctx, my, pg, tables, vo)
}

// VerifyOptions tune migrate verify. The embedded Options are the
// fidelity rules the data was converted with (casts, zero dates, case).
type VerifyOptions = verify.Options

// VerifyResult is the verdict for one table.
type VerifyResult = verify.Result

// VerifyError says how many tables did not verify.
type VerifyError = verify.Error

// SchemaGap is one way PostgreSQL's database differs from what MySQL's
// implies (after the conversion rules): a missing or different table,
// column, type, NOT NULL, default, key, index, foreign key, CHECK,
// identity value, view (or its rows), trigger, routine or event.
type SchemaGap = verify.SchemaGap

// SchemaTable is the name VerifyResult.Table has for the schema checks.
const SchemaTable = verify.SchemaTable

// Compare reads every row of each table from MySQL (db) and PostgreSQL
// (pg, in t.Schema) and compares canonical values column by column, using
// the same column mapping the conversion used. Differences the fidelity
// rules produce (zero dates -> NULL, stripped NULs) are counted as
// explained. Rows are matched by primary key; keyless tables as multisets.
//
// It holds one table's rows in memory: meant for tests and modest tables
// (migrate verify will checksum primary-key ranges instead).
func Compare(ctx context.Context, my *sql.DB, pg *pgx.Conn, tables []*Table, m *Mapping) ([]*TableDiff, error) {
	return verify.Compare(ctx, my, pg, tables, m)
}

// TableDiff is the value-by-value comparison of one table.
type TableDiff = verify.TableDiff

// Mismatch is one value that differs between MySQL and PostgreSQL.
type Mismatch = verify.Mismatch

// VerifySummary counts a verify's results (the verify.summary line).
type VerifySummary = verify.Summary

// SplitVerify separates the schema checks' result (nil when skipped)
// from the tables'.
func SplitVerify(res []*VerifyResult) (tables []*VerifyResult, schema *VerifyResult) {
	return verify.Split(res)
}

// SummarizeVerify counts res.
func SummarizeVerify(res []*VerifyResult) VerifySummary { return verify.Summarize(res) }
