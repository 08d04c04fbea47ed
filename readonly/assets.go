package readonly

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"text/template"
	"time"
)

//go:embed assets/*
var assets embed.FS

// DefaultPage is the friendly 503 page served to writes in read-only mode.
func DefaultPage() string {
	b, _ := assets.ReadFile("assets/page.html")
	return string(b)
}

// MessagePlaceholder marks where the page shows the message given with
// "readonly on --message" (HAProxy's page only: Varnish's copy is compiled
// into the read-only VCL and drops it).
const MessagePlaceholder = "{message}"

// haproxyPage turns the page into HAProxy's log-format page file: '%'
// doubled, the placeholder replaced by the map's opsctl_message.
func haproxyPage(page, mapFile string) string {
	page = strings.ReplaceAll(page, "%", "%%")
	return strings.ReplaceAll(page, MessagePlaceholder, "%[str("+keyMessage+"),map("+mapFile+",)]")
}

// Snippets holds the configuration a user drops into HAProxy and Varnish
// once, so that opsctl can flip read-only mode at runtime.
type Snippets struct {
	HAProxyFrontend string `json:"haproxy_frontend"` // lines for each frontend
	MapFile         string `json:"map_file"`         // initial content of the map file
	Page            string `json:"page"`             // the page HAProxy returns (a log-format file: lf-file)
	ReadonlyVCL     string `json:"readonly_vcl"`     // the read-only VCL (includes the site's VCL)
}

// SnippetParams are the paths and knobs the snippets are rendered with.
type SnippetParams struct {
	MapFile         string
	MapKey          string
	PageFile        string
	Page            string
	RetryAfter      int
	ReadonlyVCL     string
	ReadonlyVCLFile string
	SiteVCLFile     string
	TTL, Grace      time.Duration
}

// RenderSnippets renders the HAProxy lines, the map file, the page and the
// read-only VCL.
func RenderSnippets(p SnippetParams) (*Snippets, error) {
	if p.Page == "" {
		p.Page = DefaultPage()
	}
	if strings.Contains(p.Page, `"}`) {
		return nil, fmt.Errorf("readonly page: must not contain %q (it ends a VCL long string)", `"}`)
	}
	if p.RetryAfter == 0 {
		p.RetryAfter = 3600
	}
	if p.TTL == 0 {
		p.TTL = time.Hour
	}
	if p.Grace == 0 {
		p.Grace = 24 * time.Hour
	}
	data := map[string]any{
		"MapFile": p.MapFile, "MapKey": p.MapKey, "PageFile": p.PageFile,
		"VCLPage": strings.TrimSpace(strings.ReplaceAll(p.Page, MessagePlaceholder, "")), "RetryAfter": p.RetryAfter,
		"ReadonlyVCL": p.ReadonlyVCL, "ReadonlyVCLFile": p.ReadonlyVCLFile,
		"SiteVCLFile": p.SiteVCLFile, "TTL": vclDuration(p.TTL), "Grace": vclDuration(p.Grace),
	}
	render := func(name string) (string, error) {
		t, err := template.ParseFS(assets, "assets/"+name)
		if err != nil {
			return "", err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, data); err != nil {
			return "", err
		}
		return b.String(), nil
	}
	s := &Snippets{Page: haproxyPage(p.Page, p.MapFile)}
	var err error
	if s.HAProxyFrontend, err = render("haproxy-frontend.cfg.tmpl"); err != nil {
		return nil, err
	}
	if s.MapFile, err = render("readonly.map.tmpl"); err != nil {
		return nil, err
	}
	if s.ReadonlyVCL, err = render("readonly.vcl.tmpl"); err != nil {
		return nil, err
	}
	return s, nil
}

func vclDuration(d time.Duration) string {
	return fmt.Sprintf("%ds", int64(d/time.Second))
}
