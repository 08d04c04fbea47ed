// Package factory is the one place that turns the inventory into library
// objects (gh's cmdutil.Factory model): the loaded inventory, the SSH pool
// and the transport target of a host, each built lazily on first use, so
// --help and version never read the file nor dial. The commands of
// cmd/opsctl get their dependencies from it; libraries never import it.
package factory

import (
	"fmt"
	"sync"

	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/outcome"
	"github.com/opsctl/opsctl/transport"
)

// Factory builds, once each, what the commands need from the inventory.
// Safe for concurrent use. Close it when the command ends.
type Factory struct {
	// ConfigPath is the inventory file (called on first use).
	ConfigPath func() string
	// AcceptNewHostKeys (called on first use; nil: false) turns on
	// trust-on-first-use on top of ssh.accept_new_host_keys (a changed key
	// is refused either way).
	AcceptNewHostKeys func() bool
	// Hosts is the --hosts selector the fleets are built from (nil or "":
	// every host or node).
	Hosts func() string
	// Concurrency is how many hosts or nodes a fleet works on at once
	// (nil: 100).
	Concurrency func() int

	closeMu sync.Mutex
	closers []func()

	cfgOnce sync.Once
	cfg     *inventory.Config
	cfgErr  error

	poolOnce sync.Once
	pool     *transport.Pool
	poolErr  error
}

// Config loads the inventory once, on first use. Its errors are usage
// errors (the file is the user's input).
func (f *Factory) Config() (*inventory.Config, error) {
	f.cfgOnce.Do(func() {
		f.cfg, f.cfgErr = inventory.Load(f.ConfigPath())
		if f.cfgErr != nil {
			f.cfgErr = outcome.MarkUsage(f.cfgErr)
		}
	})
	return f.cfg, f.cfgErr
}

// SSHPool builds the SSH connection pool from the inventory's ssh section
// on first use.
func (f *Factory) SSHPool() (*transport.Pool, error) {
	f.poolOnce.Do(func() { f.pool, f.poolErr = f.newPool() })
	return f.pool, f.poolErr
}

func (f *Factory) newPool() (*transport.Pool, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	s := cfg.SSH
	opts := transport.Options{
		User:              s.User,
		Port:              s.Port,
		IdentityFiles:     s.IdentityFiles,
		KnownHostsFile:    s.KnownHosts,
		UseAgent:          s.UseAgent(),
		AcceptNewHostKeys: s.AcceptNewHostKeys || (f.AcceptNewHostKeys != nil && f.AcceptNewHostKeys()),
		ConnectTimeout:    s.ConnectTimeout,
		CommandTimeout:    s.CommandTimeout,
		SSHConfigFile:     s.ConfigFile,
	}
	if s.Jump != "" {
		jt, err := JumpTarget(cfg, s.Jump)
		if err != nil {
			return nil, outcome.MarkUsage(cfg.Errorf([]any{"ssh", "jump"}, "ssh.jump: %v", err))
		}
		opts.Jump = &jt
	}
	pool, err := transport.NewPool(opts)
	if err != nil {
		return nil, outcome.MarkUsage(fmt.Errorf("ssh: %w", err))
	}
	return pool, nil
}

// JumpTarget resolves ssh.jump: an inventory host by name, else
// [user@]host[:port].
func JumpTarget(cfg *inventory.Config, jump string) (transport.Target, error) {
	if h, ok := cfg.Host(jump); ok {
		return Target(h), nil
	}
	return transport.ParseJump(jump)
}

// Target is the transport target for an inventory host. Unset fields are
// filled by the ssh section and the OpenSSH client config.
func Target(h inventory.Host) transport.Target {
	return transport.Target{Name: h.Name, Address: h.Address, Port: h.Port, User: h.User}
}

// Targets are the SSH targets of the hosts --hosts selects, in inventory
// order (a usage error when it selects none).
func (f *Factory) Targets() ([]transport.Target, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	hosts, err := cfg.SelectHosts(f.hosts())
	if err != nil {
		return nil, outcome.MarkUsage(err)
	}
	if len(hosts) == 0 {
		return nil, outcome.MarkUsage(fmt.Errorf("%s: the inventory lists no hosts", cfg.File))
	}
	ts := make([]transport.Target, len(hosts))
	for i, h := range hosts {
		ts[i] = Target(h)
	}
	return ts, nil
}

func (f *Factory) hosts() string {
	if f.Hosts == nil {
		return ""
	}
	return f.Hosts()
}

func (f *Factory) concurrency() int {
	if f.Concurrency == nil {
		return 100
	}
	return f.Concurrency()
}

// onClose registers what Close closes (sessions of the objects built).
func (f *Factory) onClose(c func()) {
	f.closeMu.Lock()
	f.closers = append(f.closers, c)
	f.closeMu.Unlock()
}

// Close closes what the factory built (in reverse order), then the SSH
// pool if one was built.
func (f *Factory) Close() {
	f.closeMu.Lock()
	cs := f.closers
	f.closers = nil
	f.closeMu.Unlock()
	for i := len(cs) - 1; i >= 0; i-- {
		cs[i]()
	}
	f.poolOnce.Do(func() {}) // no pool after Close
	if f.pool != nil {
		f.pool.Close()
	}
}
