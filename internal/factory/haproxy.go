package factory

import (
	"context"
	"fmt"
	"net"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/outcome"
)

// HAProxyDialer returns how to reach node n's admin socket. Addresses
// without via: are dialled from this machine. With via: the address is on
// that inventory host and reached through its pooled SSH connection: a
// unix socket over a direct-streamlocal channel, tcp://host:port (as seen
// from that host) over a direct-tcpip channel. Nothing is dialled until
// the dialer is called.
func (f *Factory) HAProxyDialer(n inventory.HAProxyNode) (haproxy.Dialer, error) {
	addr, err := haproxy.ParseAddress(n.Admin)
	if err != nil {
		return nil, err
	}
	if n.Via == "" {
		return addr.Dialer(), nil
	}
	if err := f.checkVia(n.Via); err != nil {
		return nil, fmt.Errorf("haproxy node %s: %w", n.Name, err)
	}
	via := n.Via
	return func(ctx context.Context) (net.Conn, error) {
		return f.ViaDial(ctx, via, addr.Network, addr.Addr)
	}, nil
}

// HAProxyClient is the runtime-API client of node n. A node whose dialer
// cannot be built still gets a client: it fails on its own when used.
func (f *Factory) HAProxyClient(n inventory.HAProxyNode) *haproxy.Client {
	dial, err := f.HAProxyDialer(n)
	if err != nil {
		dial = func(context.Context) (net.Conn, error) { return nil, err }
	}
	return haproxy.New(n.Name, dial)
}

// HAProxyFiles returns how to read and write files on node n's host (for
// the state-file check, save-state and the read-only map file): local
// files when the socket is on this machine; over SSH on the via: host (cat
// to read; a temporary file and mv -f to write, a new file 0600); nil when
// the socket is on another machine that opsctl has no SSH access to.
func (f *Factory) HAProxyFiles(n inventory.HAProxyNode) (read func(context.Context, string) ([]byte, error), write func(context.Context, string, []byte) error) {
	if n.Via != "" {
		via := n.Via
		read = func(ctx context.Context, p string) ([]byte, error) { return f.ViaReadFile(ctx, via, p) }
		write = func(ctx context.Context, p string, data []byte) error {
			return f.ViaWriteFile(ctx, via, p, data, 0o600)
		}
		return read, write
	}
	addr, err := haproxy.ParseAddress(n.Admin)
	if err != nil {
		return nil, nil
	}
	if addr.Network == "tcp" {
		host, _, _ := net.SplitHostPort(addr.Addr)
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, nil
		}
	}
	return haproxy.LocalReadFile, haproxy.LocalWriteFile
}

// HAProxyFleet builds the fleet of the nodes --hosts selects. A node whose
// dialer cannot be built still takes part and fails on its own.
func (f *Factory) HAProxyFleet(dryRun bool) (*haproxy.Fleet, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	if len(cfg.HAProxy.Nodes) == 0 {
		return nil, outcome.MarkUsage(fmt.Errorf("%s: no haproxy.nodes in the inventory", cfg.File))
	}
	nodes, err := cfg.SelectHAProxy(f.hosts())
	if err != nil {
		return nil, outcome.MarkUsage(err)
	}
	fl := &haproxy.Fleet{Limit: f.concurrency(), DryRun: dryRun}
	for _, n := range nodes {
		rd, wr := f.HAProxyFiles(n)
		fl.Nodes = append(fl.Nodes, &haproxy.Node{Client: f.HAProxyClient(n), StateFile: n.StateFile, ReadFile: rd, WriteFile: wr})
	}
	return fl, nil
}
