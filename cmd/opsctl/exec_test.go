package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

func writeConfig(t *testing.T, l *lab.Lab, name, text string) string {
	t.Helper()
	p := l.Path(name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExecLab(t *testing.T) {
	l, f := lab.StartSSHDT(t, 50)
	cfg := writeConfig(t, l, "opsctl.yaml", f.InventoryYAML("groups:\n  canary: [host001]\n"))

	t.Run("All50", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, "", "-c", cfg, "exec", "--", "cat /srv/hostname")
		if code != 0 {
			t.Fatalf("code %d\n%s", code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		if len(lines) != 50 {
			t.Fatalf("%d lines:\n%s", len(lines), stdout)
		}
		for _, ln := range lines {
			host, out, ok := strings.Cut(ln, " | ")
			if !ok || host != out {
				t.Errorf("line %q: host does not see its own /srv", ln)
			}
		}
		if !strings.Contains(stderr, "50 ok, 0 failed, 0 skipped in") {
			t.Errorf("stderr %q", stderr)
		}
	})

	t.Run("QuotedArgs", func(t *testing.T) {
		stdout, _, code := runCLI(t, "", "-c", cfg, "-H", "canary", "exec", "--", "printf", "%s|", "a b", "$HOME", "it's")
		if code != 0 || stdout != "host001 | a b|$HOME|it's|\n" {
			t.Fatalf("code %d stdout %q", code, stdout)
		}
	})

	t.Run("StderrAndExitStatus", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, "", "-c", cfg, "-H", "host00[1:2]", "exec", "--", "echo out; echo err >&2; test $(cat /srv/hostname) = host001")
		if code != ExitPartial {
			t.Fatalf("code %d", code)
		}
		if !strings.Contains(stdout, "host001 | out\n") || !strings.Contains(stderr, "host002 | err\n") || strings.Contains(stdout, "err") {
			t.Fatalf("stdout %q stderr %q", stdout, stderr)
		}
		if !strings.Contains(stderr, "host002 | FAILED: ") || !strings.Contains(stderr, "exit status 1") || !strings.Contains(stderr, "1 ok, 1 failed") {
			t.Fatalf("stderr %q", stderr)
		}
	})

	t.Run("JSON", func(t *testing.T) {
		stdout, _, code := runCLI(t, "", "-c", cfg, "-o", "json", "-H", "host00[1:3]", "exec", "--", "cat /srv/hostname")
		if code != 0 {
			t.Fatalf("code %d", code)
		}
		var hosts int
		for _, ln := range strings.Split(strings.TrimSpace(stdout), "\n") {
			var ev map[string]any
			if err := json.Unmarshal([]byte(ln), &ev); err != nil {
				t.Fatal(err)
			}
			switch ev["event"] {
			case "exec.host":
				hosts++
				if ev["stdout"] != ev["host"].(string)+"\n" || ev["exit_status"] != 0.0 || ev["status"] != "ok" {
					t.Errorf("event %v", ev)
				}
			case "exec.summary":
				if ev["ok"] != 3.0 {
					t.Errorf("summary %v", ev)
				}
			}
		}
		if hosts != 3 {
			t.Fatalf("%d host events:\n%s", hosts, stdout)
		}
	})

	t.Run("Timeout", func(t *testing.T) {
		_, stderr, code := runCLI(t, "", "-c", cfg, "-H", "host001", "exec", "--timeout", "300ms", "--", "sleep 5")
		if code != ExitError || !strings.Contains(stderr, "timed out") {
			t.Fatalf("code %d stderr %q", code, stderr)
		}
	})

	t.Run("BadSelector", func(t *testing.T) {
		_, stderr, code := runCLI(t, "", "-c", cfg, "-H", "nosuch", "exec", "--", "true")
		if code != ExitUsage || !strings.Contains(stderr, `selector "nosuch"`) || strings.Count(strings.TrimSpace(stderr), "\n") > 1 {
			t.Fatalf("code %d stderr %q", code, stderr)
		}
	})

	t.Run("UnknownHostKey", func(t *testing.T) {
		kh := l.Path("kh-partial")
		if err := f.WriteKnownHosts(kh, "host003"); err != nil {
			t.Fatal(err)
		}
		text := strings.Replace(f.InventoryYAML(""), f.KnownHosts, kh, 1)
		cfg2 := writeConfig(t, l, "unknown.yaml", text)
		_, stderr, code := runCLI(t, "", "-c", cfg2, "-H", "host00[1:3]", "exec", "--", "true")
		if code != ExitPartial || !strings.Contains(stderr, "host003 | FAILED: connect: host key of host003") || !strings.Contains(stderr, "SHA256:") {
			t.Fatalf("code %d stderr %q", code, stderr)
		}
		_, stderr, code = runCLI(t, "", "-c", cfg2, "--accept-new-host-keys", "-H", "host00[1:3]", "exec", "--", "true")
		if code != 0 {
			t.Fatalf("code %d stderr %q", code, stderr)
		}
		b, _ := os.ReadFile(kh)
		if !strings.Contains(string(b), f.Host("host003").KnownHostsLine()) {
			t.Fatalf("known_hosts not updated:\n%s", b)
		}
	})

	t.Run("ChangedHostKey", func(t *testing.T) {
		h := f.Host("host010")
		if err := h.ChangeHostKey(); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := runCLI(t, "", "-c", cfg, "--accept-new-host-keys", "-H", "host01[0:1]", "exec", "--", "true")
		if code != ExitPartial || !strings.Contains(stderr, "host010 | FAILED: connect: HOST KEY CHANGED") || !strings.Contains(stderr, "SHA256:") {
			t.Fatalf("code %d stderr %q", code, stderr)
		}
	})

	t.Run("DownHost", func(t *testing.T) {
		f.Host("host020").Kill()
		stdout, stderr, code := runCLI(t, "", "-c", cfg, "-H", "host*,!host010", "exec", "--", "true")
		if code != ExitPartial {
			t.Fatalf("code %d stderr %q", code, stderr)
		}
		if !strings.Contains(stderr, "host020 | FAILED: connect: 127.0.0.1:") || !strings.Contains(stderr, "connection refused") || !strings.Contains(stderr, "48 ok, 1 failed") {
			t.Fatalf("stdout %q stderr %q", stdout, stderr)
		}
	})

	t.Run("JumpHost", func(t *testing.T) {
		text := strings.Replace(f.InventoryYAML(""), "hosts:\n", fmt.Sprintf("  jump: root@127.0.0.1:%d\nhosts:\n", f.Host("host050").Port), 1)
		cfg3 := writeConfig(t, l, "jump.yaml", text)
		stdout, stderr, code := runCLI(t, "", "-c", cfg3, "-H", "host00[4:5]", "exec", "--", "cat /srv/hostname")
		if code != 0 || !strings.Contains(stdout, "host004 | host004") {
			t.Fatalf("code %d stdout %q stderr %q", code, stdout, stderr)
		}
		// By inventory name.
		text = strings.Replace(f.InventoryYAML(""), "hosts:\n", "  jump: host050\nhosts:\n", 1)
		cfg4 := writeConfig(t, l, "jump2.yaml", text)
		if _, stderr, code := runCLI(t, "", "-c", cfg4, "-H", "host004,host050", "exec", "--", "true"); code != 0 {
			t.Fatalf("code %d stderr %q", code, stderr)
		}
	})
}

