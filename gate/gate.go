// Package gate judges a deploy wave by its metrics: Prometheus (PromQL
// instant queries over the HTTP API) or Graphite (the render API) queries
// templated with the wave's hosts, compared to thresholds, evaluated every
// interval for a watch window.
//
// A gate never passes silently on no data: its NoData policy says what an
// evaluation that found no series does (fail, wait for data, or pass), and
// every evaluation is reported through a callback with the query, the
// values, the threshold and the verdict.
//
// The package speaks plain HTTP + JSON; it does not print and does not know
// the inventory.
package gate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"
)

// Sample is one series' value.
type Sample struct {
	Series string  `json:"series"`
	Value  float64 `json:"value"`
}

// Source runs a query and returns the current value of each series it
// selects (an empty slice is "no data").
type Source interface {
	Query(ctx context.Context, q string) ([]Sample, error)
	// Hosts renders a list of host names for the query language: a regex
	// alternation for PromQL, a {a,b} glob for Graphite.
	Hosts(names []string) string
	Kind() string
}

// No-data policies.
const (
	NoDataFail = "fail" // an evaluation without data fails the gate (default)
	NoDataWait = "wait" // wait for data (up to WaitMax), then watch
	NoDataPass = "pass" // an evaluation without data passes
)

// Comparison modes.
const (
	CompareNone  = ""
	CompareRatio = "ratio"      // wave mean / baseline mean
	CompareDiff  = "difference" // wave mean - baseline mean
)

// Verdicts of one evaluation.
const (
	VerdictPass   = "pass"
	VerdictBreach = "breach"
	VerdictNoData = "no data"
	VerdictError  = "error"
	VerdictSkip   = "skipped"
)

// Gate is one metric check.
type Gate struct {
	Name   string
	Source Source
	// Query is a text/template: {{.Hosts}} is the wave's hosts in the
	// source's syntax, {{.Wave}} and {{.Release}} are what they say.
	Query string
	// Max and Min bound the value (nil: no bound). With Compare, they bound
	// the ratio or the difference.
	Max, Min *float64
	Compare  string
	// Window is the watch: evaluate every Interval for Window; any breach
	// fails. 0 is one evaluation.
	Window   time.Duration
	Interval time.Duration // default 10s (or Window when shorter)
	NoData   string        // default NoDataFail
	WaitMax  time.Duration // NoDataWait: longest wait for the first data (default 1m)
}

// Wave is what a gate judges.
type Wave struct {
	Wave    int
	Release string
	// Hosts are the wave's hosts on the new release.
	Hosts []string
	// Baseline are the hosts still on the old release (for Compare).
	Baseline []string
}

// Evaluation is one query of a gate and its verdict.
type Evaluation struct {
	Gate          string    `json:"gate"`
	Kind          string    `json:"source"`
	Wave          int       `json:"wave"`
	Time          time.Time `json:"time"`
	Query         string    `json:"query"`
	Values        []Sample  `json:"values"`
	BaselineQuery string    `json:"baseline_query,omitempty"`
	Baseline      []Sample  `json:"baseline,omitempty"`
	// Value is the figure compared to the threshold: the worst series, or
	// the ratio / difference of the means with Compare.
	Value     *float64 `json:"value,omitempty"`
	Threshold string   `json:"threshold"`
	Verdict   string   `json:"verdict"`
	Note      string   `json:"note,omitempty"`
	Err       string   `json:"error,omitempty"`
}

