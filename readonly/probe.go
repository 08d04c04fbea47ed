package readonly

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/opsctl/opsctl/fanout"
)

// Probe is an entry point checked after a flip: in read-only mode a GET must
// answer 200 and a POST 503; in normal mode a GET 200 and a POST anything
// but the read-only 503.
type Probe struct {
	URL    string
	Client *http.Client
}

// ProbeResult is one probe's outcome.
type ProbeResult struct {
	URL        string `json:"url"`
	GetStatus  int    `json:"get_status"`
	PostStatus int    `json:"post_status"`
	Error      string `json:"error"`
}

func runProbes(ctx context.Context, probes []Probe, m Mode, opts *Options) []ProbeResult {
	urls := make([]string, len(probes))
	for i, p := range probes {
		urls[i] = p.URL
	}
	res := fanout.Run(ctx, urls, 0, func(ctx context.Context, u string) (ProbeResult, error) {
		var p Probe
		for _, x := range probes {
			if x.URL == u {
				p = x
			}
		}
		return p.check(ctx, m)
	})
	out := make([]ProbeResult, len(res))
	for i, r := range res {
		out[i] = r.Value
		out[i].URL = r.Name
		if r.Err != nil {
			out[i].Error = r.Err.Error()
		}
		opts.emit(ev(EvVerified, r.Name, "probe", fmt.Sprintf("GET %d, POST %d", out[i].GetStatus, out[i].PostStatus)).failed(r.Err))
	}
	return out
}

func (p Probe) check(ctx context.Context, m Mode) (ProbeResult, error) {
	c := p.Client
	if c == nil {
		c = &http.Client{Timeout: 5 * time.Second}
	}
	r := ProbeResult{URL: p.URL}
	postRetryAfter := ""
	do := func(method string) (int, error) {
		var body io.Reader
		if method == http.MethodPost {
			body = strings.NewReader("opsctl=probe")
		}
		req, err := http.NewRequestWithContext(ctx, method, p.URL, body)
		if err != nil {
			return 0, err
		}
		req.Header.Set("User-Agent", "opsctl-readonly-probe")
		req.Header.Set("Cache-Control", "no-cache")
		resp, err := c.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		if method == http.MethodPost {
			postRetryAfter = resp.Header.Get("Retry-After")
		}
		return resp.StatusCode, nil
	}
	var err error
	if r.GetStatus, err = do(http.MethodGet); err != nil {
		return r, fmt.Errorf("probe GET %s: %w", p.URL, err)
	}
	if r.PostStatus, err = do(http.MethodPost); err != nil {
		return r, fmt.Errorf("probe POST %s: %w", p.URL, err)
	}
	if r.GetStatus != http.StatusOK {
		return r, fmt.Errorf("probe GET %s: status %d, want 200", p.URL, r.GetStatus)
	}
	// The read-only answer is a 503 with Retry-After; a 503 without it is
	// something else (e.g. no server available behind the LB).
	readonlyAnswer := r.PostStatus == http.StatusServiceUnavailable && postRetryAfter != ""
	if m == On && !readonlyAnswer {
		return r, fmt.Errorf("probe POST %s: status %d (Retry-After %q), want the read-only 503 with Retry-After", p.URL, r.PostStatus, postRetryAfter)
	}
	if m == Off && readonlyAnswer {
		return r, fmt.Errorf("probe POST %s: still the read-only 503 after leaving read-only mode", p.URL)
	}
	return r, nil
}
