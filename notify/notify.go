// Package notify sends release events — deploy start/finish/fail,
// rollback, read-only on/off, cutover steps — to what a team already
// watches: graphite-web's events API (a line on every graph), StatsD
// counters and timers (Etsy's statsd, UDP), and a generic webhook (a JSON
// body with a Slack-compatible "text").
//
// A receiver that is down never blocks nor fails the operation: sends run
// in the background, each bounded by the timeout; Close waits for the
// last ones (at most one timeout) and a failure is reported through
// OnWarn, once per receiver, after which the receiver is skipped for the
// rest of the run.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Event is one release event.
type Event struct {
	// Kind is "<operation>.<what>": deploy.start, deploy.finish,
	// deploy.fail, rollback.finish, readonly.on, cutover.step, ...
	Kind     string
	Text     string // one human line ("deploy r42 to 20 hosts finished")
	Release  string
	User     string
	Hosts    int
	Duration time.Duration // for finish/fail: how long the operation took (a StatsD timer)
	Tags     []string      // extra Graphite tags
	Fields   map[string]any
	Time     time.Time // default now
}

// Notifier sends events to the configured receivers. The zero value
// sends nothing.
type Notifier struct {
	Graphite     string // graphite-web base URL (user:pass@ for basic auth)
	GraphiteTags []string
	StatsD       string // host:port (UDP)
	StatsDPrefix string // default "opsctl"
	Webhook      string // URL; never printed
	Timeout      time.Duration
	Client       *http.Client
	// OnWarn reports a receiver that failed (receiver is graphite, statsd
	// or webhook); the message carries no URL.
	OnWarn func(receiver string, err error)

	mu     sync.Mutex
	wg     sync.WaitGroup
	queues map[string]chan Event
	down   map[string]bool
	closed bool
}

// Enabled reports whether any receiver is set.
func (n *Notifier) Enabled() bool {
	return n != nil && (n.Graphite != "" || n.StatsD != "" || n.Webhook != "")
}

func (n *Notifier) timeout() time.Duration {
	if n.Timeout <= 0 {
		return 2 * time.Second
	}
	return n.Timeout
}

// Send queues e for every receiver and returns at once. Each receiver
// gets its events in order, one at a time.
func (n *Notifier) Send(e Event) {
	if !n.Enabled() {
		return
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.queues == nil {
		n.queues = map[string]chan Event{}
		n.down = map[string]bool{}
		for _, r := range []struct {
			name string
			on   bool
			f    func(context.Context, Event) error
		}{
			{"graphite", n.Graphite != "", n.graphite},
			{"statsd", n.StatsD != "", n.statsd},
			{"webhook", n.Webhook != "", n.webhook},
		} {
			if !r.on {
				continue
			}
			q := make(chan Event, 64)
			n.queues[r.name] = q
			n.wg.Add(1)
			go n.worker(r.name, q, r.f)
		}
	}
	if n.closed {
		return
	}
	for name, q := range n.queues {
		select {
		case q <- e:
		default:
			n.warnOnce(name, fmt.Errorf("%s event %s dropped: too many events queued", name, e.Kind))
		}
	}
}

func (n *Notifier) worker(name string, q chan Event, f func(context.Context, Event) error) {
	defer n.wg.Done()
	for e := range q {
		n.mu.Lock()
		down := n.down[name]
		n.mu.Unlock()
		if down {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), n.timeout())
		err := f(ctx, e)
		cancel()
		if err != nil {
			n.mu.Lock()
			n.warnOnce(name, fmt.Errorf("%s event %s not sent (skipped for the rest of this run): %w", name, e.Kind, err))
			n.mu.Unlock()
		}
	}
}

// warnOnce marks a receiver down and reports it the first time (n.mu held).
func (n *Notifier) warnOnce(name string, err error) {
	if n.down[name] {
		return
	}
	n.down[name] = true
	if n.OnWarn != nil {
		n.OnWarn(name, err)
	}
}

// Close waits for the queued events: at most about one timeout when a
// receiver is down (its later events are dropped once one failed).
func (n *Notifier) Close() {
	if n == nil {
		return
	}
	n.mu.Lock()
	if !n.closed {
		n.closed = true
		for _, q := range n.queues {
			close(q)
		}
	}
	n.mu.Unlock()
	n.wg.Wait()
}

func (n *Notifier) client() *http.Client {
	if n.Client != nil {
		return n.Client
	}
	return http.DefaultClient
}

func (n *Notifier) post(ctx context.Context, u string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("bad URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("bad URL")
	}
	if p.User != nil {
		pw, _ := p.User.Password()
		req.SetBasicAuth(p.User.Username(), pw)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.client().Do(req)
	if err != nil {
		// the error text of net/http holds the URL: keep only its cause
		var ue *url.Error
		if errors.As(err, &ue) {
			return ue.Err
		}
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	return nil
}

// graphite posts to graphite-web's events API: what, tags, data.
func (n *Notifier) graphite(ctx context.Context, e Event) error {
	op, what, _ := strings.Cut(e.Kind, ".")
	tags := []string{"opsctl", op}
	if what != "" {
		tags = append(tags, what)
	}
	if e.Release != "" {
		tags = append(tags, e.Release)
	}
	tags = append(append(tags, n.GraphiteTags...), e.Tags...)
	return n.post(ctx, strings.TrimRight(n.Graphite, "/")+"/events/", map[string]any{
		"what": e.Text, "tags": tags, "data": e.Text, "when": e.Time.Unix(),
	})
}

// webhook posts a JSON body with Slack's "text" and the event's fields.
func (n *Notifier) webhook(ctx context.Context, e Event) error {
	body := map[string]any{"text": e.Text, "event": e.Kind, "time": e.Time.UTC().Format(time.RFC3339)}
	if e.Release != "" {
		body["release"] = e.Release
	}
	if e.User != "" {
		body["user"] = e.User
	}
	if e.Hosts > 0 {
		body["hosts"] = e.Hosts
	}
	if e.Duration > 0 {
		body["duration_seconds"] = e.Duration.Seconds()
	}
	for k, v := range e.Fields {
		if _, taken := body[k]; !taken {
			body[k] = v
		}
	}
	return n.post(ctx, n.Webhook, body)
}

var statsdBadRE = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// statsd sends "<prefix>.<kind>:1|c" and, with a duration,
// "<prefix>.<kind>.duration:<ms>|ms" in one datagram.
func (n *Notifier) statsd(ctx context.Context, e Event) error {
	prefix := n.StatsDPrefix
	if prefix == "" {
		prefix = "opsctl"
	}
	name := prefix + "." + statsdBadRE.ReplaceAllString(e.Kind, "_")
	msg := name + ":1|c"
	if e.Duration > 0 {
		msg += fmt.Sprintf("\n%s.duration:%d|ms", name, e.Duration.Milliseconds())
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "udp", n.StatsD)
	if err != nil {
		return err
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl)
	}
	_, err = c.Write([]byte(msg))
	return err
}
