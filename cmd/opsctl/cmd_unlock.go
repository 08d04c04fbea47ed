package main

import (
	"fmt"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/outcome"
	"github.com/spf13/cobra"
)

func newUnlockCmd(a *app) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "unlock --break-lock",
		Short: "Break the deploy lock on the selected hosts",
		Long: `Remove <deploy_to>/.opsctl.lock on every selected host, whoever holds it,
and print what each host held. Use it for the stale lock of a crashed
deploy; check 'opsctl lock status' first: breaking the lock of a deploy
that is still running lets two deploys race.

--break-lock is required (there is no polite unlock: a running deploy releases
its own lock).

Examples:
  opsctl lock status
  opsctl unlock --break-lock -H web07`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !force {
				return usageError("unlock breaks whatever lock is held: pass --break-lock (see 'opsctl lock status' first)")
			}
			_, common, err := a.f.DeployCommon()
			if err != nil {
				return err
			}
			if err := a.confirm(fmt.Sprintf("break the deploy lock on %d host(s), whoever holds it", len(common.Hosts)), deployHostNames(common.Hosts)); err != nil {
				return err
			}
			st, err := deploy.ForceUnlock(a.hardCtx, common)
			if err != nil && outcome.PartsOf(err) == nil {
				return err
			}
			return a.printLocks("unlock.host", st, "BROKEN LOCK", err)
		},
	}
	cmd.Flags().BoolVar(&force, "break-lock", false, "required: break the lock whoever holds it")
	deprecatedFlag(cmd, "force", "break-lock")
	return cmd
}
