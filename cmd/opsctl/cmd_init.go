package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/opsctl/opsctl/inventory"

	"github.com/spf13/cobra"
)

type initOptions struct {
	fromSSH   bool
	sshConfig string
	force     bool
	print     bool
}

func newInitCmd(a *app) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented starter opsctl.yaml",
		Long: `Write a commented starter inventory: the app, SSH settings, hosts, a canary
group and a health check, with every other section shown commented out. It
loads as written; edit it, then check it with "opsctl config".

The file is --config (default ./opsctl.yaml); an existing file is never
overwritten without --force.

  opsctl init                        # two example hosts
  opsctl init --from-ssh-config      # one host per Host alias in ~/.ssh/config
  opsctl init --print > staging.yaml`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			var hosts []inventory.StarterHost
			if o.fromSSH {
				p := o.sshConfig
				if p == "" {
					home, _ := os.UserHomeDir()
					p = filepath.Join(home, ".ssh", "config")
				}
				var err error
				if hosts, err = inventory.SSHConfigHosts(p); err != nil {
					return usageError("%v", err)
				}
				if len(hosts) == 0 {
					return usageError("ssh config %s: no Host alias without wildcards to take", p)
				}
			}
			if o.print {
				_, err := a.io.Out.Write(inventory.Starter(hosts))
				return err
			}
			path := a.configPath()
			err := inventory.WriteStarter(path, hosts, o.force)
			if errors.Is(err, os.ErrExist) {
				return usageError("%s exists: not overwritten (--force replaces it, --print writes to stdout)", path)
			}
			if err != nil {
				return err
			}
			if a.jsonMode() {
				a.emit("init.wrote", map[string]any{"file": path, "hosts": len(hosts)})
				return nil
			}
			fmt.Fprintf(a.io.Out, "wrote %s; edit it, then: opsctl config -c %s\n", path, path)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.fromSSH, "from-ssh-config", false, "take the hosts from your OpenSSH client config's Host aliases")
	f.StringVar(&o.sshConfig, "ssh-config", "", "the OpenSSH client config to read (default ~/.ssh/config)")
	f.BoolVar(&o.force, "force", false, "replace an existing file")
	f.BoolVar(&o.print, "print", false, "write the starter to stdout instead of a file")
	return cmd
}
