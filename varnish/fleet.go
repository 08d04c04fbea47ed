package varnish

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/outcome"
)

// Node is one cache node of a fleet.
type Node struct {
	Name   string
	Dial   Dialer
	Secret SecretFunc
}

// Event verbs: what happened to a node ("varnish.<verb>").
const (
	EvStart  = "start"   // command about to be sent
	EvDone   = "done"    // command succeeded
	EvFailed = "failed"  // command failed (Err set)
	EvDryRun = "dry_run" // command not sent (dry run)
)

// Event reports progress on one node: Name is "varnish.<verb>" (an Ev*
// verb), Node the node. Command never contains the secret.
type Event struct {
	event.Event
	Command string `json:"command,omitempty"`
}

// Fleet runs commands on many nodes at once, one result per node.
type Fleet struct {
	Nodes []Node
	// Limit bounds how many nodes are worked on at once (<= 0: all).
	Limit int
	// DryRun makes changing calls report what they would send, per node,
	// without connecting.
	DryRun bool
	// Timeout bounds one command (default DefaultTimeout).
	Timeout time.Duration
	// OnEvent, when set, receives progress events (from many goroutines).
	OnEvent func(Event)
	// Stop is the soft stop (a first Ctrl-C): once done, no node starts
	// a command; those in flight finish. The ctx given to a call is the
	// hard stop (a second Ctrl-C): it cancels what runs. Nil: only ctx.
	Stop context.Context
}

// run runs fn on the named nodes under the fleet's soft and hard stops.
func run[T any](ctx context.Context, f *Fleet, names []string, fn func(ctx context.Context, name string) (T, error)) []fanout.Result[T] {
	return fanout.RunStop(ctx, f.Stop, names, f.Limit, fn)
}

func (f *Fleet) emit(verb, node, command string, err error) {
	if f.OnEvent != nil {
		f.OnEvent(Event{Event: event.Event{Name: "varnish." + verb, Node: node, Time: time.Now(), Err: err}, Command: command})
	}
}

func (f *Fleet) names() []string {
	n := make([]string, len(f.Nodes))
	for i, x := range f.Nodes {
		n[i] = x.Name
	}
	return n
}

func (f *Fleet) node(name string) Node {
	for _, n := range f.Nodes {
		if n.Name == name {
			return n
		}
	}
	return Node{Name: name}
}

// dial connects to one node.
func (f *Fleet) dial(ctx context.Context, name string) (*Client, error) {
	n := f.node(name)
	return Dial(ctx, Options{Name: n.Name, Dial: n.Dial, Secret: n.Secret, Timeout: f.Timeout})
}

// FleetError summarises a fleet call where some nodes failed: the shared
// partial-result shape (outcome.Parts: done, failed with their errors,
// skipped; a VCL load's nodes discarded again are RolledBack).
// Partial() (from Parts) says some node was changed.
type FleetError struct {
	Op string
	outcome.Parts
	Detail string
}

func (e *FleetError) Error() string {
	bad := append(e.FailedNames(), e.Skipped...)
	m := fmt.Sprintf("%s failed on %d of %d nodes (%s)", e.Op, len(bad), e.Total(), strings.Join(bad, ", "))
	if e.Detail != "" {
		m += "; " + e.Detail
	}
	return m
}

func summarise[T any](op string, rs []fanout.Result[T]) error {
	p := fanout.Parts(rs)
	if p.OK() {
		return nil
	}
	return &FleetError{Op: op, Parts: p}
}

// NodeStatus is one node's state.
type NodeStatus struct {
	Node      string `json:"node"`
	Version   string `json:"version"`
	Child     string `json:"child"` // running, stopped, ...
	Running   bool   `json:"running"`
	ActiveVCL string `json:"active_vcl"`
	VCLs      []VCL  `json:"-"` // a node's line says the active one (VCLList has them all)
	// Bans counts the ban list, completed bans included; Pending those
	// not completed. Both are -1 when the child is not running.
	Bans    int `json:"bans"`
	Pending int `json:"bans_pending"`
}

