package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestCutoverPrecopyLab: the whole site with cutover.precopy: true, under
// write load. The precopy runs before read-only mode; products (not
// written) is recorded, orders (written all along) is not; in the window
// only orders is copied again, and verify compares every table.
func TestCutoverPrecopyLab(t *testing.T) {
	cl := startCutoverLab(t, 2000, "precopy")
	c := cl.cfg
	out, errOut, code := runCLIb(t, "-c", c, "migrate", "cutover", "--dry-run")
	if code != 0 || !strings.Contains(out, "precopy") || strings.Index(out, "precopy") > strings.Index(out, "readonly-on") ||
		!strings.Contains(out, "only the tables that changed since the precopy") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	stop := make(chan struct{})
	results, pace := cl.load(stop, 2, 2000)
	waitFor(t, 20*time.Second, func() bool { return pace.served(5) })
	out, errOut, code = runCLIb(t, "-c", c, "-o", "json", "migrate", "cutover")
	close(stop)
	results()
	if code != 0 {
		t.Fatalf("cutover: exit %d\n%s%s", code, out, errOut)
	}
	tl := parseTimeline(t, out)
	var lines []string
	details := map[string]string{}
	for _, s := range tl.Steps {
		lines = append(lines, fmt.Sprintf("%-12s %8.1f ms  %s  %s", s.Step, s.TookMS, s.Status, s.Detail))
		details[s.Step] = s.Detail
		if s.Status != "done" {
			t.Errorf("step %s: %s", s.Step, s.Status)
		}
	}
	t.Logf("timeline (read-only window %.0f ms):\n%s", tl.WindowMS, strings.Join(lines, "\n"))
	if d := details["precopy"]; !strings.Contains(d, "2 table(s)") || !strings.Contains(d, "1 unchanged during their copy (recorded), 1 written meanwhile (copied again in the window: shop.orders)") {
		t.Errorf("precopy: %s", d)
	}
	if d := details["copy"]; !strings.Contains(d, "1 table(s) unchanged since the precopy, 1 re-copied") || !strings.Contains(d, "shop.orders") {
		t.Errorf("copy: %s", d)
	}
	if d := details["verify"]; !strings.Contains(d, "2 table(s)") || !strings.Contains(d, "every row and column equal") {
		t.Errorf("verify: %s", d)
	}
	if p := cl.pointsAt(t); p[0] != "postgres" || p[1] != "postgres" {
		t.Fatalf("app hosts point at %v, want postgres", p)
	}
}
