package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/haproxy"
	"github.com/spf13/cobra"
)

func newHAProxyCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "haproxy",
		Short: "Drive HAProxy's runtime API on every load balancer",
		Long: `Talk to the HAProxy runtime API (the admin "stats socket") of every load
balancer in the inventory's haproxy.nodes at once - no socat needed. --hosts
selects nodes by name or group.

  opsctl haproxy status                       servers on every LB; differences flagged
  opsctl haproxy drain app/web01 --wait       drain on every LB, wait for sessions = 0
  opsctl haproxy disable app/web01            maintenance (no traffic, no checks)
  opsctl haproxy enable app/web01             out of maintenance
  opsctl haproxy ready app/web01              back to normal after a drain
  opsctl haproxy weight app/web01 50%         change the weight (N or N% of initial)
  opsctl haproxy map add /etc/haproxy/hosts.map shop.example.com shop
  opsctl haproxy raw 'show pools'             any runtime-API command, every node's answer
  opsctl haproxy save-state                   write "show servers state" to each state_file

Commands that change servers accept --dry-run (print the command per node,
send nothing). Exit codes: 0 every node ok, 3 some nodes failed, 1 all failed.

Drain, maint and weights live in the running process only: they survive a
reload only with server-state-file + load-server-state-from-file in the
config and the state saved just before the reload (see 'save-state').`,
	}
	cmd.AddCommand(
		newHAProxyStatusCmd(a),
		newHAProxyStateCmd(a, "drain", "Drain a server on every LB (no new sessions; --wait for sessions to end)"),
		newHAProxyStateCmd(a, "ready", "Put a server back in normal state on every LB (after drain or maint)"),
		newHAProxyStateCmd(a, "disable", "Put a server in maintenance on every LB (disable server)"),
		newHAProxyStateCmd(a, "enable", "Take a server out of maintenance on every LB (enable server)"),
		newHAProxyWeightCmd(a),
		newHAProxyRawCmd(a),
		newHAProxyMapCmd(a, "map"),
		newHAProxyMapCmd(a, "acl"),
		newHAProxySaveStateCmd(a),
	)
	return cmd
}

// haproxyFleet is the fleet of the selected LBs: a first Ctrl-C (once
// watchSignals runs) starts no new node, drain progress is printed.
func (a *app) haproxyFleet(dryRun bool) (*haproxy.Fleet, error) {
	f, err := a.f.HAProxyFleet(dryRun)
	if err != nil {
		return nil, err
	}
	f.Stop, f.OnEvent = a.softCtx, a.haproxyEvent
	return f, nil
}

// haproxyRun runs a changing call on the selected LBs, a first Ctrl-C
// stopping softly and a second hard, prints its results (print, or else
// each node's change) and returns the exit status. The call's error is
// bad input.
func haproxyRun[T interface{ AsChange() haproxy.Change }](a *app, dryRun bool, call func(context.Context, *haproxy.Fleet) ([]fanout.Result[T], error), print func([]fanout.Result[T])) error {
	a.watchSignals()
	f, err := a.haproxyFleet(dryRun)
	if err != nil {
		return err
	}
	rs, err := call(a.hardCtx, f)
	if err != nil {
		return usage(err)
	}
	if print == nil {
		print = func(rs []fanout.Result[T]) { printHAProxyChanges(a, rs) }
	}
	print(rs)
	return silent(haproxy.Err(rs))
}

// printHAProxyChanges prints each node's change (a command sent, or
// would be), one haproxy.change event per node.
func printHAProxyChanges[T interface{ AsChange() haproxy.Change }](a *app, rs []fanout.Result[T]) {
	p := a.rows("haproxy.change", "")
	for _, r := range rs {
		c := r.Value.AsChange()
		fields := fields(r.Value, map[string]any{"node": r.Name, "status": string(r.Status), "duration_ms": r.Duration, "error": r.Err})
		cells := []any{r.Name, c.Command, c.Result(r.Status, r.Err)}
		if c.DryRun && r.Status == fanout.OK {
			cells = append(cells[:1], cells[2]) // "would send: COMMAND"
		}
		p.row(fields, cells...)
	}
	p.flush()
}

