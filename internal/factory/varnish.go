package factory

import (
	"context"
	"fmt"
	"net"

	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/outcome"
	"github.com/opsctl/opsctl/varnish"
)

// VarnishNode builds the client-side node for an inventory cache node: the
// -T address dialled from here, or through SSH on the via: host (a
// direct-tcpip channel, no socat), where the secret file is read too (cat,
// the path quoted). Nothing connects until the node is used; a via: that
// cannot be set up fails only this node. The secret's bytes never go into
// an error.
func (f *Factory) VarnishNode(n inventory.VarnishNode) varnish.Node {
	node := varnish.Node{Name: n.Name, Dial: varnish.TCPDialer(n.Admin), Secret: varnish.SecretFile(n.SecretFile)}
	if n.Via == "" {
		return node
	}
	if err := f.checkVia(n.Via); err != nil {
		err = fmt.Errorf("varnish node %s: %w", n.Name, err)
		node.Dial = func(context.Context) (net.Conn, error) { return nil, err }
		node.Secret = nil
		return node
	}
	via, admin, secret := n.Via, n.Admin, n.SecretFile
	node.Dial = func(ctx context.Context) (net.Conn, error) { return f.ViaDial(ctx, via, "tcp", admin) }
	node.Secret = func(ctx context.Context) ([]byte, error) {
		b, err := f.ViaReadFile(ctx, via, secret)
		if err != nil {
			return nil, fmt.Errorf("read secret file: %w", err)
		}
		return b, nil
	}
	return node
}

// VarnishFleet builds the fleet of the cache nodes --hosts selects; stop
// is its soft stop (the ctx of each call is the hard one).
func (f *Factory) VarnishFleet(dryRun bool, stop context.Context) (*varnish.Fleet, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	nodes, err := cfg.SelectVarnishNodes(f.hosts())
	if err != nil {
		return nil, outcome.MarkUsage(err)
	}
	fl := &varnish.Fleet{Limit: f.concurrency(), DryRun: dryRun, Stop: stop}
	for _, n := range nodes {
		fl.Nodes = append(fl.Nodes, f.VarnishNode(n))
	}
	return fl, nil
}