// Hosts listed by alias only: the OpenSSH client config fills in address,
// port, user, key and known_hosts.
func TestExecSSHConfigAliases(t *testing.T) {
	l, f := lab.StartSSHDT(t, 2)
	var sc strings.Builder
	for i, h := range f.Hosts {
		fmt.Fprintf(&sc, "Host app%d\n  HostName 127.0.0.1\n  Port %d\n", i+1, h.Port)
	}
	fmt.Fprintf(&sc, "Host app*\n  User root\n  IdentityFile %s\n  UserKnownHostsFile %s\n", f.ClientKey, f.KnownHosts)
	sshConfig := writeConfig(t, l, "ssh_config", sc.String())
	cfg := writeConfig(t, l, "alias.yaml", fmt.Sprintf("ssh:\n  config_file: %s\n  agent: false\nhosts:\n  - name: app1\n  - name: app2\n", sshConfig))
	stdout, stderr, code := runCLI(t, "", "-c", cfg, "exec", "--", "cat /srv/hostname")
	if code != 0 || !strings.Contains(stdout, "app1 | host001") || !strings.Contains(stdout, "app2 | host002") {
		t.Fatalf("code %d stdout %q stderr %q", code, stdout, stderr)
	}
}

func TestExecUsage(t *testing.T) {
	dir := t.TempDir()
	cfg := dir + "/opsctl.yaml"
	os.WriteFile(cfg, []byte("hosts:\n  - {name: web01, address: 127.0.0.1}\n"), 0o644)
	stdout, stderr, code := runCLI(t, "", "-c", cfg, "exec", "--dry-run", "--", "rm", "-rf", "/srv/old dir")
	if code != 0 || stdout != "web01 | would run: rm -rf '/srv/old dir'\n" {
		t.Errorf("dry-run: code %d stdout %q stderr %q", code, stdout, stderr)
	}
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"-c", cfg, "exec"}, "no command given"},
		{[]string{"-c", cfg, "-H", "web[01:02", "exec", "--", "true"}, "web[01:02"},
		{[]string{"-c", cfg, "-H", "db*", "exec", "--", "true"}, `selector "db*"`},
		{[]string{"-c", cfg, "exec", "--timeout", "-1s", "--", "true"}, "--timeout"},
	} {
		_, stderr, code := runCLI(t, "", tc.args...)
		if code != ExitUsage || !strings.Contains(stderr, tc.err) {
			t.Errorf("%v: code %d stderr %q", tc.args, code, stderr)
		}
	}
}
