package migrate

import (
	"context"
	"io"

	"github.com/opsctl/opsctl/internal/iox"
	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/load"
)

// From a dump: reading it (internal/dump), converting it to a psql script
// or loading it into PostgreSQL (internal/load).

// Dump is a mysqldump read twice: once by the pre-scan (Prescan), then by
// the load or conversion (Open). A file (plain, .gz or .zst) is opened
// again; a stream (Path "-": Stdin) is spooled by the pre-scan to an
// unlinked temp file in SpoolDir ("" for $TMPDIR) and read back from
// there. Close it when done.
type Dump = dump.Dump

// DumpStream is one read of a dump: the SQL text (decompressed). Size is
// the file's size (-1 when unknown) and RawBytes the bytes read from it
// so far (compressed), for a progress bar.
type DumpStream = dump.DumpStream

// DumpOpenError is a dump file that could not be opened (the user's
// input: a wrong path, no permission).
type DumpOpenError = dump.DumpOpenError

// Fit is what a scan learned about the values of each column.
type Fit = dump.Fit

// Prescan reads the whole dump once, fast (the parser's tokenizer, no
// conversion, no output), and returns every column's fit for Load and
// Convert (Options.Fit). Reading through the decompressor to the end, it
// also passes the stream's integrity check before anything is loaded: a
// damaged .gz/.zst returns a *CorruptError. A dump that does not parse is
// not an error here: the fit of the tables before the fault is returned
// and the load reports the fault where it is.
func Prescan(ctx context.Context, r io.Reader, opts Options) (*Fit, error) {
	return dump.Prescan(ctx, r, opts)
}

// Convert reads a mysqldump from r and writes a psql script to w:
// schema, COPY blocks (one transaction per table), then keys, NOT NULLs,
// identity values, foreign keys, triggers, comments and views.
// It stops at the first error (a script with a hole would not be safe).
func Convert(ctx context.Context, r io.Reader, w io.Writer, opts Options) (*Report, error) {
	return load.Convert(ctx, r, w, opts)
}

// ConvertFile is Convert into the file at path (mode 0600), written whole
// or not at all: a temporary file beside it is renamed into place once
// the conversion succeeded.
func ConvertFile(ctx context.Context, r io.Reader, path string, opts Options) (*Report, error) {
	out, err := iox.CreateAtomic(path, 0o600)
	if err != nil {
		return nil, err
	}
	defer out.Abort()
	rep, err := Convert(ctx, r, out, opts)
	if err == nil {
		err = out.Commit()
	}
	return rep, err
}

// Load streams a mysqldump into PostgreSQL: tables are created and filled
// with COPY while the dump is parsed, each in its own transaction, in a
// staging schema of this run; their indexes, NOT NULLs and identity
// values are built there as each table's rows are in. Once the whole dump
// has been read (to its "Dump completed" trailer when it has one) every
// loaded table is moved into place in ONE transaction, replacing (with
// --drop) the table of the same name; then foreign keys, triggers,
// comments, views. So a failure, a cut or corrupt dump, a killed server
// or Ctrl-C leaves every existing table exactly as it was.
//
// Give it the dump's Prescan result (Options.Fit), as the CLI always does:
// without it column types follow the declarations alone, so a bigint
// unsigned column referencing an AUTO_INCREMENT bigint unsigned key (a
// Laravel foreignId) stays numeric(20) beside a bigint key, and PostgreSQL
// refuses that foreign key (reported, never silent).
func Load(ctx context.Context, r io.Reader, lo LoadOptions) (*Report, error) {
	return load.Load(ctx, r, lo)
}

// LoadOptions add the target to Options.
type LoadOptions = load.Options
