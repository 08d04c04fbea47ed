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
		newHAProxyStateCmd(a, "drain", haproxy.Drain),
		newHAProxyStateCmd(a, "ready", haproxy.Ready),
		newHAProxyStateCmd(a, "disable", haproxy.Maint),
		newHAProxyStateCmd(a, "enable", ""),
		newHAProxyWeightCmd(a),
		newHAProxyRawCmd(a),
		newHAProxyMapCmd(a, "map"),
		newHAProxyMapCmd(a, "acl"),
		newHAProxySaveStateCmd(a),
	)
	return cmd
}

func newHAProxyStatusCmd(a *app) *cobra.Command {
	var backend string
	var onlyDiff bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show every server's state on every load balancer; flag differences",
		Long: `Ask every selected HAProxy node for "show stat" and print one line per server
and node: state, weight, current sessions, queue, last check. A server whose
state or weight is not the same on every node is marked with "!" and
explained below the table. Each node's server-state-file setup is reported
(opsctl can only check the state_file the inventory declares: HAProxy's
runtime API does not expose the setting).

  opsctl haproxy status
  opsctl haproxy status --backend app --differs
  opsctl haproxy status -H lb1,lb2 -o json`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if backend != "" {
				if err := haproxy.ValidateName("backend", backend); err != nil {
					return usageError("--backend: %v", err)
				}
			}
			f, err := a.f.HAProxyFleet(false)
			if err != nil {
				return err
			}
			rep := f.Status(a.hardCtx)
			return a.printHAProxyStatus(rep, backend, onlyDiff)
		},
	}
	cmd.Flags().StringVar(&backend, "backend", "", "only this backend")
	cmd.Flags().BoolVar(&onlyDiff, "differs", false, "only servers that differ between nodes")
	return cmd
}

func (a *app) printHAProxyStatus(rep *haproxy.StatusReport, backend string, onlyDiff bool) error {
	var servers []haproxy.ServerView
	for _, sv := range rep.Servers {
		if (backend == "" || sv.Backend == backend) && (!onlyDiff || sv.Differs) {
			servers = append(servers, sv)
		}
	}
	if a.jsonMode() {
		for _, n := range rep.Nodes {
			ev := map[string]any{"node": n.Node, "ok": n.Err == nil, "state_file": n.StateFile}
			if n.Err != nil {
				ev["error"] = n.Err
			} else {
				ev["version"], ev["uptime_ms"] = n.Version, n.UptimeS*1000
			}
			a.emit("haproxy.node", ev)
		}
		for _, sv := range servers {
			a.emit("haproxy.server", map[string]any{"backend": sv.Backend, "server": sv.Server, "differs": sv.Differs, "why": sv.Why, "nodes": sv.PerNode})
		}
	} else {
		tw := a.table()
		// node first, then the state, then details (one table style);
		// rows stay grouped by server so the nodes of a server that
		// differs (marked !) stand together
		fmt.Fprintln(tw, "NODE\tSERVER\tSTATE\tWEIGHT\tSESS\tQUEUE\tCHECK\tDIFFERS")
		for _, sv := range servers {
			mark := ""
			if sv.Differs {
				mark = "!"
			}
			for _, n := range rep.Nodes {
				row, ok := sv.PerNode[n.Node]
				if !ok {
					if n.Err == nil {
						fmt.Fprintf(tw, "%s\t%s/%s\t%s\t-\t-\t-\t-\t%s\n", n.Node, sv.Backend, sv.Server, "(missing)", mark)
					}
					continue
				}
				fmt.Fprintf(tw, "%s\t%s/%s\t%s\t%d\t%d\t%d\t%s\t%s\n", n.Node, sv.Backend, sv.Server, row.Status, row.Weight, row.Scur, row.Qcur, dash(row.CheckStatus), mark)
			}
		}
		tw.Flush()
		var diffs []string
		for _, sv := range servers {
			if sv.Differs {
				diffs = append(diffs, fmt.Sprintf("  ! %s/%s: %s", sv.Backend, sv.Server, sv.Why))
			}
		}
		if len(diffs) > 0 {
			fmt.Fprintf(a.io.Out, "\n%d server(s) differ between nodes:\n%s\n", len(diffs), strings.Join(diffs, "\n"))
		}
		fmt.Fprintln(a.io.Out)
		for _, n := range rep.Nodes {
			if n.Err != nil {
				fmt.Fprintf(a.io.Out, "node %s: FAILED: %v\n", n.Node, n.Err)
				continue
			}
			sf := n.StateFile
			line := fmt.Sprintf("node %s: HAProxy %s, up %s; state file: %s", n.Node, n.Version, time.Duration(n.UptimeS)*time.Second, sf.Status)
			if sf.Path != "" {
				line += " (" + sf.Path + ")"
			}
			if sf.Status != "ok" && sf.Note != "" {
				line += " - " + sf.Note
			}
			fmt.Fprintln(a.io.Out, line)
		}
	}
	return silent(rep.Err())
}

