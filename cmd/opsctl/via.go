package main

// Reaching admin sockets "via" an inventory host: HAProxy's stats socket
// and Varnish's -T port live on the load balancer / cache host, and opsctl
// gets there through the pooled SSH connection to that host: a
// direct-streamlocal channel for a unix socket, a direct-tcpip channel for
// host:port (no socat on the host), and plain commands (cat, mv) for the
// few files it needs there.

import (
	"context"
	"fmt"
	"net"
	"os"

	"github.com/opsctl/opsctl/transport"
)

// viaClient returns the pooled SSH connection to inventory host name,
// dialling it on first use.
func (a *app) viaClient(ctx context.Context, name string) (*transport.Client, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	h, ok := cfg.Host(name)
	if !ok {
		return nil, usage(fmt.Errorf("via %q is not a host in the inventory", name))
	}
	pool, err := a.sshPool()
	if err != nil {
		return nil, err
	}
	return pool.Client(ctx, a.sshTarget(h))
}

// checkVia reports a via: naming no inventory host (the inventory's own
// validation catches it too; this keeps the dialers honest).
func (a *app) checkVia(name string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	if _, ok := cfg.Host(name); !ok {
		return usage(fmt.Errorf("via %q is not a host in the inventory", name))
	}
	return nil
}

// viaDial opens a connection from host via to network/addr
// (transport.Client.Dial: deadlines honoured).
func (a *app) viaDial(ctx context.Context, via, network, addr string) (net.Conn, error) {
	c, err := a.viaClient(ctx, via)
	if err != nil {
		return nil, err
	}
	return c.Dial(ctx, network, addr)
}

// viaReadFile reads a file on host via; a missing file is os.ErrNotExist.
func (a *app) viaReadFile(ctx context.Context, via, p string) ([]byte, error) {
	c, err := a.viaClient(ctx, via)
	if err != nil {
		return nil, err
	}
	return c.ReadFile(ctx, p)
}

// viaWriteFile replaces a file on host via atomically (newMode for a new
// file).
func (a *app) viaWriteFile(ctx context.Context, via, p string, data []byte, newMode os.FileMode) error {
	c, err := a.viaClient(ctx, via)
	if err != nil {
		return err
	}
	return c.WriteFile(ctx, p, data, newMode)
}
