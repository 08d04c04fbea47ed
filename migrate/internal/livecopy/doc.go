// Package livecopy copies a live MySQL/MariaDB database to PostgreSQL
// without a dump: the schema read with SHOW CREATE (prepared by the dump
// reader's Parser: same names, mapping and post-data), the fit scan as
// aggregate queries, every reader in one snapshot instant (FLUSH TABLES
// WITH READ LOCK while each starts a consistent snapshot), rows streamed
// through the dump reader's RowParser into COPY, each table staged and
// moved into place by load's Stager, and the state table --resume reads.
package livecopy
