package main

import (
	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/transport"
)

// sshPool is the SSH connection pool built from the inventory's ssh
// section on first use (so --help never touches it); the factory closes it
// when the command ends. --accept-new-host-keys (or
// ssh.accept_new_host_keys) turns on trust-on-first-use; a changed key is
// refused either way.
func (a *app) sshPool() (*transport.Pool, error) { return a.f.SSHPool() }

// sshTarget is the transport target for an inventory host.
func (a *app) sshTarget(h inventory.Host) transport.Target { return factory.Target(h) }
