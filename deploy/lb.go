package deploy

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/haproxy"
)

// WaveHooks take a wave's hosts out of the load balancers' rotation around
// its switch. Deploy calls Out before a wave switches and In after its
// health checks; hosts taken out but not passed to In stay out (they
// failed). A rollback of switched hosts after an abort is done wave by
// wave, each wrapped in Out and In.
type WaveHooks interface {
	// Out takes the hosts out of rotation. On error it puts back whatever
	// it took out; an error wrapping ErrInterrupted counts as a stop.
	Out(ctx context.Context, wave int, hosts []string) error
	// In puts the hosts back into rotation. It must work even after ctx
	// is cancelled (Ctrl-C must not leave servers drained).
	In(ctx context.Context, wave int, hosts []string) error
}

// Event types of the load-balancer integration.
const (
	EvDrained   = "drained"         // Host's servers drained on every LB node (Message: which)
	EvInService = "in_rotation"     // Host's servers back to ready and UP on every LB node
	EvLBWarn    = "lb_warning"      // e.g. a drain timeout the deploy proceeds past
	EvLeftOut   = "out_of_rotation" // Host's server left drained: Message says why
)

// lbOut, lbIn and rollbackSwitched are the deploy loop's calls into o.LB.
func (d *deployRun) lbOut(ctx context.Context, wave int, hosts []string) error {
	if d.o.LB == nil || len(hosts) == 0 {
		return nil
	}
	return d.o.LB.Out(ctx, wave, hosts)
}

func (d *deployRun) lbIn(ctx context.Context, wave int, hosts []string) error {
	if d.o.LB == nil {
		return nil
	}
	if ctx.Err() != nil {
		// interrupted: every host of the wave goes back (HAProxy's own
		// checks keep a broken one out)
		hosts = d.plan.Waves[wave-1]
	}
	return d.o.LB.In(ctx, wave, hosts)
}

// rollbackSwitched puts switched hosts back on their old release: at once
// without LB hooks, else wave by wave (latest first), each out of rotation
// while it switches.
func (d *deployRun) rollbackSwitched(ctx context.Context, switched []string) {
	if d.o.LB == nil {
		d.rollback(ctx, switched, false)
		return
	}
	for wi := len(d.plan.Waves) - 1; wi >= 0; wi-- {
		var hosts []string
		for _, h := range d.plan.Waves[wi] {
			if contains(switched, h) {
				hosts = append(hosts, h)
			}
		}
		if len(hosts) == 0 {
			continue
		}
		// Even if draining fails the hosts go back: the old release
		// matters more than a few failed requests.
		_ = d.o.LB.Out(context.WithoutCancel(ctx), wi+1, hosts)
		d.rollback(ctx, hosts, false)
		var back []string
		for _, h := range hosts {
			if d.hr(h).Status == StatusRolledBack {
				back = append(back, h)
			}
		}
		_ = d.o.LB.In(ctx, wi+1, back)
	}
}

// LB drains hosts' HAProxy servers on every node of a fleet. It
// implements WaveHooks.
type LB struct {
	Fleet *haproxy.Fleet
	// Servers returns a host's BACKEND/SERVER names.
	Servers func(host string) []string
	// DrainTimeout bounds the wait for sessions to reach 0 (default 30s);
	// past it the wave proceeds, or fails with FailOnDrainTimeout.
	DrainTimeout       time.Duration
	FailOnDrainTimeout bool
	// UpTimeout bounds the wait for HAProxy's check to report UP after
	// the servers are set ready (default 30s).
	UpTimeout time.Duration
	// Poll is the polling interval of both waits (default 200ms).
	Poll time.Duration
	// Stop is the soft stop: it ends a drain wait (the wave is put back
	// and the deploy stops). Nil: never.
	Stop    context.Context
	OnEvent func(Event)

	mu   sync.Mutex
	out  map[string]string // host -> why it is out ("" while draining for a switch)
	noun string            // events are "<noun>.<verb>" (default "deploy")
}

// LeftOut is a server opsctl left out of rotation.
type LeftOut struct {
	Host   string `json:"host"`
	Server string `json:"server"` // BACKEND/SERVER
	Reason string `json:"reason"`
}

func (l *LB) emit(e Event) {
	if l.OnEvent != nil {
		l.OnEvent(named(l.noun, e))
	}
}

func (l *LB) defaults() {
	if l.DrainTimeout <= 0 {
		l.DrainTimeout = 30 * time.Second
	}
	if l.UpTimeout <= 0 {
		l.UpTimeout = 30 * time.Second
	}
	if l.Poll <= 0 {
		l.Poll = 200 * time.Millisecond
	}
}

type lbTarget struct{ host, be, srv string }

