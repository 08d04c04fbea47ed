package inventory

import (
	"regexp"
	"strings"
	"time"
)

// DeployLB maps app hosts to their HAProxy servers for rolling deploys
// that take each wave out of rotation (deploy --drain).
//
//	deploy_lb:
//	  backend: app            # every host is server "{host}" in backend app ...
//	  server: "{host}"
//	  servers:                # ... unless listed here (BACKEND/SERVER, on every LB node)
//	    web03: [app/s03, api/s03]
//	  drain: true             # --drain by default
//	  drain_timeout: 30s      # wait for sessions to reach 0
//	  on_drain_timeout: proceed   # or fail
//	  up_timeout: 30s         # wait for HAProxy's check to report UP again
type DeployLB struct {
	Backend        string              `yaml:"backend"`
	Server         string              `yaml:"server"`
	Servers        map[string][]string `yaml:"servers"`
	Drain          bool                `yaml:"drain"`
	DrainTimeout   time.Duration       `yaml:"drain_timeout"`
	OnDrainTimeout string              `yaml:"on_drain_timeout"`
	UpTimeout      time.Duration       `yaml:"up_timeout"`
}

// Enabled reports whether any host is mapped to a server.
func (d DeployLB) Enabled() bool { return d.Backend != "" || len(d.Servers) > 0 }

// ServersOf returns the BACKEND/SERVER names of a host (nil if unmapped).
func (d DeployLB) ServersOf(host string) []string {
	if s, ok := d.Servers[host]; ok {
		return s
	}
	if d.Backend == "" {
		return nil
	}
	return []string{d.Backend + "/" + strings.ReplaceAll(d.Server, "{host}", host)}
}

// haproxyNameRE mirrors haproxy.ValidateName (the inventory must not
// import the client).
var haproxyNameRE = regexp.MustCompile(`^[A-Za-z0-9._:-]+$`)

func (c *Config) validateDeployLB() error {
	d := &c.DeployLB
	if d.Server == "" {
		d.Server = "{host}"
	}
	if d.DrainTimeout == 0 {
		d.DrainTimeout = 30 * time.Second
	}
	if d.UpTimeout == 0 {
		d.UpTimeout = 30 * time.Second
	}
	if d.OnDrainTimeout == "" {
		d.OnDrainTimeout = "proceed"
	}
	if d.DrainTimeout < 0 || d.UpTimeout < 0 {
		return c.Errorf([]any{"deploy_lb"}, "deploy_lb: drain_timeout and up_timeout must be positive")
	}
	if d.OnDrainTimeout != "proceed" && d.OnDrainTimeout != "fail" {
		return c.Errorf([]any{"deploy_lb", "on_drain_timeout"}, "deploy_lb.on_drain_timeout %q: want proceed or fail", d.OnDrainTimeout)
	}
	if d.Backend != "" && !haproxyNameRE.MatchString(d.Backend) {
		return c.Errorf([]any{"deploy_lb", "backend"}, "deploy_lb.backend %q: use letters, digits and ._:- only", d.Backend)
	}
	if !haproxyNameRE.MatchString(strings.ReplaceAll(d.Server, "{host}", "h")) {
		return c.Errorf([]any{"deploy_lb", "server"}, "deploy_lb.server %q: use letters, digits, ._:- and {host} only", d.Server)
	}
	for host, list := range d.Servers {
		if _, ok := c.Host(host); !ok {
			return c.Errorf([]any{"deploy_lb", "servers", host}, "deploy_lb.servers: %q is not a host in the inventory", host)
		}
		if len(list) == 0 {
			return c.Errorf([]any{"deploy_lb", "servers", host}, "deploy_lb.servers.%s: list at least one BACKEND/SERVER", host)
		}
		for i, s := range list {
			be, srv, ok := strings.Cut(s, "/")
			if !ok || !haproxyNameRE.MatchString(be) || !haproxyNameRE.MatchString(srv) {
				return c.Errorf([]any{"deploy_lb", "servers", host, i}, "deploy_lb.servers.%s[%d] %q: want BACKEND/SERVER (letters, digits, ._:-)", host, i, s)
			}
		}
	}
	if d.Enabled() && len(c.HAProxy.Nodes) == 0 {
		return c.Errorf([]any{"deploy_lb"}, "deploy_lb needs haproxy.nodes (the load balancers to drain servers on)")
	}
	return nil
}
