package deploy

import (
	"encoding/json"
	"time"

	"github.com/opsctl/opsctl/event"
)

// Health is the per-host health check after a switch. The inventory's
// health section has the same fields (convert with deploy.Health(cfg.Health)).
type Health struct {
	// URL is fetched with HTTP GET from the machine running opsctl;
	// {host} is replaced by the host's address (or name without one).
	URL string `json:"url"`
	// ExpectStatus is the HTTP status wanted (default 200).
	ExpectStatus int `json:"expect_status"`
	// Command runs on the host through the shell; exit 0 is healthy.
	Command string `json:"command"`
	// Timeout bounds one attempt (default 5s).
	Timeout time.Duration `json:"-"`
	// Retries is how many more attempts follow a failed one (default 3).
	Retries *int `json:"retries"`
	// Interval is the wait between attempts (default 1s).
	Interval time.Duration `json:"-"`
}

// MarshalJSON encodes the check in the -o json contract's words
// (docs/json.md): snake_case names, durations in milliseconds.
func (h Health) MarshalJSON() ([]byte, error) {
	type plain Health
	return json.Marshal(struct {
		plain
		TimeoutMS  float64 `json:"timeout_ms"`
		IntervalMS float64 `json:"interval_ms"`
	}{plain(h), event.Millis(h.Timeout), event.Millis(h.Interval)})
}

// Enabled reports whether any check is configured.
func (h Health) Enabled() bool { return h.URL != "" || h.Command != "" }

// Hooks are shell commands run on each host at named points of a deploy or
// rollback. A failing (or timed out) hook fails that host. The inventory's
// hooks section has the same fields (convert with deploy.Hooks(cfg.Hooks)).
type Hooks struct {
	AfterUpload  []string      `json:"after_upload"`
	BeforeSwitch []string      `json:"before_switch"`
	AfterSwitch  []string      `json:"after_switch"`
	Timeout      time.Duration `json:"-"` // per hook command (default 60s)
}

// MarshalJSON encodes the hooks in the -o json contract's words, the
// timeout in milliseconds.
func (h Hooks) MarshalJSON() ([]byte, error) {
	type plain Hooks
	return json.Marshal(struct {
		plain
		TimeoutMS float64 `json:"timeout_ms"`
	}{plain(h), event.Millis(h.Timeout)})
}
