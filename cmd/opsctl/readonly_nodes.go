package main

// Adapters from the native HAProxy and Varnish clients to the interfaces
// the readonly library flips, and the fleet built from the inventory.

import (
	"context"
	"net"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/readonly"
)

// readonlyFleet builds the read-only fleet of the selected nodes. A node
// whose connection cannot be set up still takes part and fails on its own.
func (a *app) readonlyFleet() (*readonly.Fleet, *inventory.Config, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	lbs, caches, err := factory.ReadonlyNodes(cfg, a.opts.hosts)
	if err != nil {
		return nil, nil, usage(err)
	}
	ro := cfg.Readonly
	f := &readonly.Fleet{Limit: a.opts.concurrency}
	for _, n := range lbs {
		dial, derr := a.haproxyDialer(n)
		if derr != nil {
			dial = func(context.Context) (net.Conn, error) { return nil, derr }
		}
		f.LBs = append(f.LBs, readonly.LBNode{
			Name: n.Name, LB: readonly.HAProxyLB{Client: haproxy.New(n.Name, dial)},
			MapFile: ro.MapFile, MapKey: ro.MapKey,
			Persist: a.readonlyPersist(cfg, n, ro.MapFile),
		})
		if rd, _ := a.haproxyFiles(n); rd != nil {
			path := ro.MapFile
			f.LBs[len(f.LBs)-1].ReadMapFile = func(ctx context.Context) ([]byte, error) { return rd(ctx, path) }
		}
	}
	for _, n := range caches {
		c := readonly.NewVarnishCache(a.varnishNode(cfg, n))
		a.closers = append(a.closers, c.Close)
		f.Caches = append(f.Caches, readonly.CacheNode{
			Name: n.Name, Cache: c, ReadonlyVCL: ro.VCL, ReadonlyVCLFile: ro.VCLFile, NormalVCL: ro.NormalVCL,
		})
	}
	for _, p := range ro.Probes {
		f.Probes = append(f.Probes, readonly.Probe{URL: p})
	}
	return f, cfg, nil
}

// readonlyPersist returns how to rewrite the map file on the LB's host:
// over SSH for via: nodes, the local file when the admin socket is on this
// machine, nil (runtime only, a warning) when the file is out of reach.
func (a *app) readonlyPersist(cfg *inventory.Config, n inventory.HAProxyNode, path string) func(context.Context, []byte) error {
	if n.Via != "" {
		return func(ctx context.Context, b []byte) error { return readonlyPersistViaSSH(ctx, a, cfg, n, path, b) }
	}
	if rd, _ := a.haproxyFiles(n); rd == nil {
		return nil
	}
	return func(_ context.Context, b []byte) error { return readonly.ReplaceFileLocal(path, b) }
}

// readonlyPersistViaSSH rewrites the map file on the via host over SSH.
// The map file keeps its mode (HAProxy may read it as another user); a new
// one is made 0644.
var readonlyPersistViaSSH = func(ctx context.Context, a *app, cfg *inventory.Config, n inventory.HAProxyNode, path string, b []byte) error {
	return a.viaWriteFile(ctx, n.Via, path, b, 0o644)
}
