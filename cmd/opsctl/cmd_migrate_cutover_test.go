package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeCutoverInventory(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "opsctl.yaml")
	y := `hosts:
  - {name: app1, groups: [app]}
  - {name: app2, groups: [app]}
cutover:
  from: mysql://app:s3cret@db1/shop
  to: postgres://app:pgs3cret@pg1/shop
  schema_first: true
  repoint:
    hosts: app
    command: "echo postgres > /srv/app/db"
  smoke:
    - {url: "http://shop.example/health", contains: "db=postgres"}
`
	if err := os.WriteFile(p, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCutoverFlags(t *testing.T) {
	cfg := writeCutoverInventory(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--dry-run", "--resume"}, ExitUsage, "exclude each other"},
		{[]string{"--rehearse", "--abort"}, ExitUsage, "exclude each other"},
		{[]string{"--force"}, ExitUsage, "--force: goes with abort"},
		{[]string{"-H", "app1", "--dry-run"}, ExitUsage, "--hosts: cutover works on every"},
		{[]string{"--by", "", "--dry-run"}, ExitUsage, "--by"},
	} {
		_, errOut, code := runCLI(t, "", append([]string{"-c", cfg, "migrate", "cutover"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d %q, want %d %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	empty := filepath.Join(t.TempDir(), "e.yaml")
	os.WriteFile(empty, []byte("hosts: []\n"), 0o644)
	if _, errOut, code := runCLI(t, "", "-c", empty, "migrate", "cutover", "--dry-run"); code != ExitUsage || !strings.Contains(errOut, "no cutover: section") {
		t.Errorf("no section: exit %d %s", code, errOut)
	}
}

func TestCutoverDryRun(t *testing.T) {
	cfg := writeCutoverInventory(t)
	out, errOut, code := runCLI(t, "", "-c", cfg, "migrate", "cutover", "--dry-run")
	if code != 0 {
		t.Fatalf("exit %d %s", code, errOut)
	}
	for _, want := range []string{"1.   preflight", "2.   schema", "3.   readonly-on", "4.   mysql-readonly", "quiesce", "copy", "verify", "8.   recheck", "repoint", "on app1, app2", `containing "db=postgres"`, "11.  readonly-off", "opsctl-cutover.json"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+errOut, "s3cret") {
		t.Error("a password was printed")
	}
	out, _, code = runCLI(t, "", "-c", cfg, "-o", "json", "migrate", "cutover", "--dry-run", "--rehearse")
	if code != 0 || strings.Count(out, `"event":"cutover.plan"`) != 11 || !strings.Contains(out, `"status":"skipped","step":"readonly-on"`) {
		t.Errorf("json plan:\n%s", out)
	}
}

// TestCutoverDryRunMasksEnvSecrets: a repoint command holding a ${VAR}
// secret outside any URL (a mysql --password=, a token) shows as ${VAR}
// in the dry run, text and JSON.
func TestCutoverDryRunMasksEnvSecrets(t *testing.T) {
	t.Setenv("OPSCTL_T_APP_TOKEN", "tok-9f8e7d6c")
	p := filepath.Join(t.TempDir(), "opsctl.yaml")
	y := `hosts:
  - {name: app1, groups: [app]}
cutover:
  from: mysql://app@db1/shop
  to: postgres://app@pg1/shop
  repoint:
    hosts: app
    command: "app-config set db postgres --token=${OPSCTL_T_APP_TOKEN} && systemctl reload app"
`
	if err := os.WriteFile(p, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"migrate", "cutover", "--dry-run"}, {"-o", "json", "migrate", "cutover", "--dry-run"}} {
		out, errOut, code := runCLI(t, "", append([]string{"-c", p}, args...)...)
		if code != 0 || strings.Contains(out+errOut, "tok-9f8e7d6c") || !strings.Contains(out, "--token=${OPSCTL_T_APP_TOKEN}") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
}
