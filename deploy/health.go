package deploy

import (
	"context"
	"fmt"
	"io"
	"net/http"
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
		cctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		req, err := http.NewRequestWithContext(cctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("GET %s: %w", url, err)
		}
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("GET %s: %w", url, err)
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		want := hc.ExpectStatus
		if want == 0 {
			want = 200
		}
		if resp.StatusCode != want {
			return fmt.Errorf("GET %s: status %d, want %d", url, resp.StatusCode, want)
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
