// Package readonly flips a site's HAProxy and Varnish nodes into read-only
// mode and back, verifies every node's real state, and reverts what it
// flipped when a node fails.
//
// HAProxy: a map file holds "<key> on|off"; the frontend returns a 503 page
// for writes when it is on (see RenderSnippets). The flip is "set map" on the
// runtime API, and the file is rewritten on the LB host first so a reload
// keeps the mode. The map also records who, when and why.
//
// Varnish: the read-only VCL is loaded ahead of time; the flip is "vcl.use".
// Before entering, the active VCL is labelled opsctl_normal so leaving goes
// back to exactly it; leaving bans what read-only mode cached.
//
// Order: entering, HAProxy first, then Varnish; leaving, Varnish first, then
// HAProxy.
package readonly

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/outcome"
)

// Mode is read-only on or off.
type Mode string

const (
	On  Mode = "on"
	Off Mode = "off"
)

// Verdict is the fleet's state.
type Verdict string

const (
	VerdictOn      Verdict = "ON"
	VerdictOff     Verdict = "OFF"
	VerdictMixed   Verdict = "MIXED"
	VerdictUnknown Verdict = "UNKNOWN" // some node could not be read
)

// NormalLabel is the VCL label pointing at the site's normal VCL while
// read-only mode is on.
const NormalLabel = "opsctl_normal"

// BanExpr bans every object cached in read-only mode.
const BanExpr = "obj.http.X-Opsctl-Readonly == 1"

// Map keys recording who turned read-only on, when and why.
const (
	keyBy     = "opsctl_by"
	keyAt     = "opsctl_at"
	keyReason = "opsctl_reason"
	// keyMessage holds the message shown on the page (HTML-escaped; an
	// empty HTML comment when there is none).
	keyMessage = "opsctl_message"
	noMessage  = "<!---->"
)

// LB is what read-only mode needs from an HAProxy node's runtime API.
type LB interface {
	ShowMap(ctx context.Context, file string) (map[string]string, error)
	SetMap(ctx context.Context, file, key, value string) error
}

// BatchLB is an LB that can set several keys of a map and read the map
// back in one round trip (HAProxy: commands joined with ";"). It fails as a
// whole if any command fails; the caller then goes one by one.
type BatchLB interface {
	SetMapsAndShow(ctx context.Context, file string, kv [][2]string) (map[string]string, error)
}

// Cache is what read-only mode needs from a Varnish node's CLI.
type Cache interface {
	// VCLs returns the active VCL, the loaded VCL names and labels
	// (label -> target).
	VCLs(ctx context.Context) (active string, loaded []string, labels map[string]string, err error)
	Load(ctx context.Context, name, path string) error
	// Inline compiles VCL source sent over the CLI (vcl.inline).
	Inline(ctx context.Context, name, src string) error
	Discard(ctx context.Context, name string) error
	Label(ctx context.Context, label, vcl string) error
	Use(ctx context.Context, name string) error
	Ban(ctx context.Context, expr string) error
}

// LBNode is one HAProxy node.
type LBNode struct {
	Name    string
	LB      LB
	MapFile string // path of the map file on the LB host
	MapKey  string // default "global"
	// Persist rewrites the map file on the LB host (temp file + rename) so
	// that a reload keeps the mode. Nil: runtime only, reported as a warning.
	Persist func(ctx context.Context, content []byte) error
	// ReadMapFile reads the map file on the LB host, so Status can warn when
	// it disagrees with the running process (a reload would change the
	// mode). Nil: not checked.
	ReadMapFile func(ctx context.Context) ([]byte, error)
}

// CacheNode is one Varnish node.
type CacheNode struct {
	Name            string
	Cache           Cache
	ReadonlyVCL     string // name of the loaded read-only VCL
	ReadonlyVCLFile string // path on the Varnish host, loaded if not yet loaded
	NormalVCL       string // fallback when no opsctl_normal label exists
}

// Fleet is every node read-only mode flips, and the entry points probed.
type Fleet struct {
	LBs    []LBNode
	Caches []CacheNode
	Probes []Probe
	// Limit bounds how many nodes of a kind are worked on at once (<= 0:
	// all).
	Limit int
}

