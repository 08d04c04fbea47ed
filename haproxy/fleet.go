package haproxy

import (
	"context"
	"encoding/json"
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

// Node is one load balancer in a fleet.
type Node struct {
	*Client
	// StateFile is the server-state-file path the inventory declares for
	// this node ("" when none is declared).
	StateFile string
	// ReadFile reads a file on the node's host, used to check the state
	// file. Nil means the check cannot look at the file.
	ReadFile func(ctx context.Context, path string) ([]byte, error)
	// WriteFile replaces a file on the node's host, used by SaveState.
	WriteFile func(ctx context.Context, path string, data []byte) error
}

// Event reports progress of a fleet operation on one node: Name is
// "haproxy.<verb>" (one of the Ev* verbs), Node the node.
type Event struct {
	event.Event
	Command string `json:"command,omitempty"`
	Scur    int    `json:"scur,omitempty"` // current sessions (EvWaiting)
	// Changed (EvWaiting): Scur is not what the node's previous waiting
	// event said (the first one always is), for a log that says each count
	// once.
	Changed bool `json:"-"`
}

// Event verbs.
const (
	EvStart   = "start"   // a command is sent to Node
	EvDone    = "done"    // it succeeded
	EvFailed  = "failed"  // it failed; Err says why
	EvDryRun  = "dry_run" // DryRun: the command that would be sent
	EvWaiting = "waiting" // a drain waits: Scur sessions left
)

// Fleet runs calls on many nodes in parallel. Every node gets a result;
// one node's failure never stops the others.
type Fleet struct {
	Nodes []*Node
	// Limit bounds concurrency (0: all at once).
	Limit int
	// DryRun makes changing calls report their commands without sending
	// them.
	DryRun  bool
	OnEvent func(Event)
	// Stop is the soft stop (a first Ctrl-C): once done, no node starts
	// and a drain stops waiting; the commands in flight finish. The ctx
	// given to a call is the hard stop. Nil: only ctx.
	Stop context.Context
}

func (f *Fleet) event(verb, node, cmd string, scur int, err error) {
	if f.OnEvent != nil {
		f.OnEvent(Event{Event: event.Event{Name: "haproxy." + verb, Node: node, Time: time.Now(), Err: err}, Command: cmd, Scur: scur})
	}
}

func (f *Fleet) names() []string {
	out := make([]string, len(f.Nodes))
	for i, n := range f.Nodes {
		out[i] = n.Name
	}
	return out
}

// Each calls fn on every node in parallel and returns one result per node,
// in the fleet's order.
func Each[T any](ctx context.Context, f *Fleet, fn func(ctx context.Context, n *Node) (T, error)) []fanout.Result[T] {
	byName := make(map[string]*Node, len(f.Nodes))
	for _, n := range f.Nodes {
		byName[n.Name] = n
	}
	return fanout.RunStop(ctx, f.Stop, f.names(), f.Limit, func(ctx context.Context, name string) (T, error) {
		return fn(ctx, byName[name])
	})
}

// PartialError summarises a fleet call where some nodes failed: the
// shared partial-result shape (outcome.Parts), each failed node with its
// error. Partial() (from Parts) says some node was done.
type PartialError struct {
	outcome.Parts
}

func (e *PartialError) Error() string {
	var msgs []string
	for _, f := range e.Failed {
		msgs = append(msgs, f.Err.Error())
	}
	if len(e.Skipped) > 0 {
		msgs = append(msgs, "not started on "+strings.Join(e.Skipped, ", "))
	}
	return fmt.Sprintf("%d of %d haproxy nodes failed: %s", len(e.Failed)+len(e.Skipped), e.Total(), strings.Join(msgs, "; "))
}

// Err turns per-node results into nil, or a *PartialError.
func Err[T any](rs []fanout.Result[T]) error {
	p := fanout.Parts(rs)
	if p.OK() {
		return nil
	}
	return &PartialError{Parts: p}
}

// Change is the outcome of a changing command on one node: the command
// sent (DryRun: that would be sent) and, for Raw, the node's answer.
type Change struct {
	Command string `json:"command"`
	DryRun  bool   `json:"dry_run"`
	Answer  string `json:"-"` // Raw's answer (its JSON is the caller's)
}

// AsChange is the change itself (a DrainResult's is embedded): what a
// printer of every changing call's results takes.
func (c Change) AsChange() Change { return c }

// Do sends the same silent-success command line to every node (or, with
// DryRun, only reports it).
func (f *Fleet) Do(ctx context.Context, cmd string) []fanout.Result[Change] {
	return f.send(ctx, cmd, func(ctx context.Context, n *Node) (string, error) { return "", n.Do(ctx, cmd) })
}

// send runs one command line on every node with call, its answer in
// Change.Answer (or, with DryRun, only reports the line).
func (f *Fleet) send(ctx context.Context, cmd string, call func(context.Context, *Node) (string, error)) []fanout.Result[Change] {
	return Each(ctx, f, func(ctx context.Context, n *Node) (ch Change, err error) {
		ch = Change{Command: cmd, DryRun: f.DryRun}
		if f.DryRun {
			f.event(EvDryRun, n.Name, cmd, 0, nil)
			return ch, nil
		}
		f.event(EvStart, n.Name, cmd, 0, nil)
		if ch.Answer, err = call(ctx, n); err != nil {
			f.event(EvFailed, n.Name, cmd, 0, err)
			return ch, err
		}
		f.event(EvDone, n.Name, cmd, 0, nil)
		return ch, nil
	})
}

// SetServerState sets a server's state on every node.
func (f *Fleet) SetServerState(ctx context.Context, be, srv string, st State) ([]fanout.Result[Change], error) {
	cmd, err := CmdSetServerState(be, srv, st)
	if err != nil {
		return nil, err
	}
	return f.Do(ctx, cmd), nil
}

// SetServer sends CmdServer(action, be, srv) to every node: "ready",
// "drain" (without waiting: see Drain) or "maint" set the state;
// "enable" and "disable" take the server out of and into maintenance.
func (f *Fleet) SetServer(ctx context.Context, action, be, srv string) ([]fanout.Result[Change], error) {
	cmd, err := CmdServer(action, be, srv)
	if err != nil {
		return nil, err
	}
	return f.Do(ctx, cmd), nil
}

// Raw sends one command line (several commands may be joined with ";") to
// every node and returns each node's answer in Change.Answer; an answer
// carrying an error message fails that node. With DryRun it only reports
// the line.
func (f *Fleet) Raw(ctx context.Context, line string) ([]fanout.Result[Change], error) {
	if err := CheckRaw(line); err != nil {
		return nil, err
	}
	return f.send(ctx, line, func(ctx context.Context, n *Node) (string, error) { return n.Raw(ctx, line) }), nil
}

// ShowPatterns lists a map's entries (kind "map") or an ACL's patterns
// (kind "acl") on every node.
func (f *Fleet) ShowPatterns(ctx context.Context, kind, ref string) []fanout.Result[[]MapEntry] {
	return Each(ctx, f, func(ctx context.Context, n *Node) ([]MapEntry, error) {
		if kind == "map" {
			return n.ShowMap(ctx, ref)
		}
		return n.ShowACL(ctx, ref)
	})
}

// SetWeight sets a server's weight on every node.
func (f *Fleet) SetWeight(ctx context.Context, be, srv, w string) ([]fanout.Result[Change], error) {
	cmd, err := CmdSetWeight(be, srv, w)
	if err != nil {
		return nil, err
	}
	return f.Do(ctx, cmd), nil
}

// DrainOptions configure Drain.
type DrainOptions struct {
	// Wait polls until the server's current sessions (and queue) reach 0.
	Wait bool
	// Timeout bounds the wait (0: 5 minutes).
	Timeout time.Duration
	// Poll is the polling interval (0: 1s).
	Poll time.Duration
}

// Validate checks options as a user gives them, every field set (as
// flags are; Drain itself takes a zero Timeout or Poll as its default): a
// wait's timeout ("drain-timeout") and the polling interval ("interval")
// must be positive; a refusal is an *outcome.OptionError.
func (o DrainOptions) Validate() error {
	if o.Wait && o.Timeout <= 0 {
		return outcome.BadOption("drain-timeout", "must be positive")
	}
	if o.Poll <= 0 {
		return outcome.BadOption("interval", "must be positive")
	}
	return nil
}

// DrainResult is one node's drain outcome: the change, and what the wait
// saw (not in its JSON, whose "status" is the caller's outcome).
type DrainResult struct {
	Change
	Scur   int           `json:"scur"` // sessions at the end
	Waited time.Duration `json:"-"`
	Status string        `json:"-"` // the server's status at the end of the wait
}

// ErrDrainTimeout is returned when sessions did not reach 0 in time.
var ErrDrainTimeout = errors.New("sessions did not reach 0 before the timeout")

// Drain puts a server in drain state on every node and, with Wait, waits
// until its sessions reach 0 on each node.
func (f *Fleet) Drain(ctx context.Context, be, srv string, o DrainOptions) ([]fanout.Result[DrainResult], error) {
	cmd, err := CmdSetServerState(be, srv, Drain)
	if err != nil {
		return nil, err
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Minute
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	rs := Each(ctx, f, func(ctx context.Context, n *Node) (DrainResult, error) {
		res := DrainResult{Change: Change{Command: cmd, DryRun: f.DryRun}}
		if f.DryRun {
			f.event(EvDryRun, n.Name, cmd, 0, nil)
			return res, nil
		}
		f.event(EvStart, n.Name, cmd, 0, nil)
		if err := n.Do(ctx, cmd); err != nil {
			f.event(EvFailed, n.Name, cmd, 0, err)
			return res, err
		}
		if o.Wait {
			start := time.Now()
			wctx := ctx
			if f.Stop != nil { // the soft stop ends the wait
				var cancel context.CancelFunc
				wctx, cancel = context.WithCancel(ctx)
				defer cancel()
				defer context.AfterFunc(f.Stop, cancel)()
			}
			prev := -1
			scur, status, err := waitIdle(wctx, n, be, srv, o, func(scur int) {
				if f.OnEvent != nil {
					f.OnEvent(Event{Event: event.Event{Name: "haproxy." + EvWaiting, Node: n.Name, Time: time.Now()}, Command: cmd, Scur: scur, Changed: scur != prev})
				}
				prev = scur
			})
			res.Waited, res.Scur, res.Status = time.Since(start), scur, status
			if err != nil {
				f.event(EvFailed, n.Name, cmd, scur, err)
				return res, err
			}
		}
		f.event(EvDone, n.Name, cmd, 0, nil)
		return res, nil
	})
	return rs, nil
}

func waitIdle(ctx context.Context, n *Node, be, srv string, o DrainOptions, tick func(int)) (int, string, error) {
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	last := -1
	for {
		rows, err := n.ShowStatBackend(ctx, be)
		if err != nil {
			// The wait's deadline may fire inside the call a moment
			// before ctx reports it.
			if dl, _ := ctx.Deadline(); ctx.Err() != nil || !time.Now().Before(dl) {
				cerr := ctx.Err()
				if cerr == nil {
					cerr = context.DeadlineExceeded
				}
				return last, "", drainTimeoutErr(n, be, srv, o, last, cerr)
			}
			return last, "", err
		}
		var row *StatRow
		for i := range rows {
			if rows[i].Name == srv {
				row = &rows[i]
			}
		}
		if row == nil {
			return last, "", &Error{Node: n.Name, Command: "show stat", Severity: -1, Msg: fmt.Sprintf("server %s/%s not in show stat", be, srv)}
		}
		last = row.Scur + row.Qcur
		if last == 0 {
			return 0, row.Status, nil
		}
		tick(last)
		select {
		case <-ctx.Done():
			return last, row.Status, drainTimeoutErr(n, be, srv, o, last, ctx.Err())
		case <-time.After(o.Poll):
		}
	}
}

func drainTimeoutErr(n *Node, be, srv string, o DrainOptions, scur int, cerr error) error {
	if errors.Is(cerr, context.DeadlineExceeded) {
		return &Error{Node: n.Name, Command: "drain " + be + "/" + srv, Severity: -1,
			Err: fmt.Errorf("%w (%s; %d sessions left)", ErrDrainTimeout, o.Timeout, scur)}
	}
	return &Error{Node: n.Name, Command: "drain " + be + "/" + srv, Severity: -1, Err: cerr}
}

// NodeStatus is one node's part of a status report.
type NodeStatus struct {
	Node      string         `json:"node"`
	Version   string         `json:"version,omitempty"`
	UptimeS   int64          `json:"uptime_s,omitempty"`
	Rows      []StatRow      `json:"-"`
	StateFile StateFileCheck `json:"state_file"`
	Err       error          `json:"-"`
}

// MarshalJSON is a node's line of a status (docs/json.md): node, ok and
// state_file; then version and uptime_ms when the node answered, else its
// error (without the node, which the line names).
func (n NodeStatus) MarshalJSON() ([]byte, error) {
	j := struct {
		Node      string         `json:"node"`
		OK        bool           `json:"ok"`
		StateFile StateFileCheck `json:"state_file"`
		Version   *string        `json:"version,omitempty"`
		UptimeMS  *int64         `json:"uptime_ms,omitempty"`
		Error     string         `json:"error,omitempty"`
	}{Node: n.Node, OK: n.Err == nil, StateFile: n.StateFile}
	if n.Err != nil {
		j.Error = event.Unplaced(n.Err, n.Node)
	} else {
		ms := n.UptimeS * 1000
		j.Version, j.UptimeMS = &n.Version, &ms
	}
	return json.Marshal(j)
}

// ServerView is one backend/server across the fleet.
type ServerView struct {
	Backend string `json:"backend"`
	Server  string `json:"server"`
	// PerNode maps node name to its row; nodes that failed or do not know
	// the server are absent.
	PerNode map[string]StatRow `json:"nodes"`
	// Differs is set when the server's state or weight is not the same on
	// every node that answered (or is missing on some of them).
	Differs bool   `json:"differs"`
	Why     string `json:"why"`
}

// StatusReport is the fleet-wide view.
type StatusReport struct {
	Nodes   []NodeStatus `json:"nodes"`
	Servers []ServerView `json:"servers"`
}

// StatusFilter selects a status's servers: those of Backend ("" for
// every backend), only those that differ between nodes when Differs is
// set.
type StatusFilter struct {
	Backend string
	Differs bool
}

// Validate refuses a backend name the runtime API could not name (an
// outcome.OptionError naming "backend").
func (o StatusFilter) Validate() error {
	if o.Backend == "" {
		return nil
	}
	if err := ValidateName("backend", o.Backend); err != nil {
		return &outcome.OptionError{Option: "backend", Err: err}
	}
	return nil
}

// Select returns the servers the filter selects.
func (r *StatusReport) Select(o StatusFilter) []ServerView {
	var out []ServerView
	for _, sv := range r.Servers {
		if (o.Backend == "" || sv.Backend == o.Backend) && (!o.Differs || sv.Differs) {
			out = append(out, sv)
		}
	}
	return out
}

// Failed returns the nodes that did not answer.
func (r *StatusReport) Failed() []NodeStatus {
	var out []NodeStatus
	for _, n := range r.Nodes {
		if n.Err != nil {
			out = append(out, n)
		}
	}
	return out
}

// Err is nil when every node answered, else a *PartialError: the shared
// partial-result shape, each node that did not answer with its error.
func (r *StatusReport) Err() error {
	var p outcome.Parts
	for _, n := range r.Nodes {
		p.Add(n.Node, n.Err)
	}
	if p.OK() {
		return nil
	}
	return &PartialError{Parts: p}
}

// Status asks every node for "show info;show stat" and merges the
// server rows, flagging servers whose state differs between nodes.
func (f *Fleet) Status(ctx context.Context) *StatusReport {
	rs := Each(ctx, f, func(ctx context.Context, n *Node) (NodeStatus, error) {
		ns := NodeStatus{Node: n.Name}
		info, rows, err := n.InfoAndStat(ctx)
		if err != nil {
			return ns, err
		}
		ns.Version, ns.UptimeS, ns.Rows = info.Version, info.UptimeS, rows
		ns.StateFile = CheckStateFile(ctx, n)
		return ns, nil
	})
	rep := &StatusReport{}
	answered := 0
	for _, r := range rs {
		ns := r.Value
		ns.Node = r.Name
		if r.Status != fanout.OK {
			ns.Err = r.Err
			if ns.Err == nil {
				ns.Err = fmt.Errorf("haproxy %s: %s", r.Name, r.Status)
			}
		} else {
			answered++
		}
		rep.Nodes = append(rep.Nodes, ns)
	}
	type key struct{ be, srv string }
	idx := map[key]int{}
	for _, ns := range rep.Nodes {
		for _, row := range ns.Rows {
			if row.Type != Server {
				continue
			}
			k := key{row.Proxy, row.Name}
			i, ok := idx[k]
			if !ok {
				i = len(rep.Servers)
				idx[k] = i
				rep.Servers = append(rep.Servers, ServerView{Backend: row.Proxy, Server: row.Name, PerNode: map[string]StatRow{}})
			}
			rep.Servers[i].PerNode[ns.Node] = row
		}
	}
	for i := range rep.Servers {
		sv := &rep.Servers[i]
		if len(sv.PerNode) < answered {
			sv.Differs, sv.Why = true, fmt.Sprintf("missing on %d of %d nodes", answered-len(sv.PerNode), answered)
			continue
		}
		states, weights := map[string]bool{}, map[int]bool{}
		for _, row := range sv.PerNode {
			states[row.State()] = true
			weights[row.Weight] = true
		}
		switch {
		case len(states) > 1:
			sv.Differs, sv.Why = true, "state differs: "+sortedKeys(states)
		case len(weights) > 1:
			sv.Differs, sv.Why = true, "weight differs"
		}
	}
	return rep
}

func sortedKeys(m map[string]bool) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, "/")
}

