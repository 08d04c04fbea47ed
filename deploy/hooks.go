package deploy

import "time"

// Health is the per-host health check after a switch. The inventory's
// health section has the same fields (convert with deploy.Health(cfg.Health)).
type Health struct {
	// URL is fetched with HTTP GET from the machine running opsctl;
	// {host} is replaced by the host's address (or name without one).
	URL string
	// ExpectStatus is the HTTP status wanted (default 200).
	ExpectStatus int
	// Command runs on the host through the shell; exit 0 is healthy.
	Command string
	// Timeout bounds one attempt (default 5s).
	Timeout time.Duration
	// Retries is how many more attempts follow a failed one (default 3).
	Retries *int
	// Interval is the wait between attempts (default 1s).
	Interval time.Duration
}

// Enabled reports whether any check is configured.
func (h Health) Enabled() bool { return h.URL != "" || h.Command != "" }

// Hooks are shell commands run on each host at named points of a deploy or
// rollback. A failing (or timed out) hook fails that host. The inventory's
// hooks section has the same fields (convert with deploy.Hooks(cfg.Hooks)).
type Hooks struct {
	AfterUpload  []string
	BeforeSwitch []string
	AfterSwitch  []string
	Timeout      time.Duration // per hook command (default 60s)
}
