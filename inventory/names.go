package inventory

import "sort"

// Named is a name a selector can take, with its kind: "host",
// "haproxy node", "varnish node" or "group".
type Named struct{ Name, Kind string }

// Names lists what a selector can name among the hosts (with every group
// of the groups section), the HAProxy nodes and the Varnish nodes: each
// member once, then the groups of what is listed, sorted (a group named
// like a member is left out).
func (c *Config) Names(hosts, lbs, caches bool) []Named {
	var out []Named
	groups := map[string]bool{}
	seen := map[string]bool{}
	add := func(name, kind string, gs []string) {
		if !seen[name] {
			seen[name] = true
			out = append(out, Named{name, kind})
		}
		for _, g := range gs {
			groups[g] = true
		}
	}
	if hosts {
		for _, h := range c.AllHosts() {
			add(h.Name, "host", h.Groups)
		}
		for g := range c.Groups {
			groups[g] = true
		}
	}
	if lbs {
		for _, n := range c.HAProxy.Nodes {
			add(n.Name, "haproxy node", n.Groups)
		}
	}
	if caches {
		for _, n := range c.Varnish.Nodes {
			add(n.Name, "varnish node", n.Groups)
		}
	}
	var gs []string
	for g := range groups {
		if !seen[g] {
			gs = append(gs, g)
		}
	}
	sort.Strings(gs)
	for _, g := range gs {
		out = append(out, Named{g, "group"})
	}
	return out
}
