package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strings"
	"time"
)

// checkHealth runs the configured checks until they pass or the attempts
// run out.
func checkHealth(ctx context.Context, h Host, r Remote, hc Health, client *http.Client) error {
	attempts := 1
	if hc.Retries != nil {
		attempts += *hc.Retries
	}
	timeout := hc.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	var err error
	for i := 0; i < attempts; i++ {
		if err = healthOnce(ctx, h, r, hc, client, timeout); err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		if i < attempts-1 && hc.Interval > 0 {
			select {
			case <-time.After(hc.Interval):
			case <-ctx.Done():
				return err
			}
		}
	}
	if attempts > 1 {
		return fmt.Errorf("%w (after %d attempts)", err, attempts)
	}
	return err
}

func healthOnce(ctx context.Context, h Host, r Remote, hc Health, client *http.Client, timeout time.Duration) error {
	if hc.URL != "" {
		addr := h.Address
		if addr == "" {
			addr = h.Name
		}
		url := strings.ReplaceAll(hc.URL, "{host}", addr)
		shown := RedactURL(url) // credentials in the URL are never printed
		cctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		req, err := http.NewRequestWithContext(cctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("GET %s: %s", shown, strings.ReplaceAll(err.Error(), url, shown))
		}
		resp, err := client.Do(req)
		if err != nil {
			var ue *neturl.Error
			if errors.As(err, &ue) {
				err = ue.Err // its URL is ours, shown redacted
			}
			return fmt.Errorf("GET %s: %w", shown, err)
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		want := hc.ExpectStatus
		if want == 0 {
			want = 200
		}
		if resp.StatusCode != want {
			return fmt.Errorf("GET %s: status %d, want %d", shown, resp.StatusCode, want)
		}
	}
	if hc.Command != "" {
		secs := max(int(timeout.Seconds()), 1)
		cctx, cancel := context.WithTimeout(ctx, timeout+5*time.Second)
		defer cancel()
		out, err := r.Run(cctx, sh(fmt.Sprintf("timeout %d sh -c %s </dev/null", secs, q(hc.Command))), nil)
		if err != nil {
			return fmt.Errorf("health command: %w", err)
		}
		if out.ExitStatus != 0 {
			msg := strings.TrimSpace(string(out.Stderr))
			if msg == "" {
				msg = strings.TrimSpace(string(out.Stdout))
			}
			if len(msg) > 200 {
				msg = msg[:200] + "…"
			}
			if msg != "" {
				msg = ": " + msg
			}
			return fmt.Errorf("health command %q exited %d%s", hc.Command, out.ExitStatus, msg)
		}
	}
	return nil
}

// RedactURL hides the credentials of a URL (user:pass@ becomes ***@), for
// anything printed, logged or recorded. A string that does not parse as a
// URL is cut at its last '@' the same way.
func RedactURL(s string) string {
	u, err := neturl.Parse(s)
	if err == nil && u.User == nil {
		return s
	}
	if err == nil {
		u.User = nil
		out := u.String()
		if i := strings.Index(out, "://"); i >= 0 {
			return out[:i+3] + "***@" + out[i+3:]
		}
		return "***@" + out
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	host, path, _ := strings.Cut(rest, "/")
	if i := strings.LastIndex(host, "@"); i >= 0 {
		host = "***@" + host[i+1:]
	}
	if path != "" || strings.HasSuffix(rest, "/") {
		return scheme + "://" + host + "/" + path
	}
	return scheme + "://" + host
}

// redactedHealth is h with the URL's credentials hidden (for plans and JSON).
func redactedHealth(h Health) Health {
	h.URL = RedactURL(h.URL)
	return h
}
