package outcome

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// libError is how a library error uses Parts: it embeds it.
type libError struct{ Parts }

func (e *libError) Error() string { return "lib: " + e.Summary() }

type placedErr struct{ node string }

func (e placedErr) Error() string    { return "haproxy " + e.node + ": down" }
func (e placedErr) Place() string    { return e.node }
func (e placedErr) Unplaced() string { return "down" }

func TestPartsPartial(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name string
		p    Parts
		want bool
	}{
		{"all done", Parts{Done: []string{"a", "b"}}, false},
		{"all failed, nothing changed", Parts{Failed: []Failure{{Name: "a", Err: boom}, {Name: "b", Err: boom}}}, false},
		{"some done, some failed", Parts{Done: []string{"a"}, Failed: []Failure{{Name: "b", Err: boom}}}, true},
		{"some done, some skipped", Parts{Done: []string{"a"}, Skipped: []string{"b"}}, true},
		{"failed before any start", Parts{Failed: []Failure{{Name: "a", Err: boom}}, Skipped: []string{"b"}}, false},
		{"rolled back", Parts{RolledBack: []string{"a"}}, true},
		{"changed before failing", Parts{Failed: []Failure{{Name: "a", Err: boom, Changed: true}}}, true},
		{"empty", Parts{}, false},
	} {
		if got := tc.p.Partial(); got != tc.want {
			t.Errorf("%s: Partial() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPartsOfAndClass(t *testing.T) {
	e := &libError{}
	e.Add("lb1", nil)
	e.Add("lb2", placedErr{"lb2"})
	e.Skipped = append(e.Skipped, "lb3")
	wrapped := fmt.Errorf("haproxy set: %w", e)
	p := PartsOf(wrapped)
	if p == nil || p.Total() != 3 || len(p.Done) != 1 || p.Failed[0].Name != "lb2" || p.OK() {
		t.Fatalf("PartsOf = %+v", p)
	}
	if Of(wrapped) != Partial {
		t.Errorf("Of = %v, want partial", Of(wrapped))
	}
	if PartsOf(errors.New("plain")) != nil || PartsOf(nil) != nil {
		t.Error("PartsOf found parts in an error without them")
	}
	if got := e.Summary(); got != "1 of 3 failed (lb2), 1 skipped (lb3)" {
		t.Errorf("Summary = %q", got)
	}
	if err := e.Err(); err == nil || !strings.Contains(err.Error(), "haproxy lb2: down") {
		t.Errorf("Err = %v", err)
	}
	// every item failed, nothing changed: failed, not partial
	all := &libError{Parts{Failed: []Failure{{Name: "a", Err: errors.New("x")}}}}
	if Of(all) != Failed {
		t.Errorf("all failed: Of = %v", Of(all))
	}
}

func TestPartsJSON(t *testing.T) {
	p := Parts{Done: []string{"lb1"}, RolledBack: []string{"cache1"},
		Failed:  []Failure{{Name: "lb2", Err: placedErr{"lb2"}}, {Name: "cache2", Err: placedErr{"elsewhere"}, Changed: true}},
		Skipped: []string{"lb3"}}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"done":["lb1"],"rolled_back":["cache1"],"failed":[{"name":"lb2","error":"down"},{"name":"cache2","error":"haproxy elsewhere: down","changed":true}],"skipped":["lb3"]}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
	if b, _ := json.Marshal(Parts{}); string(b) != `{}` {
		t.Errorf("empty parts: %s", b)
	}
}
