package main

import (
	"fmt"

	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/notify"
	"github.com/opsctl/opsctl/readonly"
	"github.com/spf13/cobra"
)

func newReadonlyCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "readonly",
		Short: "Flip every HAProxy and Varnish into read-only mode and back",
		Long: `Read-only mode for the whole site in one command: reads keep flowing (and are
cached aggressively), writes get a friendly 503 page with Retry-After,
cookies are dropped so everyone is effectively logged out, and "off" puts
everything back exactly as it was.

One-time setup (see 'readonly init --help'):
  opsctl readonly init --dir ./ro       HAProxy lines, map file, page, read-only VCL
  opsctl readonly prepare               compile the read-only VCL on every Varnish

Migration day:
  opsctl readonly prepare               again, if the site's VCL changed since
  opsctl readonly on --reason "moving the database to PostgreSQL"
  opsctl readonly status                ON / OFF / MIXED, who, when, why
  opsctl readonly off                   back to normal, read-only cache banned

Entering, HAProxy goes first (writes are refused at the edge at once), then
Varnish; leaving, Varnish first, then HAProxy. Every node's real state is
read back after the flip; if a node fails, the nodes already flipped are
reverted (unless --partial-ok). --hosts selects HAProxy and Varnish nodes by
name or group.`,
	}
	cmd.AddCommand(newReadonlySetCmd(a, readonly.On), newReadonlySetCmd(a, readonly.Off),
		newReadonlyStatusCmd(a), newReadonlyInitCmd(a), newReadonlyPrepareCmd(a))
	return cmd
}

// defaultBy is the read-only record's who unless --by says otherwise.
var defaultBy = readonly.DefaultBy

func newReadonlySetCmd(a *app, mode readonly.Mode) *cobra.Command {
	o := readonly.Options{By: "-"} // off records nobody
	var short, long string
	if mode == readonly.On {
		short = "Put every HAProxy and Varnish node into read-only mode"
		long = `Turn read-only mode on: on every HAProxy node the map file is rewritten
(temp file + rename, so a reload keeps the mode) and "set map" flips the
running process; then every Varnish node labels its active VCL
opsctl_normal and switches to the read-only VCL (vcl.use: compiled ahead of
time by 'readonly prepare'). Each node's state is read back; readonly.probes
URLs are checked (GET 200, POST 503). If any node fails, the nodes already
flipped are put back and opsctl exits 3 (with --partial-ok the others stay
in read-only mode: 'status' then shows MIXED). Running it twice is fine.

The map file records who (--by, default $USER@hostname), when and why
(--reason); 'readonly status' shows it. --message puts a line of text on
the page HAProxy serves (where the page says {message}; the default page
does), e.g. when the site will be back.

  opsctl readonly on --reason "MySQL -> PostgreSQL migration"
  opsctl readonly on --message "Back at 14:00 UTC"     (again later to change it)
  opsctl readonly on --dry-run                every command per node, nothing sent
  opsctl readonly on -H lb1,cache1 --partial-ok

Exit codes: 0 every node read-only, 3 some node failed (reverted unless
--partial-ok), 1 error, 2 usage or config error.`
	} else {
		short = "Leave read-only mode on every HAProxy and Varnish node"
		long = `Turn read-only mode off: every Varnish node goes back to the VCL that was
active before (the opsctl_normal label, else readonly.normal_vcl) and bans
what read-only mode cached (ban ` + readonly.BanExpr + `), then every HAProxy node's
map file and running map are set back to off. Leaving is best effort: a node
that fails is reported (exit 3), the others still leave read-only mode.

  opsctl readonly off
  opsctl readonly off --dry-run

Exit codes: 0 every node left read-only mode, 3 some node failed, 1 error,
2 usage or config error.`
	}
	cmd := leaf(string(mode), short, long, 0, 0, func([]string) error {
		if err := o.Validate(); err != nil {
			return flagsError(err)
		}
		a.watchSignals()
		f, _, err := a.f.ReadonlyFleet()
		if err != nil {
			return err
		}
		if mode == readonly.On && !o.DryRun {
			if err := a.confirm(fmt.Sprintf("put the site into read-only mode (writes get the 503 page) on %d HAProxy and %d Varnish node(s)", len(f.LBs), len(f.Caches)), f.Names()); err != nil {
				return err
			}
		}
		return a.readonlySet(f, mode, o)
	})
	if mode == readonly.On {
		cmd.Flags().StringVar(&o.Reason, "reason", "", "why (recorded in the map file, shown by status)")
		cmd.Flags().StringVar(&o.By, "by", defaultBy(), "who (recorded with the reason)")
		cmd.Flags().StringVar(&o.Message, "message", "", "text shown on the 503 page where it says {message} (plain text, HTML-escaped)")
		cmd.Flags().BoolVar(&o.PartialOK, "partial-ok", false, "when a node fails, leave the others in read-only mode instead of reverting them")
	}
	dryRunFlag(cmd, &o.DryRun, "print each command that would be sent to each node, send nothing")
	return cmd
}