func newHAProxyStatusCmd(a *app) *cobra.Command {
	var o haproxy.StatusFilter
	cmd := leaf("status", "Show every server's state on every load balancer; flag differences",
		`Ask every selected HAProxy node for "show stat" and print one line per server
and node: state, weight, current sessions, queue, last check. A server whose
state or weight is not the same on every node is marked with "!" and
explained below the table. Each node's server-state-file setup is reported
(opsctl can only check the state_file the inventory declares: HAProxy's
runtime API does not expose the setting).

  opsctl haproxy status
  opsctl haproxy status --backend app --differs
  opsctl haproxy status -H lb1,lb2 -o json`, 0, 0, func([]string) error {
			if err := o.Validate(); err != nil {
				return flagsError(err)
			}
			f, err := a.haproxyFleet(false)
			if err != nil {
				return err
			}
			rep := f.Status(a.hardCtx)
			a.printHAProxyStatus(rep, rep.Select(o))
			return silent(rep.Err())
		})
	cmd.Flags().StringVar(&o.Backend, "backend", "", "only this backend")
	cmd.Flags().BoolVar(&o.Differs, "differs", false, "only servers that differ between nodes")
	return cmd
}

// printHAProxyStatus prints the servers of a status report on every node
// (grouped by server, so the nodes of one that differs stand together),
// the differences, and each node's version, uptime and state file.
func (a *app) printHAProxyStatus(rep *haproxy.StatusReport, servers []haproxy.ServerView) {
	if a.jsonMode() {
		for _, n := range rep.Nodes {
			a.emit("haproxy.node", n)
		}
		for _, sv := range servers {
			a.emit("haproxy.server", sv)
		}
		return
	}
	tw := a.table()
	fmt.Fprintln(tw, "NODE\tSERVER\tSTATE\tWEIGHT\tSESS\tQUEUE\tCHECK\tDIFFERS")
	for _, sv := range servers {
		for _, n := range rep.Nodes {
			if row, ok := sv.PerNode[n.Node]; ok {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", n.Node, sv, row.Status, row.Weight, row.Scur, row.Qcur, dash(row.CheckStatus), sv.Mark())
			} else if n.Err == nil {
				fmt.Fprintf(tw, "%s\t%s\t(missing)\t-\t-\t-\t-\t%s\n", n.Node, sv, sv.Mark())
			}
		}
	}
	tw.Flush()
	if diffs := haproxy.Differences(servers); len(diffs) > 0 {
		fmt.Fprintf(a.io.Out, "\n%d server(s) differ between nodes:\n  ! %s\n", len(diffs), strings.Join(diffs, "\n  ! "))
	}
	fmt.Fprintln(a.io.Out)
	for _, n := range rep.Nodes {
		fmt.Fprintf(a.io.Out, "node %s: %s\n", n.Node, n)
	}
}

// haproxyEvent prints drain progress (a node's session count when it
// changes) to stderr, and each command sent with -v.
func (a *app) haproxyEvent(e haproxy.Event) {
	switch e.Verb() {
	case haproxy.EvWaiting:
		if e.Changed {
			a.infof("%s: waiting: %d session(s) left\n", e.Node, e.Scur)
		}
		if a.jsonMode() {
			a.emitEvent(e, nil)
		}
	case haproxy.EvStart:
		a.debugf("%s: %s\n", e.Node, e.Command)
	}
}

