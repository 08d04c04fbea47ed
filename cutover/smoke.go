package cutover

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// SmokeCheck is one HTTP check: the status wanted and, optionally, a
// string the body must contain (e.g. the database the app reports).
type SmokeCheck struct {
	URL          string
	Method       string // GET (default) or HEAD
	ExpectStatus int    // default 200
	Contains     string
	// Timeout: keep retrying this long (the app may be reloading).
	Timeout time.Duration
}

// HTTPSmoke runs SmokeChecks one after the other.
type HTTPSmoke struct {
	Checks []SmokeCheck
	Client *http.Client // default: 5 s per request
	Every  time.Duration
}

// Smoke implements Smoker.
func (h *HTTPSmoke) Smoke(ctx context.Context) (string, error) {
	c := h.Client
	if c == nil {
		c = &http.Client{Timeout: 5 * time.Second}
	}
	every := h.Every
	if every <= 0 {
		every = 500 * time.Millisecond
	}
	var oks []string
	for _, ch := range h.Checks {
		if ch.ExpectStatus == 0 {
			ch.ExpectStatus = 200
		}
		if ch.Method == "" {
			ch.Method = http.MethodGet
		}
		if ch.Timeout <= 0 {
			ch.Timeout = 30 * time.Second
		}
		deadline := time.Now().Add(ch.Timeout)
		tries := 0
		for {
			tries++
			err := smokeOnce(ctx, c, ch)
			if err == nil {
				oks = append(oks, fmt.Sprintf("%s %d", ch.URL, ch.ExpectStatus))
				break
			}
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			if time.Now().Add(every).After(deadline) {
				return "", fmt.Errorf("smoke %s %s: %v (%d tries in %s)", ch.Method, ch.URL, err, tries, ch.Timeout)
			}
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-time.After(every):
			}
		}
	}
	return fmt.Sprintf("%d check(s) ok: %s", len(oks), strings.Join(oks, ", ")), nil
}

func smokeOnce(ctx context.Context, c *http.Client, ch SmokeCheck) error {
	req, err := http.NewRequestWithContext(ctx, ch.Method, ch.URL, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != ch.ExpectStatus {
		return fmt.Errorf("status %d, want %d", resp.StatusCode, ch.ExpectStatus)
	}
	if ch.Contains != "" && !strings.Contains(string(b), ch.Contains) {
		return fmt.Errorf("the body does not contain %q", ch.Contains)
	}
	return nil
}
