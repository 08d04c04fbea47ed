package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
)

// Deploy-day correctness (issue 16), each tried as a new user would,
// through the CLI against a fleet of real sshd hosts.

// bigArtifact writes a .tar.gz holding size bytes of random data, stored
// (gzip level 0: quick to make, slow enough to upload to be interrupted).
func bigArtifact(t testing.TB, dir, id string, size int) string {
	t.Helper()
	blob := make([]byte, size)
	rand.Read(blob)
	var buf bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&buf, gzip.NoCompression)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(&tar.Header{Name: "VERSION", Mode: 0o644, Size: int64(len(id)), Typeflag: tar.TypeReg})
	tw.Write([]byte(id))
	tw.WriteHeader(&tar.Header{Name: "blob", Mode: 0o644, Size: int64(size), Typeflag: tar.TypeReg})
	tw.Write(blob)
	tw.Close()
	gz.Close()
	p := filepath.Join(dir, id+".tar.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// reportLines checks every line of a deploy report table on stdout starts
// with a host name (or is the header, or an indented detail line).
func reportLines(t *testing.T, out string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if !strings.HasPrefix(l, "HOST ") && !strings.HasPrefix(l, "host") && !strings.HasPrefix(l, "    ") {
			t.Fatalf("report line %q breaks the table:\n%s", l, out)
		}
	}
}

