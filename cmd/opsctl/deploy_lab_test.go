package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/inventory"
)

// The deploy integration tests run opsctl (and the deploy library through
// the real SSH adapter) against a fleet of real sshd hosts. Each host sees
// its own <Root>/srv at /srv, so deploy_to is /srv/app everywhere.

const labDeployYAML = `app:
  name: shop
  deploy_to: /srv/app
  keep_releases: 3
  shared_paths: [config/app.yml, log/]
health:
  command: "test ! -f /srv/app/shared/sick"
  retries: 1
  interval: 100ms
  timeout: 5s
hooks:
  after_switch: ["echo reloaded >> /srv/app/shared/reloads"]
  timeout: 10s
`

func writeArtifact(t testing.TB, dir, version string, extra int) string {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	files := map[string]string{"index.html": version, "config/app.yml": "tarball copy", "VERSION": version}
	if extra > 0 {
		files["blob"] = strings.Repeat(version, extra/len(version)+1)[:extra]
	}
	for name, body := range files {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg, ModTime: time.Now()})
		tw.Write([]byte(body))
	}
	tw.Close()
	gz.Close()
	p := filepath.Join(dir, version+".tar.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func hostLive(h *lab.SSHHost) string {
	l, err := os.Readlink(filepath.Join(h.Root, "srv/app/current"))
	if err != nil {
		return ""
	}
	return filepath.Base(l)
}

func hostPath(h *lab.SSHHost, p string) string { return filepath.Join(h.Root, "srv/app", p) }

func noLocks(t *testing.T, f *lab.SSHFleet) {
	t.Helper()
	for _, h := range f.Hosts {
		if _, err := os.Stat(hostPath(h, ".opsctl.lock")); !os.IsNotExist(err) {
			t.Fatalf("%s: lock left behind", h.Name)
		}
	}
}

