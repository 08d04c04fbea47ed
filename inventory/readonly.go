package inventory

import (
	"net/url"
	"regexp"
	"time"
)

// Readonly configures read-only mode (opsctl readonly).
type Readonly struct {
	// MapFile is the HAProxy map file path on the LB hosts.
	MapFile string `yaml:"map_file"`
	// MapKey is the key the frontend looks up (default "global").
	MapKey string `yaml:"map_key"`
	// PageFile is where HAProxy reads the 503 page from (readonly init).
	PageFile string `yaml:"page_file"`
	// Page is the HTML of the 503 page (default: a friendly built-in page).
	// "{message}" marks where "readonly on --message" text goes.
	Page string `yaml:"page"`
	// RetryAfter is the Retry-After header in seconds (default 3600).
	RetryAfter int `yaml:"retry_after"`
	// VCL is the name of the read-only VCL on each Varnish node.
	VCL string `yaml:"vcl"`
	// VCLFile is the read-only VCL's path on the Varnish hosts.
	VCLFile string `yaml:"vcl_file"`
	// SiteVCLFile is the site's normal VCL, included by the read-only VCL.
	SiteVCLFile string `yaml:"site_vcl_file"`
	// NormalVCL is the VCL to go back to when no opsctl_normal label exists
	// (default "boot").
	NormalVCL string `yaml:"normal_vcl"`
	// TTL and Grace of objects cached in read-only mode.
	TTL   time.Duration `yaml:"ttl"`
	Grace time.Duration `yaml:"grace"`
	// Probes are entry URLs checked after each flip (GET 200; POST 503 when on).
	Probes []string `yaml:"probes"`
}

var vclNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

func (c *Config) readonlyDefaults() {
	r := &c.Readonly
	if r.MapFile == "" {
		r.MapFile = "/etc/haproxy/opsctl-readonly.map"
	}
	if r.MapKey == "" {
		r.MapKey = "global"
	}
	if r.PageFile == "" {
		r.PageFile = "/etc/haproxy/opsctl-readonly.html"
	}
	if r.RetryAfter == 0 {
		r.RetryAfter = 3600
	}
	if r.VCL == "" {
		r.VCL = "opsctl_readonly"
	}
	if r.VCLFile == "" {
		r.VCLFile = "/etc/varnish/opsctl-readonly.vcl"
	}
	if r.SiteVCLFile == "" {
		r.SiteVCLFile = "/etc/varnish/default.vcl"
	}
	if r.NormalVCL == "" {
		r.NormalVCL = "boot"
	}
	if r.TTL == 0 {
		r.TTL = time.Hour
	}
	if r.Grace == 0 {
		r.Grace = 24 * time.Hour
	}
}

func (c *Config) validateReadonly() error {
	c.readonlyDefaults()
	r := c.Readonly
	for _, f := range []struct{ key, val string }{{"map_file", r.MapFile}, {"page_file", r.PageFile}, {"vcl_file", r.VCLFile}, {"site_vcl_file", r.SiteVCLFile}} {
		if !safePathRE.MatchString(f.val) {
			return c.Errorf([]any{"readonly", f.key}, "readonly.%s %q: an absolute path of letters, digits and ._-/ only", f.key, f.val)
		}
	}
	if !ValidName(r.MapKey) {
		return c.Errorf([]any{"readonly", "map_key"}, "readonly.map_key %q: letters, digits and ._- only", r.MapKey)
	}
	for _, f := range []struct{ key, val string }{{"vcl", r.VCL}, {"normal_vcl", r.NormalVCL}} {
		if !vclNameRE.MatchString(f.val) {
			return c.Errorf([]any{"readonly", f.key}, "readonly.%s %q: a VCL name (a letter, then letters, digits, _ and -)", f.key, f.val)
		}
	}
	if r.RetryAfter < 0 {
		return c.Errorf([]any{"readonly", "retry_after"}, "readonly.retry_after must be >= 0")
	}
	for i, p := range r.Probes {
		u, err := url.Parse(p)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c.Errorf([]any{"readonly", "probes", i}, "readonly.probes: %q is not an http(s) URL", p)
		}
	}
	return nil
}
