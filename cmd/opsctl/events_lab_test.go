package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// hookRecorder is a webhook receiver for release events: it keeps each
// event as an "event: text" line.
type hookRecorder struct {
	URL string
	mu  sync.Mutex
	got []string
}

func newHookRecorder(t testing.TB) *hookRecorder {
	r := &hookRecorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var body map[string]any
		json.NewDecoder(req.Body).Decode(&body)
		r.mu.Lock()
		r.got = append(r.got, fmt.Sprint(body["event"], ": ", body["text"]))
		r.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

// yaml is an inventory events section sending to this receiver only.
func (r *hookRecorder) yaml() string {
	return "events:\n  webhook: " + r.URL + "/hook\n  timeout: 2s\n"
}

// has fails the test unless an event line holds each of subs. opsctl
// waits for its events at exit, so they are in once the command returned.
func (r *hookRecorder) has(t testing.TB, subs ...string) {
	t.Helper()
	r.mu.Lock()
	got := strings.Join(r.got, "\n")
	r.mu.Unlock()
	for _, s := range subs {
		if !strings.Contains(got, s) {
			t.Fatalf("webhook: no event %q; got:\n%s", s, got)
		}
	}
}

func appendFile(t testing.TB, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
