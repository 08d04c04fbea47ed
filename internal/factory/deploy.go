package factory

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/gate"
	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/outcome"
)

// DeployCommon builds what every deploy-family command hands the library:
// the hosts --hosts selects, the SSH connector and app.deploy_to.
func (f *Factory) DeployCommon() (*inventory.Config, deploy.Common, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, deploy.Common{}, err
	}
	if cfg.App.DeployTo == "" {
		return nil, deploy.Common{}, outcome.MarkUsage(cfg.Errorf([]any{"app"}, "app.deploy_to is not set (where releases live on the hosts, e.g. /srv/app)"))
	}
	hosts, err := cfg.SelectHosts(f.hosts())
	if err != nil {
		return nil, deploy.Common{}, outcome.MarkUsage(err)
	}
	if len(hosts) == 0 {
		return nil, deploy.Common{}, outcome.MarkUsage(fmt.Errorf("no hosts selected (check --hosts with 'opsctl inventory -H ...')"))
	}
	byName := map[string]inventory.Host{}
	dh := make([]deploy.Host, len(hosts))
	for i, h := range hosts {
		byName[h.Name] = h
		dh[i] = deploy.Host{Name: h.Name, Address: h.Address}
	}
	c := deploy.Common{
		Hosts:       dh,
		DeployTo:    cfg.App.DeployTo,
		Concurrency: f.concurrency(),
		Connect: func(ctx context.Context, h deploy.Host) (deploy.Remote, error) {
			pool, err := f.SSHPool()
			if err != nil {
				return nil, err
			}
			t := Target(byName[h.Name])
			if _, err := pool.Client(ctx, t); err != nil {
				return nil, err
			}
			return &deploy.SSHRemote{Pool: pool, Target: t}, nil
		},
	}
	return cfg, c, nil
}

// DrainOptions say how a deploy or rolling rollback drains its waves.
type DrainOptions struct {
	Hosts []string // the hosts deployed to
	// Canary, BatchSize and MaxFail make the waves (deploy.MakePlan).
	Canary, BatchSize, MaxFail string
	DryRun                     bool
	// Timeout replaces deploy_lb.drain_timeout when positive.
	Timeout time.Duration
	// Force allows a wave that takes every server of a backend out.
	Force bool
	// Stop is the soft stop; OnEvent gets the drain steps.
	Stop    context.Context
	OnEvent func(deploy.Event)
}

// DeployLB builds the drainer over every HAProxy node of the inventory
// (deploy_lb maps hosts to servers) and, unless o.Force, checks (within
// 30 s of ctx) that no wave of the plan takes a whole backend out. It
// returns the plan's waves.
func (f *Factory) DeployLB(ctx context.Context, o DrainOptions) (*deploy.LB, [][]string, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, nil, err
	}
	lbc := cfg.DeployLB
	if !lbc.Enabled() {
		return nil, nil, outcome.MarkUsage(fmt.Errorf("%s: --drain needs a deploy_lb section mapping hosts to HAProxy servers", cfg.File))
	}
	waves, _, err := deploy.MakePlan(o.Hosts, o.Canary, o.BatchSize, o.MaxFail)
	if err != nil {
		return nil, nil, outcome.MarkUsage(err)
	}
	fleet := &haproxy.Fleet{Limit: f.concurrency(), DryRun: o.DryRun}
	for _, n := range cfg.HAProxy.Nodes {
		fleet.Nodes = append(fleet.Nodes, &haproxy.Node{Client: f.HAProxyClient(n)})
	}
	lb := &deploy.LB{
		Fleet: fleet, Servers: lbc.ServersOf,
		DrainTimeout: lbc.DrainTimeout, FailOnDrainTimeout: lbc.OnDrainTimeout == "fail",
		UpTimeout: lbc.UpTimeout, Stop: o.Stop, OnEvent: o.OnEvent,
	}
	if o.Timeout > 0 {
		lb.DrainTimeout = o.Timeout
	}
	for _, n := range o.Hosts {
		if len(lbc.ServersOf(n)) == 0 {
			return nil, nil, outcome.MarkUsage(fmt.Errorf("%s: host %s has no HAProxy server in deploy_lb", cfg.File, n))
		}
	}
	if !o.Force {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := lb.CheckPlan(ctx, waves); err != nil {
			return nil, nil, fmt.Errorf("--drain refused: %w", err) // a failure: nothing changed
		}
	}
	return lb, waves, nil
}

// Gates turns the inventory's gates section into gate.Gates; watch, when
// positive (--watch), replaces every check's watch window.
func Gates(cfg inventory.Gates, watch time.Duration) []gate.Gate {
	client := &http.Client{Timeout: 10 * time.Second}
	prom := &gate.Prometheus{URL: cfg.Prometheus, Client: client}
	var out []gate.Gate
	for _, c := range cfg.Checks {
		g := gate.Gate{Name: c.Name, Max: c.Max, Min: c.Min, Compare: c.Compare, NoData: c.NoData,
			Window: cfg.Watch, Interval: cfg.Interval, WaitMax: c.WaitMax}
		if c.Prometheus != "" {
			g.Source, g.Query = prom, c.Prometheus
		} else {
			g.Source, g.Query = &gate.Graphite{URL: cfg.Graphite, From: c.From, Client: client}, c.Graphite
		}
		if c.Watch != nil {
			g.Window = *c.Watch
		}
		if c.Interval > 0 {
			g.Interval = c.Interval
		}
		if watch > 0 {
			g.Window = watch
		}
		out = append(out, g)
	}
	return out
}

// DeployGates runs gates on each wave of a deploy (deploy.Gates), every
// evaluation reported to onEval.
func DeployGates(gates []gate.Gate, onEval func(gate.Evaluation)) deploy.Gates {
	return deployGates{gates, onEval}
}

type deployGates struct {
	gates  []gate.Gate
	onEval func(gate.Evaluation)
}

func (g deployGates) Check(ctx context.Context, w deploy.GateWave) ([]string, error) {
	return gate.RunAll(ctx, g.gates, gate.Wave{Wave: w.Wave, Release: w.Release, Hosts: w.Hosts, Baseline: w.Baseline}, g.onEval)
}
