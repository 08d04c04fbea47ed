package deploy

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/opsctl/opsctl/outcome"
)

// HostsError is returned by the per-host reads (Releases, LockStatus,
// History) and ForceUnlock when some hosts failed; the other hosts'
// results are returned with it. Its Parts (the shared partial-result
// shape) are the hosts done and those that failed, with their errors:
// Partial() when some host answered, failed when none did.
type HostsError struct {
	What string // what could not be done: "read the releases", "read the lock"...
	outcome.Parts
}

func (e *HostsError) Error() string {
	return fmt.Sprintf("could not %s on %d host(s)", e.What, len(e.Failed))
}

// hostsErr is nil when every host's err is nil, else a *HostsError.
func hostsErr[T any](what string, rs []T, name func(T) string, err func(T) error) error {
	e := &HostsError{What: what}
	for _, r := range rs {
		e.Add(name(r), err(r))
	}
	if len(e.Failed) == 0 {
		return nil
	}
	return e
}

// HostReleases is what one host holds.
type HostReleases struct {
	Host     string   `json:"host"`
	Live     string   `json:"live"`     // "" when no current
	Releases []string `json:"releases"` // newest first
	Err      error    `json:"-"`
	// Disagrees is set when Live differs from the live release of most
	// hosts.
	Disagrees bool `json:"disagrees"`
}

// Releases lists, per host, the releases present and the live one, and
// flags hosts whose live release is not the majority's (read-only). When
// some hosts could not be read the error is a *HostsError.
func Releases(ctx context.Context, c Common) ([]HostReleases, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	script := sh(fmt.Sprintf("d=%s\n%sls -1t \"$d/releases\" 2>/dev/null || true\n", q(c.DeployTo), currentLines(c.DeployTo)))
	out := forHosts(ctx, c, func(ctx context.Context, h Host, r Remote) HostReleases {
		o, err := run(ctx, r, script, nil)
		if err != nil {
			return HostReleases{Host: h.Name, Err: err}
		}
		hr := HostReleases{Host: h.Name}
		for _, l := range strings.Split(strings.TrimRight(string(o.Stdout), "\n"), "\n") {
			if v, ok := strings.CutPrefix(l, "CUR "); ok {
				hr.Live = v
			} else if l != "CUR" && l != "" {
				hr.Releases = append(hr.Releases, l)
			}
		}
		return hr
	})
	counts := map[string]int{}
	best, bestN := "", 0
	for _, h := range out {
		if h.Err == nil {
			counts[h.Live]++
			if counts[h.Live] > bestN {
				best, bestN = h.Live, counts[h.Live]
			}
		}
	}
	if len(counts) > 1 {
		for i := range out {
			if out[i].Err == nil && out[i].Live != best {
				out[i].Disagrees = true
			}
		}
	}
	return out, hostsErr("read the releases", out, func(h HostReleases) string { return h.Host }, func(h HostReleases) error { return h.Err })
}

// HistoryEntry is one deploy or rollback step as recorded in the hosts'
// revisions.log files, merged across hosts.
//
// Its JSON is the history.entry line's fields (the line's "time" is
// Time).
type HistoryEntry struct {
	Time     time.Time `json:"-"` // the earliest host's line
	Release  string    `json:"release"`
	User     string    `json:"user"`
	Action   string    `json:"action"` // deploy or rollback
	OpID     string    `json:"op"`
	Previous []string  `json:"previous"` // distinct previous releases
	Hosts    []string  `json:"hosts"`
	Gates    []string  `json:"gates"` // metric gate evaluations of a deploy (gates.log), "wave N: ..."
	// Result is what became of the operation, set by HistoryShown: ok,
	// "rolled back on N host(s)", "INTERRUPTED (left on N host(s))...",
	// "automatic (deploy failed)".
	Result string `json:"result"`
}

