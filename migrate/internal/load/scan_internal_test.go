package load

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"
	"testing/iotest"

	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

// convertSmall converts with a tiny initial window fed by a reader that
// returns a few bytes at a time, so every refill path runs.
func convertSmall(t *testing.T, in []byte, opts dump.Options, chunk int) (string, *dump.Report, error) {
	t.Helper()
	var out bytes.Buffer
	sk := &scriptSink{opts: opts}
	sk.w = newBufWriter(&out)
	sk.header()
	var r io.Reader = bytes.NewReader(in)
	if chunk > 0 {
		r = &smallReader{r: r, n: chunk}
	}
	d := dump.NewParser(context.Background(), r, opts, model.GIS{}, sk)
	if chunk > 0 {
		d.SetWindow(16)
	}
	sk.d = d
	rep, err := d.Run()
	sk.w.Flush()
	return out.String(), rep, err
}

type smallReader struct {
	r io.Reader
	n int
	i int
}

func (s *smallReader) Read(p []byte) (int, error) {
	s.i++
	n := 1 + s.i%s.n
	if len(p) > n {
		p = p[:n]
	}
	return s.r.Read(p)
}

func TestRefillPathsGiveSameOutput(t *testing.T) {
	for _, f := range []string{"../../testdata/mariadb-default.sql", "../../testdata/mariadb-ansi-hex-complete-single.sql"} {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c1, _ := cast.Parse("times.tm=interval")
		c2, _ := cast.Parse("times.tm3=interval")
		opts := dump.Options{Casts: []model.Cast{c1, c2}}
		want, _, err := convertSmall(t, in, opts, 0)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, chunk := range []int{1, 3, 7, 64} {
			got, _, err := convertSmall(t, in, opts, chunk)
			if err != nil {
				t.Fatalf("%s chunk %d: %v", f, chunk, err)
			}
			if got != want {
				t.Fatalf("%s chunk %d: output differs\n--- got\n%s\n--- want\n%s", f, chunk, got, want)
			}
		}
		_ = iotest.OneByteReader
	}
}
