package main

import (
	"fmt"
	"testing"
)

// BenchmarkCutoverWindow runs the whole cutover on the lab (2 HAProxy, 2
// Varnish, 2 app hosts over SSH, MariaDB -> PostgreSQL) and reports the
// read-only window and the steps inside it. Quiesce waits 1 s of no
// writes (checksum method: the lab's MariaDB has no binlog). The copy
// step is the live copy, or (method=dump) mariadb-dump into migrate load.
//
//	go test ./cmd/opsctl -run '^$' -bench CutoverWindow -benchtime 1x
func BenchmarkCutoverWindow(b *testing.B) {
	for _, c := range []struct {
		orders int
		method string
	}{{2000, "copy"}, {200000, "copy"}, {200000, "dump"}} {
		b.Run(fmt.Sprintf("orders=%d/method=%s", c.orders, c.method), func(b *testing.B) {
			cl := startCutoverLab(b, c.orders, c.method)
			b.ResetTimer()
			var w, q, c, v, rest float64
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
				rest += tl.took("readonly-on") + tl.took("repoint") + tl.took("smoke") + tl.took("readonly-off")
			}
			n := float64(b.N)
			b.ReportMetric(w/n, "window-ms")
			b.ReportMetric(q/n, "quiesce-ms")
			b.ReportMetric(c/n, "copy-ms")
			b.ReportMetric(v/n, "verify-ms")
			b.ReportMetric(rest/n, "flips+repoint+smoke-ms")
		})
	}
}
