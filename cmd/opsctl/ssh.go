package main

import (
	"fmt"
	"sync"

	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/transport"
)

var (
	sshPoolMu sync.Mutex
	sshPools  = map[*app]*sshPoolState{}
)

type sshPoolState struct {
	pool *transport.Pool
	err  error
}

// sshPool builds the SSH connection pool from the inventory's ssh section
// on first use (so --help never touches it) and closes it when the command
// ends. --accept-new-host-keys (or ssh.accept_new_host_keys) turns on
// trust-on-first-use; a changed key is refused either way.
func (a *app) sshPool() (*transport.Pool, error) {
	sshPoolMu.Lock()
	defer sshPoolMu.Unlock()
	if st, ok := sshPools[a]; ok {
		return st.pool, st.err
	}
	st := &sshPoolState{}
	sshPools[a] = st
	cfg, err := a.config()
	if err != nil {
		st.err = err
		return nil, err
	}
	s := cfg.SSH
	opts := transport.Options{
		User:              s.User,
		Port:              s.Port,
		IdentityFiles:     s.IdentityFiles,
		KnownHostsFile:    s.KnownHosts,
		UseAgent:          s.UseAgent(),
		AcceptNewHostKeys: s.AcceptNewHostKeys || a.opts.acceptNew,
		ConnectTimeout:    s.ConnectTimeout,
		CommandTimeout:    s.CommandTimeout,
		SSHConfigFile:     s.ConfigFile,
	}
	if s.Jump != "" {
		jt, err := jumpTarget(cfg, s.Jump)
		if err != nil {
			st.err = usage(cfg.Errorf([]any{"ssh", "jump"}, "ssh.jump: %v", err))
			return nil, st.err
		}
		opts.Jump = &jt
	}
	st.pool, st.err = transport.NewPool(opts)
	if st.err != nil {
		st.err = usage(fmt.Errorf("ssh: %w", st.err))
		return nil, st.err
	}
	a.closers = append(a.closers, func() {
		st.pool.Close()
		sshPoolMu.Lock()
		delete(sshPools, a)
		sshPoolMu.Unlock()
	})
	return st.pool, nil
}

// jumpTarget resolves ssh.jump: an inventory host by name, else
// [user@]host[:port].
func jumpTarget(cfg *inventory.Config, jump string) (transport.Target, error) {
	if h, ok := cfg.Host(jump); ok {
		return sshTargetOf(h), nil
	}
	return transport.ParseJump(jump)
}

// sshTarget is the transport target for an inventory host. Unset fields
// are filled by the ssh section and the OpenSSH client config.
func (a *app) sshTarget(h inventory.Host) transport.Target { return sshTargetOf(h) }

func sshTargetOf(h inventory.Host) transport.Target {
	return transport.Target{Name: h.Name, Address: h.Address, Port: h.Port, User: h.User}
}
