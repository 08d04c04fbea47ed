package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

func init() { commandConstructors = append(commandConstructors, newInventoryCmd) }

func newInventoryCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "inventory",
		Short: "List the hosts the inventory resolves to (after --hosts)",
		Long: `List the hosts from the inventory file with their resolved address, port,
user and groups. --hosts is applied, so this is the way to check a selector
before using it:

  opsctl inventory -H 'web[01:04],!web03'
  opsctl inventory -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			hosts, err := cfg.SelectHosts(a.opts.hosts)
			if err != nil {
				return withCode(ExitUsage, err)
			}
			if a.jsonMode() {
				for _, h := range hosts {
					a.emit("host", map[string]any{"name": h.Name, "address": h.Address, "port": h.Port, "user": h.User, "groups": h.Groups})
				}
				return nil
			}
			tw := a.table()
			fmt.Fprintln(tw, "HOST\tADDRESS\tPORT\tUSER\tGROUPS")
			for _, h := range hosts {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", h.Name, dash(h.Address), dashInt(h.Port), dash(h.User), strings.Join(h.Groups, ","))
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