// Status connects to every node and reads its child state, VCLs and bans.
// A node that is down gets a failed result; the others are reported. The
// error is a *FleetError when some node is down or its cache child is not
// running (that node is read, so its result is OK, but it serves nothing:
// in the error's Parts it is failed, with ChildError).
func (f *Fleet) Status(ctx context.Context) ([]fanout.Result[NodeStatus], error) {
	rs := run(ctx, f, f.names(), func(ctx context.Context, name string) (NodeStatus, error) {
		st := NodeStatus{Node: name}
		c, err := f.dial(ctx, name)
		if err != nil {
			return st, err
		}
		defer c.Close()
		st.Version = c.Version()
		if st.Child, err = c.Status(ctx); err != nil {
			return st, err
		}
		st.Running = st.Child == "running"
		if st.VCLs, err = c.VCLList(ctx); err != nil {
			return st, err
		}
		st.ActiveVCL = ActiveVCL(st.VCLs)
		if !st.Running {
			// The ban list lives in the child.
			st.Bans, st.Pending = -1, -1
			return st, nil
		}
		bans, err := c.BanList(ctx)
		if err != nil {
			return st, err
		}
		st.Bans = len(bans)
		for _, b := range bans {
			if !b.Completed {
				st.Pending++
			}
		}
		return st, nil
	})
	var p outcome.Parts
	for _, r := range rs {
		switch {
		case r.Status == fanout.Skipped:
			p.Skipped = append(p.Skipped, r.Name)
		case r.Status == fanout.OK && !r.Value.Running:
			p.Add(r.Name, &ChildError{Node: r.Name, Child: r.Value.Child})
		default:
			p.Add(r.Name, r.Err)
		}
	}
	if p.OK() {
		return rs, nil
	}
	return rs, &FleetError{Op: "status", Parts: p}
}

// ChildError is a node whose CLI answers but whose cache child (the
// process that serves requests) is not running: stopped, or dying.
type ChildError struct {
	Node  string
	Child string // the child's state as status says it
}

func (e *ChildError) Error() string { return "varnish node " + e.Node + ": " + e.Unplaced() }

// Place is the node.
func (e *ChildError) Place() string { return e.Node }

// Unplaced is the message without the node.
func (e *ChildError) Unplaced() string { return "cache child is " + e.Child }

// VCLList reads vcl.list on every node.
func (f *Fleet) VCLList(ctx context.Context) ([]fanout.Result[[]VCL], error) {
	rs := run(ctx, f, f.names(), func(ctx context.Context, name string) ([]VCL, error) {
		c, err := f.dial(ctx, name)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		return c.VCLList(ctx)
	})
	return rs, summarise("vcl.list", rs)
}

