package inventory

import "time"

// SSH holds the transport settings shared by every host.
type SSH struct {
	User              string        `yaml:"user"`
	Port              int           `yaml:"port"`
	IdentityFiles     []string      `yaml:"identity_files"`
	KnownHosts        string        `yaml:"known_hosts"`
	Agent             *bool         `yaml:"agent"`
	Jump              string        `yaml:"jump"`
	ConnectTimeout    time.Duration `yaml:"connect_timeout"`
	CommandTimeout    time.Duration `yaml:"command_timeout"`
	ConfigFile        string        `yaml:"config_file"`
	AcceptNewHostKeys bool          `yaml:"accept_new_host_keys"`
}

func (s *SSH) setDefaults() {
	if s.ConnectTimeout == 0 {
		s.ConnectTimeout = 10 * time.Second
	}
}
