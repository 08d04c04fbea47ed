package main

import (
	"fmt"

	"github.com/opsctl/opsctl/internal/factory"

	yaml "go.yaml.in/yaml/v3"

	"github.com/spf13/cobra"
)

func newConfigCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Check the inventory and print it resolved",
		Long: `Load the inventory (--config, $OPSCTL_CONFIG or ./opsctl.yaml), report the
first mistake with its line and column, or print the config as opsctl will
use it: defaults filled in, and each host with the address, port, user and
jump host it will really be dialled with (the inventory, the ssh: section and
your OpenSSH config merged; nothing is dialled). Values written as ${VAR} are
shown as written, never expanded, so the output is safe to paste.

  opsctl config                  # check and print
  opsctl config -o json          # the same as one JSON object
  opsctl config -c staging.yaml >/dev/null && echo ok`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			hosts := a.resolveHosts(cfg.AllHosts())
			if hosts == nil {
				hosts = []factory.ResolvedHost{}
			}
			n, err := cfg.Resolved(hosts)
			if err != nil {
				return err
			}
			if a.jsonMode() {
				var v map[string]any
				if err := n.Decode(&v); err != nil {
					return err
				}
				a.emit("config.show", map[string]any{"file": cfg.File, "config": v})
				return nil
			}
			fmt.Fprintf(a.io.Out, "# %s: ok (%d hosts, %d HAProxy nodes, %d Varnish nodes)\n", cfg.File, len(cfg.Hosts), len(cfg.HAProxy.Nodes), len(cfg.Varnish.Nodes))
			enc := yaml.NewEncoder(a.io.Out)
			enc.SetIndent(2)
			if err := enc.Encode(n); err != nil {
				return err
			}
			return enc.Close()
		},
	}
}
