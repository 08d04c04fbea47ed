package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDeployUsage(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "opsctl.yaml")
	os.WriteFile(cfg, []byte("app:\n  deploy_to: /srv/app\nhosts:\n  - {name: web01}\n  - {name: web02}\n  - {name: web03}\nhooks:\n  after_switch: [\"systemctl reload app\"]\n"), 0o644)
	art := writeArtifact(t, dir, "v1", 0)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"deploy"}, ExitUsage, "--artifact"},
		{[]string{"deploy", "--artifact", art, "--release-id", "a b"}, ExitUsage, "release id"},
		{[]string{"deploy", "--artifact", art, "--canary", "x"}, ExitUsage, "--canary"},
		{[]string{"deploy", "--artifact", art, "--batch-size", "0"}, ExitUsage, "--batch-size"},
		{[]string{"deploy", "--artifact", art, "--max-fail", "200%"}, ExitUsage, "--max-fail"},
		{[]string{"deploy", "--artifact", filepath.Join(dir, "nope.tgz")}, ExitUsage, "no such file"},
		{[]string{"rollback", "--to", "$(id)"}, ExitUsage, "release id"},
		{[]string{"unlock"}, ExitUsage, "--break-lock"},
		{[]string{"deploy", "--artifact", art, "--canary", "1", "--batch-size", "1", "--dry-run"}, 0, ""},
	} {
		out, errOut, code := runCLI(t, "", append([]string{"-c", cfg}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q (stdout %q); want %d and %q", tc.args, code, errOut, out, tc.code, tc.want)
		}
	}
	out, _, _ := runCLI(t, "", "-c", cfg, "deploy", "--artifact", art, "--canary", "1", "--dry-run", "--release-id", "v1")
	for _, want := range []string{"Dry run", "release   v1", "wave 1 (canary, 1 host(s)): web01", "wave 2 (batch, 2 host(s)): web02, web03", "hook      after_switch: systemctl reload app"} {
		if !strings.Contains(out, want) {
			t.Fatalf("dry run output lacks %q:\n%s", want, out)
		}
	}
}

func TestInventoryDeploySections(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "opsctl.yaml")
	os.WriteFile(cfg, []byte("app:\n  deploy_to: /srv/app\n  shared_paths: [../etc]\nhosts:\n  - {name: web01}\n"), 0o644)
	_, errOut, code := runCLI(t, "", "-c", cfg, "releases")
	if code != ExitUsage || !strings.Contains(errOut, "opsctl.yaml:3: app.shared_paths[0]") {
		t.Fatalf("%d %s", code, errOut)
	}
	os.WriteFile(cfg, []byte("app:\n  deploy_to: /srv/app\nhosts:\n  - {name: web01}\nhealth:\n  url: ftp://x\n"), 0o644)
	_, errOut, code = runCLI(t, "", "-c", cfg, "releases")
	if code != ExitUsage || !strings.Contains(errOut, "opsctl.yaml:6: health.url") {
		t.Fatalf("%d %s", code, errOut)
	}
}