func TestDeployDayLab(t *testing.T) {
	l, f := lab.StartSSHDT(t, 6)
	cfg := writeConfig(t, l, "opsctl.yaml", f.InventoryYAML(labDeployYAML))
	dir := t.TempDir()
	on := func(t *testing.T, want map[string]string) {
		t.Helper()
		for _, h := range f.Hosts {
			w, ok := want[h.Name]
			if !ok {
				w = want["*"]
			}
			if got := hostLive(h); got != w {
				t.Fatalf("%s is on %q, want %q", h.Name, got, w)
			}
		}
	}
	deploy := func(id string, extra ...string) (string, string, int) {
		art := writeArtifact(t, dir, id, 0)
		return runCLI(t, "", append([]string{"-c", cfg, "deploy", "--artifact", art, "--release-id", id}, extra...)...)
	}
	if out, errOut, code := deploy("r1"); code != 0 {
		t.Fatalf("r1: %d\n%s%s", code, out, errOut)
	}

	t.Run("a failing canary halts the deploy whatever --max-fail allows", func(t *testing.T) {
		sick := hostPath(f.Hosts[1], "shared/sick")
		os.WriteFile(sick, nil, 0o644)
		defer os.Remove(sick)
		out, errOut, code := deploy("r2", "--canary", "2", "--max-fail", "1")
		if code != ExitPartial || !strings.Contains(errOut, "canary: 1 of 2 host(s) failed their checks (--canary-max-fail 0)") ||
			!strings.Contains(errOut, "deploy stopped and rolled back (2 host(s) back on their old release)") {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		on(t, map[string]string{"*": "r1"})
		for _, h := range f.Hosts[2:] {
			if _, err := os.Stat(hostPath(h, "releases/r2")); !os.IsNotExist(err) {
				t.Fatalf("%s was deployed to after the canary failed", h.Name)
			}
		}
		if !strings.Contains(out, "host003  2     untouched") {
			t.Fatalf("report:\n%s", out)
		}
		noLocks(t, f)
		// the flag allows it explicitly
		out, errOut, code = deploy("r2b", "--canary", "2", "--max-fail", "1", "--canary-max-fail", "1")
		if code != ExitPartial || !strings.Contains(errOut, "within --max-fail") {
			t.Fatalf("--canary-max-fail 1: exit %d\n%s%s", code, out, errOut)
		}
		on(t, map[string]string{"*": "r2b", "host002": "r1"})
	})

	t.Run("stopped before any switch says nothing was rolled back", func(t *testing.T) {
		c := writeConfig(t, l, "upload-hook.yaml", f.InventoryYAML(labDeployYAML+"  after_upload: [\"test ! -f /srv/app/shared/noupload\"]\n"))
		os.WriteFile(hostPath(f.Hosts[0], "shared/noupload"), nil, 0o644)
		defer os.Remove(hostPath(f.Hosts[0], "shared/noupload"))
		art := writeArtifact(t, dir, "r3", 0)
		out, errOut, code := runCLI(t, "", "-c", c, "-H", "host00[1:4]", "deploy", "--artifact", art, "--release-id", "r3", "--canary", "1")
		if code != ExitError || !strings.Contains(errOut, "deploy stopped before any host switched (nothing to roll back): canary: 1 of 1 host(s) failed before the switch") ||
			strings.Contains(errOut, "rolled back") {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		on(t, map[string]string{"*": "r2b", "host002": "r1"})
		noLocks(t, f)
	})

	t.Run("an unreachable host gets the -H exclusion hint", func(t *testing.T) {
		victim := f.Hosts[5]
		victim.Kill()
		defer func() {
			if err := victim.Restart(); err != nil {
				t.Fatal(err)
			}
		}()
		out, errOut, code := deploy("r4")
		if code != ExitError || !strings.Contains(errOut, "could not reach or lock 1 host(s), nothing changed:\n  host006: connect: 127.0.0.1:") ||
			!strings.Contains(errOut, "opsctl deploy ... -H '!host006'") || strings.Contains(errOut, "unlock --break-lock") || strings.Contains(errOut, "host006: connect: host006") {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		out, errOut, code = runCLI(t, "", "-c", cfg, "-H", "host00[1:6]", "deploy", "--artifact", writeArtifact(t, dir, "r4", 0), "--release-id", "r4")
		if code != ExitError || !strings.Contains(errOut, "-H 'host00[1:6],!host006'") {
			t.Fatalf("with a selection: exit %d\n%s%s", code, out, errOut)
		}
		on(t, map[string]string{"*": "r2b", "host002": "r1"})
	})

	t.Run("the artifact is checked before anything is uploaded", func(t *testing.T) {
		good, _ := os.ReadFile(writeArtifact(t, dir, "r5", 1<<16))
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write([]byte("just text, not a tar\n"))
		zw.Close()
		for name, body := range map[string][]byte{
			"plain text":  []byte("hello\n"),
			"gzip no tar": gz.Bytes(),
			"truncated":   good[:len(good)/2],
			"empty":       nil,
		} {
			art := filepath.Join(dir, "bad.tar.gz")
			os.WriteFile(art, body, 0o644)
			for _, dry := range []bool{false, true} {
				args := []string{"-c", cfg, "deploy", "--artifact", art, "--release-id", "r5"}
				if dry {
					args = append(args, "--dry-run")
				}
				out, errOut, code := runCLI(t, "", args...)
				if code != ExitUsage || !strings.Contains(errOut, "nothing was uploaded") {
					t.Fatalf("%s (dry-run %v): exit %d\n%s%s", name, dry, code, out, errOut)
				}
			}
			for _, h := range f.Hosts {
				if left, _ := filepath.Glob(hostPath(h, "releases/*r5*")); len(left) > 0 {
					t.Fatalf("%s: %s uploaded: %v", name, h.Name, left)
				}
			}
		}
		noLocks(t, f)
	})

	t.Run("a full disk mid-extract says so, one report line per host", func(t *testing.T) {
		small := writeConfig(t, l, "small.yaml", f.InventoryYAML(strings.Replace(labDeployYAML, "deploy_to: /srv/app", "deploy_to: /srv/small", 1)))
		if out, errOut, code := runCLI(t, "", "-c", small, "-H", "host003", "exec", "--", "mkdir -p /srv/small && mount -t tmpfs -o size=1m tmpfs /srv/small"); code != 0 {
			t.Fatalf("mount: %d %s %s", code, out, errOut)
		}
		// 4 MB of one byte: a few KB gzip'd, so the upload fits and the
		// extract fills the 1 MB filesystem
		art := writeArtifact(t, dir, "full", 4<<20)
		for _, o := range []string{"text", "json"} {
			out, errOut, code := runCLI(t, "", "-c", small, "-o", o, "-H", "host00[3:4]", "deploy", "--artifact", art, "--release-id", "full")
			if code != ExitError || !strings.Contains(out, "No space left on device") || strings.Contains(out+errOut, "could not hash") {
				t.Fatalf("-o %s: exit %d\n%s%s", o, code, out, errOut)
			}
			if o == "text" {
				reportLines(t, out)
				ok := false
				for _, l := range strings.Split(out, "\n") {
					ok = ok || (strings.HasPrefix(l, "host003 ") && strings.Contains(l, "extract: extract failed (") && strings.HasSuffix(l, "No space left on device (more below)"))
				}
				if !ok {
					t.Fatalf("report:\n%s", out)
				}
			}
		}
	})

	t.Run("health.url credentials are never printed", func(t *testing.T) {
		yaml := strings.Replace(labDeployYAML, "health:\n", "health:\n  url: \"http://deployer:s3cr3t-pw@127.0.0.1:1/health\"\n", 1)
		c := writeConfig(t, l, "creds.yaml", f.InventoryYAML(yaml))
		art := writeArtifact(t, dir, "r6", 0)
		var all strings.Builder
		for _, args := range [][]string{
			{"deploy", "--artifact", art, "--dry-run"},
			{"-o", "json", "deploy", "--artifact", art, "--dry-run"},
			{"-H", "host001", "deploy", "--artifact", art, "--release-id", "r6"},
			{"-o", "json", "-H", "host001", "deploy", "--artifact", art, "--release-id", "r6"},
			{"-H", "host001", "rollback", "--dry-run"},
			{"-o", "json", "-H", "host001", "history"},
		} {
			out, errOut, _ := runCLI(t, "", append([]string{"-c", c}, args...)...)
			all.WriteString(out + errOut)
		}
		if strings.Contains(all.String(), "s3cr3t") {
			t.Fatalf("the password was printed:\n%s", all.String())
		}
		if !strings.Contains(all.String(), "http://***@127.0.0.1:1/health") {
			t.Fatalf("no redacted URL:\n%s", all.String())
		}
		for _, h := range f.Hosts {
			b, _ := os.ReadFile(hostPath(h, "revisions.log"))
			if bytes.Contains(b, []byte("s3cr3t")) {
				t.Fatalf("%s: password in revisions.log", h.Name)
			}
		}
	})

	t.Run("second Ctrl-C during a wave's upload: exit 130, hosts left on the new release named, history INTERRUPTED", func(t *testing.T) {
		if out, errOut, code := deploy("r7"); code != 0 {
			t.Fatalf("r7: %d\n%s%s", code, out, errOut)
		}
		art := bigArtifact(t, dir, "r8", 48<<20)
		sig := make(chan os.Signal, 4) // the test sees each SIGINT too; a late one must not kill it
		signal.Notify(sig, os.Interrupt)
		defer signal.Stop(sig)
		handledCh := interrupts(t)
		stop := make(chan struct{})
		killed := make(chan struct{})
		// the sender finishes (both SIGINTs sent and seen) before the
		// test stops listening: a SIGINT nobody listens to kills the
		// whole test binary
		defer func() { close(stop); <-killed }()
		go func() {
			defer close(killed)
			// wave 2's upload has started once its first host has the
			// release's temporary directory
			for {
				select {
				case <-stop:
					return
				case <-time.After(2 * time.Millisecond):
				}
				if m, _ := filepath.Glob(hostPath(f.Hosts[1], "releases/.tmp-r8")); len(m) > 0 {
					break
				}
			}
			for i := 1; i <= 2; i++ {
				syscall.Kill(os.Getpid(), syscall.SIGINT)
				select {
				case <-sig:
				case <-time.After(10 * time.Second):
				}
				handled(t, handledCh, i) // the soft stop took effect before the hard one comes
			}
		}()
		out, errOut, code := runCLI(t, "", "-c", cfg, "deploy", "--artifact", art, "--release-id", "r8", "--canary", "1")
		t.Logf("exit %d\n%s%s", code, out, errOut)
		if code != ExitInterrupted || !strings.Contains(errOut, "second interrupt: aborting") ||
			!strings.Contains(errOut, "1 host(s) left live on the new release r8: host001; to put them back: opsctl rollback -H 'host001' --to r7") ||
			strings.Contains(errOut, "stopped and rolled back") {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		on(t, map[string]string{"*": "r7", "host001": "r8"})
		noLocks(t, f)
		for _, h := range f.Hosts[1:] {
			if left, _ := filepath.Glob(hostPath(h, "releases/*r8*")); len(left) > 0 {
				t.Fatalf("%s: upload left: %v", h.Name, left)
			}
		}
		hist, _, _ := runCLI(t, "", "-c", cfg, "history", "-n", "2")
		if !strings.Contains(hist, "deploy  r8") || !strings.Contains(hist, "INTERRUPTED (left on 1 host(s))") {
			t.Fatalf("history:\n%s", hist)
		}
		// the command the report gave puts it back
		if out, errOut, code := runCLI(t, "", "-c", cfg, "rollback", "-H", "host001", "--to", "r7"); code != 0 {
			t.Fatalf("rollback: %d\n%s%s", code, out, errOut)
		}
		on(t, map[string]string{"*": "r7"})
	})
}
