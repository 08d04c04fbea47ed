package load

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

// FuzzConvert: any input must end in a result or an error: no panic, no
// hang. Seeds: pieces of the committed dumps (migrate/testdata) plus testdata/fuzz/FuzzConvert.
//
//	go test ./migrate/internal/load -run XXX -fuzz FuzzConvert -fuzztime 60s -fuzzminimizetime 2s
//
// (the default 60 s minimisation per new input makes progress look stalled)
func FuzzConvert(f *testing.F) {
	// pieces of real dumps (whole dumps make each fuzz input too slow)
	for _, p := range []string{"../../testdata/mariadb-default.sql", "../../testdata/mariadb-ansi-hex-complete-single.sql"} {
		if b, err := os.ReadFile(p); err == nil {
			for i := 0; i+600 <= len(b); i += 1800 {
				f.Add(b[i : i+600])
			}
		}
	}
	f.Add([]byte("CREATE TABLE t (a int, b varchar(3), c bit(3), d date);\nINSERT INTO t VALUES (1,'x\\'',b'1','0000-00-00');\n"))
	f.Add([]byte("DELIMITER ;;\nCREATE PROCEDURE p() BEGIN SELECT 1; END;;\nDELIMITER ;\n"))
	f.Add([]byte("/*!40101 SET NAMES utf8 */;\n-- c\n# c\n/* c */ USE `x`;"))
	f.Fuzz(func(t *testing.T, in []byte) {
		ctx := context.Background()
		var out bytes.Buffer
		sk := &scriptSink{w: bufio.NewWriterSize(&out, 4096)}
		var r io.Reader = bytes.NewReader(in)
		if len(in)%2 == 1 {
			r = &smallReader{r: r, n: 5}
		}
		d := dump.NewParser(ctx, r, dump.Options{}, model.GIS{}, sk)
		d.SetWindow(16 << (len(in) % 3 * 4)) // 16 B, 256 B or 4 KiB window
		sk.d = d
		done := make(chan struct{})
		go func() { d.Run(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			os.WriteFile("/tmp/slow.sql", in, 0o644)
			panic("slow input")
		}
	})
}