// change runs one changing command on every node (or reports it in dry-run
// mode). The result value is the command line sent.
// LoadedVCLs are the VCLs and labels loaded (not discarded) on the nodes
// that answered vcl.list, each name once, sorted by name.
func LoadedVCLs(rs []fanout.Result[[]VCL]) []VCL {
	seen := map[string]bool{}
	var out []VCL
	for _, r := range rs {
		for _, v := range r.Value {
			if !seen[v.Name] && v.Status != "discarded" {
				seen[v.Name] = true
				out = append(out, v)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (f *Fleet) change(ctx context.Context, names []string, shown string, fn func(context.Context, *Client) error) []fanout.Result[string] {
	return run(ctx, f, names, func(ctx context.Context, name string) (string, error) {
		if f.DryRun {
			f.emit(EvDryRun, name, shown, nil)
			return shown, nil
		}
		f.emit(EvStart, name, shown, nil)
		c, err := f.dial(ctx, name)
		if err == nil {
			err = fn(ctx, c)
			c.Close()
		}
		if err != nil {
			f.emit(EvFailed, name, shown, err)
			return shown, err
		}
		f.emit(EvDone, name, shown, nil)
		return shown, nil
	})
}

// Ban adds the same ban on every node. expr is separate words.
func (f *Fleet) Ban(ctx context.Context, expr ...string) ([]fanout.Result[string], error) {
	if len(expr) == 0 {
		return nil, errors.New("ban: empty expression")
	}
	shown := CommandLine(append([]string{"ban"}, expr...)...)
	rs := f.change(ctx, f.names(), shown, func(ctx context.Context, c *Client) error { return c.Ban(ctx, expr...) })
	return rs, summarise("ban", rs)
}

// VCLUse makes name the active VCL on every node.
func (f *Fleet) VCLUse(ctx context.Context, name string) ([]fanout.Result[string], error) {
	rs := f.change(ctx, f.names(), CommandLine("vcl.use", name), func(ctx context.Context, c *Client) error { return c.VCLUse(ctx, name) })
	return rs, summarise("vcl.use", rs)
}

// VCLDiscard discards name on every node.
func (f *Fleet) VCLDiscard(ctx context.Context, name string) ([]fanout.Result[string], error) {
	rs := f.change(ctx, f.names(), CommandLine("vcl.discard", name), func(ctx context.Context, c *Client) error { return c.VCLDiscard(ctx, name) })
	return rs, summarise("vcl.discard", rs)
}

// VCLSource is VCL to load: either a path on the cache host (vcl.load) or
// source text sent over the connection (vcl.inline).
type VCLSource struct {
	Path   string
	Inline string
}

// VCLFile is the VCL of file: with remote, a path on the cache hosts that
// varnishd reads itself (it must be absolute: else an *outcome.OptionError
// for "remote-file"); else a file read here, whose source is sent to every
// node (it must not be empty).
func VCLFile(file string, remote bool) (VCLSource, error) {
	if remote {
		if !strings.HasPrefix(file, "/") {
			return VCLSource{}, outcome.BadOption("remote-file", "%q must be an absolute path on the cache hosts", file)
		}
		return VCLSource{Path: file}, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return VCLSource{}, fmt.Errorf("VCL file: %w", err)
	}
	if len(b) == 0 {
		return VCLSource{}, fmt.Errorf("VCL file %s is empty", file)
	}
	return VCLSource{Inline: string(b)}, nil
}

func (s VCLSource) command(name string) (string, func(context.Context, *Client) error) {
	if s.Path != "" {
		return CommandLine("vcl.load", name, s.Path), func(ctx context.Context, c *Client) error { return c.VCLLoad(ctx, name, s.Path) }
	}
	return fmt.Sprintf("vcl.inline %s <%d bytes of VCL>", Quote(name), len(s.Inline)),
		func(ctx context.Context, c *Client) error { return c.VCLInline(ctx, name, s.Inline) }
}

// LoadReport is the outcome of VCLLoadAll, phase by phase.
type LoadReport struct {
	Name      string
	Loaded    []fanout.Result[string] // vcl.load / vcl.inline on every node
	Discarded []fanout.Result[string] // rollback of the loads when one failed
	Used      []fanout.Result[string] // vcl.use, once every node compiled
}

// VCLLoadAll compiles the VCL on every node before any node switches to
// it. If the load fails anywhere, the nodes that did load it discard it
// again and nothing is used. With use, every node then runs vcl.use.
func (f *Fleet) VCLLoadAll(ctx context.Context, name string, src VCLSource, use bool) (*LoadReport, error) {
	if (src.Path == "") == (src.Inline == "") {
		return nil, errors.New("vcl load: give exactly one of a path or inline source")
	}
	rep := &LoadReport{Name: name}
	shown, load := src.command(name)
	rep.Loaded = f.change(ctx, f.names(), shown, load)
	var loaded []string
	for _, r := range rep.Loaded {
		if r.Status == fanout.OK {
			loaded = append(loaded, r.Name)
		}
	}
	if len(loaded) < len(rep.Loaded) {
		// Roll back even after Ctrl-C (soft or hard stop), for 30s at
		// most: a half-loaded fleet is worse.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		back := *f
		back.Stop = nil
		rep.Discarded = back.change(rctx, loaded, CommandLine("vcl.discard", name), func(ctx context.Context, c *Client) error { return c.VCLDiscard(ctx, name) })
		fe := &FleetError{Op: "vcl load " + name, Detail: "nothing was switched"}
		for _, r := range rep.Loaded {
			switch r.Status {
			case fanout.Failed:
				fe.Failed = append(fe.Failed, outcome.Failure{Name: r.Name, Err: r.Err})
			case fanout.Skipped:
				fe.Skipped = append(fe.Skipped, r.Name)
			}
		}
		var stuck []string
		for _, r := range rep.Discarded {
			if r.Status == fanout.OK {
				fe.RolledBack = append(fe.RolledBack, r.Name)
				continue
			}
			// loaded, and discarding it again failed: it stays loaded, unused
			fe.Failed = append(fe.Failed, outcome.Failure{Name: r.Name, Err: fmt.Errorf("discarding it again: %w", r.Err), Changed: true})
			stuck = append(stuck, r.Name)
		}
		if len(stuck) > 0 {
			fe.Detail += fmt.Sprintf("; discarding it again failed on %s (it stays loaded, unused)", strings.Join(stuck, ", "))
		} else if len(loaded) > 0 {
			fe.Detail += fmt.Sprintf("; discarded again on %s", strings.Join(loaded, ", "))
		}
		return rep, fe
	}
	if !use {
		return rep, nil
	}
	rep.Used = f.change(ctx, f.names(), CommandLine("vcl.use", name), func(ctx context.Context, c *Client) error { return c.VCLUse(ctx, name) })
	if err := summarise("vcl.use "+name, rep.Used); err != nil {
		fe := err.(*FleetError)
		if len(fe.Done) == 0 {
			fe.Detail = "loaded on every node, used on none"
		} else {
			fe.Detail = "loaded on every node; now used on " + strings.Join(fe.Done, ", ")
		}
		return rep, fe
	}
	return rep, nil
}
