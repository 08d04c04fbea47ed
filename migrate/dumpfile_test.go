package migrate_test

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/migrate"
)

// TestDumpReadTwice: a .gz file and stdin are each pre-scanned, then read
// again from the start (stdin from its spool), with progress by file bytes.
func TestDumpReadTwice(t *testing.T) {
	dir := t.TempDir()
	gzPath := filepath.Join(dir, "d.sql.gz")
	f, err := os.Create(gzPath)
	if err != nil {
		t.Fatal(err)
	}
	w := gzip.NewWriter(f)
	io.WriteString(w, fitDump)
	w.Close()
	f.Close()
	for _, d := range []*migrate.Dump{{Path: gzPath}, {Path: "-", Stdin: strings.NewReader(fitDump), SpoolDir: dir}} {
		var last, size int64 = -2, -2
		fit, err := d.Prescan(context.Background(), migrate.Options{}, func(read, sz int64) { last, size = read, sz })
		if err != nil || fit == nil {
			t.Fatalf("%s: prescan: %v", d.Path, err)
		}
		if d.Path != "-" && (size <= 0 || last < 0) {
			t.Errorf("%s: progress %d of %d", d.Path, last, size)
		}
		for i := 0; i < 2; i++ {
			s, err := d.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(s)
			s.Close()
			if err != nil || string(b) != fitDump || s.RawBytes() <= 0 {
				t.Fatalf("%s: read %d: %d bytes, %v (raw %d)", d.Path, i, len(b), err, s.RawBytes())
			}
		}
		d.Close()
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("the stdin spool is left in %s: %v", dir, ents)
	}
}

func TestDumpOpenError(t *testing.T) {
	d := &migrate.Dump{Path: filepath.Join(t.TempDir(), "missing.sql")}
	_, err := d.Prescan(context.Background(), migrate.Options{}, nil)
	var oe *migrate.DumpOpenError
	if !errors.As(err, &oe) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("want a DumpOpenError, got %T %v", err, err)
	}
}
