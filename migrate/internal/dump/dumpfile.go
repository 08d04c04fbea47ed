package dump

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/opsctl/opsctl/internal/iox"
)

// Dump is a mysqldump read twice: once by the pre-scan (Prescan), then by
// the load or conversion (Open). A file (plain, .gz or .zst) is opened
// again; a stream (Path "-": Stdin) is spooled by the pre-scan to an
// unlinked temp file in SpoolDir ("" for $TMPDIR) and read back from
// there. Close it when done.
type Dump struct {
	Path     string
	Stdin    io.Reader
	SpoolDir string

	spool *os.File
}

// DumpStream is one read of a dump: the SQL text (decompressed). Size is
// the file's size (-1 when unknown) and RawBytes the bytes read from it
// so far (compressed), for a progress bar.
type DumpStream struct {
	io.Reader
	Size  int64
	raw   *iox.CountingReader
	close func()
}

// RawBytes is the number of file bytes read so far.
func (s *DumpStream) RawBytes() int64 { return s.raw.N() }

// Close closes the file (not Stdin).
func (s *DumpStream) Close() error { s.close(); return nil }

// DumpOpenError is a dump file that could not be opened (the user's
// input: a wrong path, no permission).
type DumpOpenError struct{ Err error }

func (e *DumpOpenError) Error() string { return e.Err.Error() }
func (e *DumpOpenError) Unwrap() error { return e.Err }

// Usage: the dump named on the command line cannot be opened (exit 2).
func (e *DumpOpenError) Usage() bool { return true }

// Open reads the dump from its start: the file, or the spool after the
// pre-scan, or Stdin (once). A file that cannot be opened is a
// *DumpOpenError.
func (d *Dump) Open() (*DumpStream, error) {
	if d.spool != nil {
		st, err := d.spool.Stat()
		if err != nil {
			return nil, err
		}
		raw := &iox.CountingReader{R: io.NewSectionReader(d.spool, 0, st.Size())}
		return &DumpStream{Reader: raw, Size: st.Size(), raw: raw, close: func() {}}, nil
	}
	s := &DumpStream{Size: -1, close: func() {}}
	var f io.Reader = d.Stdin
	if d.Path != "-" {
		fh, err := os.Open(d.Path)
		if err != nil {
			return nil, &DumpOpenError{err}
		}
		if st, err := fh.Stat(); err == nil && st.Mode().IsRegular() {
			s.Size = st.Size()
		}
		f = fh
		s.close = func() { fh.Close() }
	}
	s.raw = &iox.CountingReader{R: f}
	s.Reader = s.raw
	switch {
	case strings.HasSuffix(d.Path, ".gz"):
		gz, err := gzip.NewReader(s.raw)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("%s: %w", d.Path, err)
		}
		s.Reader = gz
	case strings.HasSuffix(d.Path, ".zst"):
		zr, err := zstd.NewReader(s.raw, zstd.WithDecoderConcurrency(1))
		if err != nil {
			s.close()
			return nil, fmt.Errorf("%s: %w", d.Path, err)
		}
		c0 := s.close
		s.close = func() { zr.Close(); c0() }
		s.Reader = zr
	}
	return s, nil
}

// Reopen is Open as an io.ReadCloser (load.Options.Reopen: the dump read
// once more, from the file or the pre-scan's spool).
func (d *Dump) Reopen() (io.ReadCloser, error) {
	s, err := d.Open()
	if err != nil {
		return nil, err // not a typed nil
	}
	return s, nil
}

// Prescan reads the whole dump once before anything is written (see the
// package's Prescan: the types that fit every value), and so checks a
// compressed stream to its end (a .gz CRC or .zst checksum failure: the
// dump is corrupt). A stream is spooled on the way. progress (may be nil)
// gets the file bytes read and the file's size (-1 unknown): once at the
// start, then as the scan goes.
func (d *Dump) Prescan(ctx context.Context, opts Options, progress func(read, size int64)) (*Fit, error) {
	s, err := d.Open()
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var r io.Reader = s
	var spool *os.File
	var bw *bufio.Writer
	if d.Path == "-" && d.spool == nil {
		spool, err = os.CreateTemp(d.SpoolDir, "opsctl-stdin-*.sql")
		if err != nil {
			return nil, fmt.Errorf("spool stdin for the pre-scan: %w", err)
		}
		os.Remove(spool.Name()) // gone when closed, even after a crash
		bw = bufio.NewWriterSize(spool, 1<<20)
		r = io.TeeReader(r, bw)
	}
	if progress == nil {
		progress = func(int64, int64) {}
	}
	progress(0, s.Size)
	o := opts
	o.OnEvent = func(e Event) {
		if e.Is(EvProgress) {
			progress(s.RawBytes(), s.Size)
		}
	}
	fit, err := Prescan(ctx, r, o)
	if err == nil && bw != nil {
		err = bw.Flush()
	}
	if err != nil {
		if spool != nil {
			spool.Close()
		}
		return nil, err
	}
	if spool != nil {
		d.spool = spool
	}
	return fit, nil
}

// Close removes the spool, if any.
func (d *Dump) Close() {
	if d != nil && d.spool != nil {
		d.spool.Close()
		d.spool = nil
	}
}
