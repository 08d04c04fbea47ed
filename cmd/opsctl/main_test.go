package main

import (
	"bytes"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript scripts run "opsctl" in-process.
//
// The lab tests drive rollback, readonly on, exec and the rest as a script
// would: OPSCTL_YES=1 answers their confirmations. The confirmation tests
// clear it (see confirm_test.go).
func TestMain(m *testing.M) {
	// The test binary is opsctl itself when a test runs it with this
	// variable set (no "go build" per test: TestConfirmPromptOnTerminal).
	if os.Getenv("OPSCTL_TEST_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], systemIO()))
	}
	os.Setenv("OPSCTL_YES", "1")
	// Ctrl-C tests send real SIGINTs to this process; each listens while
	// it runs, but a late one (after its test stopped listening) must not
	// kill the whole test binary ("signal: interrupt"). This sink only
	// keeps the default action away; opsctl's own handler still gets
	// every signal sent while a command runs.
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	// completion's release cache (complete.go) goes to a scratch dir, not
	// the user's ~/.cache; the go build cache stays where it was (a test
	// that builds the binary would otherwise compile every dependency
	// cold: minutes on a loaded machine)
	if os.Getenv("GOCACHE") == "" {
		if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
			os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
		}
	}
	if d, err := os.MkdirTemp("", "opsctl-test-cache-"); err == nil {
		os.Setenv("XDG_CACHE_HOME", d)
	}
	// the migrate lab tests' shared servers stop after the last test
	testscript.Main(closeSharedAfter{m}, map[string]func(){
		"opsctl": func() { os.Exit(run(os.Args[1:], systemIO())) },
	})
}

// runCLI runs opsctl with buffers for streams (never a TTY).
// interrupts reports each interrupt opsctl has handled (interruptHandled)
// for the rest of the test: a Ctrl-C test waits on it, not on a sleep.
func interrupts(t *testing.T) <-chan int {
	ch := make(chan int, 4)
	interruptHandled = func(n int) { ch <- n }
	t.Cleanup(func() { interruptHandled = nil })
	return ch
}

// handled waits until opsctl has handled its n-th interrupt (1: the soft
// stop is on; 2: the hard one). Safe from any goroutine.
func handled(t *testing.T, ch <-chan int, n int) {
	select {
	case got := <-ch:
		if got != n {
			t.Errorf("interrupt %d handled, want %d", got, n)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("interrupt %d not handled after 10s", n)
	}
}

func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	io := &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut, TermWide: 80}
	code = run(args, io)
	if j, linesOnly := jsonArgs(args); j && linesOnly {
		checkJSONLines(t, args, out.String(), code, code != 0)
	}
	return out.String(), errOut.String(), code
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}

func TestExitCodesAndUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"version"}, 0, ""},
		{[]string{"--bogus"}, ExitUsage, "unknown flag"},
		{[]string{"nosuchcmd"}, ExitUsage, "unknown command"},
		{[]string{"-o", "yaml", "version"}, ExitUsage, `--output "yaml"`},
		{[]string{"--concurrency", "0", "version"}, ExitUsage, "--concurrency"},
		{[]string{"-c", "/nonexistent.yaml", "inventory"}, ExitUsage, "no such file"},
	} {
		_, stderr, code := runCLI(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.err) {
			t.Errorf("%v: code %d stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.err)
		}
	}
}

func TestJSONErrors(t *testing.T) {
	stdout, _, code := runCLI(t, "", "-o", "json", "-c", "/nonexistent.yaml", "inventory")
	if code != ExitUsage || !strings.Contains(stdout, `"event":"opsctl.error"`) || !strings.Contains(stdout, `"exit_code":2`) {
		t.Fatalf("code %d stdout %q", code, stdout)
	}
}

// A dump whose tables all convert but whose event does not: exit 4, the
// summary names it, and the stub holds its MySQL text.
func TestMigrateIncompleteExitCode(t *testing.T) {
	dir := t.TempDir()
	dump := filepath.Join(dir, "d.sql")
	if err := os.WriteFile(dump, []byte("CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\nDELIMITER ;;\nCREATE DEFINER=`root`@`%` EVENT `ev_purge` ON SCHEDULE EVERY 1 DAY DO DELETE FROM t ;;\nDELIMITER ;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stubs := filepath.Join(dir, "stubs")
	_, stderr, code := runCLI(t, "", "migrate", "convert", dump, "-f", filepath.Join(dir, "out.psql"), "--stubs", stubs)
	if code != ExitIncomplete || !strings.Contains(stderr, "database incomplete: 1 object(s) not migrated (event public.ev_purge)") {
		t.Fatalf("code %d stderr %q", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(stubs, "public.event.ev_purge.sql"))
	if err != nil || !strings.Contains(string(b), "-- > CREATE DEFINER=`root`@`%` EVENT `ev_purge` ON SCHEDULE EVERY 1 DAY DO DELETE FROM t") {
		t.Fatalf("stub: %v\n%s", err, b)
	}
}
