package inventory

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// SSH holds the transport settings shared by every host. Host entries may
// override address, port and user; anything left unset falls back to the
// OpenSSH client config (config_file, default ~/.ssh/config) for the host's
// name, then to OpenSSH's defaults.
type SSH struct {
	User          string   `yaml:"user"`
	Port          int      `yaml:"port"`
	IdentityFiles []string `yaml:"identity_files"`
	KnownHosts    string   `yaml:"known_hosts"` // default: ssh config UserKnownHostsFile, then ~/.ssh/known_hosts
	Agent         *bool    `yaml:"agent"`       // default: on when SSH_AUTH_SOCK is set
	// Jump is a bastion: the name of an inventory host, or [user@]host[:port]
	// (an ssh config alias or an address).
	Jump           string        `yaml:"jump"`
	ConnectTimeout time.Duration `yaml:"connect_timeout"` // default 10s
	CommandTimeout time.Duration `yaml:"command_timeout"` // default none
	// ConfigFile is the OpenSSH client config to honour ("" = ~/.ssh/config
	// when present, "none" = ignore any).
	ConfigFile        string `yaml:"config_file"`
	AcceptNewHostKeys bool   `yaml:"accept_new_host_keys"`
}

func (s *SSH) setDefaults() {
	if s.ConnectTimeout == 0 {
		s.ConnectTimeout = 10 * time.Second
	}
	for i, f := range s.IdentityFiles {
		s.IdentityFiles[i] = expandHome(f)
	}
	s.KnownHosts = expandHome(s.KnownHosts)
	if s.ConfigFile != "none" {
		s.ConfigFile = expandHome(s.ConfigFile)
	}
}

// UseAgent reports whether to use ssh-agent: the agent setting, or, when
// unset, whether SSH_AUTH_SOCK is set.
func (s *SSH) UseAgent() bool {
	if s.Agent != nil {
		return *s.Agent
	}
	return os.Getenv("SSH_AUTH_SOCK") != ""
}

func expandHome(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return filepath.Join(home, strings.TrimPrefix(p[1:], "/"))
}

func (c *Config) validateSSH() error {
	s := c.SSH
	if s.Port < 0 || s.Port > 65535 {
		return c.Errorf([]any{"ssh", "port"}, "ssh.port %d out of range", s.Port)
	}
	if s.ConnectTimeout < 0 {
		return c.Errorf([]any{"ssh", "connect_timeout"}, "ssh.connect_timeout must not be negative")
	}
	if s.CommandTimeout < 0 {
		return c.Errorf([]any{"ssh", "command_timeout"}, "ssh.command_timeout must not be negative")
	}
	for i, f := range s.IdentityFiles {
		if strings.TrimSpace(f) == "" {
			return c.Errorf([]any{"ssh", "identity_files", i}, "ssh.identity_files[%d] is empty", i)
		}
	}
	if s.Jump != "" && strings.ContainsAny(s.Jump, " \t/") {
		return c.Errorf([]any{"ssh", "jump"}, "ssh.jump %q: want an inventory host name or [user@]host[:port]", s.Jump)
	}
	return nil
}