// labApp is an app for calling the deploy library through the real SSH
// adapter (for tests that need to act between steps).
func labApp(t *testing.T, cfg string) *app {
	var out, errb bytes.Buffer
	a := newApp(&IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
	a.opts.config, a.opts.concurrency, a.opts.output = cfg, 100, "text"
	t.Cleanup(a.close)
	return a
}

func labDeployOpts(t *testing.T, a *app, art, id string) deploy.Options {
	cfg, common, err := a.f.DeployCommon()
	if err != nil {
		t.Fatal(err)
	}
	return deploy.Options{Common: common, Artifact: art, ReleaseID: id, SharedPaths: cfg.App.SharedPaths,
		KeepReleases: cfg.App.KeepReleases, Hooks: deploy.Hooks(cfg.Hooks), Health: deploy.Health(cfg.Health)}
}

func TestDeployLab(t *testing.T) {
	l, f := lab.StartSSHDT(t, 20)
	cfg := writeConfig(t, l, "opsctl.yaml", f.InventoryYAML(labDeployYAML))
	dir := t.TempDir()
	all := func(want string) {
		t.Helper()
		for _, h := range f.Hosts {
			if got := hostLive(h); got != want {
				t.Fatalf("%s is on %q, want %q", h.Name, got, want)
			}
		}
	}

	t.Run("waves canary 2 then batches of 6, shared links, prune", func(t *testing.T) {
		for i, id := range []string{"r1", "r2", "r3", "r4"} {
			art := writeArtifact(t, dir, id, 0)
			out, errOut, code := runCLI(t, "", "-c", cfg, "deploy", "--artifact", art, "--release-id", id, "--canary", "2", "--batch-size", "6")
			if code != 0 {
				t.Fatalf("deploy %s: exit %d\n%s\n%s", id, code, out, errOut)
			}
			if i == 0 && (!strings.Contains(errOut, "wave 1: host001,host002\n") || !strings.Contains(errOut, "wave 2: host003,host004,host005,host006,host007,host008\n") || !strings.Contains(errOut, "wave 4: host015")) {
				t.Fatalf("waves:\n%s", errOut)
			}
			all(id)
		}
		for _, h := range f.Hosts {
			if b, _ := os.ReadFile(hostPath(h, "releases/r4/index.html")); string(b) != "r4" {
				t.Fatalf("%s: index.html %q", h.Name, b)
			}
			if l, err := os.Readlink(hostPath(h, "releases/r4/config/app.yml")); err != nil || l != "/srv/app/shared/config/app.yml" {
				t.Fatalf("%s: shared link %q %v", h.Name, l, err)
			}
			if l, _ := os.Readlink(hostPath(h, "current")); l != "/srv/app/releases/r4" {
				t.Fatalf("%s: current -> %q", h.Name, l)
			}
			ents, _ := os.ReadDir(hostPath(h, "releases"))
			if len(ents) != 3 {
				t.Fatalf("%s: %d releases, want 3 (keep_releases)", h.Name, len(ents))
			}
			if b, _ := os.ReadFile(hostPath(h, "shared/reloads")); strings.Count(string(b), "reloaded") != 4 {
				t.Fatalf("%s: after_switch hook ran %q", h.Name, b)
			}
		}
		noLocks(t, f)
		out, _, code := runCLI(t, "", "-c", cfg, "releases")
		if code != 0 || !strings.Contains(out, "host007  r4    *r4 r3 r2") {
			t.Fatalf("releases (%d):\n%s", code, out)
		}
		out, _, code = runCLI(t, "", "-c", cfg, "history")
		if code != 0 || strings.Count(out, "  deploy  r") != 4 || !strings.Contains(out, "20/20") {
			t.Fatalf("history (%d):\n%s", code, out)
		}
	})

	t.Run("health failure in the canary halts and rolls back", func(t *testing.T) {
		os.WriteFile(hostPath(f.Hosts[1], "shared/sick"), nil, 0o644)
		defer os.Remove(hostPath(f.Hosts[1], "shared/sick"))
		art := writeArtifact(t, dir, "r5", 0)
		out, errOut, code := runCLI(t, "", "-c", cfg, "deploy", "--artifact", art, "--release-id", "r5", "--canary", "2", "--batch-size", "6")
		if code != ExitPartial {
			t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
		}
		all("r4")
		if !strings.Contains(out, "host001  1     rolled back  r4    r4      -") ||
			!strings.Contains(out, "host002  1     failed       r4    r4      health: health command") ||
			!strings.Contains(out, "host003  2     untouched    r4    r4      -") {
			t.Fatalf("report:\n%s", out)
		}
		for _, h := range f.Hosts[2:] {
			if _, err := os.Stat(hostPath(h, "releases/r5")); !os.IsNotExist(err) {
				t.Fatalf("%s was touched", h.Name)
			}
		}
		noLocks(t, f)
	})

	t.Run("corrupted artifact refused on the host", func(t *testing.T) {
		art := writeArtifact(t, dir, "r6", 0)
		a := labApp(t, cfg)
		o := labDeployOpts(t, a, art, "r6")
		o.Canary = "2"
		o.OnEvent = func(e deploy.Event) {
			if e.Is(deploy.EvPlan) { // hashed, not yet uploaded: corrupt the file
				b, _ := os.ReadFile(art)
				b[len(b)/2] ^= 0xff
				os.WriteFile(art, b, 0o644)
			}
		}
		res, err := deploy.Deploy(context.Background(), o)
		var de *deploy.Error
		if !errors.As(err, &de) || de.Partial() {
			t.Fatalf("err %v", err)
		}
		for _, h := range res.Hosts[:2] {
			if h.Step != "checksum" || !strings.Contains(h.Reason(), "checksum mismatch") {
				t.Fatalf("%+v", h)
			}
		}
		all("r4")
		noLocks(t, f)
	})

	t.Run("sshd killed after upload, before switch", func(t *testing.T) {
		for _, maxFail := range []string{"1", "0"} {
			id := "r7-" + maxFail
			art := writeArtifact(t, dir, id, 0)
			a := labApp(t, cfg)
			o := labDeployOpts(t, a, art, id)
			o.Hosts = o.Hosts[:6]
			o.MaxFail = maxFail
			victim := f.Hosts[3]
			o.OnEvent = func(e deploy.Event) {
				if e.Is(deploy.EvPrepared) && e.Host == victim.Name {
					victim.Kill()
					pool, _ := a.f.SSHPool()
					if c, err := pool.Client(context.Background(), factory.Target(mustHost(t, a, victim.Name))); err == nil {
						c.Close()
					}
				}
			}
			res, err := deploy.Deploy(context.Background(), o)
			if err == nil {
				t.Fatal("no error")
			}
			v := res.Host(victim.Name)
			if v.Status != deploy.StatusFailed || v.Step != "switch" || v.Live != "r4" || hostLive(victim) != "r4" {
				t.Fatalf("victim: %+v (on disk %s)", v, hostLive(victim))
			}
			want := id
			if maxFail == "0" {
				want = "r4"
			}
			for i, h := range f.Hosts[:6] {
				if i == 3 {
					continue
				}
				if hostLive(h) != want || res.Host(h.Name).Live != want {
					t.Fatalf("max-fail %s: %s on %s, reported %+v", maxFail, h.Name, hostLive(h), res.Host(h.Name))
				}
			}
			if err := victim.Restart(); err != nil {
				t.Fatal(err)
			}
			// the dead host kept the deploy's lock: visible, then broken
			out, _, _ := runCLI(t, "", "-c", cfg, "lock", "status", "-H", victim.Name)
			if !strings.Contains(out, "held  deploy by") || !strings.Contains(out, "release "+id) {
				t.Fatalf("lock status on the killed host:\n%s", out)
			}
			if _, _, code := runCLI(t, "", "-c", cfg, "unlock", "--break-lock", "-H", victim.Name); code != 0 {
				t.Fatalf("unlock: %d", code)
			}
			if _, _, code := runCLI(t, "", "-c", cfg, "rollback", "--to", "r4", "-H", "host00[1:6]"); code != 0 {
				t.Fatalf("rollback after kill test: %d", code)
			}
		}
		all("r4")
		noLocks(t, f)
	})

	t.Run("concurrent deploys: the second refuses with the holder", func(t *testing.T) {
		art := writeArtifact(t, dir, "r8", 0)
		a := labApp(t, cfg)
		o := labDeployOpts(t, a, art, "r8")
		o.Canary = "1"
		o.User = "alice@laptop"
		hold, release := make(chan struct{}), make(chan struct{})
		o.Confirm = func(ctx context.Context, w deploy.WaveSummary) (bool, error) {
			close(hold)
			<-release
			return false, nil // abort: roll the canary back
		}
		done := make(chan error, 1)
		go func() { _, err := deploy.Deploy(context.Background(), o); done <- err }()
		select {
		case <-hold:
		case err := <-done:
			t.Fatalf("first deploy ended early: %v", err)
		}
		_, errOut, code := runCLI(t, "", "-c", cfg, "deploy", "--artifact", art, "--release-id", "r8b")
		if code != ExitError || !strings.Contains(errOut, "locked on 20 host(s), nothing changed") || !strings.Contains(errOut, "deploy by alice@laptop") {
			t.Fatalf("second deploy: %d\n%s", code, errOut)
		}
		_, errOut, code = runCLI(t, "", "-c", cfg, "rollback")
		if code != ExitError || !strings.Contains(errOut, "alice@laptop") {
			t.Fatalf("rollback during deploy: %d\n%s", code, errOut)
		}
		out, _, _ := runCLI(t, "", "-c", cfg, "lock", "status")
		if strings.Count(out, "held  deploy by alice@laptop") != 20 || !strings.Contains(out, "release r8") {
			t.Fatalf("lock status:\n%s", out)
		}
		close(release)
		if err := <-done; err == nil || !strings.Contains(err.Error(), "aborted at the prompt") {
			t.Fatalf("first deploy: %v", err)
		}
		all("r4")
		noLocks(t, f)
		// a crashed deploy's lock: visible, and broken with unlock --break-lock
		os.MkdirAll(hostPath(f.Hosts[4], ".opsctl.lock"), 0o755)
		os.WriteFile(hostPath(f.Hosts[4], ".opsctl.lock/info"), []byte(`{"id":"deploy-x","op":"deploy","user":"crashed@ci","client":"ci","pid":1,"started":"2026-01-01T00:00:00Z"}`+"\n"), 0o644)
		tmpBefore := map[string]int{}
		for _, h := range f.Hosts {
			tmp, _ := filepath.Glob(hostPath(h, "releases/.tmp-*"))
			tmpBefore[h.Name] = len(tmp) // the killed host's, earlier
		}
		_, errOut, code = runCLI(t, "", "-c", cfg, "deploy", "--artifact", art)
		if code != ExitError || !strings.Contains(errOut, "host005: deploy by crashed@ci") {
			t.Fatalf("stale lock: %d %s", code, errOut)
		}
		// the other hosts took the lock with their upload: both are gone
		for _, h := range f.Hosts {
			if tmp, _ := filepath.Glob(hostPath(h, "releases/.tmp-*")); len(tmp) != tmpBefore[h.Name] {
				t.Fatalf("%s: upload left after the refusal: %v", h.Name, tmp)
			}
			if _, err := os.Stat(hostPath(h, ".opsctl.lock")); h != f.Hosts[4] && !os.IsNotExist(err) {
				t.Fatalf("%s: lock left after the refusal", h.Name)
			}
		}
		out, _, code = runCLI(t, "", "-c", cfg, "unlock", "--break-lock", "-H", "host005")
		if code != 0 || !strings.Contains(out, "crashed@ci") {
			t.Fatalf("unlock: %d %s", code, out)
		}
		noLocks(t, f)
	})

	t.Run("stop mid-deploy leaves each host fully old or new, lock released", func(t *testing.T) {
		art := writeArtifact(t, dir, "r9", 0)
		a := labApp(t, cfg)
		o := labDeployOpts(t, a, art, "r9")
		stop, cancel := context.WithCancel(context.Background())
		o.Stop = stop
		o.Canary, o.BatchSize = "2", "6"
		o.OnEvent = func(e deploy.Event) {
			if e.Is(deploy.EvSwitched) && e.Wave == 2 {
				cancel() // Ctrl-C while wave 2 switches
			}
		}
		res, err := deploy.Deploy(context.Background(), o)
		if !errors.Is(err, context.Canceled) || !res.Interrupted {
			t.Fatalf("err %v", err)
		}
		for _, h := range f.Hosts {
			r := res.Host(h.Name)
			want := "r4"
			if r.Wave <= 2 {
				want = "r9"
			}
			if hostLive(h) != want || r.Live != want {
				t.Fatalf("%s: on %s, report %+v, want %s", h.Name, hostLive(h), r, want)
			}
		}
		noLocks(t, f)
		if _, errOut, code := runCLI(t, "", "-c", cfg, "rollback", "-H", "host00[1:8]"); code != 0 {
			t.Fatalf("rollback: %d %s", code, errOut)
		}
		all("r4")
	})

	t.Run("hard abort during the first wave's lock+upload: old release, no lock, no upload left", func(t *testing.T) {
		blob := make([]byte, 16<<20)
		rand.Read(blob)
		bd := t.TempDir()
		os.WriteFile(filepath.Join(bd, "blob"), blob, 0o644)
		art := filepath.Join(bd, "big.tar.gz")
		if out, err := exec.Command("tar", "-czf", art, "-C", bd, "blob").CombinedOutput(); err != nil {
			t.Fatalf("%v %s", err, out)
		}
		// Second Ctrl-C at several moments: before any host answered the
		// lock, while some had, mid-upload. Wherever it lands: nothing
		// switched, no upload and no lock left.
		for _, after := range []time.Duration{0, 60 * time.Millisecond, 400 * time.Millisecond} {
			a := labApp(t, cfg)
			o := labDeployOpts(t, a, art, "r11")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			o.OnEvent = func(e deploy.Event) {
				if e.Is(deploy.EvWave) && e.Wave == 1 {
					time.AfterFunc(after, cancel)
				}
			}
			res, err := deploy.Deploy(ctx, o)
			if !errors.Is(err, context.Canceled) || !res.Interrupted {
				t.Fatalf("abort after %v: want an interrupted deploy: %v", after, err)
			}
			for _, h := range f.Hosts {
				if hostLive(h) != "r4" || (res.Host(h.Name) != nil && res.Host(h.Name).Status == deploy.StatusSwitched) {
					t.Fatalf("abort after %v: %s on %s", after, h.Name, hostLive(h))
				}
				if left, _ := filepath.Glob(hostPath(h, "releases/*r11*")); len(left) > 0 {
					t.Fatalf("abort after %v: %s: upload left: %v", after, h.Name, left)
				}
			}
			noLocks(t, f)
		}
	})

	t.Run("rollback --to a release a host lacks is refused before any switch", func(t *testing.T) {
		os.RemoveAll(hostPath(f.Hosts[9], "releases/r3"))
		out, errOut, code := runCLI(t, "", "-c", cfg, "rollback", "--to", "r3")
		if code != ExitError || !strings.Contains(errOut, "refused before any host switched") || !strings.Contains(out, "host010  failed") || !strings.Contains(out, "check: release r3 is not on this host") {
			t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
		}
		all("r4")
		noLocks(t, f)
		out, errOut, code = runCLI(t, "", "-c", cfg, "rollback", "-H", "!host010")
		if code != 0 {
			ents, _ := os.ReadDir(hostPath(f.Hosts[0], "releases"))
			log, _ := os.ReadFile(hostPath(f.Hosts[0], "revisions.log"))
			t.Logf("host001 releases %v\n%s", ents, log)
			t.Fatalf("rollback: %d\n%s\n%s", code, out, errOut)
		}
		for _, h := range f.Hosts {
			want := "r3"
			if h.Name == "host010" {
				want = "r4"
			}
			if hostLive(h) != want {
				t.Fatalf("%s on %s", h.Name, hostLive(h))
			}
			if _, err := os.Stat(hostPath(h, "releases/r4")); err != nil {
				t.Fatalf("%s: rolled-back release deleted", h.Name)
			}
		}
		out, errOut, code = runCLI(t, "", "-c", cfg, "releases")
		if code != 0 || !strings.Contains(out, "host010  r4    *r4") || !strings.Contains(out, "DIFFERS") {
			t.Fatalf("releases: %s %s", out, errOut)
		}
		out, _, _ = runCLI(t, "", "-c", cfg, "history", "-n", "3")
		if !strings.Contains(out, "rollback  r3") {
			t.Fatalf("history:\n%s", out)
		}
	})

	t.Run("release ids with spaces or metacharacters are rejected", func(t *testing.T) {
		art := writeArtifact(t, dir, "r10", 0)
		for _, id := range []string{"a b", "x;touch /srv/pwned", "$(id)", "../../etc"} {
			_, errOut, code := runCLI(t, "", "-c", cfg, "deploy", "--artifact", art, "--release-id", id)
			if code != ExitUsage || !strings.Contains(errOut, "release id") {
				t.Fatalf("%q: %d %s", id, code, errOut)
			}
			if _, _, code := runCLI(t, "", "-c", cfg, "rollback", "--to", id); code != ExitUsage {
				t.Fatalf("rollback --to %q: %d", id, code)
			}
		}
	})
}

func mustHost(t *testing.T, a *app, name string) inventory.Host {
	cfg, _ := a.config()
	h, ok := cfg.Host(name)
	if !ok {
		t.Fatalf("no host %s", name)
	}
	return h
}