// Options tune a flip.
type Options struct {
	// Stop is the soft stop (a first Ctrl-C): once done, no node starts
	// its flip and the probes are not run; the flips in flight finish.
	// The ctx given to a call is the hard stop. Nil: only ctx.
	Stop      context.Context
	DryRun    bool
	PartialOK bool // keep going when a node fails instead of reverting
	By        string
	Reason    string
	Message   string // shown on the page where it says {message}
	OnEvent   func(Event)
	Now       func() time.Time
}

// Validate checks the record's free text as a user gives it: By one line
// of at most 200 bytes, not empty; Reason and Message one line of at most
// 500 bytes each (the map file holds them, one entry per line). A refusal
// is an *outcome.OptionError naming "by", "reason" or "message".
func (o Options) Validate() error {
	for _, f := range []struct {
		name, v string
		max     int
	}{{"reason", o.Reason, 500}, {"message", o.Message, 500}, {"by", o.By, 200}} {
		if strings.ContainsAny(f.v, "\n\r\x00") || len(f.v) > f.max || f.name == "by" && f.v == "" {
			return outcome.BadOption(f.name, "one line of at most %d bytes%s", f.max, map[bool]string{true: ", not empty"}[f.name == "by"])
		}
	}
	return nil
}

// DefaultBy is who runs this, for Options.By: $USER (or $LOGNAME)@host.
func DefaultBy() string {
	u := os.Getenv("USER")
	if u == "" {
		u = os.Getenv("LOGNAME")
	}
	if u == "" {
		u = "unknown"
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return u + "@" + h
	}
	return u
}

// Names are the fleet's nodes, HAProxy then Varnish.
func (f *Fleet) Names() []string { return append(lbNames(f.LBs), cacheNames(f.Caches)...) }

// Event reports progress on one node: Name is "readonly.<verb>" (an Ev*
// verb: a command sent, or in dry run that would be sent; a node flipped,
// verified or reverted), Took how long a flip took.
type Event struct {
	event.Event
	Kind   string `json:"kind"`             // the node's kind: "haproxy", "varnish", "probe"
	Detail string `json:"detail,omitempty"` // the command, the new state, the warning
	DryRun bool   `json:"dry_run,omitempty"`
}

// Event verbs.
const (
	EvCommand  = "command"  // Detail: a command sent (DryRun: that would be sent)
	EvFlipped  = "flipped"  // the node is in the target mode
	EvVerified = "verified" // a probe answered
	EvReverted = "reverted" // the node went back
	EvWarning  = "warning"  // Detail: what needs attention
)

// NodeState is one node's real state as read back from it.
type NodeState struct {
	Node     string `json:"node"`
	Kind     string `json:"kind"`
	State    string `json:"state"`  // "on", "off" or "unknown"
	Detail   string `json:"detail"` // map value or active VCL
	Changed  bool   `json:"changed"`
	Reverted bool   `json:"reverted"`
	// Skipped: not flipped because the flip stopped at another node's
	// failure or at the soft stop; State is what the node was read back as.
	Skipped bool `json:"skipped"`
	// Warning: the node is in State, but something needs attention (its
	// map file says otherwise, so a reload would change the mode).
	Warning string `json:"warning"`
	Error   string `json:"error"`
	err     error
	rec     *Record
}

