package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

// The README's first command must keep working.
func TestDemo(t *testing.T) {
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "sshd", "unshare", "go")
	var out, errOut bytes.Buffer
	if code := run([]string{"demo", "-n", "4"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	wants := []string{"web01 | I am web01", "web04 | I am web04", "HOST KEY CHANGED", "==> done"}
	// Steps of a command this build lacks are skipped (and say so);
	// the others must have told their story.
	story := map[string][]string{
		"deploy": {"$ opsctl deploy --artifact v2.tgz --release-id v2 --canary 2 --batch-size 4", "cannot reach the payment API", "the other 2 hosts were never touched",
			"wave 1 gate errors: BREACH", "the metric gate saw its error rate", "webhook: opsctl: deploy v4-bad failed"},
		"readonly":       {"$ opsctl readonly on --yes --reason 'db move'", "503 Service Unavailable", "read-only ON", "read-only OFF"},
		"migrate":        {"$ opsctl migrate load shop.sql", "customers|products|orders|sum(price) = 200|50|3000|"},
		"rollback":       {"$ opsctl rollback", "all 4 hosts back on v1 in"},
		"migrate verify": {"MYSQL_PWD=... opsctl migrate verify --from mysql://root@127.0.0.1:", "verify compared every row"},
	}
	if strings.Contains(out.String(), "opsctl migrate cutover --rehearse") {
		// Migration day is one command: the manual load/verify is gone.
		delete(story, "migrate")
		delete(story, "migrate verify")
		wants = append(wants, "$ MYSQL_PWD=... opsctl migrate cutover --rehearse", "rehearsal done: expect a read-only window of about",
			"cutover done: the app runs on postgres://", "read-only window: ", "(db=postgres)", "customers|products|orders = 200|50|300",
			"the trigger orders_sold (now PL/pgSQL) counted every order", "the view city_sales", "order_total(3, 9.99)", "Lyon | POINT(4.8357 45.764) | 4326 | POINT", "USING gist")
	}
	// preflight maps the tables as the copy will: the stores' points are
	// geometry (the copy creates PostGIS), not "stored as bytea"
	if strings.Contains(out.String(), "stored as bytea") {
		t.Errorf("preflight warned of bytea for a column the copy makes geometry:\n%s", out.String())
	}
	for cmd, w := range story {
		if strings.Contains(out.String(), "no '"+cmd+"' command yet") {
			t.Logf("this build has no %s: its steps were skipped", cmd)
			continue
		}
		wants = append(wants, w...)
	}
	for _, want := range wants {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	if t.Failed() {
		return
	}
	// Every server the lab started is stopped.
	dir := labDirOf(out.String())
	if dir == "" {
		t.Fatal("no lab directory in the output")
	}
	if procs := lingering(dir, 0); len(procs) > 0 {
		t.Fatalf("still running after the demo:\n%s", strings.Join(procs, "\n"))
	}
}

// labDirOf finds "(lab: /tmp/oplNNN)" in the demo's output.
func labDirOf(out string) string {
	i := strings.Index(out, "(lab: ")
	if i < 0 {
		return ""
	}
	rest := out[i+len("(lab: "):]
	if j := strings.IndexByte(rest, ')'); j > 0 {
		return rest[:j]
	}
	return ""
}

func TestUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "opslab demo") {
		t.Fatalf("code %d stderr %q", code, errOut.String())
	}
	if code := run([]string{"demo", "-n", "0"}, &out, &errOut); code != 2 {
		t.Fatalf("code %d", code)
	}
}
