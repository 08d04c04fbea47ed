package event

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

type libEvent struct {
	Event
	Wave    int    `json:"wave,omitempty"`
	Release string `json:"release,omitempty"`
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return m
}

func TestMarshalEmbedded(t *testing.T) {
	at := time.Date(2026, 12, 2, 17, 0, 0, 123, time.FixedZone("x", 3600))
	e := libEvent{Event: Event{Name: "deploy.failed", Host: "web1", Time: at, Took: 1500 * time.Microsecond, Err: errors.New("boom")}, Wave: 2}
	b, err := Marshal(e, map[string]any{"step": "switch"})
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, b)
	want := map[string]any{"event": "deploy.failed", "host": "web1", "wave": 2.0, "error": "boom",
		"duration_ms": 1.5, "step": "switch", "time": "2026-12-02T16:00:00.000000123Z"}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v (%s)", k, m[k], v, b)
		}
	}
	for _, k := range []string{"node", "table", "release"} {
		if _, ok := m[k]; ok {
			t.Errorf("empty %s encoded: %s", k, b)
		}
	}
}

func TestMarshalDefaults(t *testing.T) {
	b, err := Marshal(Event{Name: "exec.summary"}, map[string]any{"error": nil, "took": 2 * time.Second, "why": errors.New("x")})
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, b)
	if _, ok := m["error"]; ok {
		t.Errorf("nil error encoded: %s", b)
	}
	if _, ok := m["duration_ms"]; ok {
		t.Errorf("zero duration encoded: %s", b)
	}
	if m["took"] != 2000.0 || m["why"] != "x" {
		t.Errorf("extra duration/error not converted: %s", b)
	}
	if tm, err := time.Parse(time.RFC3339Nano, m["time"].(string)); err != nil || tm.Location() != time.UTC || time.Since(tm) > time.Minute {
		t.Errorf("time %v: want now, UTC", m["time"])
	}
}

func TestNames(t *testing.T) {
	if got := Named("rollback", "switched"); got != "rollback.switched" {
		t.Error(got)
	}
	if got := Named("rollback", "deploy.plan"); got != "deploy.plan" {
		t.Error(got)
	}
	e := libEvent{Event: Event{Name: "haproxy.dry_run"}}
	if e.Verb() != "dry_run" || !e.Is("dry_run") || e.Is("done") {
		t.Errorf("verb of %q: %q", e.Name, e.Verb())
	}
}

func TestMillis(t *testing.T) {
	if got := Millis(1234567 * time.Nanosecond); got != 1.235 {
		t.Errorf("Millis = %v", got)
	}
}