// readonlySet flips the fleet and prints every node's state, or in a dry
// run each command it would send.
func (a *app) readonlySet(f *readonly.Fleet, mode readonly.Mode, o readonly.Options) error {
	o.Stop = a.softCtx
	o.OnEvent = func(e readonly.Event) {
		switch {
		case e.DryRun: // the report has them, in the fleet's order
		case e.Is(readonly.EvWarning):
			if a.jsonMode() {
				a.emitEvent(e, nil)
			} else {
				a.infof("%s: warning: %s\n", e.Node, e.Detail)
			}
		default: // the report shows what was flipped and reverted
			a.debugf("%s\n", e)
		}
	}
	rep, err := f.Set(a.hardCtx, mode, o)
	if rep == nil {
		return usage(err)
	}
	if !o.DryRun {
		a.releaseEvent(notify.Readonly(string(mode), o.Reason, rep.Elapsed, err))
		a.printReadonlyReport(rep, true)
		return err
	}
	tw := a.table()
	for _, c := range rep.Commands {
		if a.jsonMode() {
			a.emitEvent(c, nil)
		} else {
			fmt.Fprintf(tw, "%s\t%s\twould send: %s\n", c.Node, c.Kind, c.Detail)
		}
	}
	tw.Flush()
	if !a.jsonMode() {
		fmt.Fprintf(a.io.Out, "dry run: nothing was sent (%d node(s))\n", len(f.Names()))
	}
	return err
}

// printReadonlyReport prints every node's state, the probes and the
// verdict line.
func (a *app) printReadonlyReport(rep *readonly.Report, flip bool) {
	p := a.rows("readonly.node", "NODE\tKIND\tSTATE\tDETAIL\tRESULT")
	for _, n := range rep.Nodes {
		p.row(n, n.Node, n.Kind, n.State, dash(n.Detail), n.Result(flip))
	}
	p.flush()
	pp := a.rows("readonly.probe", "")
	for _, p := range rep.Probes {
		pp.row(p, p.String())
	}
	pp.flush()
	if a.jsonMode() {
		a.emit("readonly.result", rep.Outcome(flip))
		return
	}
	fmt.Fprintln(a.io.Out, "read-only "+a.paint(a.io.Out, string(rep.Verdict))+rep.Summary(flip))
	for _, l := range rep.RecordLines() {
		fmt.Fprintln(a.io.Out, l)
	}
}

func newReadonlyStatusCmd(a *app) *cobra.Command {
	return leaf("status", "Show every node's real read-only state; the exit code says ON, OFF, MIXED or UNKNOWN",
		`Read every HAProxy node's map and every Varnish node's active VCL and print
them with a verdict, and the record of who turned read-only mode on, when
and why.

  opsctl readonly status
  opsctl readonly status -o json
  opsctl readonly status >/dev/null; case $? in 0) echo normal;; 10) echo read-only;; esac

Exit codes (scripts rely on them):
  0   OFF      every node is in normal mode
  10  ON       every node is in read-only mode
  11  MIXED    some nodes are, some are not (the differing nodes are listed)
  12  UNKNOWN  some node could not be read and the others agree
  1 error, 2 usage or config error`, 0, 0, func([]string) error {
			f, _, err := a.f.ReadonlyFleet()
			if err != nil {
				return err
			}
			rep := f.Status(a.hardCtx)
			a.printReadonlyReport(rep, false)
			for _, n := range rep.Nodes {
				if n.Error != "" {
					a.infof("%s: %s\n", n.Node, n.Error)
				}
			}
			return readonlyAnswer(rep.Verdict)
		})
}

