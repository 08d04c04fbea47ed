package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

// onTerminal runs opsctl with stderr on a pseudo-terminal (stdout to a
// file) and returns what the terminal showed and the exit code.
func onTerminal(t *testing.T, args ...string) (string, int) {
	t.Helper()
	master, slave := openPTY(t)
	defer master.Close()
	var tty bytes.Buffer
	read := make(chan struct{})
	go func() { io.Copy(&tty, master); close(read) }()
	out, _ := os.CreateTemp(t.TempDir(), "stdout")
	defer out.Close()
	devnull, _ := os.Open(os.DevNull)
	defer devnull.Close()
	ios := filesIO(devnull, out, slave)
	if !ios.ErrTTY {
		t.Fatal("the pseudo-terminal is not seen as a terminal")
	}
	code := run(args, ios)
	slave.Close()
	<-read
	return tty.String(), code
}

// exec's host counter moves as hosts finish (it sat at 0/N: a throttled
// bar skipped the redraw after each host's lines); piped, no bar at all.
func TestExecCounterMovesLab(t *testing.T) {
	l, f := lab.StartSSHDT(t, 3)
	cfg := writeConfig(t, l, "opsctl.yaml", f.InventoryYAML(""))
	term, code := onTerminal(t, "-c", cfg, "exec", "--", "true")
	if code != 0 || !strings.Contains(term, "(1/3") || !strings.Contains(term, "(2/3") {
		t.Fatalf("terminal: exit %d\n%q", code, term)
	}
	_, errOut, code := runCLI(t, "", "-c", cfg, "exec", "--", "true")
	if code != 0 || strings.Contains(errOut, "/3") || strings.Contains(errOut, "\x1b") {
		t.Fatalf("piped: exit %d %q", code, errOut)
	}
}

// migrate load shows its phases to the end: reading the dump, then the
// tables committed with their rows and the index builds, then the foreign
// keys and views; piped, none of it.
func TestMigrateLoadProgressLab(t *testing.T) {
	pg := sharedPG(t) // databases p1, p2
	for _, db := range []string{"p1", "p2"} {
		if err := pg.CreateDB(db); err != nil {
			t.Fatal(err)
		}
	}
	dump := bigDump(t, 20000)
	term, code := onTerminal(t, "migrate", "load", dump, "--to", pg.URL("p1"))
	for _, want := range []string{"read", "load: 3/3 tables, 20020 rows, indexes", "foreign keys, views"} {
		if code != 0 || !strings.Contains(term, want) {
			t.Errorf("terminal: exit %d, no %q in\n%q", code, want, term)
		}
	}
	_, errOut, code := runCLI(t, "", "migrate", "load", dump, "--to", pg.URL("p2"))
	if code != 0 || strings.Contains(errOut, "load:") || strings.Contains(errOut, "\x1b") || strings.Contains(errOut, "\r") {
		t.Fatalf("piped: exit %d %q", code, errOut)
	}
}