// HistoryShown is the history as a person reads it: the last limit
// entries, each with its Result; the markers of an interrupted deploy
// (action "interrupted") are folded into the deploy they mark.
func HistoryShown(entries []HistoryEntry, limit int) []HistoryEntry {
	rolledBack := map[string]int{}
	interrupted := map[string]int{}
	var shown []HistoryEntry
	for _, e := range entries {
		if e.Action == "rollback" && strings.HasPrefix(e.OpID, "deploy-") {
			rolledBack[e.OpID] += len(e.Hosts)
		}
		if e.Action == "interrupted" { // a marker, not a switch
			interrupted[e.OpID] += len(e.Hosts)
			continue
		}
		shown = append(shown, e)
	}
	if len(shown) > limit {
		shown = shown[len(shown)-limit:]
	}
	for i, e := range shown {
		switch {
		case e.Action == "deploy" && interrupted[e.OpID] > 0:
			shown[i].Result = fmt.Sprintf("INTERRUPTED (left on %d host(s))", interrupted[e.OpID])
			if rolledBack[e.OpID] > 0 {
				shown[i].Result += fmt.Sprintf(", rolled back on %d", rolledBack[e.OpID])
			}
		case e.Action == "deploy" && rolledBack[e.OpID] > 0:
			shown[i].Result = fmt.Sprintf("rolled back on %d host(s)", rolledBack[e.OpID])
		case e.Action == "rollback" && strings.HasPrefix(e.OpID, "deploy-"):
			shown[i].Result = "automatic (deploy failed)"
		default:
			shown[i].Result = "ok"
		}
	}
	return shown
}

type hostLog struct {
	host string
	out  string
	err  error
}

// History reads the last lines of every host's revisions.log and merges
// them into entries, oldest first; hosts that could not be read are in the
// error map, and the error is then a *HostsError saying the same (the
// entries of the others are returned with it).
func History(ctx context.Context, c Common, lines int) ([]HistoryEntry, map[string]error, error) {
	if err := c.validate(); err != nil {
		return nil, nil, err
	}
	if lines <= 0 {
		lines = 200
	}
	script := sh(fmt.Sprintf("tail -n %d %s 2>/dev/null || true\necho %s\ntail -n %d %s 2>/dev/null || true\n",
		lines, q(c.DeployTo+"/revisions.log"), q(gateLogMark), 20*lines, q(c.DeployTo+"/gates.log")))
	logs := forHosts(ctx, c, func(ctx context.Context, h Host, r Remote) hostLog {
		o, err := run(ctx, r, script, nil)
		if err != nil {
			return hostLog{host: h.Name, err: err}
		}
		return hostLog{host: h.Name, out: string(o.Stdout)}
	})
	errs := map[string]error{}
	byKey := map[string]*HistoryEntry{}
	gates := map[string][]string{}
	for _, l := range logs {
		if l.err != nil {
			errs[l.host] = l.err
			continue
		}
		revs, gl, _ := strings.Cut(l.out, gateLogMark+"\n")
		for id, evs := range parseGateLog(gl) {
			for _, e := range evs {
				if !contains(gates[id], e) {
					gates[id] = append(gates[id], e)
				}
			}
		}
		for _, line := range strings.Split(revs, "\n") {
			f := strings.Split(line, "\t")
			if len(f) < 5 {
				continue
			}
			t, _ := time.Parse(time.RFC3339, f[0])
			prev := ""
			if len(f) > 5 {
				prev = f[5]
			}
			key := f[4] + "\x00" + f[3] + "\x00" + f[1]
			e := byKey[key]
			if e == nil {
				e = &HistoryEntry{Time: t, Release: f[1], User: f[2], Action: f[3], OpID: f[4]}
				byKey[key] = e
			}
			if t.Before(e.Time) {
				e.Time = t
			}
			if !contains(e.Hosts, l.host) {
				e.Hosts = append(e.Hosts, l.host)
			}
			if !contains(e.Previous, prev) {
				e.Previous = append(e.Previous, prev)
			}
		}
	}
	out := make([]HistoryEntry, 0, len(byKey))
	for _, e := range byKey {
		if e.Action == "deploy" {
			e.Gates = gates[e.OpID]
		}
		out = append(out, *e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.Before(out[j].Time)
		}
		return out[i].OpID < out[j].OpID || (out[i].OpID == out[j].OpID && out[i].Action == "deploy" && out[j].Action != "deploy")
	})
	return out, errs, hostsErr("read revisions.log", logs, func(l hostLog) string { return l.host }, func(l hostLog) error { return l.err })
}
