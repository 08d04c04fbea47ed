// Package pgtarget holds what every writer to PostgreSQL shares: the
// session settings (SessionSQL) and a pool whose connections run them
// (OpenPool), the Exec/Row shapes of a connection or transaction, and the
// PostGIS decision for a target (ResolvePostGIS, ProbePostGIS) with the
// once-only CREATE EXTENSION (PostGISOnce).
package pgtarget