// reportChanges prints per-node results of a changing command and returns
// the exit status.
func reportChanges[T any](a *app, rs []fanout.Result[T], command func(T) string) error {
	p := a.rows("haproxy.change", "")
	for _, r := range rs {
		cmdText := command(r.Value)
		ev := map[string]any{"node": r.Name, "command": cmdText, "status": string(r.Status), "duration_ms": r.Duration}
		if r.Err != nil {
			ev["error"] = r.Err
		}
		dry := false
		switch v := any(r.Value).(type) {
		case haproxy.Change:
			ev["dry_run"], dry = v.DryRun, v.DryRun
		case haproxy.DrainResult:
			ev["scur"], ev["dry_run"], dry = v.Scur, v.DryRun, v.DryRun
		}
		switch {
		case dry && r.Status == fanout.OK:
			p.row(ev, r.Name, "would send: "+cmdText)
		case r.Status != fanout.OK:
			p.row(ev, r.Name, cmdText, fmt.Sprintf("%s: %v", strings.ToUpper(string(r.Status)), r.Err))
		default:
			p.row(ev, r.Name, cmdText, "ok")
		}
	}
	p.flush()
	return silent(haproxy.Err(rs))
}

// haproxyEvents prints drain progress (a node's session count when it
// changes) to stderr.
func (a *app) haproxyEvents() func(haproxy.Event) {
	last := map[string]int{}
	return func(e haproxy.Event) {
		switch e.Verb() {
		case haproxy.EvWaiting:
			a.outMu.Lock()
			prev, seen := last[e.Node]
			last[e.Node] = e.Scur
			a.outMu.Unlock()
			if !seen || prev != e.Scur {
				a.infof("%s: waiting: %d session(s) left\n", e.Node, e.Scur)
			}
			if a.jsonMode() {
				a.emitEvent(e, nil)
			}
		case haproxy.EvStart:
			a.debugf("%s: %s\n", e.Node, e.Command)
		}
	}
}

type haproxyStateOptions struct {
	target   string
	state    haproxy.State
	verb     string
	dryRun   bool
	wait     bool
	timeout  time.Duration
	interval time.Duration
}

func (o *haproxyStateOptions) validate() (be, srv string, err error) {
	be, srv, err = haproxy.ParseTarget(o.target)
	if err != nil {
		return "", "", usageError("%v", err)
	}
	if o.wait && o.timeout <= 0 {
		return "", "", usageError("--drain-timeout must be positive")
	}
	if o.interval <= 0 {
		return "", "", usageError("--interval must be positive")
	}
	return be, srv, nil
}

