package factory

import (
	"fmt"

	"github.com/opsctl/opsctl/inventory"
)

// roMember is an HAProxy or Varnish node for --hosts, which selects among
// both kinds at once.
type roMember struct {
	name   string
	groups []string
	lb     int // index in haproxy.nodes, or -1
	cache  int // index in varnish.nodes, or -1
}

func (m roMember) MemberName() string     { return m.name }
func (m roMember) MemberGroups() []string { return m.groups }

// ReadonlyNodes applies --hosts to the HAProxy and Varnish nodes
// together (a name may match either kind).
func ReadonlyNodes(cfg *inventory.Config, selector string) ([]inventory.HAProxyNode, []inventory.VarnishNode, error) {
	var all []roMember
	for i, n := range cfg.HAProxy.Nodes {
		all = append(all, roMember{name: n.Name, groups: n.Groups, lb: i, cache: -1})
	}
	for i, n := range cfg.Varnish.Nodes {
		all = append(all, roMember{name: n.Name, groups: n.Groups, lb: -1, cache: i})
	}
	if len(all) == 0 {
		return nil, nil, fmt.Errorf("%s: no haproxy.nodes and no varnish.nodes: nothing to flip", cfg.File)
	}
	s, err := inventory.ParseSelector(selector)
	if err != nil {
		return nil, nil, err
	}
	sel, err := inventory.Select(s, all, "haproxy or varnish node")
	if err != nil {
		return nil, nil, err
	}
	var lbs []inventory.HAProxyNode
	var caches []inventory.VarnishNode
	for _, m := range sel {
		if m.lb >= 0 {
			lbs = append(lbs, cfg.HAProxy.Nodes[m.lb])
		} else {
			caches = append(caches, cfg.Varnish.Nodes[m.cache])
		}
	}
	return lbs, caches, nil
}