// newHAProxyStateCmd is drain, ready, disable or enable (the verb is the
// library's action, haproxy.CmdServer).
func newHAProxyStateCmd(a *app, verb, short string) *cobra.Command {
	var dryRun bool
	o := haproxy.DrainOptions{}
	long := short + `.

  opsctl haproxy ` + verb + ` app/web01
  opsctl haproxy ` + verb + ` app/web01 --dry-run -H lb1`
	if verb == "drain" {
		long += `
  opsctl haproxy drain app/web01 --wait --drain-timeout 10m

With --wait, opsctl polls "show stat" on every node until the server's current
sessions and queue are 0 there; a node still busy at --drain-timeout fails (exit 3
or 1).`
	}
	cmd := leaf(verb+" BACKEND/SERVER", short, long, 1, 1, func(args []string) error {
		be, srv, err := haproxy.ParseTarget(args[0])
		if err == nil {
			err = o.Validate()
		}
		if err != nil {
			return flagsError(err)
		}
		if verb == "drain" {
			return haproxyRun(a, dryRun, func(ctx context.Context, f *haproxy.Fleet) ([]fanout.Result[haproxy.DrainResult], error) {
				return f.Drain(ctx, be, srv, o)
			}, nil)
		}
		return haproxyRun(a, dryRun, func(ctx context.Context, f *haproxy.Fleet) ([]fanout.Result[haproxy.Change], error) {
			return f.SetServer(ctx, verb, be, srv)
		}, nil)
	})
	dryRunFlag(cmd, &dryRun, "print the command per node, send nothing")
	if verb == "drain" {
		cmd.Flags().BoolVar(&o.Wait, "wait", false, "wait until the server's sessions reach 0 on every node")
		cmd.Flags().DurationVar(&o.Timeout, "drain-timeout", 5*time.Minute, "with --wait: wait at most this long for the server's sessions to reach 0")
		deprecatedFlag(cmd, "timeout", "drain-timeout")
	}
	cmd.Flags().DurationVar(&o.Poll, "interval", time.Second, "polling interval for --wait")
	if verb != "drain" {
		cmd.Flags().MarkHidden("interval")
	}
	return cmd
}

func newHAProxyWeightCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := leaf("weight BACKEND/SERVER N|N%", "Set a server's weight on every LB",
		`Set a server's weight on every selected LB: an absolute weight 0-256, or a
percentage of the weight in the config file.

  opsctl haproxy weight app/web01 0        no new traffic by balancing (sticky still goes)
  opsctl haproxy weight app/web01 50%
  opsctl haproxy weight app/web01 100% --dry-run`, 2, 2, func(args []string) error {
			be, srv, err := haproxy.ParseTarget(args[0])
			if err == nil {
				err = haproxy.CheckWeight(args[1])
			}
			if err != nil {
				return usage(err)
			}
			return haproxyRun(a, dryRun, func(ctx context.Context, f *haproxy.Fleet) ([]fanout.Result[haproxy.Change], error) {
				return f.SetWeight(ctx, be, srv, args[1])
			}, nil)
		})
	dryRunFlag(cmd, &dryRun, "print the command per node, send nothing")
	return cmd
}

func newHAProxyRawCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := leaf("raw 'COMMAND[;COMMAND...]'", "Send any runtime-API command line to every LB and print each answer",
		`The escape hatch: send one runtime-API command line (several commands may be
joined with ";") to every selected node and print each node's answer. An
answer carrying an error message ("[0-3]: ..." or "Unknown command") makes that
node fail.

  opsctl haproxy raw 'show servers state app'
  opsctl haproxy raw 'get weight app/web01' -H lb1
  opsctl haproxy raw 'shutdown sessions server app/web01' --dry-run`, 1, 1, func(args []string) error {
			if err := haproxy.CheckRaw(args[0]); err != nil {
				return usage(err)
			}
			answers := func(rs []fanout.Result[haproxy.Change]) {
				for _, r := range rs {
					if a.jsonMode() {
						a.emit("haproxy.raw", map[string]any{"node": r.Name, "command": args[0], "status": string(r.Status), "answer": r.Value.Answer, "error": r.Err})
					} else if fmt.Fprintf(a.io.Out, "== %s ==\n", r.Name); r.Err != nil {
						fmt.Fprintf(a.io.Out, "FAILED: %v\n", r.Err)
					} else {
						fmt.Fprint(a.io.Out, r.Value.Answer)
					}
				}
			}
			if dryRun {
				answers = nil // each node's change: the line it would get
			}
			return haproxyRun(a, dryRun, func(ctx context.Context, f *haproxy.Fleet) ([]fanout.Result[haproxy.Change], error) {
				return f.Raw(ctx, args[0])
			}, answers)
		})
	dryRunFlag(cmd, &dryRun, "print the command per node, send nothing")
	return cmd
}

