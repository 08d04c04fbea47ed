package main

import (
	"fmt"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/outcome"
	"github.com/spf13/cobra"
)

func newLockCmd(a *app) *cobra.Command {
	lock := &cobra.Command{
		Use:   "lock",
		Short: "Inspect the deploy lock on the hosts",
		Long: `Deploys and rollbacks take a lock on every host they touch
(<deploy_to>/.opsctl.lock, made with mkdir, which is atomic) holding who,
when and what. A second deploy or rollback refuses with that information.

  opsctl lock status        who holds the lock on which host, since when
  opsctl unlock --break-lock     break it (a crashed deploy's stale lock)`,
	}
	lock.AddCommand(&cobra.Command{
		Use:   "status",
		Short: "Show who holds the deploy lock on each host",
		Long: `Show, per selected host, whether the deploy lock is held and by whom (user,
machine, pid, operation, release, since when). A lock older than any deploy
you know of is stale (the deploy crashed or the machine died): break it with
'opsctl unlock --break-lock'.

Examples:
  opsctl lock status
  opsctl lock status -H web -o json`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, common, err := a.f.DeployCommon()
			if err != nil {
				return err
			}
			st, err := deploy.LockStatus(a.hardCtx, common)
			if err != nil {
				return err
			}
			return a.printLocks("lock.status", st, "HOLDER")
		},
	})
	return lock
}

func (a *app) printLocks(event string, st []deploy.LockState, col string) error {
	failed := 0
	if a.jsonMode() {
		for _, s := range st {
			f := map[string]any{"host": s.Host, "held": s.Held}
			if s.Held {
				f["holder"] = s.Holder
			}
			if s.Err != nil {
				f["error"] = s.Err.Error()
				failed++
			}
			a.emit(event, f)
		}
	} else {
		tw := a.table()
		fmt.Fprintf(tw, "HOST\tLOCK\t%s\n", col)
		for _, s := range st {
			switch {
			case s.Err != nil:
				failed++
				fmt.Fprintf(tw, "%s\t?\terror: %v\n", s.Host, s.Err)
			case s.Held:
				fmt.Fprintf(tw, "%s\theld\t%s\n", s.Host, s.Holder)
			default:
				fmt.Fprintf(tw, "%s\tfree\t-\n", s.Host)
			}
		}
		tw.Flush()
	}
	if failed > 0 {
		return outcome.MarkPartial(fmt.Errorf("could not read the lock on %d host(s)", failed))
	}
	return nil
}
