package inventory

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Varnish lists the cache nodes' admin (-T) addresses and secret files.
//
//	varnish:
//	  nodes:
//	    - name: cache1
//	      admin: 127.0.0.1:6082            # varnishd -T
//	      secret_file: /etc/varnish/secret # varnishd -S
//	      via: cache1host                  # optional: reach it over SSH
//	      groups: [cache]
type Varnish struct {
	Nodes []VarnishNode `yaml:"nodes"`
}

// VarnishNode is one varnishd.
type VarnishNode struct {
	Name string `yaml:"name"`
	// Admin is the -T address, host:port. With Via it is dialled from that
	// host.
	Admin string `yaml:"admin"`
	// SecretFile is the -S file. It is read locally, or with Via from that
	// host over SSH. ${ENV} is expanded.
	SecretFile string `yaml:"secret_file"`
	// Via names a host (hosts section) to reach the node through over SSH.
	Via    string   `yaml:"via"`
	Groups []string `yaml:"groups"`
	// Line is the line of the node's entry in the file (0 if unknown).
	Line int `yaml:"-"`
}

// MemberName implements Member.
func (n VarnishNode) MemberName() string { return n.Name }

// MemberGroups implements Member.
func (n VarnishNode) MemberGroups() []string { return n.Groups }

// SelectVarnishNodes returns the cache nodes matched by a --hosts selector
// ("" selects every node).
func (c *Config) SelectVarnishNodes(selector string) ([]VarnishNode, error) {
	if len(c.Varnish.Nodes) == 0 {
		return nil, fmt.Errorf("%s: no varnish nodes configured (add a varnish: nodes: section)", c.File)
	}
	s, err := ParseSelector(selector)
	if err != nil {
		return nil, err
	}
	return Select(s, c.Varnish.Nodes, "varnish node")
}

func (c *Config) validateVarnish() error {
	seen := map[string]int{}
	for i := range c.Varnish.Nodes {
		n := &c.Varnish.Nodes[i]
		n.Line = c.Line("varnish", "nodes", i)
		at := func(k string) []any { return []any{"varnish", "nodes", i, k} }
		if n.Name == "" {
			return c.Errorf([]any{"varnish", "nodes", i}, "varnish node #%d has no name", i+1)
		}
		if !ValidName(n.Name) {
			return c.Errorf(at("name"), "varnish node name %q: use letters, digits and ._- only", n.Name)
		}
		if prev, dup := seen[n.Name]; dup {
			return c.Errorf(at("name"), "varnish node %q is listed twice (first at line %d)", n.Name, prev)
		}
		seen[n.Name] = n.Line
		if n.Admin == "" {
			return c.Errorf([]any{"varnish", "nodes", i}, "varnish node %s: admin (the varnishd -T host:port) is required", n.Name)
		}
		host, port, err := net.SplitHostPort(n.Admin)
		if err != nil || host == "" {
			return c.Errorf(at("admin"), "varnish node %s: admin %q: want host:port (the varnishd -T address)", n.Name, n.Admin)
		}
		if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
			return c.Errorf(at("admin"), "varnish node %s: admin %q: bad port", n.Name, n.Admin)
		}
		if strings.ContainsAny(host, " \t/") {
			return c.Errorf(at("admin"), "varnish node %s: admin %q: bad host", n.Name, n.Admin)
		}
		if n.SecretFile == "" {
			return c.Errorf([]any{"varnish", "nodes", i}, "varnish node %s: secret_file (the varnishd -S file) is required", n.Name)
		}
		if !strings.HasPrefix(n.SecretFile, "/") {
			return c.Errorf(at("secret_file"), "varnish node %s: secret_file %q must be an absolute path", n.Name, n.SecretFile)
		}
		if n.Via != "" {
			if !safePathRE.MatchString(n.SecretFile) {
				return c.Errorf(at("secret_file"), "varnish node %s: secret_file %q: with via, only letters, digits and ._-/ are allowed", n.Name, n.SecretFile)
			}
			if _, ok := c.Host(n.Via); !ok {
				return c.Errorf(at("via"), "varnish node %s: via %q is not a host in the hosts section", n.Name, n.Via)
			}
		}
		for _, g := range n.Groups {
			if !ValidName(g) {
				return c.Errorf(at("groups"), "varnish node %s: group name %q: use letters, digits and ._- only", n.Name, g)
			}
		}
	}
	return nil
}