func newHAProxyMapCmd(a *app, kind string) *cobra.Command {
	var dryRun bool
	use, short, long := "map show|set|add|del MAP [KEY [VALUE]]", "Show or change a map on every LB",
		`Show or change a map on every selected LB. MAP is the file path used in the
HAProxy config (or #ID from 'raw "show map"'). Changes live in memory only:
update the file too, or they are lost at the next reload.

  opsctl haproxy map show /etc/haproxy/hosts.map
  opsctl haproxy map add /etc/haproxy/hosts.map shop.example.com shop
  opsctl haproxy map set /etc/haproxy/hosts.map shop.example.com shop-v2
  opsctl haproxy map del /etc/haproxy/hosts.map shop.example.com --dry-run`
	if kind == "acl" {
		use, short, long = "acl show|add|del ACL [PATTERN]", "Show or change an ACL on every LB",
			`Show or change an ACL's patterns on every selected LB. ACL is the file path
used with "-f" in the HAProxy config (or #ID). Changes live in memory only.

  opsctl haproxy acl show /etc/haproxy/blocked.acl
  opsctl haproxy acl add /etc/haproxy/blocked.acl 203.0.113.7
  opsctl haproxy acl del /etc/haproxy/blocked.acl 203.0.113.7`
	}
	cmd := leaf(use, short, long, 2, 4, func(args []string) error {
		line, err := haproxy.CmdMapAction(kind, args)
		if err != nil {
			return usage(err)
		}
		if args[0] != "show" {
			return haproxyRun(a, dryRun, func(ctx context.Context, f *haproxy.Fleet) ([]fanout.Result[haproxy.Change], error) {
				return f.Do(ctx, line), nil
			}, nil)
		}
		f, err := a.haproxyFleet(false)
		if err != nil {
			return err
		}
		rs := f.ShowPatterns(a.hardCtx, kind, args[1])
		p := a.rows("haproxy."+kind, "")
		for _, r := range rs {
			if r.Status != fanout.OK {
				p.row(map[string]any{"node": r.Name, "error": r.Err}, r.Name, fmt.Sprintf("FAILED: %v", r.Err))
			}
			for _, e := range r.Value {
				cells := []any{r.Name, e.Key, e.Value}
				if kind == "acl" {
					cells = cells[:2]
				}
				p.row(map[string]any{"node": r.Name, "key": e.Key, "value": e.Value}, cells...)
			}
		}
		p.flush()
		return silent(haproxy.Err(rs))
	})
	dryRunFlag(cmd, &dryRun, "print the command per node, send nothing")
	return cmd
}

func newHAProxySaveStateCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := leaf("save-state", "Write each LB's \"show servers state\" into its state_file (run before a reload)",
		`HAProxy reads its server-state-file at start/reload but never writes it: the
state must be dumped just before each reload, or drain/maint/weights set at
runtime are lost. save-state does that for every selected node that has a
state_file in the inventory (the file must be reachable from here: a local
socket, or a via: host, where it is written over SSH: a temporary file in
the same directory, then mv -f).

  opsctl haproxy save-state && systemctl reload haproxy`, 0, 0, func([]string) error {
			return haproxyRun(a, dryRun, func(ctx context.Context, f *haproxy.Fleet) ([]fanout.Result[haproxy.Change], error) {
				return f.SaveState(ctx), nil
			}, nil)
		})
	dryRunFlag(cmd, &dryRun, "read the state, write nothing")
	return cmd
}
