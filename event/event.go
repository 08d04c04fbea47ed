// Package event is the one event shape every opsctl library reports
// through its OnEvent callback, and the one JSON encoding of it (the
// `-o json` contract of docs/json.md). It depends on nothing but the
// standard library.
//
// A library's event type embeds Event (what happened, to which host, node
// or table, when, how long, the error) and adds its own fields with their
// own JSON tags (deploy's wave and release, cutover's step...). Name is
// "noun.verb": the noun is the operation ("deploy", "rollback", "haproxy",
// "varnish", "readonly", "migrate", "cutover"), the verb what happened
// ("switched", "done", "failed"); a library's Ev* constants are the verbs.
//
// Marshal encodes any such event as one JSON object: the embedding type's
// tagged fields, plus "event", "time" (RFC 3339 UTC, now when unset),
// "duration_ms" (a number of milliseconds) and "error" (the message, never
// an object).
package event

import (
	"encoding/json"
	"math"
	"strings"
	"time"
)

// Event is what happened, to what, when, how long and with which error.
type Event struct {
	// Name is "noun.verb" ("deploy.switched", "haproxy.failed").
	Name  string `json:"event"`
	Host  string `json:"host,omitempty"`  // an application host
	Node  string `json:"node,omitempty"`  // an HAProxy or Varnish node
	Table string `json:"table,omitempty"` // a table (schema.table)
	// Time is when it happened (zero: when it is encoded).
	Time time.Time `json:"-"`
	// Took is how long it took (encoded as duration_ms when non-zero).
	Took time.Duration `json:"-"`
	// Err is why it failed (encoded as its message, "error").
	Err error `json:"-"`
}

// Core returns the event itself; through embedding, any library event's
// core (Marshal uses it).
func (e Event) Core() Event { return e }

// Verb is the part of Name after the noun ("switched" of
// "deploy.switched"); what a library's Ev* constants name.
func (e Event) Verb() string {
	if i := strings.IndexByte(e.Name, '.'); i >= 0 {
		return e.Name[i+1:]
	}
	return e.Name
}

// Is reports whether the event's verb is verb.
func (e Event) Is(verb string) bool { return e.Verb() == verb }

// Named returns "noun.verb" from a noun and a verb (a verb that already has
// a noun is kept).
func Named(noun, verb string) string {
	if strings.IndexByte(verb, '.') >= 0 || noun == "" {
		return verb
	}
	return noun + "." + verb
}

// Carrier is an event: Event itself or a struct that embeds it.
type Carrier interface{ Core() Event }

// Millis is a duration in milliseconds as encoded in "duration_ms"
// (microsecond precision).
func Millis(d time.Duration) float64 {
	return math.Round(float64(d)/float64(time.Microsecond)) / 1000
}

// Marshal encodes ev as one JSON object: ev's tagged fields, the core's
// time, duration_ms and error, then extra (which wins on a clash; an
// error value there is encoded as its message, a time.Duration as
// milliseconds).
func Marshal(ev Carrier, extra map[string]any) ([]byte, error) {
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	obj := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, err
	}
	c := ev.Core()
	at := c.Time
	if at.IsZero() {
		at = time.Now()
	}
	put := func(k string, v any) error {
		raw, err := json.Marshal(v)
		if err == nil {
			obj[k] = raw
		}
		return err
	}
	if err := put("time", at.UTC().Format(time.RFC3339Nano)); err != nil {
		return nil, err
	}
	if c.Took != 0 {
		if err := put("duration_ms", Millis(c.Took)); err != nil {
			return nil, err
		}
	}
	if c.Err != nil {
		if err := put("error", c.Err.Error()); err != nil {
			return nil, err
		}
	}
	for k, v := range extra {
		if v == nil && k == "error" {
			continue // no error: no field
		}
		switch x := v.(type) {
		case error:
			v = x.Error()
		case time.Duration:
			v = Millis(x)
		}
		if err := put(k, v); err != nil {
			return nil, err
		}
	}
	return json.Marshal(obj)
}
