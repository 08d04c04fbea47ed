package main

import (
	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/event"
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
			if err != nil && outcome.PartsOf(err) == nil {
				return err
			}
			return a.printLocks("lock.status", st, "HOLDER", err)
		},
	})
	return lock
}

// printLocks prints every host's lock (a host that failed with its error)
// and returns err (a *deploy.HostsError when some host failed).
func (a *app) printLocks(name string, st []deploy.LockState, col string, err error) error {
	p := a.rows(name, "HOST\tLOCK\t"+col)
	for _, s := range st {
		switch {
		case s.Err != nil:
			msg := event.Unplaced(s.Err, s.Host)
			p.row(fields(s, map[string]any{"error": msg}), s.Host, "?", "error: "+msg)
		case s.Held:
			p.row(s, s.Host, "held", s.Holder)
		default:
			p.row(s, s.Host, "free", "-")
		}
	}
	p.flush()
	return err
}