// String is the evaluation in one line.
func (e Evaluation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gate %s: %s", e.Gate, strings.ToUpper(e.Verdict))
	if e.Value != nil {
		fmt.Fprintf(&b, " value %s", fmtVal(*e.Value))
	}
	fmt.Fprintf(&b, " (threshold %s)", e.Threshold)
	if len(e.Values) > 0 {
		b.WriteString(" [")
		for i, s := range e.Values {
			if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%s=%s", s.Series, fmtVal(s.Value))
		}
		b.WriteString("]")
	}
	if e.BaselineQuery != "" {
		fmt.Fprintf(&b, " baseline [")
		for i, s := range e.Baseline {
			if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%s=%s", s.Series, fmtVal(s.Value))
		}
		b.WriteString("]")
	}
	if e.Note != "" {
		b.WriteString(": " + e.Note)
	}
	if e.Err != "" {
		b.WriteString(": " + e.Err)
	}
	fmt.Fprintf(&b, "; query %s", e.Query)
	return b.String()
}

// Short is the verdict and value only (for repeated evaluations).
func (e Evaluation) Short() string {
	s := fmt.Sprintf("gate %s: %s", e.Gate, strings.ToUpper(e.Verdict))
	if e.Value != nil {
		s += " value " + fmtVal(*e.Value)
	}
	if e.Note != "" {
		s += ": " + e.Note
	}
	return s
}

// Log words a run's evaluations for a log: in full (with the query and
// baseline hosts) the first time a gate is evaluated in a wave, then a
// pass by its verdict only (Short). Safe for concurrent use; the zero
// value is ready.
type Log struct {
	mu   sync.Mutex
	seen map[string]bool
}

// Line is ev in words, as the log says it at this point of the run.
func (l *Log) Line(ev Evaluation) string {
	key := fmt.Sprintf("%d\x00%s", ev.Wave, ev.Gate)
	l.mu.Lock()
	again := l.seen[key]
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	l.seen[key] = true
	l.mu.Unlock()
	if again && ev.Verdict == VerdictPass {
		return ev.Short()
	}
	return ev.String()
}

func fmtVal(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// Error is a failed gate.
type Error struct {
	Gate string
	Wave int
	Last Evaluation
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("gate %s: %s", e.Gate, e.Msg) }

// Threshold describes the bounds ("<= 0.05", "ratio <= 1.5").
func (g *Gate) Threshold() string {
	var parts []string
	what := "value"
	switch g.Compare {
	case CompareRatio:
		what = "ratio to baseline"
	case CompareDiff:
		what = "difference to baseline"
	}
	if g.Min != nil {
		parts = append(parts, fmt.Sprintf("%s >= %s", what, fmtVal(*g.Min)))
	}
	if g.Max != nil {
		parts = append(parts, fmt.Sprintf("%s <= %s", what, fmtVal(*g.Max)))
	}
	return strings.Join(parts, " and ")
}

// String is the gate in one line, as a dry run shows it: "errors
// (prometheus): value <= 1; watch 5m0s every 10s; no data: fail".
func (g Gate) String() string {
	watch := "one evaluation"
	if g.Window > 0 {
		watch = fmt.Sprintf("watch %s every %s", g.Window, g.Interval)
	}
	return fmt.Sprintf("%s (%s): %s; %s; no data: %s", g.Name, g.kind(), g.Threshold(), watch, g.NoData)
}

// MarshalJSON encodes the gate as a dry run shows it (opsctl's
// deploy.gate_plan line): name, source, query, threshold, compare, watch,
// interval and no-data policy.
func (g Gate) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name      string `json:"gate"`
		Source    string `json:"source"`
		Query     string `json:"query"`
		Threshold string `json:"threshold"`
		Compare   string `json:"compare"`
		Watch     string `json:"watch"`
		Interval  string `json:"interval"`
		NoData    string `json:"no_data"`
	}{g.Name, g.kind(), g.Query, g.Threshold(), g.Compare, g.Window.String(), g.Interval.String(), g.NoData})
}

func (g *Gate) kind() string {
	if g.Source == nil {
		return ""
	}
	return g.Source.Kind()
}

