package inventory

import (
	"net/url"
	"strings"
	"time"
)

// Health configures the checks a deploy runs on each host of a wave after
// it switched, before the next wave starts (and a rollback runs after it
// switched). Either check may be set; both must pass when both are.
type Health struct {
	// URL is fetched with HTTP GET from the machine running opsctl;
	// {host} is replaced by the host's address (or name without one).
	URL string `yaml:"url"`
	// ExpectStatus is the HTTP status wanted (default 200).
	ExpectStatus int `yaml:"expect_status"`
	// Command runs on the host through the shell; exit 0 is healthy.
	Command string `yaml:"command"`
	// Timeout bounds one attempt (default 5s).
	Timeout time.Duration `yaml:"timeout"`
	// Retries is how many more attempts follow a failed one (default 3).
	Retries *int `yaml:"retries"`
	// Interval is the wait between attempts (default 1s).
	Interval time.Duration `yaml:"interval"`
}

// Enabled reports whether any check is configured.
func (h Health) Enabled() bool { return h.URL != "" || h.Command != "" }

// Hooks are shell commands run on each host at named points of a deploy or
// rollback. A failing (or timed out) hook fails that host.
type Hooks struct {
	AfterUpload  []string      `yaml:"after_upload"`
	BeforeSwitch []string      `yaml:"before_switch"`
	AfterSwitch  []string      `yaml:"after_switch"`
	Timeout      time.Duration `yaml:"timeout"` // per hook command (default 60s)
}

func (c *Config) validateDeploy() error {
	h := &c.Health
	if h.ExpectStatus == 0 {
		h.ExpectStatus = 200
	}
	if h.Timeout == 0 {
		h.Timeout = 5 * time.Second
	}
	if h.Interval == 0 {
		h.Interval = time.Second
	}
	if h.Retries == nil {
		n := 3
		h.Retries = &n
	}
	if c.Hooks.Timeout == 0 {
		c.Hooks.Timeout = 60 * time.Second
	}
	if h.URL != "" {
		u, err := url.Parse(strings.ReplaceAll(h.URL, "{host}", "host"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c.Errorf([]any{"health", "url"}, "health.url %q: want http(s)://HOST[:PORT]/PATH ({host} is the host's address)", h.URL)
		}
	}
	if h.ExpectStatus < 100 || h.ExpectStatus > 599 {
		return c.Errorf([]any{"health", "expect_status"}, "health.expect_status %d: not an HTTP status", h.ExpectStatus)
	}
	if h.Timeout < 0 || h.Interval < 0 {
		return c.Errorf([]any{"health"}, "health: timeout and interval must be positive")
	}
	if *h.Retries < 0 || *h.Retries > 1000 {
		return c.Errorf([]any{"health", "retries"}, "health.retries %d: want 0..1000", *h.Retries)
	}
	if c.Hooks.Timeout < 0 {
		return c.Errorf([]any{"hooks", "timeout"}, "hooks.timeout must be positive")
	}
	for name, list := range map[string][]string{"after_upload": c.Hooks.AfterUpload, "before_switch": c.Hooks.BeforeSwitch, "after_switch": c.Hooks.AfterSwitch} {
		for i, cmd := range list {
			if strings.TrimSpace(cmd) == "" {
				return c.Errorf([]any{"hooks", name, i}, "hooks.%s[%d] is empty", name, i)
			}
		}
	}
	for i, p := range c.App.SharedPaths {
		clean := strings.TrimSuffix(p, "/")
		if clean == "" || strings.HasPrefix(p, "/") || !safePathRE.MatchString("/"+p) || containsDotDot(clean) {
			return c.Errorf([]any{"app", "shared_paths", i}, "app.shared_paths[%d] %q: want a relative path inside the release (letters, digits, ._-/; no ..; a trailing / marks a directory)", i, p)
		}
	}
	return nil
}

func containsDotDot(p string) bool {
	for _, s := range strings.Split(p, "/") {
		if s == ".." || s == "." || s == "" {
			return true
		}
	}
	return false
}