func newHAProxyStateCmd(a *app, verb string, st haproxy.State) *cobra.Command {
	o := &haproxyStateOptions{verb: verb, state: st}
	short := map[string]string{
		"drain":   "Drain a server on every LB (no new sessions; --wait for sessions to end)",
		"ready":   "Put a server back in normal state on every LB (after drain or maint)",
		"disable": "Put a server in maintenance on every LB (disable server)",
		"enable":  "Take a server out of maintenance on every LB (enable server)",
	}[verb]
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
	cmd := &cobra.Command{
		Use:   verb + " BACKEND/SERVER",
		Short: short,
		Long:  long,
		Args:  nArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.target = args[0]
			be, srv, err := o.validate()
			if err != nil {
				return err
			}
			a.watchSignals()
			f, err := a.f.HAProxyFleet(o.dryRun)
			if err != nil {
				return err
			}
			f.OnEvent = a.haproxyEvents()
			f.Stop = a.softCtx
			ctx := a.hardCtx
			switch {
			case verb == "drain":
				rs, err := f.Drain(ctx, be, srv, haproxy.DrainOptions{Wait: o.wait, Timeout: o.timeout, Poll: o.interval})
				if err != nil {
					return usageError("%v", err)
				}
				return reportChanges(a, rs, func(d haproxy.DrainResult) string { return d.Command })
			case verb == "enable" || verb == "disable":
				var c string
				if verb == "enable" {
					c, err = haproxy.CmdEnableServer(be, srv)
				} else {
					c, err = haproxy.CmdDisableServer(be, srv)
				}
				if err != nil {
					return usageError("%v", err)
				}
				return reportChanges(a, f.Do(ctx, c), changeCommand)
			default:
				rs, err := f.SetServerState(ctx, be, srv, o.state)
				if err != nil {
					return usageError("%v", err)
				}
				return reportChanges(a, rs, changeCommand)
			}
		},
	}
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "print the command per node, send nothing")
	if verb == "drain" {
		cmd.Flags().BoolVar(&o.wait, "wait", false, "wait until the server's sessions reach 0 on every node")
		cmd.Flags().DurationVar(&o.timeout, "drain-timeout", 5*time.Minute, "with --wait: wait at most this long for the server's sessions to reach 0")
		deprecatedFlag(cmd, "timeout", "drain-timeout")
	}
	cmd.Flags().DurationVar(&o.interval, "interval", time.Second, "polling interval for --wait")
	if verb != "drain" {
		cmd.Flags().MarkHidden("interval")
	}
	return cmd
}

func changeCommand(c haproxy.Change) string { return c.Command }

func newHAProxyWeightCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "weight BACKEND/SERVER N|N%",
		Short: "Set a server's weight on every LB",
		Long: `Set a server's weight on every selected LB: an absolute weight 0-256, or a
percentage of the weight in the config file.

  opsctl haproxy weight app/web01 0        no new traffic by balancing (sticky still goes)
  opsctl haproxy weight app/web01 50%
  opsctl haproxy weight app/web01 100% --dry-run`,
		Args: nArgs(2, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			be, srv, err := haproxy.ParseTarget(args[0])
			if err != nil {
				return usageError("%v", err)
			}
			if err := haproxy.CheckWeight(args[1]); err != nil {
				return usageError("%v", err)
			}
			a.watchSignals()
			f, err := a.f.HAProxyFleet(dryRun)
			if err != nil {
				return err
			}
			f.Stop = a.softCtx
			rs, err := f.SetWeight(a.hardCtx, be, srv, args[1])
			if err != nil {
				return usageError("%v", err)
			}
			return reportChanges(a, rs, changeCommand)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the command per node, send nothing")
	return cmd
}

func newHAProxyRawCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "raw 'COMMAND[;COMMAND...]'",
		Short: "Send any runtime-API command line to every LB and print each answer",
		Long: `The escape hatch: send one runtime-API command line (several commands may be
joined with ";") to every selected node and print each node's answer. An
answer carrying an error message ("[0-3]: ..." or "Unknown command") makes that
node fail.

  opsctl haproxy raw 'show servers state app'
  opsctl haproxy raw 'get weight app/web01' -H lb1
  opsctl haproxy raw 'shutdown sessions server app/web01' --dry-run`,
		Args: nArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			line := args[0]
			if strings.TrimSpace(line) == "" || strings.ContainsAny(line, "\n\r\x00") {
				return usageError("raw: want one non-empty command line")
			}
			a.watchSignals()
			f, err := a.f.HAProxyFleet(dryRun)
			if err != nil {
				return err
			}
			f.Stop = a.softCtx
			if dryRun {
				rs := haproxy.Each(a.hardCtx, f, func(ctx context.Context, n *haproxy.Node) (haproxy.Change, error) {
					return haproxy.Change{Command: line, DryRun: true}, nil
				})
				return reportChanges(a, rs, changeCommand)
			}
			rs := haproxy.Each(a.hardCtx, f, func(ctx context.Context, n *haproxy.Node) (string, error) {
				return n.Raw(ctx, line)
			})
			for _, r := range rs {
				if a.jsonMode() {
					ev := map[string]any{"node": r.Name, "command": line, "status": string(r.Status), "answer": r.Value}
					if r.Err != nil {
						ev["error"] = r.Err
					}
					a.emit("haproxy.raw", ev)
					continue
				}
				fmt.Fprintf(a.io.Out, "== %s ==\n", r.Name)
				if r.Err != nil {
					fmt.Fprintf(a.io.Out, "FAILED: %v\n", r.Err)
				} else {
					fmt.Fprint(a.io.Out, r.Value)
				}
			}
			return silent(haproxy.Err(rs))
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the command per node, send nothing")
	return cmd
}

