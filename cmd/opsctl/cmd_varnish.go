package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/outcome"
	"github.com/opsctl/opsctl/varnish"
	"github.com/spf13/cobra"
)

func newVarnishCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "varnish",
		Short: "Drive Varnish's CLI on every cache node (status, ban, purge, VCL)",
		Long: `Talk to varnishd's admin CLI (the -T address, authenticated with the -S
secret) on every cache node of the inventory's varnish section at once, like
varnishadm but natively and in parallel. --hosts selects nodes by name or
group.

  opsctl varnish status                       child state, active VCL, bans
  opsctl varnish ban req.url '~' '^/img/'     ban on every node
  opsctl varnish purge https://shop.example/cart
  opsctl varnish vcl list
  opsctl varnish vcl load v42 ./shop.vcl --use   compile everywhere, then use
  opsctl varnish vcl use v41                  switch back
  opsctl varnish vcl discard v40

Commands that change nodes take --dry-run (print what would be sent to each
node; the secret is never printed). Exit codes: 0 every node ok, 3 some
nodes failed, 1 all failed.`,
	}
	cmd.AddCommand(newVarnishStatusCmd(a), newVarnishBanCmd(a), newVarnishPurgeCmd(a), newVarnishVCLCmd(a))
	return cmd
}

// varnishFleet builds the fleet of selected cache nodes, its commands
// printed with -v.
func (a *app) varnishFleet(dryRun bool) (*varnish.Fleet, error) {
	f, err := a.f.VarnishFleet(dryRun, a.softCtx)
	if err != nil {
		return nil, err
	}
	f.OnEvent = func(e varnish.Event) {
		if e.Is(varnish.EvStart) {
			a.debugf("%s: %s\n", e.Node, e.Command)
		}
	}
	return f, nil
}

// nodeErr prints a node's error after its name (the error carries the
// node as a field: event.Unplaced says it without).
func (a *app) nodeErr(name string, err error) {
	a.infof("varnish node %s: %s\n", name, event.Unplaced(err, name))
}

// ---- status ----

func newVarnishStatusCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show every cache node: up/down, child state, active VCL, bans",
		Long: `Connect to every selected cache node and show whether its CLI answers,
whether the cache child is running, the active VCL and the number of bans
(pending ones in brackets). A node that is down is reported as such; the
others are still shown. A node whose cache child is not running serves
nothing: it counts as failed (exit 3 when other nodes are fine, 1 when
none is; with -o json the final opsctl.error line names it in "parts").

  opsctl varnish status
  opsctl varnish status -H cache1
  opsctl varnish status -o json     one {"event":"varnish.node",...} per node`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := a.varnishFleet(false)
			if err != nil {
				return err
			}
			rs, ferr := f.Status(a.hardCtx)
			p := a.rows("varnish.node", "NODE\tCLI\tCHILD\tACTIVE VCL\tBANS\tVERSION")
			for _, r := range rs {
				s := r.Value
				f := map[string]any{"node": r.Name, "up": r.Status == fanout.OK, "child": s.Child, "running": s.Running,
					"active_vcl": s.ActiveVCL, "bans": s.Bans, "bans_pending": s.Pending, "version": s.Version, "error": r.Err}
				if r.Status != fanout.OK {
					p.row(f, r.Name, "down", "-", "-", "-", "-")
					continue
				}
				bans := "-"
				if s.Bans >= 0 {
					bans = fmt.Sprintf("%d (%d pending)", s.Bans, s.Pending)
				}
				p.row(f, r.Name, "up", s.Child, dash(s.ActiveVCL), bans, dash(s.Version))
			}
			p.flush()
			if parts := outcome.PartsOf(ferr); parts != nil && !a.jsonMode() {
				for _, fl := range parts.Failed { // down, or its child not running
					a.nodeErr(fl.Name, fl.Err)
				}
			}
			return ferr
		},
	}
}

// ---- changes: shared output ----

// printChanges reports one phase of a change, node by node.
func (a *app) printChanges(phase string, rs []fanout.Result[string]) {
	dry := strings.HasPrefix(phase, "dry-run")
	p := a.rows("varnish.change", "")
	for _, r := range rs {
		st, text := string(r.Status), string(r.Status)
		if dry {
			text = "would send"
			if r.Status == fanout.OK && r.Err == nil {
				st = "dry-run"
			}
		}
		p.row(map[string]any{"node": r.Name, "phase": phase, "command": r.Value, "status": st, "error": r.Err}, r.Name, text, r.Value)
	}
	p.flush()
	nodeErrs(a, rs)
}

// nodeErrs prints each node's error after its name (stderr, text only).
func nodeErrs[T any](a *app, rs []fanout.Result[T]) {
	for _, r := range rs {
		if r.Err != nil {
			a.nodeErr(r.Name, r.Err)
		}
	}
}

