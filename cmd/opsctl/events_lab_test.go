package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// hookRecorder is a webhook receiver: it keeps every release event's
// "event: text" line.
type hookRecorder struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []string
}

func newHookRecorder(t testing.TB) *hookRecorder {
	r := &hookRecorder{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var body map[string]any
		b, _ := io.ReadAll(req.Body)
		if json.Unmarshal(b, &body) == nil {
			r.mu.Lock()
			r.got = append(r.got, fmt.Sprint(body["event"], ": ", body["text"]))
			r.mu.Unlock()
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// yaml is the inventory's events section sending to this receiver.
func (r *hookRecorder) yaml() string {
	return "events:\n  webhook: " + r.srv.URL + "/hook\n  timeout: 2s\n"
}

// waitFor waits until an event line holding each of subs arrived (events
// are sent in the background; the process waits for them at exit, so
// they are normally there when the command returns).
func (r *hookRecorder) waitFor(t testing.TB, subs ...string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r.mu.Lock()
		all := strings.Join(r.got, "\n")
		r.mu.Unlock()
		missing := ""
		for _, s := range subs {
			if !strings.Contains(all, s) {
				missing = s
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("webhook: no event %q; got:\n%s", missing, all)
		}
		time.Sleep(20 * time.Millisecond)
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
