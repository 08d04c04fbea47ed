package migrate

import (
	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

// The vocabulary every path shares: the options of a run, its events and
// its report (defined in internal/dump, whose parser every path uses).

// Options are the fidelity choices and the output shape.
type Options = dump.Options

// Event is progress from the parser, the loader, the copy and verify:
// Name is "migrate.<verb>" (an Ev* verb), Table the table (schema.table),
// Took how long a scan took.
type Event = dump.Event

// Event verbs.
const (
	EvProgress   = dump.EvProgress   // Bytes of the dump read
	EvPlan       = dump.EvPlan       // a copy starts: Rows estimated in all
	EvScan       = dump.EvScan       // the live copy scanned MySQL for types that fit (Took)
	EvTableStart = dump.EvTableStart // Table starts
	EvRows       = dump.EvRows       // Rows more of Table copied
	EvTableDone  = dump.EvTableDone  // Table done (Err: failed)
	EvWarning    = dump.EvWarning    // Err says what
	// load only: the phases after the dump is read (progress to the end)
	EvReadDone   = dump.EvReadDone   // the dump is read; tables may still be loading
	EvLoaded     = dump.EvLoaded     // Table's Rows are committed in PostgreSQL (Took)
	EvIndexes    = dump.EvIndexes    // Rows index builds of Table queued
	EvIndexBuilt = dump.EvIndexBuilt // one index of Table built (Err: failed)
	EvPostData   = dump.EvPostData   // every table and index done: foreign keys, views next
)

// Report is the outcome of a conversion or load.
type Report = dump.Report

// TableReport is the outcome for one table.
type TableReport = dump.TableReport

// ColumnType is one column's type decision (Report.Columns).
type ColumnType = dump.ColumnType

// PartialError says some tables were migrated and others were not.
type PartialError = dump.PartialError

// IncompleteError says every table arrived but some objects did not: the
// database is incomplete. Commands exit 4 on it.
type IncompleteError = dump.IncompleteError

// SyntaxError is a dump that cannot be parsed: where, and what was expected.
type SyntaxError = dump.SyntaxError

// ValueError is a value PostgreSQL cannot hold under the chosen mapping.
type ValueError = dump.ValueError

// CorruptError is a dump whose compressed stream failed its integrity
// check (gzip CRC, zstd checksum) or could not be read: nothing from it
// was loaded.
type CorruptError = dump.CorruptError

// PostGIS modes (Options.PostGIS).
const (
	PostGISAuto = model.PostGISAuto // use PostGIS when the target has it or CREATE EXTENSION works; else bytea + warning
	PostGISOn   = model.PostGISOn   // require it (create the extension when missing); fail otherwise
	PostGISOff  = model.PostGISOff  // keep spatial values as bytea (MySQL's SRID + WKB bytes)
)

// ValidPostGIS checks a --postgis value.
func ValidPostGIS(mode string) error { return model.ValidPostGIS(mode) }
