package main

import (
	"fmt"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/outcome"
	"github.com/spf13/cobra"
)

func newHistoryCmd(a *app) *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Show past deploys and rollbacks from the hosts' revisions.log",
		Long: `Read <deploy_to>/revisions.log on every selected host and merge the lines
into one history: when, what (deploy or rollback), which release, who, on
how many hosts, and the result (a deploy whose hosts were put back by the
same operation shows "rolled back"; one cut short by a second Ctrl-C shows
"INTERRUPTED" and on how many hosts it was left).

Examples:
  opsctl history
  opsctl history -n 5 -H web01
  opsctl history -o json`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 1 {
				return usageError("--limit must be at least 1")
			}
			_, common, err := a.f.DeployCommon()
			if err != nil {
				return err
			}
			entries, _, err := deploy.History(a.hardCtx, common, 50*limit)
			if err != nil && outcome.PartsOf(err) == nil {
				return err
			}
			var seen []string
			for _, e := range entries {
				seen = append(seen, e.Release)
			}
			a.cacheReleases(seen...) // for rollback --to completion
			entries = deploy.HistoryShown(entries, limit)
			total := len(common.Hosts)
			if a.jsonMode() {
				for _, e := range entries {
					a.emitEvent(event.Event{Name: "history.entry", Time: e.Time}, fields(e))
				}
			} else {
				tw := a.table()
				fmt.Fprintln(tw, "TIME (UTC)\tACTION\tRELEASE\tUSER\tHOSTS\tRESULT\tOPERATION")
				for _, e := range entries {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d/%d\t%s\t%s\n", e.Time.UTC().Format("2006-01-02 15:04:05"), e.Action, dashNone(e.Release),
						e.User, len(e.Hosts), total, e.Result, e.OpID)
				}
				tw.Flush()
				printGateHistory(a, entries)
			}
			if p := outcome.PartsOf(err); p != nil {
				for _, f := range p.Failed {
					a.infof("%s: %s\n", f.Name, event.Unplaced(f.Err, f.Name))
				}
			}
			return err // a *deploy.HostsError when some host could not be read
		},
	}
	cmd.Flags().IntVarP(&limit, "limit", "n", 20, "show the last N entries")
	return cmd
}