func phaseName(dryRun bool, p string) string {
	if dryRun {
		return "dry-run " + p
	}
	return p
}

// ---- ban ----

type varnishBanOptions struct {
	words  []string
	dryRun bool
}

func (o *varnishBanOptions) validate(args []string) error {
	words, err := varnish.BanWords(args)
	if err != nil {
		return usage(err)
	}
	o.words = words
	return nil
}

func newVarnishBanCmd(a *app) *cobra.Command {
	o := &varnishBanOptions{}
	cmd := &cobra.Command{
		Use:   "ban EXPR...",
		Short: "Add a ban on every cache node",
		Long: `Add the same ban on every selected cache node. The expression is
FIELD OPERATOR ARG, joined with && for more conditions, given either as
separate words or as one quoted string:

  opsctl varnish ban req.url '~' '^/img/'
  opsctl varnish ban 'req.url ~ ^/img/ && req.http.host == shop.example'
  opsctl varnish ban obj.http.x-tag == product-42 --dry-run

Arguments are quoted for the CLI as varnishadm does. varnishd 7.1 cannot
take a blank inside one ban argument; use \s in a regex instead.`,
		Args: nArgs(1, -1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.validate(args); err != nil {
				return err
			}
			a.watchSignals()
			f, err := a.varnishFleet(o.dryRun)
			if err != nil {
				return err
			}
			rs, ferr := f.Ban(a.hardCtx, o.words...)
			a.printChanges(phaseName(o.dryRun, "ban"), rs)
			return ferr
		},
	}
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "print what would be sent to each node, send nothing")
	return cmd
}

// ---- purge ----

func newVarnishPurgeCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "purge URL",
		Short: "Invalidate one URL on every cache node (as a ban)",
		Long: `Invalidate one URL on every selected cache node, as a ban matching the
exact path (with the query string) and, when the URL has a host, the Host
header:

  opsctl varnish purge https://shop.example/cart?x=1
      ban req.url == /cart?x=1 && req.http.host == shop.example
  opsctl varnish purge /robots.txt
      ban req.url == /robots.txt`,
		Args: nArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			words, err := varnish.PurgeBan(args[0])
			if err != nil {
				return usage(err)
			}
			a.watchSignals()
			f, err := a.varnishFleet(dryRun)
			if err != nil {
				return err
			}
			rs, ferr := f.Ban(a.hardCtx, words...)
			a.printChanges(phaseName(dryRun, "purge"), rs)
			return ferr
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be sent to each node, send nothing")
	return cmd
}

// ---- vcl ----

func newVarnishVCLCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "vcl",
		Short: "List, load, use and discard VCL on every cache node",
		Long: `Manage VCL on every selected cache node.

  opsctl varnish vcl list
  opsctl varnish vcl load v42 ./shop.vcl          compile v42 on every node
  opsctl varnish vcl load v42 ./shop.vcl --use    ...then make it active
  opsctl varnish vcl use v42
  opsctl varnish vcl discard v41`,
	}
	cmd.AddCommand(newVarnishVCLListCmd(a), newVarnishVCLLoadCmd(a), newVarnishVCLUseCmd(a), newVarnishVCLDiscardCmd(a))
	return cmd
}

func newVarnishVCLListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the VCLs and labels loaded on every cache node",
		Long: `List the VCLs and labels on every selected node (vcl.list).

  opsctl varnish vcl list
  opsctl varnish vcl list -o json`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := a.varnishFleet(false)
			if err != nil {
				return err
			}
			rs, ferr := f.VCLList(a.hardCtx)
			p := a.rows("varnish.vcl", "NODE\tNAME\tSTATUS\tSTATE\tTEMP\tBUSY\tLABEL")
			for _, r := range rs {
				if r.Err != nil {
					p.row(map[string]any{"node": r.Name, "error": r.Err}, r.Name, "-", "down", "-", "-", "-", "-")
					continue
				}
				for _, v := range r.Value {
					label := "-"
					switch {
					case v.LabelOf != "":
						label = "-> " + v.LabelOf
					case v.Labels > 0:
						label = fmt.Sprintf("<- %d label(s)", v.Labels)
					}
					busy := "-"
					if v.Busy >= 0 {
						busy = fmt.Sprint(v.Busy)
					}
					p.row(map[string]any{"node": r.Name, "name": v.Name, "status": v.Status, "state": v.State, "temperature": v.Temperature,
						"busy": v.Busy, "label_of": v.LabelOf, "labels": v.Labels}, r.Name, v.Name, v.Status, v.State, v.Temperature, busy, label)
				}
			}
			p.flush()
			nodeErrs(a, rs)
			return ferr
		},
	}
}