// Validate checks the gate (and parses its query template).
func (g *Gate) Validate() error {
	if g.Source == nil {
		return fmt.Errorf("gate %s: no source", g.Name)
	}
	if strings.TrimSpace(g.Query) == "" {
		return fmt.Errorf("gate %s: empty query", g.Name)
	}
	if _, err := g.render(Wave{Hosts: []string{"h"}}, []string{"h"}); err != nil {
		return err
	}
	if g.Max == nil && g.Min == nil {
		return fmt.Errorf("gate %s: set max and/or min", g.Name)
	}
	switch g.NoData {
	case "":
		g.NoData = NoDataFail
	case NoDataFail, NoDataWait, NoDataPass:
	default:
		return fmt.Errorf("gate %s: no_data %q: want fail, wait or pass", g.Name, g.NoData)
	}
	switch g.Compare {
	case CompareNone, CompareRatio, CompareDiff:
	default:
		return fmt.Errorf("gate %s: compare %q: want ratio or difference", g.Name, g.Compare)
	}
	if g.Window < 0 || g.Interval < 0 || g.WaitMax < 0 {
		return fmt.Errorf("gate %s: durations must be positive", g.Name)
	}
	if g.Interval == 0 {
		g.Interval = 10 * time.Second
		if g.Window > 0 && g.Window < g.Interval {
			g.Interval = g.Window
		}
	}
	if g.WaitMax == 0 {
		g.WaitMax = time.Minute
	}
	return nil
}

type tmplData struct {
	Hosts   string
	Wave    int
	Release string
}

