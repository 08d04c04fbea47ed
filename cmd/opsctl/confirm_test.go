package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/opsctl/opsctl/deploy"
)

const confirmCfg = `app:
  deploy_to: /srv/app
hosts:
  - name: web01
    address: 127.0.0.1
    port: 1
  - name: web02
    address: 127.0.0.1
    port: 1
`

func writeConfirmCfg(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "opsctl.yaml")
	if err := os.WriteFile(p, []byte(confirmCfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Without a terminal, a site-wide or destructive act is refused unless
// --yes says the script means it; nothing is contacted.
func TestConfirmRefusedWithoutTerminal(t *testing.T) {
	t.Setenv("OPSCTL_YES", "")
	cfg := writeConfirmCfg(t)
	for _, args := range [][]string{
		{"rollback"},
		{"rollback", "--to", "r1"},
		{"unlock", "--break-lock"},
		{"exec", "--", "true"},
		{"migrate", "load", "--drop", "--to", "postgres://u:sekrit@127.0.0.1:1/x", "/dev/null"},
	} {
		_, stderr, code := runCLI(t, "", append([]string{"-c", cfg}, args...)...)
		if code != ExitUsage || !strings.Contains(stderr, "pass --yes to go ahead") {
			t.Errorf("%v: code %d stderr %q; want a refusal asking for --yes", args, code, stderr)
		}
		if strings.Contains(stderr, "sekrit") || strings.Contains(stderr, "connect") {
			t.Errorf("%v: %q", args, stderr)
		}
	}
	// exec with -H names its hosts: no question
	if _, stderr, _ := runCLI(t, "", "-c", cfg, "exec", "-H", "web01", "--", "true"); strings.Contains(stderr, "--yes") {
		t.Errorf("exec -H asked: %q", stderr)
	}
	// --yes goes ahead (and fails to connect: the hosts are not there)
	_, stderr, code := runCLI(t, "", "-c", cfg, "--yes", "exec", "--", "true")
	if code == ExitUsage || !strings.Contains(stderr, "connect") {
		t.Errorf("exec --yes: code %d stderr %q", code, stderr)
	}
}

// On a terminal the question shows what will happen, re-asks on anything
// but yes or no, and "no" changes nothing.
func TestConfirmPromptOnTerminal(t *testing.T) {
	t.Parallel() // see parallel_test.go
	// The test binary is opsctl under OPSCTL_TEST_AS_MAIN (TestMain).
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cfg := writeConfirmCfg(t)
	run := func(answers []string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"-c", cfg}, args...)...)
		cmd.Env = append(os.Environ(), "OPSCTL_YES=", "OPSCTL_TEST_AS_MAIN=1")
		f, err := pty.Start(cmd)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var (
			mu  sync.Mutex
			out strings.Builder
		)
		rd := bufio.NewReader(f)
		done := make(chan struct{})
		go func() {
			defer close(done)
			buf := make([]byte, 4096)
			for {
				n, err := rd.Read(buf)
				mu.Lock()
				out.Write(buf[:n])
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
		for i, a := range answers {
			// answer the i-th question once it is on the screen
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				mu.Lock()
				asked := strings.Count(out.String(), "Proceed? [y/n]")
				mu.Unlock()
				if asked > i {
					break
				}
			}
			f.Write([]byte(a + "\n"))
		}
		err = cmd.Wait()
		<-done
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return out.String(), code
	}
	out, code := run([]string{"maybe", "n"}, "rollback")
	if code != ExitError || !strings.Contains(out, "roll back 2 host(s) to their previous release: web01, web02") ||
		!strings.Contains(out, "Please answer yes or no.") || !strings.Contains(out, "cancelled: nothing was changed") {
		t.Errorf("rollback, answered maybe then n: code %d\n%s", code, out)
	}
	if strings.Contains(out, "connect") {
		t.Errorf("a cancelled rollback contacted the hosts:\n%s", out)
	}
	out, code = run([]string{"yes"}, "exec", "--", "true")
	if code == ExitError && strings.Contains(out, "cancelled") || !strings.Contains(out, "connect") {
		t.Errorf("exec on every host, answered yes: code %d\n%s", code, out)
	}
}

// deploy --confirm: an answer that is neither yes nor no asks again instead
// of aborting the deploy and rolling back.
func TestConfirmWaveReasks(t *testing.T) {
	for in, want := range map[string]bool{"maybe\nyes\n": true, "\nx\nn\n": false, "y\n": true} {
		var errOut strings.Builder
		a := newApp(&IOStreams{In: strings.NewReader(in), Out: &strings.Builder{}, ErrOut: &errOut})
		ok, err := a.confirmWave(context.Background(), deploy.WaveSummary{Wave: 1, Waves: 2, Remaining: 3})
		if err != nil || ok != want {
			t.Errorf("%q: ok %v err %v, want %v", in, ok, err, want)
		}
		if in != "y\n" && !strings.Contains(errOut.String(), "Please answer y") {
			t.Errorf("%q: no re-ask: %q", in, errOut.String())
		}
	}
}