// Record is who turned read-only on, when and why (read from the maps).
type Record struct {
	By      string `json:"by,omitempty"`
	At      string `json:"at,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
}

// Report is the outcome of a flip or a status.
type Report struct {
	Target   Mode          `json:"target,omitempty"`
	Verdict  Verdict       `json:"verdict"`
	Nodes    []NodeState   `json:"nodes"`
	Probes   []ProbeResult `json:"probes,omitempty"`
	Record   Record        `json:"record"`
	Reverted bool          `json:"reverted"`
	Elapsed  time.Duration `json:"elapsed_ns"`
	// Commands are, in a dry run, the commands a flip would send, node by
	// node in the fleet's order (each also went to OnEvent as it came).
	Commands []Event `json:"commands,omitempty"`
}

// FlipError is returned when some node failed; the report is exact. Its
// Parts (the shared partial-result shape) list the nodes done, reverted
// (RolledBack), failed with their errors (a failed probe as "probe URL")
// and skipped; Partial() says some node was changed.
type FlipError struct {
	Report *Report
	outcome.Parts
}

func (e *FlipError) Error() string {
	// the state left is the report's verdict, the word 'readonly status'
	// and its exit code use too (UNKNOWN, 12, when the failed nodes could
	// not be read and the others agree; MIXED, 11, when they disagree)
	what := "left " + string(e.Report.Verdict)
	if e.Report.Verdict == VerdictUnknown {
		what += " (the failed nodes could not be read; the others are " + strings.ToUpper(string(e.Report.Target)) + ")"
	}
	if e.Report.Reverted {
		what = "reverted the nodes already flipped"
	}
	return fmt.Sprintf("readonly %s: %d node(s) failed (%s); %s", e.Report.Target, len(e.Failed), strings.Join(e.FailedNames(), ", "), what)
}

// flipParts sorts a flip's nodes and probes into the shared shape.
func flipParts(rep *Report) outcome.Parts {
	var p outcome.Parts
	for _, n := range rep.Nodes {
		switch {
		case n.Skipped:
			p.Skipped = append(p.Skipped, n.Node)
		case n.Error != "":
			err := n.err
			if err == nil {
				err = errors.New(n.Error)
			}
			p.Failed = append(p.Failed, outcome.Failure{Name: n.Node, Err: err, Changed: n.Changed && !n.Reverted})
		case n.Reverted:
			p.RolledBack = append(p.RolledBack, n.Node)
		case n.Changed && rep.Reverted:
			p.Failed = append(p.Failed, outcome.Failure{Name: n.Node, Changed: true,
				Err: fmt.Errorf("%s %s: flipped, and putting it back failed (it stays %s)", n.Kind, n.Node, strings.ToUpper(n.State))})
		default:
			p.Done = append(p.Done, n.Node)
		}
	}
	for _, pr := range rep.Probes {
		if pr.Error != "" {
			p.Failed = append(p.Failed, outcome.Failure{Name: "probe " + pr.URL, Err: errors.New(pr.Error)})
		}
	}
	return p
}

// stopped is the soft stop's error, else ctx's (nil while neither).
func (o *Options) stopped(ctx context.Context) error {
	if o.Stop != nil && o.Stop.Err() != nil {
		return o.Stop.Err()
	}
	return ctx.Err()
}

func (o *Options) emit(ev Event) {
	if o.OnEvent != nil {
		ev.Name, ev.Time = event.Named("readonly", ev.Name), time.Now()
		o.OnEvent(ev)
	}
}

// ev is an event of verb on a node of kind.
func ev(verb, node, kind, detail string) Event {
	return Event{Event: event.Event{Name: verb, Node: node}, Kind: kind, Detail: detail}
}

func (e Event) dry() Event                 { e.DryRun = true; return e }
func (e Event) took(d time.Duration) Event { e.Took = d; return e }
func (e Event) failed(err error) Event     { e.Err = err; return e }

func (n LBNode) key() string {
	if n.MapKey == "" {
		return "global"
	}
	return n.MapKey
}

// Set turns read-only mode on or off across the fleet, verifies every
// node, and (unless PartialOK) reverts the nodes it flipped if any node
// fails. The returned error is a *FlipError when nodes failed.
func (f *Fleet) Set(ctx context.Context, mode Mode, opts Options) (*Report, error) {
	if mode != On && mode != Off {
		return nil, fmt.Errorf("readonly: mode %q: want on or off", mode)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	start := now()
	var mu sync.Mutex
	var cmds []Event
	if opts.DryRun {
		on := opts.OnEvent
		opts.OnEvent = func(e Event) {
			mu.Lock()
			cmds = append(cmds, e)
			mu.Unlock()
			if on != nil {
				on(e)
			}
		}
	}
	rec := Record{}
	if mode == On {
		rec = Record{By: opts.By, At: start.UTC().Format(time.RFC3339), Reason: opts.Reason, Message: opts.Message}
	}
	rep := &Report{Target: mode, Record: rec}
	lbStates := make([]NodeState, len(f.LBs))
	cacheStates := make([]NodeState, len(f.Caches))

	flipLBs := func(m Mode, r Record) bool {
		res := fanout.RunStop(ctx, opts.Stop, lbNames(f.LBs), f.Limit, func(ctx context.Context, name string) (NodeState, error) {
			n := f.LBs[indexLB(f.LBs, name)]
			return f.setLB(ctx, n, m, r, &opts)
		})
		ok := true
		for i, r := range res {
			if r.Err != nil {
				ok = false
			}
			if r.Status == fanout.Skipped {
				continue // never started (the stop): fillSkipped reads it
			}
			lbStates[i] = mergeState(lbStates[i], r.Value, r.Err, "haproxy", f.LBs[i].Name)
		}
		return ok
	}
	flipCaches := func(m Mode) bool {
		res := fanout.RunStop(ctx, opts.Stop, cacheNames(f.Caches), f.Limit, func(ctx context.Context, name string) (NodeState, error) {
			n := f.Caches[indexCache(f.Caches, name)]
			return f.setCache(ctx, n, m, &opts)
		})
		ok := true
		for i, r := range res {
			if r.Err != nil {
				ok = false
			}
			if r.Status == fanout.Skipped {
				continue // never started (the stop): fillSkipped reads it
			}
			cacheStates[i] = mergeState(cacheStates[i], r.Value, r.Err, "varnish", f.Caches[i].Name)
		}
		return ok
	}
	revert := func(lbsToo bool) {
		rep.Reverted = true
		back := Off
		if mode == Off {
			back = On
		}
		// Revert in the reverse order of entering.
		if mode == On {
			f.revertCaches(ctx, cacheStates, back, &opts)
			if lbsToo {
				f.revertLBs(ctx, lbStates, back, &opts)
			}
		} else {
			f.revertLBs(ctx, lbStates, back, &opts)
			f.revertCaches(ctx, cacheStates, back, &opts)
		}
	}

	var ok bool
	if mode == On {
		ok = flipLBs(On, rec)
		for _, st := range lbStates {
			if st.rec != nil && st.Error == "" {
				rep.Record = *st.rec
				break
			}
		}
		if !ok && !opts.PartialOK {
			revert(true)
		} else {
			ok = flipCaches(On) && ok
			if !ok && !opts.PartialOK {
				revert(true)
			}
		}
	} else {
		// Leaving: Varnish first, then HAProxy. Best effort: a node that
		// fails to leave is reported, the others still leave (reverting
		// into read-only would keep the whole site down).
		ok = flipCaches(Off)
		ok = flipLBs(Off, Record{}) && ok
	}

	if ok && !opts.DryRun && len(f.Probes) > 0 {
		if opts.stopped(ctx) != nil {
			ok = false // stopped before the check: the flip is not verified
		} else {
			rep.Probes = runProbes(ctx, f.Probes, mode, &opts)
		}
		for _, p := range rep.Probes {
			if p.Error != "" {
				ok = false
			}
		}
		if !ok && mode == On && !opts.PartialOK {
			revert(true)
		}
	}

	f.fillSkipped(ctx, lbStates, cacheStates, opts.DryRun)
	rep.Nodes = append(lbStates, cacheStates...)
	rep.Verdict = verdict(rep.Nodes)
	rep.Elapsed = now().Sub(start)
	order := map[string]int{}
	for i, n := range f.Names() {
		order[n] = i
	}
	for _, c := range cmds {
		if c.DryRun {
			rep.Commands = append(rep.Commands, c)
		}
	}
	sort.SliceStable(rep.Commands, func(i, j int) bool { return order[rep.Commands[i].Node] < order[rep.Commands[j].Node] })
	if !ok {
		fe := &FlipError{Report: rep, Parts: flipParts(rep)}
		if err := opts.stopped(ctx); err != nil {
			return rep, errors.Join(fe, err)
		}
		return rep, fe
	}
	return rep, nil
}

func mergeState(prev, cur NodeState, err error, kind, name string) NodeState {
	cur.Node, cur.Kind = name, kind
	if prev.Changed {
		cur.Changed = true
	}
	if err != nil {
		cur.err = err
		cur.Error = err.Error()
		if cur.State == "" {
			cur.State = "unknown"
		}
	}
	return cur
}

func (f *Fleet) revertLBs(ctx context.Context, states []NodeState, back Mode, opts *Options) {
	ctx = context.WithoutCancel(ctx)
	for i := range states {
		if !states[i].Changed {
			continue
		}
		st, err := f.setLB(ctx, f.LBs[i], back, Record{}, opts)
		states[i].Reverted = err == nil
		if err == nil {
			states[i].State, states[i].Detail = st.State, st.Detail
		}
		opts.emit(ev(EvReverted, f.LBs[i].Name, "haproxy", string(back)).failed(err))
	}
}

func (f *Fleet) revertCaches(ctx context.Context, states []NodeState, back Mode, opts *Options) {
	ctx = context.WithoutCancel(ctx)
	for i := range states {
		if !states[i].Changed {
			continue
		}
		st, err := f.setCache(ctx, f.Caches[i], back, opts)
		states[i].Reverted = err == nil
		if err == nil {
			states[i].State, states[i].Detail = st.State, st.Detail
		}
		opts.emit(ev(EvReverted, f.Caches[i].Name, "varnish", string(back)).failed(err))
	}
}

// mapEntries are the map's keys and values for a mode and record.
func mapEntries(key string, m Mode, r Record) [][2]string {
	return [][2]string{{key, string(m)}, {keyBy, metaValue(r.By)}, {keyAt, metaValue(r.At)},
		{keyReason, metaValue(r.Reason)}, {keyMessage, messageValue(r.Message)}}
}

// mapContent is the whole map file for a mode and record.
func mapContent(key string, m Mode, r Record) []byte {
	var b strings.Builder
	for _, e := range mapEntries(key, m, r) {
		b.WriteString(e[0] + " " + e[1] + "\n")
	}
	return []byte(b.String())
}

// messageValue is the message as HAProxy inserts it into the page.
func messageValue(s string) string {
	if s == "" {
		return noMessage
	}
	return html.EscapeString(s)
}

func messageDecode(s string) string {
	if s == noMessage || s == "" {
		return ""
	}
	return html.UnescapeString(s)
}

func recordOf(vals map[string]string) Record {
	return Record{By: metaDecode(vals[keyBy]), At: metaDecode(vals[keyAt]), Reason: metaDecode(vals[keyReason]), Message: messageDecode(vals[keyMessage])}
}

// metaValue encodes a record field as one map token (no spaces).
func metaValue(s string) string {
	if s == "" {
		return "-"
	}
	return url.QueryEscape(s)
}

func metaDecode(s string) string {
	if s == "-" {
		return ""
	}
	v, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return v
}

func (f *Fleet) setLB(ctx context.Context, n LBNode, m Mode, r Record, opts *Options) (NodeState, error) {
	st := NodeState{Node: n.Name, Kind: "haproxy", State: "unknown"}
	key := n.key()
	cmds := mapEntries(key, m, r)
	if opts.DryRun {
		if n.Persist != nil {
			opts.emit(ev(EvCommand, n.Name, "haproxy", fmt.Sprintf("write %s (%s %s) via temp file + rename", n.MapFile, key, m)).dry())
		}
		for _, c := range cmds {
			opts.emit(ev(EvCommand, n.Name, "haproxy", fmt.Sprintf("set map %s %s %s", n.MapFile, c[0], c[1])).dry())
		}
		return st, nil
	}
	start := time.Now()
	if m == On {
		// Already on: keep who turned it on and since when (a new
		// reason replaces the old one).
		if vals, err := n.LB.ShowMap(ctx, n.MapFile); err == nil && vals[key] == "on" && metaDecode(vals[keyAt]) != "" {
			old := recordOf(vals)
			r.By, r.At = old.By, old.At
			if r.Reason == "" {
				r.Reason = old.Reason
			}
			if r.Message == "" {
				r.Message = old.Message
			}
			cmds = mapEntries(key, m, r)
		}
	}
	st.rec = &r
	if n.Persist != nil {
		if err := n.Persist(ctx, mapContent(key, m, r)); err != nil {
			return st, fmt.Errorf("haproxy %s: write map file %s: %w", n.Name, n.MapFile, err)
		}
	} else {
		opts.emit(ev(EvWarning, n.Name, "haproxy", "map file not rewritten (no host to write it on): a reload would lose the mode"))
	}
	st.Changed = true
	var vals map[string]string
	if b, ok := n.LB.(BatchLB); ok {
		// One round trip; on any error, the one-by-one path below says
		// exactly which command failed.
		if v, err := b.SetMapsAndShow(ctx, n.MapFile, cmds); err == nil {
			vals = v
			cmds = nil
		}
	}
	for _, c := range cmds {
		if err := n.LB.SetMap(ctx, n.MapFile, c[0], c[1]); err != nil {
			if c[0] != key {
				// Meta keys are informative; an old map file may lack them.
				opts.emit(ev(EvWarning, n.Name, "haproxy", fmt.Sprintf("set map %s %s: %v", n.MapFile, c[0], err)))
				continue
			}
			return st, fmt.Errorf("haproxy %s: set map %s %s %s: %w", n.Name, n.MapFile, c[0], c[1], err)
		}
	}
	if vals == nil {
		var err error
		if vals, err = n.LB.ShowMap(ctx, n.MapFile); err != nil {
			return st, fmt.Errorf("haproxy %s: verify: show map %s: %w", n.Name, n.MapFile, err)
		}
	}
	st.Detail = vals[key]
	st.State = lbState(vals[key])
	if st.State != string(m) {
		return st, fmt.Errorf("haproxy %s: verify: map %s has %s=%q, want %q", n.Name, n.MapFile, key, vals[key], m)
	}
	opts.emit(ev(EvFlipped, n.Name, "haproxy", string(m)).took(time.Since(start)))
	return st, nil
}

func lbState(v string) string {
	switch v {
	case "on":
		return "on"
	case "off":
		return "off"
	}
	return "unknown"
}

func (f *Fleet) setCache(ctx context.Context, n CacheNode, m Mode, opts *Options) (NodeState, error) {
	st := NodeState{Node: n.Name, Kind: "varnish", State: "unknown"}
	if opts.DryRun {
		if m == On {
			opts.emit(ev(EvCommand, n.Name, "varnish", fmt.Sprintf("vcl.label %s <active VCL>", NormalLabel)).dry())
			opts.emit(ev(EvCommand, n.Name, "varnish", "vcl.use "+n.ReadonlyVCL).dry())
		} else {
			opts.emit(ev(EvCommand, n.Name, "varnish", fmt.Sprintf("vcl.use <%s target, else %s>", NormalLabel, n.NormalVCL)).dry())
			opts.emit(ev(EvCommand, n.Name, "varnish", "ban "+BanExpr).dry())
			opts.emit(ev(EvCommand, n.Name, "varnish", "vcl.discard "+NormalLabel).dry())
		}
		return st, nil
	}
	start := time.Now()
	active, loaded, labels, err := n.Cache.VCLs(ctx)
	if err != nil {
		return st, fmt.Errorf("varnish %s: vcl.list: %w", n.Name, err)
	}
	var target string
	if m == On {
		target = n.ReadonlyVCL
		if !contains(loaded, target) {
			if n.ReadonlyVCLFile == "" {
				return st, fmt.Errorf("varnish %s: VCL %q is not loaded and no readonly.vcl_file is configured (run opsctl readonly prepare)", n.Name, target)
			}
			opts.emit(ev(EvWarning, n.Name, "varnish", fmt.Sprintf("VCL %s was not loaded ahead of time: compiling %s now (run opsctl readonly prepare before the flip)", target, n.ReadonlyVCLFile)))
			if err := n.Cache.Load(ctx, target, n.ReadonlyVCLFile); err != nil {
				return st, fmt.Errorf("varnish %s: vcl.load %s %s: %w", n.Name, target, n.ReadonlyVCLFile, err)
			}
		}
		if active != target {
			if err := n.Cache.Label(ctx, NormalLabel, active); err != nil {
				return st, fmt.Errorf("varnish %s: vcl.label %s %s: %w", n.Name, NormalLabel, active, err)
			}
		}
	} else {
		target = labels[NormalLabel]
		if target == "" {
			target = n.NormalVCL
		}
		if target == "" {
			if active != n.ReadonlyVCL {
				target = active // already off
			} else {
				return st, fmt.Errorf("varnish %s: no %s label and no readonly.normal_vcl configured: don't know which VCL to go back to", n.Name, NormalLabel)
			}
		}
	}
	if active != target {
		st.Changed = true
		if err := n.Cache.Use(ctx, target); err != nil {
			return st, fmt.Errorf("varnish %s: vcl.use %s: %w", n.Name, target, err)
		}
	}
	if m == Off && st.Changed {
		if err := n.Cache.Ban(ctx, BanExpr); err != nil {
			return st, fmt.Errorf("varnish %s: ban read-only objects: %w", n.Name, err)
		}
	}
	active, _, labels, err = n.Cache.VCLs(ctx)
	if err != nil {
		return st, fmt.Errorf("varnish %s: verify: vcl.list: %w", n.Name, err)
	}
	st.Detail = active
	st.State = cacheState(active, n)
	if active != target {
		return st, fmt.Errorf("varnish %s: verify: active VCL is %q, want %q", n.Name, active, target)
	}
	if _, ok := labels[NormalLabel]; ok && m == Off {
		// The label would keep its VCL from being discarded later.
		if err := n.Cache.Discard(ctx, NormalLabel); err != nil {
			opts.emit(ev(EvWarning, n.Name, "varnish", fmt.Sprintf("vcl.discard %s: %v", NormalLabel, err)))
		}
	}
	opts.emit(ev(EvFlipped, n.Name, "varnish", string(m)).took(time.Since(start)))
	return st, nil
}

func cacheState(active string, n CacheNode) string {
	if active == n.ReadonlyVCL {
		return "on"
	}
	return "off"
}

// Status reads every node's real state.
func (f *Fleet) Status(ctx context.Context) *Report {
	rep := &Report{}
	lbs := fanout.Run(ctx, lbNames(f.LBs), f.Limit, func(ctx context.Context, name string) (NodeState, error) {
		return f.lbStatus(ctx, f.LBs[indexLB(f.LBs, name)])
	})
	for i, r := range lbs {
		rep.Nodes = append(rep.Nodes, mergeState(NodeState{}, r.Value, r.Err, "haproxy", f.LBs[i].Name))
		if r.Value.rec != nil && rep.Record == (Record{}) {
			rep.Record = *r.Value.rec
		}
	}
	caches := fanout.Run(ctx, cacheNames(f.Caches), f.Limit, func(ctx context.Context, name string) (NodeState, error) {
		return f.cacheStatus(ctx, f.Caches[indexCache(f.Caches, name)])
	})
	for i, r := range caches {
		rep.Nodes = append(rep.Nodes, mergeState(NodeState{}, r.Value, r.Err, "varnish", f.Caches[i].Name))
	}
	rep.Verdict = verdict(rep.Nodes)
	return rep
}

func (f *Fleet) lbStatus(ctx context.Context, n LBNode) (NodeState, error) {
	st := NodeState{Node: n.Name, Kind: "haproxy", State: "unknown"}
	vals, err := n.LB.ShowMap(ctx, n.MapFile)
	if err != nil {
		return st, fmt.Errorf("haproxy %s: show map %s: %w", n.Name, n.MapFile, err)
	}
	st.Detail = vals[n.key()]
	st.State = lbState(st.Detail)
	if st.State == "on" {
		rec := recordOf(vals)
		st.rec = &rec
	}
	if n.ReadMapFile != nil {
		b, err := n.ReadMapFile(ctx)
		switch {
		case err != nil:
			st.Warning = fmt.Sprintf("cannot read map file %s: %v", n.MapFile, err)
		default:
			if fv := mapFileValue(b, n.key()); fv != st.Detail {
				st.Warning = fmt.Sprintf("map file %s says %s=%q but HAProxy runs with %q: a reload would change the mode (run readonly %s again)", n.MapFile, n.key(), fv, st.Detail, st.State)
			}
		}
	}
	return st, nil
}

// mapFileValue is the value of key in a map file's text (the first entry,
// as HAProxy matches it).
func mapFileValue(b []byte, key string) string {
	for _, ln := range strings.Split(string(b), "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		k, v, _ := strings.Cut(ln, " ")
		if k == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func (f *Fleet) cacheStatus(ctx context.Context, n CacheNode) (NodeState, error) {
	st := NodeState{Node: n.Name, Kind: "varnish", State: "unknown"}
	active, _, _, err := n.Cache.VCLs(ctx)
	if err != nil {
		return st, fmt.Errorf("varnish %s: vcl.list: %w", n.Name, err)
	}
	st.Detail = active
	st.State = cacheState(active, n)
	return st, nil
}

// fillSkipped reads back the state of the nodes a failed flip never got
// to, so the report shows every node.
func (f *Fleet) fillSkipped(ctx context.Context, lbStates, cacheStates []NodeState, dryRun bool) {
	ctx = context.WithoutCancel(ctx)
	for i := range lbStates {
		if lbStates[i].Node != "" {
			continue
		}
		st := NodeState{Node: f.LBs[i].Name, Kind: "haproxy", State: "unknown"}
		if !dryRun {
			var err error
			st, err = f.lbStatus(ctx, f.LBs[i])
			st = mergeState(NodeState{}, st, err, "haproxy", f.LBs[i].Name)
		}
		st.Skipped = true
		lbStates[i] = st
	}
	for i := range cacheStates {
		if cacheStates[i].Node != "" {
			continue
		}
		st := NodeState{Node: f.Caches[i].Name, Kind: "varnish", State: "unknown"}
		if !dryRun {
			var err error
			st, err = f.cacheStatus(ctx, f.Caches[i])
			st = mergeState(NodeState{}, st, err, "varnish", f.Caches[i].Name)
		}
		st.Skipped = true
		cacheStates[i] = st
	}
}

func verdict(nodes []NodeState) Verdict {
	if len(nodes) == 0 {
		return VerdictUnknown
	}
	counts := map[string]int{}
	for _, n := range nodes {
		counts[n.State]++
	}
	switch {
	case counts["unknown"] > 0 && counts["on"] == 0 && counts["off"] == 0:
		return VerdictUnknown
	case counts["on"] == len(nodes):
		return VerdictOn
	case counts["off"] == len(nodes):
		return VerdictOff
	case counts["unknown"] > 0 && (counts["on"] == 0 || counts["off"] == 0):
		return VerdictUnknown
	}
	return VerdictMixed
}

// Differing returns the nodes whose state differs from the majority, for a
// MIXED verdict.
func (r *Report) Differing() []string {
	counts := map[string]int{}
	for _, n := range r.Nodes {
		counts[n.State]++
	}
	major := ""
	for s, c := range counts {
		if c > counts[major] || (c == counts[major] && s < major) {
			major = s
		}
	}
	var out []string
	for _, n := range r.Nodes {
		if n.State != major {
			out = append(out, n.Node)
		}
	}
	sort.Strings(out)
	return out
}

func lbNames(ns []LBNode) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Name
	}
	return out
}

func cacheNames(ns []CacheNode) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Name
	}
	return out
}

func indexLB(ns []LBNode, name string) int {
	for i, n := range ns {
		if n.Name == name {
			return i
		}
	}
	return -1
}

func indexCache(ns []CacheNode, name string) int {
	for i, n := range ns {
		if n.Name == name {
			return i
		}
	}
	return -1
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
