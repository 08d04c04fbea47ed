package inventory

import (
	"net"
	"strconv"
	"strings"
)

// HAProxy lists the load balancers' admin sockets.
type HAProxy struct {
	Nodes []HAProxyNode `yaml:"nodes"`
}

// HAProxyNode is one load balancer's runtime-API socket.
//
//	haproxy:
//	  nodes:
//	    - name: lb1
//	      admin: unix:///run/haproxy/admin.sock   # or tcp://127.0.0.1:9999
//	      via: lb1host        # optional: the socket is on this inventory host, reached through SSH
//	      groups: [lb]
//	      state_file: /var/lib/haproxy/server-state   # optional, checked by status
type HAProxyNode struct {
	Name      string   `yaml:"name"`
	Admin     string   `yaml:"admin"`
	Via       string   `yaml:"via"`
	Groups    []string `yaml:"groups"`
	StateFile string   `yaml:"state_file"`
	// Line is the line of the node's entry in the file (0 if unknown).
	Line int `yaml:"-"`
}

// MemberName implements Member.
func (n HAProxyNode) MemberName() string { return n.Name }

// MemberGroups implements Member.
func (n HAProxyNode) MemberGroups() []string { return n.Groups }

// SelectHAProxy returns the HAProxy nodes matched by a --hosts selector (""
// selects every node).
func (c *Config) SelectHAProxy(selector string) ([]HAProxyNode, error) {
	s, err := ParseSelector(selector)
	if err != nil {
		return nil, err
	}
	return Select(s, c.HAProxy.Nodes, "haproxy node")
}

func (c *Config) validateHAProxy() error {
	seen := map[string]bool{}
	for i := range c.HAProxy.Nodes {
		n := &c.HAProxy.Nodes[i]
		n.Line = c.Line("haproxy", "nodes", i)
		at := func(k string) []any { return []any{"haproxy", "nodes", i, k} }
		if n.Name == "" {
			return c.Errorf([]any{"haproxy", "nodes", i}, "haproxy node #%d has no name", i+1)
		}
		if !ValidName(n.Name) {
			return c.Errorf(at("name"), "haproxy node name %q: use letters, digits and ._- only", n.Name)
		}
		if seen[n.Name] {
			return c.Errorf(at("name"), "haproxy node %q is listed twice", n.Name)
		}
		seen[n.Name] = true
		if n.Admin == "" {
			return c.Errorf([]any{"haproxy", "nodes", i}, "haproxy node %s: admin is required (unix:///path or tcp://host:port)", n.Name)
		}
		if msg := checkAdminAddr(n.Admin); msg != "" {
			return c.Errorf(at("admin"), "haproxy node %s: admin %q: %s", n.Name, n.Admin, msg)
		}
		if n.Via != "" {
			if _, ok := c.Host(n.Via); !ok {
				return c.Errorf(at("via"), "haproxy node %s: via %q is not a host in the inventory", n.Name, n.Via)
			}
		}
		for _, g := range n.Groups {
			if !ValidName(g) {
				return c.Errorf(at("groups"), "haproxy node %s: group name %q: use letters, digits and ._- only", n.Name, g)
			}
		}
		if n.StateFile != "" && !safePathRE.MatchString(n.StateFile) {
			return c.Errorf(at("state_file"), "haproxy node %s: state_file %q: want an absolute path of letters, digits and ._-/", n.Name, n.StateFile)
		}
	}
	return nil
}

// checkAdminAddr mirrors haproxy.ParseAddress (the inventory must not
// import the client).
func checkAdminAddr(s string) string {
	switch {
	case strings.HasPrefix(s, "unix://"):
		p := strings.TrimPrefix(s, "unix://")
		if !strings.HasPrefix(p, "/") {
			return "unix:// needs an absolute path (unix:///run/haproxy/admin.sock)"
		}
		if strings.ContainsAny(p, "\x00\n\r") {
			return "bad character in path"
		}
		return ""
	case strings.HasPrefix(s, "tcp://"):
		host, port, err := net.SplitHostPort(strings.TrimPrefix(s, "tcp://"))
		if err != nil || host == "" {
			return "want tcp://host:port"
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "bad port"
		}
		return ""
	}
	return "want unix:///path or tcp://host:port"
}
