package gate

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Prometheus queries a Prometheus server's HTTP API (/api/v1/query, an
// instant query). Hosts become a regex alternation: host=~"{{.Hosts}}"
// matches every host of the wave.
type Prometheus struct {
	URL    string // base URL, e.g. http://prometheus:9090
	Client *http.Client
}

// Kind implements Source.
func (p *Prometheus) Kind() string { return "prometheus" }

// Hosts implements Source: "web01|web02" (each name regex-quoted).
func (p *Prometheus) Hosts(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = regexp.QuoteMeta(n)
	}
	return strings.Join(q, "|")
}

// Query implements Source. A vector gives one sample per series, a scalar
// one sample; NaN samples are dropped (0/0 is no data, not a value).
func (p *Prometheus) Query(ctx context.Context, q string) ([]Sample, error) {
	u := strings.TrimRight(p.URL, "/") + "/api/v1/query?" + url.Values{"query": {q}}.Encode()
	var body struct {
		Status    string `json:"status"`
		ErrorType string `json:"errorType"`
		Error     string `json:"error"`
		Data      struct {
			ResultType string          `json:"resultType"`
			Result     json.RawMessage `json:"result"`
		} `json:"data"`
	}
	if err := getJSON(ctx, client(p.Client), u, &body, true); err != nil {
		return nil, err
	}
	if body.Status != "success" {
		return nil, fmt.Errorf("prometheus: %s: %s", body.ErrorType, body.Error)
	}
	var out []Sample
	switch body.Data.ResultType {
	case "vector":
		var vec []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		}
		if err := json.Unmarshal(body.Data.Result, &vec); err != nil {
			return nil, fmt.Errorf("prometheus: vector: %w", err)
		}
		for _, s := range vec {
			v, ok := promValue(s.Value[1])
			if !ok {
				continue
			}
			out = append(out, Sample{Series: labels(s.Metric), Value: v})
		}
	case "scalar":
		var sc [2]any
		if err := json.Unmarshal(body.Data.Result, &sc); err != nil {
			return nil, fmt.Errorf("prometheus: scalar: %w", err)
		}
		if v, ok := promValue(sc[1]); ok {
			out = append(out, Sample{Series: "scalar", Value: v})
		}
	default:
		return nil, fmt.Errorf("prometheus: result type %q: want an instant vector or a scalar", body.Data.ResultType)
	}
	sortSamples(out)
	return out, nil
}

func promValue(x any) (float64, bool) {
	s, ok := x.(string)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

func labels(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%q", k, m[k]))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// Graphite queries graphite-web's render API (format=json). Hosts become a
// glob: stats.app.{{.Hosts}}.errors reads stats.app.{web01,web02}.errors
// (a single host is its bare name). Each series' value is its latest
// non-null datapoint within From.
type Graphite struct {
	URL    string // base URL of graphite-web, e.g. http://graphite
	From   string // render "from" (default -1min)
	Client *http.Client
}

// Kind implements Source.
func (g *Graphite) Kind() string { return "graphite" }

// Hosts implements Source.
func (g *Graphite) Hosts(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return "{" + strings.Join(names, ",") + "}"
}

// Query implements Source.
func (g *Graphite) Query(ctx context.Context, target string) ([]Sample, error) {
	from := g.From
	if from == "" {
		from = "-1min"
	}
	u := strings.TrimRight(g.URL, "/") + "/render?" + url.Values{"target": {target}, "format": {"json"}, "from": {from}}.Encode()
	var series []struct {
		Target     string        `json:"target"`
		Datapoints [][2]*float64 `json:"datapoints"`
	}
	if err := getJSON(ctx, client(g.Client), u, &series, false); err != nil {
		return nil, err
	}
	var out []Sample
	for _, s := range series {
		for i := len(s.Datapoints) - 1; i >= 0; i-- {
			if v := s.Datapoints[i][0]; v != nil && !math.IsNaN(*v) {
				out = append(out, Sample{Series: s.Target, Value: *v})
				break
			}
		}
	}
	sortSamples(out)
	return out, nil
}

var defaultClient = &http.Client{Timeout: 10 * time.Second}

func client(c *http.Client) *http.Client {
	if c == nil {
		return defaultClient
	}
	return c
}

// getJSON GETs u and decodes its JSON body. okOnError: the server sends
// a JSON error body with a 4xx status (Prometheus's bad_data).
func getJSON(ctx context.Context, c *http.Client, u string, v any, okOnError bool) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("GET %s: %w", redact(u), err)
	}
	if resp.StatusCode != http.StatusOK && !(okOnError && resp.StatusCode >= 400 && resp.StatusCode < 500 && json.Valid(b)) {
		msg := strings.TrimSpace(string(b))
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		return fmt.Errorf("GET %s: %s: %s", redact(u), resp.Status, msg)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("GET %s: %w", redact(u), err)
	}
	return nil
}

// redact drops userinfo and the query from a URL for error messages.
func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(url)"
	}
	p.User = nil
	p.RawQuery = ""
	return p.String()
}
