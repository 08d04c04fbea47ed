package inventory

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSSHSection(t *testing.T) {
	home, _ := os.UserHomeDir()
	t.Setenv("SSH_AUTH_SOCK", "")
	c, err := load(t, `
ssh:
  user: deploy
  port: 2222
  identity_files: [~/.ssh/id_ed25519, /etc/opsctl/key]
  known_hosts: ~/kh
  jump: ops@bastion:22
  connect_timeout: 3s
  command_timeout: 1m
  config_file: none
  accept_new_host_keys: true
hosts:
  - name: db1
`)
	if err != nil {
		t.Fatal(err)
	}
	s := c.SSH
	if s.IdentityFiles[0] != filepath.Join(home, ".ssh/id_ed25519") || s.KnownHosts != filepath.Join(home, "kh") {
		t.Errorf("~ not expanded: %+v", s)
	}
	if s.ConfigFile != "none" || s.ConnectTimeout != 3*time.Second || s.CommandTimeout != time.Minute || !s.AcceptNewHostKeys || s.UseAgent() {
		t.Errorf("got %+v", s)
	}
	t.Setenv("SSH_AUTH_SOCK", "/tmp/agent.sock")
	if !s.UseAgent() {
		t.Error("agent should default on with SSH_AUTH_SOCK")
	}
	no := false
	s.Agent = &no
	if s.UseAgent() {
		t.Error("agent: false ignored")
	}
}

func TestSSHSectionErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"ssh:\n  port: 70000\n", "opsctl.yaml:2: ssh.port 70000 out of range"},
		{"ssh:\n  user: x\n  command_timeout: -1s\n", "opsctl.yaml:3: ssh.command_timeout"},
		{"ssh:\n  jump: a b\n", "opsctl.yaml:2: ssh.jump"},
		{"ssh:\n  identity_file: x\n", `opsctl.yaml:2:3: unknown key "identity_file" in ssh section (did you mean "identity_files"?)`},
		{"ssh:\n  connect_timeout: soon\n", "opsctl.yaml:2:"},
	} {
		_, err := load(t, tc.yaml)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.yaml, err, tc.want)
		}
	}
}