func newHAProxyMapCmd(a *app, kind string) *cobra.Command {
	var dryRun bool
	isMap := kind == "map"
	use := "map show|set|add|del MAP [KEY [VALUE]]"
	if !isMap {
		use = "acl show|add|del ACL [PATTERN]"
	}
	long := `Show or change a map on every selected LB. MAP is the file path used in the
HAProxy config (or #ID from 'raw "show map"'). Changes live in memory only:
update the file too, or they are lost at the next reload.

  opsctl haproxy map show /etc/haproxy/hosts.map
  opsctl haproxy map add /etc/haproxy/hosts.map shop.example.com shop
  opsctl haproxy map set /etc/haproxy/hosts.map shop.example.com shop-v2
  opsctl haproxy map del /etc/haproxy/hosts.map shop.example.com --dry-run`
	if !isMap {
		long = `Show or change an ACL's patterns on every selected LB. ACL is the file path
used with "-f" in the HAProxy config (or #ID). Changes live in memory only.

  opsctl haproxy acl show /etc/haproxy/blocked.acl
  opsctl haproxy acl add /etc/haproxy/blocked.acl 203.0.113.7
  opsctl haproxy acl del /etc/haproxy/blocked.acl 203.0.113.7`
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: map[bool]string{true: "Show or change a map on every LB", false: "Show or change an ACL on every LB"}[isMap],
		Long:  long,
		Args:  nArgs(2, 4),
		RunE: func(cmd *cobra.Command, args []string) error {
			verb, ref := args[0], args[1]
			line, err := haproxy.CmdMapAction(kind, args)
			if err != nil {
				return usage(err)
			}
			if verb == "show" {
				f, err := a.f.HAProxyFleet(false)
				if err != nil {
					return err
				}
				rs := haproxy.Each(a.hardCtx, f, func(ctx context.Context, n *haproxy.Node) ([]haproxy.MapEntry, error) {
					if isMap {
						return n.ShowMap(ctx, ref)
					}
					return n.ShowACL(ctx, ref)
				})
				p := a.rows("haproxy."+kind, "")
				for _, r := range rs {
					if r.Status != fanout.OK {
						p.row(map[string]any{"node": r.Name, "error": r.Err}, r.Name, fmt.Sprintf("FAILED: %v", r.Err))
						continue
					}
					for _, e := range r.Value {
						cells := []any{r.Name, e.Key, e.Value}
						if !isMap {
							cells = cells[:2]
						}
						p.row(map[string]any{"node": r.Name, "key": e.Key, "value": e.Value}, cells...)
					}
				}
				p.flush()
				return silent(haproxy.Err(rs))
			}
			a.watchSignals()
			f, err := a.f.HAProxyFleet(dryRun)
			if err != nil {
				return err
			}
			f.Stop = a.softCtx
			return reportChanges(a, f.Do(a.hardCtx, line), changeCommand)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the command per node, send nothing")
	return cmd
}

func newHAProxySaveStateCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "save-state",
		Short: "Write each LB's \"show servers state\" into its state_file (run before a reload)",
		Long: `HAProxy reads its server-state-file at start/reload but never writes it: the
state must be dumped just before each reload, or drain/maint/weights set at
runtime are lost. save-state does that for every selected node that has a
state_file in the inventory (the file must be reachable from here: a local
socket, or a via: host, where it is written over SSH: a temporary file in
the same directory, then mv -f).

  opsctl haproxy save-state && systemctl reload haproxy`,
		Args: nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.watchSignals()
			f, err := a.f.HAProxyFleet(dryRun)
			if err != nil {
				return err
			}
			f.Stop = a.softCtx
			return reportChanges(a, f.SaveState(a.hardCtx), changeCommand)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "read the state, write nothing")
	return cmd
}
