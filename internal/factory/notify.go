package factory

import (
	"net/http"

	"github.com/opsctl/opsctl/notify"
)

// Notifier builds the release-event sender of the inventory's events
// section (nil when none is configured or the inventory does not load).
// onWarn gets a receiver's failure. The factory closes it: at most one
// timeout more when a receiver is down.
func (f *Factory) Notifier(onWarn func(receiver string, err error)) *notify.Notifier {
	cfg, err := f.Config()
	if err != nil || !cfg.Events.Enabled() {
		return nil
	}
	e := cfg.Events
	n := &notify.Notifier{Graphite: e.Graphite, GraphiteTags: e.GraphiteTags, StatsD: e.StatsD, StatsDPrefix: e.StatsDPrefix,
		Webhook: e.Webhook, Timeout: e.Timeout, Client: &http.Client{Timeout: e.Timeout}, OnWarn: onWarn}
	f.onClose(n.Close)
	return n
}