type varnishLoadOptions struct {
	name, file string
	use        bool
	remote     bool
	dryRun     bool
	src        varnish.VCLSource
}

func (o *varnishLoadOptions) validate(args []string) error {
	o.name, o.file = args[0], args[1]
	if !varnish.ValidVCLName(o.name) {
		return usageError("VCL name %q: start with a letter; letters, digits, _ and - only", o.name)
	}
	if o.remote {
		if !strings.HasPrefix(o.file, "/") {
			return usageError("--remote-file: %q must be an absolute path on the cache hosts", o.file)
		}
		o.src = varnish.VCLSource{Path: o.file}
		return nil
	}
	b, err := os.ReadFile(o.file)
	if err != nil {
		return usageError("VCL file: %v", err)
	}
	if len(b) == 0 {
		return usageError("VCL file %s is empty", o.file)
	}
	o.src = varnish.VCLSource{Inline: string(b)}
	return nil
}

func newVarnishVCLLoadCmd(a *app) *cobra.Command {
	o := &varnishLoadOptions{}
	cmd := &cobra.Command{
		Use:   "load NAME FILE",
		Short: "Compile a VCL on every cache node (then, with --use, make it active)",
		Long: `Compile and load a VCL under NAME on every selected node. Nothing is
switched until EVERY node has compiled it: if one node fails (a compile
error, a node down), the nodes that loaded it discard it again and no node
changes its active VCL.

FILE is read here and sent to each node (vcl.inline), so one local file
reaches every cache. With --remote-file, FILE is a path on the cache hosts
that varnishd reads itself (vcl.load), e.g. to keep includes working.

  opsctl varnish vcl load v42 ./shop.vcl
  opsctl varnish vcl load v42 ./shop.vcl --use
  opsctl varnish vcl load v42 /etc/varnish/shop.vcl --remote-file --use
  opsctl varnish vcl load v42 ./shop.vcl --use --dry-run`,
		Args: nArgs(2, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.validate(args); err != nil {
				return err
			}
			a.watchSignals()
			f, err := a.varnishFleet(o.dryRun)
			if err != nil {
				return err
			}
			rep, ferr := f.VCLLoadAll(a.hardCtx, o.name, o.src, o.use)
			if rep == nil {
				return ferr
			}
			a.printChanges(phaseName(o.dryRun, "load"), rep.Loaded)
			if rep.Discarded != nil {
				a.printChanges("discard", rep.Discarded)
			}
			if rep.Used != nil {
				a.printChanges(phaseName(o.dryRun, "use"), rep.Used)
			}
			return ferr // a *varnish.FleetError: partial when some nodes compiled it
		},
	}
	cmd.Flags().BoolVar(&o.use, "use", false, "make it the active VCL on every node once every node has compiled it")
	cmd.Flags().BoolVar(&o.remote, "remote-file", false, "FILE is a file on the cache hosts (vcl.load), not a local file")
	deprecatedFlag(cmd, "remote-path", "remote-file")
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "print what would be sent to each node, send nothing")
	return cmd
}

func newVarnishVCLUseCmd(a *app) *cobra.Command {
	return newVarnishVCLNameCmd(a, "use", "Make a loaded VCL (or label) active on every cache node",
		`Switch every selected node to the loaded VCL NAME (vcl.use).

  opsctl varnish vcl use v41
  opsctl varnish vcl use v41 -H cache1 --dry-run`,
		(*varnish.Fleet).VCLUse)
}

func newVarnishVCLDiscardCmd(a *app) *cobra.Command {
	return newVarnishVCLNameCmd(a, "discard", "Unload a VCL (or label) on every cache node",
		`Discard the VCL or label NAME on every selected node (vcl.discard).
varnishd refuses to discard the active VCL or one a label points to.

  opsctl varnish vcl discard v40`,
		(*varnish.Fleet).VCLDiscard)
}

// newVarnishVCLNameCmd builds a "vcl VERB NAME" command that runs one fleet
// call with a VCL name on every selected node.
func newVarnishVCLNameCmd(a *app, verb, short, long string, call func(*varnish.Fleet, context.Context, string) ([]fanout.Result[string], error)) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   verb + " NAME",
		Short: short,
		Long:  long,
		Args:  nArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !varnish.ValidVCLName(args[0]) {
				return usageError("VCL name %q: start with a letter; letters, digits, _ and - only", args[0])
			}
			a.watchSignals()
			f, err := a.varnishFleet(dryRun)
			if err != nil {
				return err
			}
			rs, ferr := call(f, a.hardCtx, args[0])
			a.printChanges(phaseName(dryRun, verb), rs)
			return ferr
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be sent to each node, send nothing")
	return cmd
}
