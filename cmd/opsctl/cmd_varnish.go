package main

import (
	"context"
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
	cmd.AddCommand(newVarnishStatusCmd(a),
		newVarnishChangeCmd(a, "ban EXPR...", "Add a ban on every cache node", `Add the same ban on every selected cache node. The expression is
FIELD OPERATOR ARG, joined with && for more conditions, given either as
separate words or as one quoted string:

  opsctl varnish ban req.url '~' '^/img/'
  opsctl varnish ban 'req.url ~ ^/img/ && req.http.host == shop.example'
  opsctl varnish ban obj.http.x-tag == product-42 --dry-run

Arguments are quoted for the CLI as varnishadm does. varnishd 7.1 cannot
take a blank inside one ban argument; use \s in a regex instead.`, 1, -1, varnish.BanWords, (*varnish.Fleet).Ban),
		newVarnishChangeCmd(a, "purge URL", "Invalidate one URL on every cache node (as a ban)", `Invalidate one URL on every selected cache node, as a ban matching the
exact path (with the query string) and, when the URL has a host, the Host
header:

  opsctl varnish purge https://shop.example/cart?x=1
      ban req.url == /cart?x=1 && req.http.host == shop.example
  opsctl varnish purge /robots.txt
      ban req.url == /robots.txt`, 1, 1, func(args []string) ([]string, error) { return varnish.PurgeBan(args[0]) }, (*varnish.Fleet).Ban),
		newVarnishVCLCmd(a))
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

// varnishRun runs a changing call on the selected cache nodes, a first
// Ctrl-C stopping softly and a second hard.
func (a *app) varnishRun(dryRun bool, call func(context.Context, *varnish.Fleet) error) error {
	a.watchSignals()
	f, err := a.varnishFleet(dryRun)
	if err != nil {
		return err
	}
	return call(a.hardCtx, f)
}

// nodeErrs prints each node's error after its name (stderr, text only;
// the error carries the node as a field: event.Unplaced says it without).
func (a *app) nodeErrs(parts ...outcome.Failure) {
	for _, fl := range parts {
		if fl.Err != nil {
			a.infof("varnish node %s: %s\n", fl.Name, event.Unplaced(fl.Err, fl.Name))
		}
	}
}

// ---- status ----

func newVarnishStatusCmd(a *app) *cobra.Command {
	return leaf("status", "Show every cache node: up/down, child state, active VCL, bans",
		`Connect to every selected cache node and show whether its CLI answers,
whether the cache child is running, the active VCL and the number of bans
(pending ones in brackets). A node that is down is reported as such; the
others are still shown. A node whose cache child is not running serves
nothing: it counts as failed (exit 3 when other nodes are fine, 1 when
none is; with -o json the final opsctl.error line names it in "parts").

  opsctl varnish status
  opsctl varnish status -H cache1
  opsctl varnish status -o json     one {"event":"varnish.node",...} per node`, 0, 0, func([]string) error {
			f, err := a.varnishFleet(false)
			if err != nil {
				return err
			}
			rs, ferr := f.Status(a.hardCtx)
			p := a.rows("varnish.node", "NODE\tCLI\tCHILD\tACTIVE VCL\tBANS\tVERSION")
			for _, r := range rs {
				s, ev := r.Value, fields(r.Value, map[string]any{"node": r.Name, "up": r.Status == fanout.OK, "error": r.Err})
				if r.Status != fanout.OK {
					p.row(ev, r.Name, "down", "-", "-", "-", "-")
					continue
				}
				p.row(ev, r.Name, "up", s.Child, dash(s.ActiveVCL), s.BanCount(), dash(s.Version))
			}
			p.flush()
			if parts := outcome.PartsOf(ferr); parts != nil {
				a.nodeErrs(parts.Failed...) // down, or its child not running
			}
			return ferr
		})
}

// ---- changes ----

// printChanges reports one phase of a change (ban, load, use...; "dry-run
// ban" when dry), node by node.
func (a *app) printChanges(phase string, dry bool, rs []fanout.Result[string]) {
	if dry {
		phase = "dry-run " + phase
	}
	p := a.rows("varnish.change", "")
	for _, r := range rs {
		st, text := varnish.ChangeStatus(r, dry)
		p.row(map[string]any{"node": r.Name, "phase": phase, "command": r.Value, "status": st, "error": r.Err}, r.Name, text, r.Value)
	}
	p.flush()
	a.nodeErrs(fanout.Errors(rs)...)
}

// newVarnishChangeCmd is ban, purge, vcl use or vcl discard: one fleet
// call with the words made (and checked) from the arguments, on every
// node, each node's change printed.
func newVarnishChangeCmd(a *app, use, short, long string, min, max int, words func([]string) ([]string, error), call func(*varnish.Fleet, context.Context, ...string) ([]fanout.Result[string], error)) *cobra.Command {
	var dryRun bool
	verb := use[:strings.IndexByte(use, ' ')]
	cmd := leaf(use, short, long, min, max, func(args []string) error {
		w, err := words(args)
		if err != nil {
			return usage(err)
		}
		return a.varnishRun(dryRun, func(ctx context.Context, f *varnish.Fleet) error {
			rs, err := call(f, ctx, w...)
			a.printChanges(verb, dryRun, rs)
			return err
		})
	})
	dryRunFlag(cmd, &dryRun, "print what would be sent to each node, send nothing")
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
	cmd.AddCommand(newVarnishVCLListCmd(a), newVarnishVCLLoadCmd(a),
		newVarnishChangeCmd(a, "use NAME", "Make a loaded VCL (or label) active on every cache node",
			`Switch every selected node to the loaded VCL NAME (vcl.use).

  opsctl varnish vcl use v41
  opsctl varnish vcl use v41 -H cache1 --dry-run`, 1, 1,
			vclName, func(f *varnish.Fleet, ctx context.Context, w ...string) ([]fanout.Result[string], error) {
				return f.VCLUse(ctx, w[0])
			}),
		newVarnishChangeCmd(a, "discard NAME", "Unload a VCL (or label) on every cache node",
			`Discard the VCL or label NAME on every selected node (vcl.discard).
varnishd refuses to discard the active VCL or one a label points to.

  opsctl varnish vcl discard v40`, 1, 1,
			vclName, func(f *varnish.Fleet, ctx context.Context, w ...string) ([]fanout.Result[string], error) {
				return f.VCLDiscard(ctx, w[0])
			}))
	return cmd
}

func newVarnishVCLListCmd(a *app) *cobra.Command {
	return leaf("list", "List the VCLs and labels loaded on every cache node", `List the VCLs and labels on every selected node (vcl.list).

  opsctl varnish vcl list
  opsctl varnish vcl list -o json`, 0, 0, func([]string) error {
		f, err := a.varnishFleet(false)
		if err != nil {
			return err
		}
		rs, ferr := f.VCLList(a.hardCtx)
		p := a.rows("varnish.vcl", "NODE\tNAME\tSTATUS\tSTATE\tTEMP\tBUSY\tLABEL")
		for _, r := range rs {
			if r.Err != nil {
				p.row(map[string]any{"node": r.Name, "error": r.Err}, r.Name, "-", "down", "-", "-", "-", "-")
			}
			for _, v := range r.Value {
				p.row(fields(v, map[string]any{"node": r.Name}), r.Name, v.Name, v.Status, v.State, v.Temperature, v.BusyCount(), v.LabelText())
			}
		}
		p.flush()
		a.nodeErrs(fanout.Errors(rs)...)
		return ferr
	})
}

func newVarnishVCLLoadCmd(a *app) *cobra.Command {
	var use, remote, dryRun bool
	cmd := leaf("load NAME FILE", "Compile a VCL on every cache node (then, with --use, make it active)",
		`Compile and load a VCL under NAME on every selected node. Nothing is
switched until EVERY node has compiled it: if one node fails (a compile
error, a node down), the nodes that loaded it discard it again and no node
changes its active VCL.

FILE is read here and sent to each node (vcl.inline), so one local file
reaches every cache. With --remote-file, FILE is a path on the cache hosts
that varnishd reads itself (vcl.load), e.g. to keep includes working.

  opsctl varnish vcl load v42 ./shop.vcl
  opsctl varnish vcl load v42 ./shop.vcl --use
  opsctl varnish vcl load v42 /etc/varnish/shop.vcl --remote-file --use
  opsctl varnish vcl load v42 ./shop.vcl --use --dry-run`, 2, 2, func(args []string) error {
			src, err := varnish.VCLSource{}, varnish.CheckVCLName(args[0])
			if err == nil {
				src, err = varnish.VCLFile(args[1], remote)
			}
			if err != nil {
				return flagsError(err)
			}
			return a.varnishRun(dryRun, func(ctx context.Context, f *varnish.Fleet) error {
				rep, err := f.VCLLoadAll(ctx, args[0], src, use)
				if rep != nil {
					a.printChanges("load", dryRun, rep.Loaded)
					a.printChanges("discard", false, rep.Discarded)
					a.printChanges("use", dryRun, rep.Used)
				}
				return err // a *varnish.FleetError: partial when some nodes compiled it
			})
		})
	cmd.Flags().BoolVar(&use, "use", false, "make it the active VCL on every node once every node has compiled it")
	cmd.Flags().BoolVar(&remote, "remote-file", false, "FILE is a file on the cache hosts (vcl.load), not a local file")
	deprecatedFlag(cmd, "remote-path", "remote-file")
	dryRunFlag(cmd, &dryRun, "print what would be sent to each node, send nothing")
	return cmd
}

// vclName checks a VCL name argument (vcl use, vcl discard).
func vclName(args []string) ([]string, error) { return args, varnish.CheckVCLName(args[0]) }
