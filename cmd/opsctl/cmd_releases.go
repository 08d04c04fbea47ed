package main

import (
	"strings"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/outcome"
	"github.com/spf13/cobra"
)

func newReleasesCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "releases",
		Short: "Show the releases on each host and which one is live",
		Long: `List, per selected host, the releases under <deploy_to>/releases (newest
first; the live one marked with *), and flag hosts whose live release is not
the one most hosts run (a half-finished deploy, a host rolled back alone).

Examples:
  opsctl releases
  opsctl releases -H 'web[01:10]' -o json`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, common, err := a.f.DeployCommon()
			if err != nil {
				return err
			}
			rs, err := deploy.Releases(a.hardCtx, common)
			if err != nil && outcome.PartsOf(err) == nil {
				return err
			}
			disagree := 0
			var seen []string
			for _, r := range rs {
				seen = append(seen, r.Releases...)
			}
			a.cacheReleases(seen...) // for rollback --to completion
			p := a.rows("releases.host", "HOST\tLIVE\tRELEASES (newest first, * live)\tNOTE")
			for _, r := range rs {
				if r.Err != nil {
					msg := event.Unplaced(r.Err, r.Host)
					p.row(fields(r, map[string]any{"error": msg}), r.Host, "?", "-", "error: "+msg)
					continue
				}
				var list []string
				for _, id := range r.Releases {
					if id == r.Live {
						id = "*" + id
					}
					list = append(list, id)
				}
				note := "-"
				if r.Disagrees {
					note = "DIFFERS from most hosts"
					disagree++
				}
				p.row(r, r.Host, dashNone(r.Live), dash(strings.Join(list, " ")), note)
			}
			p.flush()
			if disagree > 0 {
				a.infof("%d host(s) run a different release than most hosts\n", disagree)
			}
			return err // a *deploy.HostsError when some host could not be read
		},
	}
}
