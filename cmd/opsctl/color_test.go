package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
)

const colorCfg = `haproxy:
  nodes:
    - {name: lb1, admin: "tcp://127.0.0.1:1"}
`

// runOnPTY runs opsctl with stdout and stderr on a pseudo-terminal and
// returns what the terminal showed.
func runOnPTY(t *testing.T, args ...string) string {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ptmx.Close()
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&buf, ptmx); close(done) }()
	null, _ := os.Open(os.DevNull)
	defer null.Close()
	run(args, filesIO(null, tty, tty))
	tty.Close()
	<-done
	return buf.String()
}

func TestColor(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "opsctl.yaml")
	os.WriteFile(cfg, []byte(colorCfg), 0o600)
	status := []string{"-c", cfg, "readonly", "status"}
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")

	// piped: no escape at all, on stdout or stderr
	out, errOut, code := runCLI(t, "", status...)
	if code != ExitReadonlyUnknown || strings.Contains(out+errOut, "\x1b[") || !strings.Contains(out, "FAILED") {
		t.Errorf("piped: %d %q %q", code, out, errOut)
	}
	// --color always forces it even piped
	if out, _, _ := runCLI(t, "", append(status, "--color", "always")...); !strings.Contains(out, sgrRed+"FAILED"+sgrReset) {
		t.Errorf("--color always: %q", out)
	}

	// a terminal gets colour: bold headers, coloured states and verdict
	term := runOnPTY(t, status...)
	for _, want := range []string{sgrBold + "NODE" + sgrReset, sgrRed + "FAILED" + sgrReset, sgrYellow + "unknown" + sgrReset, "read-only " + sgrYellow + "UNKNOWN" + sgrReset} {
		if !strings.Contains(term, want) {
			t.Errorf("terminal: no %q in %q", want, term)
		}
	}
	// the columns still line up: padding counts what shows, not the escapes
	if !strings.Contains(term, "lb1   haproxy  "+sgrYellow+"unknown"+sgrReset+"  -       ") {
		t.Errorf("alignment: %q", term)
	}
	// --color never and NO_COLOR win over the terminal
	if term := runOnPTY(t, append(status, "--color", "never")...); strings.Contains(term, "\x1b[") {
		t.Errorf("--color never: %q", term)
	}
	t.Setenv("NO_COLOR", "1")
	if term := runOnPTY(t, status...); strings.Contains(term, "\x1b[") || !strings.Contains(term, "FAILED") {
		t.Errorf("NO_COLOR: %q", term)
	}
	// a bad value is a usage error
	if _, errOut, code := runCLI(t, "", "--color", "sometimes", "version"); code != ExitUsage || !strings.Contains(errOut, "want auto, always or never") {
		t.Errorf("--color sometimes: %d %q", code, errOut)
	}
}

// The table printer aligns on what shows and leaves the first column (the
// names) alone even when it spells a state.
func TestTablePrinter(t *testing.T) {
	var b bytes.Buffer
	tw := &tableWriter{w: &b, color: true}
	io.WriteString(tw, "HOST\tSTATE\tDETAIL\nok\tFAILED: boom\tx\nweb01\tok\t-\n\nNODE\tSTATE\nlb1\tMIXED\n")
	tw.Flush()
	want := sgrBold + "HOST" + sgrReset + "   " + sgrBold + "STATE" + sgrReset + "         " + sgrBold + "DETAIL" + sgrReset + "\n" +
		"ok     " + sgrRed + "FAILED" + sgrReset + ": boom  x\n" +
		"web01  " + sgrGreen + "ok" + sgrReset + "            -\n\n" +
		sgrBold + "NODE" + sgrReset + "  " + sgrBold + "STATE" + sgrReset + "\n" +
		"lb1   " + sgrYellow + "MIXED" + sgrReset + "\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}