func (l *LB) targets(hosts []string) ([]lbTarget, error) {
	var ts []lbTarget
	for _, h := range hosts {
		list := l.Servers(h)
		if len(list) == 0 {
			return nil, fmt.Errorf("host %s: no HAProxy server mapped (deploy_lb)", h)
		}
		for _, s := range list {
			be, srv, err := haproxy.ParseTarget(s)
			if err != nil {
				return nil, fmt.Errorf("host %s: %w", h, err)
			}
			ts = append(ts, lbTarget{h, be, srv})
		}
	}
	return ts, nil
}

// CheckPlan refuses waves that would take every server of a backend out
// of rotation at once on some node (counting servers already not UP).
func (l *LB) CheckPlan(ctx context.Context, waves [][]string) error {
	l.defaults()
	var all []string
	for _, w := range waves {
		all = append(all, w...)
	}
	if _, err := l.targets(all); err != nil {
		return err
	}
	rs := haproxy.Each(ctx, l.Fleet, func(ctx context.Context, n *haproxy.Node) ([]haproxy.StatRow, error) {
		return n.ShowStat(ctx)
	})
	for _, r := range rs {
		if r.Err != nil {
			return fmt.Errorf("haproxy %s: %w", r.Name, r.Err)
		}
		// backend -> server -> in rotation now
		bes := map[string]map[string]bool{}
		for _, row := range r.Value {
			if row.Type != haproxy.Server {
				continue
			}
			if bes[row.Proxy] == nil {
				bes[row.Proxy] = map[string]bool{}
			}
			st := row.State()
			bes[row.Proxy][row.Name] = st == "UP" || st == "no check"
		}
		for wi, w := range waves {
			ts, _ := l.targets(w)
			outNow := map[string]map[string]bool{}
			for _, t := range ts {
				srvs, ok := bes[t.be]
				if !ok || !hasKey(srvs, t.srv) {
					return fmt.Errorf("haproxy %s: no server %s/%s (host %s)", r.Name, t.be, t.srv, t.host)
				}
				if outNow[t.be] == nil {
					outNow[t.be] = map[string]bool{}
				}
				outNow[t.be][t.srv] = true
			}
			for be, out := range outNow {
				left := 0
				for s, up := range bes[be] {
					if up && !out[s] {
						left++
					}
				}
				if left == 0 {
					return fmt.Errorf("wave %d would take every server of backend %s out of rotation on haproxy %s (smaller waves, or --force-backend)", wi+1, be, r.Name)
				}
			}
		}
	}
	return nil
}

// onlyDrainTimeouts reports whether every node that failed a drain did so
// because its sessions did not reach 0 in time (the fleet's partial error
// does not wrap the nodes' errors: they are checked one by one, so a node
// that failed otherwise still fails the wave).
func onlyDrainTimeouts(rs []fanout.Result[haproxy.DrainResult]) bool {
	n := 0
	for _, r := range rs {
		if r.Status == fanout.OK {
			continue
		}
		if r.Err == nil || !errors.Is(r.Err, haproxy.ErrDrainTimeout) {
			return false
		}
		n++
	}
	return n > 0
}

func hasKey(m map[string]bool, k string) bool { _, ok := m[k]; return ok }

// Out drains the hosts' servers on every node and waits until their
// sessions reach 0.
func (l *LB) Out(ctx context.Context, wave int, hosts []string) error {
	l.defaults()
	ts, err := l.targets(hosts)
	if err != nil {
		return err
	}
	l.mu.Lock()
	if l.out == nil {
		l.out = map[string]string{}
	}
	for _, h := range hosts {
		l.out[h] = ""
	}
	l.mu.Unlock()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if l.Stop != nil {
		defer context.AfterFunc(l.Stop, cancel)()
	}
	// every server at once; each reports (fanout), none cancels the others
	rs := eachTarget(ts, func(t lbTarget) (timedOut bool, err error) {
		drs, err := l.Fleet.Drain(wctx, t.be, t.srv, haproxy.DrainOptions{Wait: true, Timeout: l.DrainTimeout, Poll: l.Poll})
		if err == nil {
			err = haproxy.Err(drs)
			timedOut = err != nil && onlyDrainTimeouts(drs)
		}
		if err != nil {
			return timedOut, fmt.Errorf("drain %s/%s (host %s): %w", t.be, t.srv, t.host, err)
		}
		return false, nil
	})
	var hard []error
	for i, r := range rs {
		err := r.Err
		if err == nil {
			continue
		}
		if r.Value && !l.FailOnDrainTimeout && ctx.Err() == nil && (l.Stop == nil || l.Stop.Err() == nil) {
			l.emit(Event{Event: event.Event{Name: EvLBWarn, Host: ts[i].host, Err: err}, Wave: wave, Message: "proceeding past the drain timeout"})
			continue
		}
		hard = append(hard, err)
	}
	stopped := l.Stop != nil && l.Stop.Err() != nil
	if len(hard) > 0 || stopped {
		l.In(ctx, wave, hosts)
		if stopped {
			return fmt.Errorf("wave %d: stopped while draining: %w", wave, ErrInterrupted)
		}
		return errors.Join(hard...)
	}
	for _, h := range hosts {
		l.emit(Event{Event: event.Event{Name: EvDrained, Host: h}, Wave: wave, Message: strings.Join(l.Servers(h), ",")})
	}
	return nil
}