func (g *Gate) render(w Wave, hosts []string) (string, error) {
	t, err := template.New(g.Name).Option("missingkey=error").Parse(g.Query)
	if err != nil {
		return "", fmt.Errorf("gate %s: query template: %w", g.Name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, tmplData{Hosts: g.Source.Hosts(hosts), Wave: w.Wave, Release: w.Release}); err != nil {
		return "", fmt.Errorf("gate %s: query template: %w", g.Name, err)
	}
	return b.String(), nil
}

// Run watches the wave: it evaluates the gate every Interval for Window
// (after waiting for the first data under NoDataWait), reports each
// evaluation to onEval, and returns an *Error at the first breach (or on
// no data under NoDataFail, or three query errors in a row). ctx ending
// stops the watch with ctx's error.
func Run(ctx context.Context, g Gate, w Wave, onEval func(Evaluation)) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if onEval == nil {
		onEval = func(Evaluation) {}
	}
	if g.Compare != CompareNone && len(w.Baseline) == 0 {
		ev := Evaluation{Gate: g.Name, Kind: g.Source.Kind(), Wave: w.Wave, Time: time.Now(), Threshold: g.Threshold(), Verdict: VerdictSkip,
			Note: "no hosts left on the old release to compare with"}
		ev.Query, _ = g.render(w, w.Hosts)
		onEval(ev)
		return nil
	}
	start := time.Now()
	var watchStart time.Time // zero until the watch starts (data under NoDataWait)
	if g.NoData != NoDataWait {
		watchStart = start
	}
	errorsInRow := 0
	var last Evaluation
	for {
		ev := g.evaluate(ctx, w)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		now := time.Now()
		switch ev.Verdict {
		case VerdictBreach:
			onEval(ev)
			return &Error{Gate: g.Name, Wave: w.Wave, Last: ev, Msg: fmt.Sprintf("%s outside %s", fmtVal(*ev.Value), ev.Threshold)}
		case VerdictError:
			errorsInRow++
			if errorsInRow >= 3 {
				onEval(ev)
				return &Error{Gate: g.Name, Wave: w.Wave, Last: ev, Msg: "query failed 3 times in a row: " + ev.Err}
			}
			ev.Note = "will retry"
		case VerdictNoData:
			errorsInRow = 0
			switch g.NoData {
			case NoDataFail:
				ev.Note = "no_data: fail"
				onEval(ev)
				return &Error{Gate: g.Name, Wave: w.Wave, Last: ev, Msg: "no data (the query selected no series; no_data: fail)"}
			case NoDataPass:
				ev.Verdict = VerdictPass
				ev.Note = "no data, passed by no_data: pass"
			case NoDataWait:
				ev.Note = "no data, waiting"
				if watchStart.IsZero() && now.Sub(start) >= g.WaitMax {
					onEval(ev)
					return &Error{Gate: g.Name, Wave: w.Wave, Last: ev, Msg: fmt.Sprintf("no data after waiting %s (no_data: wait)", g.WaitMax)}
				}
			}
		default:
			errorsInRow = 0
			if watchStart.IsZero() {
				watchStart = now
			}
		}
		onEval(ev)
		last = ev
		// a failed query is retried (up to 3 in a row), even past the window
		if !watchStart.IsZero() && now.Sub(watchStart) >= g.Window && last.Verdict != VerdictError {
			if last.Verdict == VerdictNoData {
				return &Error{Gate: g.Name, Wave: w.Wave, Last: last, Msg: "no data at the end of the watch"}
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(g.Interval):
		}
	}
}

// evaluate runs the query (and the baseline's) once.
func (g *Gate) evaluate(ctx context.Context, w Wave) Evaluation {
	ev := Evaluation{Gate: g.Name, Kind: g.Source.Kind(), Wave: w.Wave, Time: time.Now(), Threshold: g.Threshold()}
	q, err := g.render(w, w.Hosts)
	ev.Query = q
	if err != nil {
		ev.Verdict, ev.Err = VerdictError, err.Error()
		return ev
	}
	ev.Values, err = g.Source.Query(ctx, q)
	if err != nil {
		ev.Verdict, ev.Err = VerdictError, err.Error()
		return ev
	}
	if len(ev.Values) == 0 {
		ev.Verdict = VerdictNoData
		return ev
	}
	var v float64
	if g.Compare == CompareNone {
		// every series must be within bounds: judge the worst one
		v = worst(ev.Values, g.Max, g.Min)
	} else {
		bq, _ := g.render(w, w.Baseline)
		ev.BaselineQuery = bq
		ev.Baseline, err = g.Source.Query(ctx, bq)
		if err != nil {
			ev.Verdict, ev.Err = VerdictError, "baseline: "+err.Error()
			return ev
		}
		if len(ev.Baseline) == 0 {
			ev.Verdict, ev.Note = VerdictNoData, "no baseline data"
			return ev
		}
		a, b := mean(ev.Values), mean(ev.Baseline)
		if g.Compare == CompareDiff {
			v = a - b
		} else {
			switch {
			case b == 0 && a == 0:
				v = 1
			case b == 0:
				v = math.Inf(1)
			default:
				v = a / b
			}
		}
	}
	ev.Value = &v
	ev.Verdict = VerdictPass
	if (g.Max != nil && v > *g.Max) || (g.Min != nil && v < *g.Min) {
		ev.Verdict = VerdictBreach
	}
	return ev
}

func worst(s []Sample, maxV, minV *float64) float64 {
	w := s[0].Value
	for _, x := range s[1:] {
		switch {
		case maxV != nil && x.Value > w:
			w = x.Value
		case maxV == nil && minV != nil && x.Value < w:
			w = x.Value
		}
	}
	if maxV != nil && minV != nil {
		// both bounds: the series furthest outside either
		lo, hi := s[0].Value, s[0].Value
		for _, x := range s {
			lo, hi = math.Min(lo, x.Value), math.Max(hi, x.Value)
		}
		if lo < *minV && (hi <= *maxV || *minV-lo > hi-*maxV) {
			return lo
		}
		return hi
	}
	return w
}

func mean(s []Sample) float64 {
	t := 0.0
	for _, x := range s {
		t += x.Value
	}
	return t / float64(len(s))
}

func sortSamples(s []Sample) {
	sort.Slice(s, func(i, j int) bool { return s[i].Series < s[j].Series })
}
