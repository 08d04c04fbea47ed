package factory

// Reaching admin sockets and files "via" an inventory host: HAProxy's
// stats socket and Varnish's -T port live on the load balancer / cache
// host, and opsctl gets there through the pooled SSH connection to that
// host (transport.Client.Dial, ReadFile, WriteFile).

import (
	"context"
	"fmt"
	"net"
	"os"

	"github.com/opsctl/opsctl/outcome"
	"github.com/opsctl/opsctl/transport"
)

// ViaClient returns the pooled SSH connection to inventory host name,
// dialling it on first use.
func (f *Factory) ViaClient(ctx context.Context, name string) (*transport.Client, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	h, ok := cfg.Host(name)
	if !ok {
		return nil, outcome.MarkUsage(fmt.Errorf("via %q is not a host in the inventory", name))
	}
	pool, err := f.SSHPool()
	if err != nil {
		return nil, err
	}
	return pool.Client(ctx, Target(h))
}

// checkVia reports a via: naming no inventory host (the inventory's own
// validation catches it too; this keeps the dialers honest).
func (f *Factory) checkVia(name string) error {
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	if _, ok := cfg.Host(name); !ok {
		return outcome.MarkUsage(fmt.Errorf("via %q is not a host in the inventory", name))
	}
	return nil
}

// ViaDial opens a connection from host via to network/addr (deadlines
// honoured).
func (f *Factory) ViaDial(ctx context.Context, via, network, addr string) (net.Conn, error) {
	c, err := f.ViaClient(ctx, via)
	if err != nil {
		return nil, err
	}
	return c.Dial(ctx, network, addr)
}

// ViaReadFile reads a file on host via; a missing file is os.ErrNotExist.
func (f *Factory) ViaReadFile(ctx context.Context, via, p string) ([]byte, error) {
	c, err := f.ViaClient(ctx, via)
	if err != nil {
		return nil, err
	}
	return c.ReadFile(ctx, p)
}

// ViaWriteFile replaces a file on host via atomically (newMode for a new
// file).
func (f *Factory) ViaWriteFile(ctx context.Context, via, p string, data []byte, newMode os.FileMode) error {
	c, err := f.ViaClient(ctx, via)
	if err != nil {
		return err
	}
	return c.WriteFile(ctx, p, data, newMode)
}