// eachTarget runs fn on every target at once and returns one result per
// target, in order (fanout.Run; the targets' own contexts decide when they
// stop, so none is skipped).
func eachTarget(ts []lbTarget, fn func(lbTarget) (bool, error)) []fanout.Result[bool] {
	names := make([]string, len(ts))
	for i := range ts {
		names[i] = strconv.Itoa(i)
	}
	return fanout.Run(context.Background(), names, 0, func(_ context.Context, name string) (bool, error) {
		i, _ := strconv.Atoi(name)
		return fn(ts[i])
	})
}

// In sets the hosts' servers ready on every node and waits until HAProxy
// reports them UP. Hosts taken out by Out but not listed stay out.
// It uses a fresh context when ctx is already cancelled.
func (l *LB) In(ctx context.Context, wave int, hosts []string) error {
	l.defaults()
	l.mu.Lock()
	if l.out == nil {
		l.out = map[string]string{}
	}
	var kept []string
	for h, why := range l.out {
		if why == "" && !contains(hosts, h) {
			kept = append(kept, h)
		}
	}
	// only servers opsctl took out go back (never one an operator had
	// put in maint)
	var mine []string
	for _, h := range hosts {
		if _, ok := l.out[h]; ok {
			mine = append(mine, h)
		}
	}
	hosts = mine
	l.mu.Unlock()
	ts, err := l.targets(hosts)
	if err != nil {
		return err
	}
	interrupted := ctx.Err() != nil
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.UpTimeout+10*time.Second)
	defer cancel()
	rs := eachTarget(ts, func(t lbTarget) (bool, error) {
		srs, err := l.Fleet.SetServerState(rctx, t.be, t.srv, haproxy.Ready)
		if err == nil {
			err = haproxy.Err(srs)
		}
		if err == nil && !interrupted && !l.Fleet.DryRun {
			err = l.waitUp(rctx, t)
		}
		if err != nil {
			return false, fmt.Errorf("ready %s/%s (host %s): %w", t.be, t.srv, t.host, err)
		}
		return false, nil
	})
	errs := make([]error, len(rs))
	for i, r := range rs {
		errs[i] = r.Err
	}
	l.mu.Lock()
	for _, h := range hosts {
		delete(l.out, h)
	}
	for i, err := range errs {
		if err != nil {
			l.out[ts[i].host] = err.Error()
		}
	}
	l.mu.Unlock()
	for i, err := range errs {
		if err != nil {
			l.emit(Event{Event: event.Event{Name: EvLeftOut, Host: ts[i].host, Err: err}, Wave: wave, Message: ts[i].be + "/" + ts[i].srv})
		}
	}
	for _, h := range hosts {
		l.mu.Lock()
		_, bad := l.out[h]
		l.mu.Unlock()
		if !bad {
			l.emit(Event{Event: event.Event{Name: EvInService, Host: h}, Wave: wave})
		}
	}
	for _, h := range kept {
		l.mu.Lock()
		l.out[h] = "failed: kept out of rotation"
		l.mu.Unlock()
		l.emit(Event{Event: event.Event{Name: EvLeftOut, Host: h, Err: errors.New("failed: kept out of rotation")}, Wave: wave, Message: strings.Join(l.Servers(h), ",")})
	}
	return errors.Join(errs...)
}

func (l *LB) waitUp(ctx context.Context, t lbTarget) error {
	ctx, cancel := context.WithTimeout(ctx, l.UpTimeout)
	defer cancel()
	rs := haproxy.Each(ctx, l.Fleet, func(ctx context.Context, n *haproxy.Node) (string, error) {
		last := ""
		for {
			rows, err := n.ShowStatBackend(ctx, t.be)
			if err == nil {
				for _, r := range rows {
					if r.Name == t.srv && r.Type == haproxy.Server {
						last = r.Status
						if st := r.State(); st == "UP" || st == "no check" {
							return last, nil
						}
					}
				}
			}
			select {
			case <-ctx.Done():
				return last, fmt.Errorf("not UP after %s (status %q)", l.UpTimeout, last)
			case <-time.After(l.Poll):
			}
		}
	})
	return haproxy.Err(rs)
}

// LeftOut lists the servers opsctl left out of rotation (failed hosts,
// and servers it could not put back), sorted by host.
func (l *LB) LeftOut() []LeftOut {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []LeftOut
	for h, why := range l.out {
		if why == "" {
			why = "still drained"
		}
		for _, s := range l.Servers(h) {
			out = append(out, LeftOut{Host: h, Server: s, Reason: why})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Host+out[i].Server < out[j].Host+out[j].Server })
	return out
}