func newReadonlyInitCmd(a *app) *cobra.Command {
	var dir string
	var printCfg bool
	cmd := leaf("init [--print-config | --dir DIR]", "Print (or write) the HAProxy lines, map file, page and read-only VCL",
		`Render what HAProxy and Varnish need once, from the inventory's readonly
section (map_file, map_key, page_file, page, retry_after, vcl, vcl_file,
site_vcl_file, ttl, grace):

  1. the lines to add to each HAProxy frontend (a map lookup; writes get the
     page with 503 + Retry-After when the map says on; Cookie and
     Authorization are dropped);
  2. the map file (install it at readonly.map_file on every LB);
  3. the page (install it at readonly.page_file on every LB);
  4. the read-only VCL (install at readonly.vcl_file on every Varnish host,
     or let 'readonly prepare' send it); it includes site_vcl_file and adds
     its rules first.

  opsctl readonly init --print-config
  opsctl readonly init --dir ./readonly-config     one file each, then copy them

Then reload HAProxy once and run 'opsctl readonly prepare'.`, 0, 0, func([]string) error {
			if dir != "" && printCfg {
				return usageError("--print-config and --dir: choose one")
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			s, files, err := factory.ReadonlyFiles(cfg.Readonly)
			switch {
			case err != nil:
				return usage(fmt.Errorf("%s: readonly: %w", cfg.File, err))
			case dir == "" && a.jsonMode():
				a.emit("readonly.config", s)
			case dir == "":
				for i, f := range files {
					if i > 0 {
						fmt.Fprintln(a.io.Out)
					}
					fmt.Fprint(a.io.Out, f)
				}
			default:
				for _, f := range files {
					p, err := f.WriteIn(dir)
					if err != nil {
						return err
					}
					if a.jsonMode() {
						a.emit("readonly.wrote", map[string]any{"file": p, "what": f.What})
					} else {
						fmt.Fprintf(a.io.Out, "wrote %s\t(%s)\n", p, f.What)
					}
				}
			}
			return nil
		})
	cmd.Flags().BoolVar(&printCfg, "print-config", false, "print everything to stdout (the default)")
	cmd.Flags().StringVar(&dir, "dir", "", "write one file per piece into DIR instead")
	return cmd
}

func newReadonlyPrepareCmd(a *app) *cobra.Command {
	var remote bool
	o := readonly.Options{}
	cmd := leaf("prepare", "Compile the read-only VCL on every Varnish node ahead of the flip",
		`Compile the read-only VCL on every selected Varnish node now, so that the
flip itself is only "vcl.use" (compiling VCL takes seconds). By default the
VCL rendered from the inventory is sent over the CLI (vcl.inline; its
include of readonly.site_vcl_file is read by varnishd on its host). With
--remote-file, varnishd loads readonly.vcl_file from its host instead.

The read-only VCL includes the site's VCL as it is when compiled: run
prepare again after deploying a new site VCL. A node where it is already
loaded gets it discarded and compiled again; a node where read-only mode is
on is left alone.

  opsctl readonly prepare
  opsctl readonly prepare --remote-file
  opsctl readonly prepare --dry-run

Exit codes: 0 every node ready, 3 some nodes failed, 1 all failed.`, 0, 0, func([]string) error {
			a.watchSignals()
			f, cfg, err := a.f.ReadonlyFleet()
			if err != nil {
				return err
			}
			src, err := factory.ReadonlyVCL(cfg, remote)
			o.Stop = a.softCtx
			var rs []readonly.PrepareResult
			if err == nil {
				rs, err = f.Prepare(a.hardCtx, src, o)
			}
			if rs == nil && err != nil {
				return usage(err)
			}
			p := a.rows("readonly.prepare", "")
			for _, r := range rs {
				p.row(fields(r, map[string]any{"duration_ms": r.Took}), r.Node, dash(r.Detail), r.Result())
			}
			p.flush()
			return err // a *readonly.PrepareError: partial when some node loaded it
		})
	dryRunFlag(cmd, &o.DryRun, "print what would be sent to each node, send nothing")
	cmd.Flags().BoolVar(&remote, "remote-file", false, "the VCL is a file on the cache hosts (readonly.vcl_file, vcl.load), not the rendered VCL sent from here")
	return cmd
}