// StateFileCheck says what opsctl can tell about a node's server-state-file
// setup. HAProxy's runtime API does not expose the server-state-file or
// load-server-state-from-file settings, so the check relies on the path the
// inventory declares (state_file:) and, when the file can be read, on its
// content being a valid "show servers state" dump.
type StateFileCheck struct {
	// Status is "ok", "missing" (no state_file declared), "absent" (the
	// declared file does not exist), "invalid", or "unchecked" (declared
	// but the file cannot be read from here).
	Status  string `json:"status"`
	Path    string `json:"path,omitempty"`
	Servers int    `json:"servers,omitempty"`
	Note    string `json:"note,omitempty"`
}

// String is the check in a line: its status, the path, and the note when
// the status is not ok ("absent (/var/lib/haproxy/state) - declared file
// does not exist yet: ...").
func (c StateFileCheck) String() string {
	s := c.Status
	if c.Path != "" {
		s += " (" + c.Path + ")"
	}
	if c.Status != "ok" && c.Note != "" {
		s += " - " + c.Note
	}
	return s
}

// CheckStateFile checks a node's declared server-state-file.
func CheckStateFile(ctx context.Context, n *Node) StateFileCheck {
	if n.StateFile == "" {
		return StateFileCheck{Status: "missing", Note: "no state_file declared: drain/weight/maint are lost on reload unless the config has server-state-file + load-server-state-from-file and the state is saved before reloading"}
	}
	c := StateFileCheck{Path: n.StateFile}
	if n.ReadFile == nil {
		c.Status, c.Note = "unchecked", "file is on a remote host; not read"
		return c
	}
	b, err := n.ReadFile(ctx, n.StateFile)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			c.Status, c.Note = "absent", "declared file does not exist yet: save the state before the next reload (opsctl haproxy save-state, or show servers state > file)"
			return c
		}
		c.Status, c.Note = "unchecked", err.Error()
		return c
	}
	st, err := ParseServersState(string(b))
	if err != nil {
		c.Status, c.Note = "invalid", err.Error()
		return c
	}
	c.Status, c.Servers = "ok", len(st)
	return c
}

