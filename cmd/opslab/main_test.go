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
	for _, want := range []string{"web01 | I am web01", "web04 | I am web04", "HOST KEY CHANGED", "==> done"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
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
