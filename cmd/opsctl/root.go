package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"
)

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "opsctl",
		Short: "Deploy, roll back, go read-only and migrate MySQL to PostgreSQL",
		Long: `opsctl is one binary for deploy day, migration day and the bad day:

  opsctl deploy      push a release to servers over SSH, canary first, in waves
  opsctl rollback    put every server back on the previous release in seconds
  opsctl readonly    flip every HAProxy and Varnish into read-only mode and back
  opsctl haproxy     drive HAProxy's runtime API on every load balancer
  opsctl varnish     drive Varnish's CLI on every cache node
  opsctl migrate     convert, load, copy and verify MySQL -> PostgreSQL
  opsctl exec        run a command on many hosts at once

Hosts, groups and nodes come from the inventory file (--config, default
./opsctl.yaml or $OPSCTL_CONFIG). --hosts picks a subset:
  web01,web02   names        web          a group       web[01:20]   a range
  web*          a glob       web,!web03   exclusions

Exit codes: 0 ok, 1 error, 2 usage or config error, 3 partial (some hosts
failed or were rolled back), 4 migrate: database incomplete (objects not
migrated), 130 interrupted; readonly status: 0 OFF, 10 ON, 11 MIXED,
12 UNKNOWN. Every command's codes: docs/exit-codes.md.`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			a.started = true
			return a.validateGlobals(cmd)
		},
	}
	root.SetVersionTemplate("opsctl {{.Version}}\n")
	root.SetOut(a.io.Out)
	root.SetErr(a.io.ErrOut)
	root.SetIn(a.io.In)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return cliUsage(err)
	})

	f := root.PersistentFlags()
	f.StringVarP(&a.opts.config, "config", "c", "", "inventory file (default $OPSCTL_CONFIG or ./opsctl.yaml)")
	f.StringVarP(&a.opts.hosts, "hosts", "H", envOr("OPSCTL_HOSTS", ""), "select hosts or nodes: names, groups, web[01:20], web*, !exclusions, comma lists")
	f.StringVarP(&a.opts.output, "output", "o", envOr("OPSCTL_OUTPUT", "text"), "output format: text or json (one JSON object per line)")
	f.BoolVarP(&a.opts.verbose, "verbose", "v", false, "print more detail")
	f.IntVar(&a.opts.concurrency, "concurrency", envInt("OPSCTL_CONCURRENCY", 100), "how many hosts to work on at once")
	f.BoolVarP(&a.opts.yes, "yes", "y", false, "answer yes to confirmations (required without a terminal for site-wide and destructive acts; also OPSCTL_YES=1)")
	f.StringVar(&a.opts.color, "color", envOr("OPSCTL_COLOR", "auto"), "colour states and verdicts: auto (on a terminal, unless NO_COLOR is set), always, never")
	// --version, declared here (cobra would add it only when run) so the
	// tree, its docs and their checks know it; cobra prints the version
	root.Flags().Bool("version", false, "print opsctl's version (as 'opsctl version')")
	f.BoolVar(&a.opts.acceptNew, "accept-new-host-keys", false, "trust and record host keys of hosts not yet in known_hosts (a changed key is always refused)")

	// The whole command tree, explicitly (one file per command; no init()
	// registration): a new command is one line here.
	root.AddCommand(
		newVersionCmd(a),
		newInitCmd(a),
		newConfigCmd(a),
		newInventoryCmd(a),
		newExecCmd(a),
		newDeployCmd(a),
		newRollbackCmd(a),
		newReleasesCmd(a),
		newHistoryCmd(a),
		newLockCmd(a),
		newUnlockCmd(a),
		newReadonlyCmd(a),
		newHAProxyCmd(a),
		newVarnishCmd(a),
		newMigrateCmd(a),
		newDocsCmd(a), // hidden: writes docs/commands.md and the man pages
	)
	registerCompletions(a, root)
	return root
}

func (a *app) validateGlobals(cmd *cobra.Command) error {
	switch a.opts.output {
	case "text", "json":
	default:
		return cliUsage(fmt.Errorf("--output %q: want text or json", a.opts.output))
	}
	switch a.opts.color {
	case "auto", "always", "never":
	default:
		return cliUsage(fmt.Errorf("--color %q: want auto, always or never", a.opts.color))
	}
	if a.opts.concurrency < 1 {
		return cliUsage(fmt.Errorf("--concurrency %d: must be at least 1", a.opts.concurrency))
	}
	return nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func envInt(k string, def int) int {
	if v := os.Getenv(k); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
		fmt.Fprintf(os.Stderr, "opsctl: ignoring %s=%q: not a number\n", k, v)
	}
	return def
}
