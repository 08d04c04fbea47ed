package inventory

import (
	"net"
	"net/url"
	"regexp"
	"time"
)

// Events sends release events (deploy start/finish/fail, rollback,
// read-only on/off, cutover steps) to what the team already watches. A
// receiver that is down never blocks nor fails an operation: each send is
// bounded by Timeout and reported as a warning.
//
//	events:
//	  graphite: http://graphite.example      # graphite-web: POST /events/
//	  graphite_tags: [shop]                  # added to every event's tags
//	  statsd: 127.0.0.1:8125                 # UDP: counters and timers
//	  statsd_prefix: opsctl
//	  webhook: ${DEPLOY_WEBHOOK_URL}         # JSON with a Slack-compatible "text"
//	  timeout: 2s
type Events struct {
	Graphite     string        `yaml:"graphite"`
	GraphiteTags []string      `yaml:"graphite_tags"`
	StatsD       string        `yaml:"statsd"`
	StatsDPrefix string        `yaml:"statsd_prefix"`
	Webhook      string        `yaml:"webhook"`
	Timeout      time.Duration `yaml:"timeout"`
}

// Enabled reports whether any receiver is configured.
func (e Events) Enabled() bool { return e.Graphite != "" || e.StatsD != "" || e.Webhook != "" }

var statsdPrefixRE = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$`)

func (c *Config) validateEvents() error {
	e := &c.Events
	if e.Timeout == 0 {
		e.Timeout = 2 * time.Second
	}
	if e.Timeout < 0 || e.Timeout > time.Minute {
		return c.Errorf([]any{"events", "timeout"}, "events.timeout: want 1ms..1m (a receiver that is down costs each operation at most this)")
	}
	if e.StatsDPrefix == "" {
		e.StatsDPrefix = "opsctl"
	}
	if !statsdPrefixRE.MatchString(e.StatsDPrefix) {
		return c.Errorf([]any{"events", "statsd_prefix"}, "events.statsd_prefix %q: use letters, digits, _- and dots", e.StatsDPrefix)
	}
	for k, u := range map[string]string{"graphite": e.Graphite, "webhook": e.Webhook} {
		if u == "" {
			continue
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			// the URL is not echoed: a webhook URL is a secret
			return c.Errorf([]any{"events", k}, "events.%s: want an http(s):// URL", k)
		}
	}
	if e.StatsD != "" {
		if _, port, err := net.SplitHostPort(e.StatsD); err != nil || port == "" {
			return c.Errorf([]any{"events", "statsd"}, "events.statsd %q: want HOST:PORT (UDP)", e.StatsD)
		}
	}
	for i, t := range e.GraphiteTags {
		if !ValidName(t) {
			return c.Errorf([]any{"events", "graphite_tags", i}, "events.graphite_tags[%d] %q: use letters, digits and ._- only", i, t)
		}
	}
	return nil
}
