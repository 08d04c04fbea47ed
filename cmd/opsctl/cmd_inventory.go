package main

import (
	"fmt"
	"strings"

	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/inventory"
	"github.com/spf13/cobra"
)

func newInventoryCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "inventory",
		Short: "List the hosts and nodes the inventory resolves to (after --hosts)",
		Long: `List the hosts from the inventory file with the address, port, user and
jump host opsctl will actually use (the inventory, then the ssh section, then
your OpenSSH client config, then defaults), and their groups; then the
HAProxy and Varnish nodes. Nothing is dialled. --hosts is applied to all of
them, so this is the way to check a selector before using it:

  opsctl inventory -H 'web[01:04],!web03'
  opsctl inventory -H lb            # the load balancers of group lb
  opsctl inventory -o json`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			sel, err := cfg.SelectEverything(a.opts.hosts)
			if err != nil {
				return usage(err)
			}
			rows := a.resolveHosts(sel.Hosts)
			if a.jsonMode() {
				for _, r := range rows {
					a.emit("inventory.host", r)
				}
				for _, n := range sel.HAProxy {
					a.emit("inventory.node", map[string]any{"kind": "haproxy", "node": n.Name, "admin": n.Admin, "via": n.Via, "groups": n.Groups})
				}
				for _, n := range sel.Varnish {
					a.emit("inventory.node", map[string]any{"kind": "varnish", "node": n.Name, "admin": n.Admin, "via": n.Via, "groups": n.Groups})
				}
				return nil
			}
			tw := a.table()
			if len(rows) > 0 {
				fmt.Fprintln(tw, "HOST\tADDRESS\tPORT\tUSER\tVIA\tGROUPS")
				for _, r := range rows {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Name, dash(r.Address), dashInt(r.Port), dash(r.User), dash(r.Via), strings.Join(r.Groups, ","))
				}
			}
			if len(sel.HAProxy)+len(sel.Varnish) > 0 {
				if len(rows) > 0 {
					fmt.Fprintln(tw)
				}
				fmt.Fprintln(tw, "NODE\tKIND\tADMIN\tVIA\tGROUPS")
				for _, n := range sel.HAProxy {
					fmt.Fprintf(tw, "%s\thaproxy\t%s\t%s\t%s\n", n.Name, n.Admin, dash(n.Via), strings.Join(n.Groups, ","))
				}
				for _, n := range sel.Varnish {
					fmt.Fprintf(tw, "%s\tvarnish\t%s\t%s\t%s\n", n.Name, n.Admin, dash(n.Via), strings.Join(n.Groups, ","))
				}
			}
			return tw.Flush()
		},
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func dashInt(n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprint(n)
}

// resolveHosts are hosts as the SSH pool will dial them, warnings said.
func (a *app) resolveHosts(hosts []inventory.Host) []factory.ResolvedHost {
	rows, warnings := a.f.ResolveHosts(hosts)
	for _, w := range warnings {
		a.infof("warning: %v\n", w)
	}
	return rows
}
