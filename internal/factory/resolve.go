package factory

import (
	"fmt"

	"github.com/opsctl/opsctl/inventory"
)

// ResolvedHost is a host as the SSH pool will dial it, with its names in
// `opsctl inventory -o json` (json) and in `opsctl config` (yaml).
type ResolvedHost struct {
	Name    string   `json:"host" yaml:"name"`
	Address string   `json:"address" yaml:"address,omitempty"`
	Port    int      `json:"port" yaml:"port,omitempty"`
	User    string   `json:"user" yaml:"user,omitempty"`
	Via     string   `json:"via" yaml:"jump,omitempty"`
	Groups  []string `json:"groups" yaml:"groups,omitempty"`
}

// ResolveHosts fills what the inventory leaves unset from the ssh section
// and the OpenSSH client config, as the SSH pool would (without
// dialling). What could not be resolved keeps the inventory's values and
// is said in warnings (the SSH settings once, else per host).
func (f *Factory) ResolveHosts(hosts []inventory.Host) (out []ResolvedHost, warnings []error) {
	pool, perr := f.SSHPool()
	if perr != nil {
		warnings = append(warnings, fmt.Errorf("%w (showing the inventory's values only)", perr))
	}
	for _, h := range hosts {
		row := ResolvedHost{Name: h.Name, Address: h.Address, Port: h.Port, User: h.User, Groups: h.Groups}
		if pool != nil {
			r, err := pool.Resolve(Target(h))
			if err != nil {
				warnings = append(warnings, fmt.Errorf("host %s: %w", h.Name, err))
			} else {
				row.Address, row.Port, row.User = r.Address, r.Port, r.User
				if r.Jump != nil {
					row.Via = r.Jump.Name
					if row.Via == "" {
						row.Via = r.Jump.Address
					}
				}
			}
		}
		out = append(out, row)
	}
	return out, warnings
}
