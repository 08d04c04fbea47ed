package main

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/opsctl/opsctl/cutover"
)

// BenchmarkCutoverWindow runs the whole cutover on the lab (2 HAProxy, 2
// Varnish, 2 app hosts over SSH, MariaDB -> PostgreSQL) and reports the
// read-only window and the steps inside it. Quiesce waits 1 s of no
// writes (checksum method: the lab's MariaDB has no binlog). The copy
// step is the live copy, or (method=dump) mariadb-dump into migrate load,
// or (method=precopy) cutover.precopy: true, with one products row
// updated between the precopy and read-only mode (the small table
// changed, the big orders table did not: the window copies products
// again and keeps orders). mysqlro+recheck-ms is what issue 15 added:
// SET GLOBAL read_only and the write mark read again after verify (the
// last read, before read-only off, is inside flips+...). With
// OPSCTL_LAB_PG_PROD=1 PostgreSQL runs with its defaults (fsync on,
// wal_level=replica) instead of the lab's fsync off.
//
//	go test ./cmd/opsctl -run '^$' -bench CutoverWindow -benchtime 1x
func BenchmarkCutoverWindow(b *testing.B) {
	for _, c := range []struct {
		orders int
		method string
	}{{2000, "copy"}, {200000, "copy"}, {200000, "dump"}, {200000, "precopy"}} {
		b.Run(fmt.Sprintf("orders=%d/method=%s", c.orders, c.method), func(b *testing.B) {
			cl := startCutoverLab(b, c.orders, c.method)
			if c.method == "precopy" {
				my, err := sql.Open("mysql", cl.my.DSN(""))
				if err != nil {
					b.Fatal(err)
				}
				defer my.Close()
				cutoverBeforeStep = func(ctx context.Context, step string) error {
					if step == cutover.StepReadonlyOn {
						_, err := my.ExecContext(ctx, "UPDATE shop.products SET price = price + 1 WHERE id = 1")
						return err
					}
					return nil
				}
				defer func() { cutoverBeforeStep = nil }()
			}
			b.ResetTimer()
			var w, q, c, v, rest, pre, guard float64
			for i := 0; i < b.N; i++ {
				out, errOut, code := runCLIb(b, "-c", cl.cfg, "-o", "json", "migrate", "cutover")
				if code != 0 {
					b.Fatalf("exit %d\n%s%s", code, out, errOut)
				}
				tl := parseTimeline(b, out)
				w += tl.WindowMS
				q += tl.took("quiesce")
				c += tl.took("copy")
				v += tl.took("verify")
				pre += tl.took("precopy")
				guard += tl.took("mysql-readonly") + tl.took("recheck")
				rest += tl.took("readonly-on") + tl.took("repoint") + tl.took("smoke") + tl.took("readonly-off")
			}
			n := float64(b.N)
			b.ReportMetric(w/n, "window-ms")
			b.ReportMetric(q/n, "quiesce-ms")
			b.ReportMetric(c/n, "copy-ms")
			b.ReportMetric(v/n, "verify-ms")
			b.ReportMetric(rest/n, "flips+repoint+smoke-ms")
			b.ReportMetric(pre/n, "precopy-ms")
			// issue 15: MySQL's read_only and the write mark read again
			b.ReportMetric(guard/n, "mysqlro+recheck-ms")
		})
	}
}