// LocalReadFile reads a file on this machine (for nodes whose socket is
// local).
func LocalReadFile(_ context.Context, path string) ([]byte, error) { return os.ReadFile(path) }

// SaveState dumps "show servers state" into each node's declared state
// file, so that a reload with load-server-state-from-file restores drain,
// maint and weights. HAProxy never writes this file itself.
func (f *Fleet) SaveState(ctx context.Context) []fanout.Result[Change] {
	return Each(ctx, f, func(ctx context.Context, n *Node) (Change, error) {
		ch := Change{Command: "show servers state > " + n.StateFile, DryRun: f.DryRun}
		if n.StateFile == "" {
			return ch, &Error{Node: n.Name, Command: "save state", Severity: -1, Msg: "no state_file declared for this node"}
		}
		if n.WriteFile == nil {
			return ch, &Error{Node: n.Name, Command: "save state", Severity: -1, Msg: "cannot write files on this node's host"}
		}
		out, err := n.query(ctx, "show servers state")
		if err != nil {
			return ch, err
		}
		if _, err := ParseServersState(out); err != nil {
			return ch, &Error{Node: n.Name, Command: "show servers state", Severity: -1, Err: err}
		}
		if f.DryRun {
			f.event(EvDryRun, n.Name, ch.Command, 0, nil)
			return ch, nil
		}
		if err := n.WriteFile(ctx, n.StateFile, []byte(out)); err != nil {
			return ch, &Error{Node: n.Name, Command: "save state", Severity: -1, Err: err}
		}
		f.event(EvDone, n.Name, ch.Command, 0, nil)
		return ch, nil
	})
}

// LocalWriteFile atomically replaces a file on this machine.
func LocalWriteFile(_ context.Context, path string, data []byte) error {
	tmp := path + ".opsctl.tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// ServerNames are the BACKEND/SERVER pairs of the report (the BACKEND and
// FRONTEND rows left out), sorted, each once.
func (r *StatusReport) ServerNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, sv := range r.Servers {
		p := sv.Backend + "/" + sv.Server
		if sv.Server == "" || sv.Server == "BACKEND" || sv.Server == "FRONTEND" || seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Backends are the backends of ServerNames, sorted, each once.
func (r *StatusReport) Backends() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range r.ServerNames() {
		if be, _, _ := strings.Cut(p, "/"); !seen[be] {
			seen[be] = true
			out = append(out, be)
		}
	}
	return out
}
