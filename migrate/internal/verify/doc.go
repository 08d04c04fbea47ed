// Package verify proves a migration: every row (checksums of canonical
// forms computed inside each database, differing ranges bisected and
// compared value by value in Go), the schema (tables, columns, types,
// keys, indexes, foreign keys, CHECKs, identity values) and the objects
// (views and their rows, triggers, routines, events), all in one snapshot
// of each database. Compare is the value-by-value checker the tests use.
package verify
