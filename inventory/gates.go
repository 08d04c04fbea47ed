package inventory

import (
	"net/url"
	"strings"
	"text/template"
	"time"
)

// Gates are metric checks run on each wave of a deploy once its health
// checks pass, before the next wave (see the gate package).
//
//	gates:
//	  prometheus: http://127.0.0.1:9090   # servers the checks query
//	  graphite: http://127.0.0.1:8080     # graphite-web (render API)
//	  watch: 5m            # default watch window per check (--watch overrides)
//	  interval: 10s        # default evaluation interval
//	  checks:
//	    - name: errors
//	      prometheus: 'sum by (host) (rate(app_errors_total{host=~"{{.Hosts}}"}[1m]))'
//	      max: 0.05
//	    - name: error-ratio
//	      graphite: 'stats.app.{{.Hosts}}.errors'
//	      compare: ratio   # wave vs the hosts still on the old release
//	      max: 1.5
//	      no_data: wait    # fail (default), wait or pass
type Gates struct {
	Prometheus string        `yaml:"prometheus"`
	Graphite   string        `yaml:"graphite"`
	Watch      time.Duration `yaml:"watch"`
	Interval   time.Duration `yaml:"interval"`
	Checks     []GateCheck   `yaml:"checks"`
}

// GateCheck is one metric check. Exactly one of Prometheus (a PromQL
// instant query) and Graphite (a render target) is set; both are Go
// templates: {{.Hosts}} is the wave's hosts (a regex alternation for
// PromQL, a {a,b} glob for Graphite), {{.Wave}} and {{.Release}}.
type GateCheck struct {
	Name       string         `yaml:"name"`
	Prometheus string         `yaml:"prometheus"`
	Graphite   string         `yaml:"graphite"`
	Max        *float64       `yaml:"max"`
	Min        *float64       `yaml:"min"`
	Compare    string         `yaml:"compare"`
	Watch      *time.Duration `yaml:"watch"`
	Interval   time.Duration  `yaml:"interval"`
	NoData     string         `yaml:"no_data"`
	WaitMax    time.Duration  `yaml:"wait_max"`
	From       string         `yaml:"from"` // graphite: render from (default -1min)
	// Line is the line of the check's entry in the file (0 if unknown).
	Line int `yaml:"-"`
}

// Enabled reports whether any check is configured.
func (g Gates) Enabled() bool { return len(g.Checks) > 0 }

func (c *Config) validateGates() error {
	g := &c.Gates
	for k, u := range map[string]string{"prometheus": g.Prometheus, "graphite": g.Graphite} {
		if u == "" {
			continue
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return c.Errorf([]any{"gates", k}, "gates.%s: want http(s)://HOST[:PORT][/PATH]", k)
		}
	}
	if g.Watch < 0 || g.Interval < 0 {
		return c.Errorf([]any{"gates"}, "gates: watch and interval must be positive")
	}
	seen := map[string]bool{}
	for i := range g.Checks {
		ch := &g.Checks[i]
		ch.Line = c.Line("gates", "checks", i)
		at := func(k string) []any { return []any{"gates", "checks", i, k} }
		if ch.Name == "" || !ValidName(ch.Name) {
			return c.Errorf([]any{"gates", "checks", i}, "gates.checks[%d]: name %q: use letters, digits and ._- only", i, ch.Name)
		}
		if seen[ch.Name] {
			return c.Errorf(at("name"), "gates.checks: %q is listed twice", ch.Name)
		}
		seen[ch.Name] = true
		q, key := ch.Prometheus, "prometheus"
		if (ch.Prometheus == "") == (ch.Graphite == "") {
			return c.Errorf([]any{"gates", "checks", i}, "gate %s: set exactly one of prometheus (a PromQL query) and graphite (a render target)", ch.Name)
		}
		if ch.Graphite != "" {
			q, key = ch.Graphite, "graphite"
		}
		if key == "prometheus" && g.Prometheus == "" {
			return c.Errorf(at(key), "gate %s: a prometheus query needs gates.prometheus (the server's URL)", ch.Name)
		}
		if key == "graphite" && g.Graphite == "" {
			return c.Errorf(at(key), "gate %s: a graphite target needs gates.graphite (graphite-web's URL)", ch.Name)
		}
		if _, err := template.New(ch.Name).Parse(q); err != nil {
			return c.Errorf(at(key), "gate %s: query template: %v", ch.Name, strings.TrimPrefix(err.Error(), "template: "))
		}
		if strings.Contains(q, "{{") && !strings.Contains(q, ".Hosts") && !strings.Contains(q, ".Wave") && !strings.Contains(q, ".Release") {
			return c.Errorf(at(key), "gate %s: the template uses none of {{.Hosts}}, {{.Wave}}, {{.Release}}", ch.Name)
		}
		if ch.Max == nil && ch.Min == nil {
			return c.Errorf([]any{"gates", "checks", i}, "gate %s: set max and/or min (the threshold)", ch.Name)
		}
		if ch.Max != nil && ch.Min != nil && *ch.Min > *ch.Max {
			return c.Errorf(at("min"), "gate %s: min %g is above max %g", ch.Name, *ch.Min, *ch.Max)
		}
		switch ch.Compare {
		case "", "ratio", "difference":
		default:
			return c.Errorf(at("compare"), "gate %s: compare %q: want ratio or difference", ch.Name, ch.Compare)
		}
		if ch.Compare != "" && !strings.Contains(q, ".Hosts") {
			return c.Errorf(at("compare"), "gate %s: compare needs {{.Hosts}} in the query (the wave vs the hosts on the old release)", ch.Name)
		}
		switch ch.NoData {
		case "":
			ch.NoData = "fail"
		case "fail", "wait", "pass":
		default:
			return c.Errorf(at("no_data"), "gate %s: no_data %q: want fail, wait or pass", ch.Name, ch.NoData)
		}
		if (ch.Watch != nil && *ch.Watch < 0) || ch.Interval < 0 || ch.WaitMax < 0 {
			return c.Errorf([]any{"gates", "checks", i}, "gate %s: watch, interval and wait_max must be positive", ch.Name)
		}
		if ch.From != "" && key != "graphite" {
			return c.Errorf(at("from"), "gate %s: from is for graphite targets", ch.Name)
		}
	}
	return nil
}
