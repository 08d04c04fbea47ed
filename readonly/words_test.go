package readonly

import (
	"errors"
	"testing"
	"time"

	"github.com/opsctl/opsctl/event"
)

// The words opsctl prints are the library's: a Go program logging a flip
// gets the same.
func TestWords(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{NodeState{}.Result(false), "ok"},
		{NodeState{Changed: true}.Result(true), "ok (changed)"},
		{NodeState{}.Result(true), "ok (already)"},
		{NodeState{Skipped: true, Error: "x"}.Result(true), "not flipped (stopped at the failure); x"},
		{NodeState{Error: "x", Reverted: true}.Result(true), "FAILED, reverted: x"},
		{NodeState{Warning: "w"}.Result(true), "WARNING: w"},
		{ProbeResult{URL: "http://s/", GetStatus: 200, PostStatus: 200, Error: "POST not 503"}.String(), "probe http://s/: GET 200, POST 200: FAILED: POST not 503"},
		{PrepareResult{Action: "loaded", Took: 1234567 * time.Microsecond}.Result(), "loaded in 1.235s"},
		{PrepareResult{Action: "kept", Error: "x"}.Result(), "FAILED: x"},
		{Event{Event: event.Event{Name: "readonly.command", Node: "lb1", Err: errors.New("refused")}, Detail: "set map"}.String(), "lb1: command set map (0s): refused"},
		{(&Report{Verdict: VerdictMixed, Nodes: []NodeState{{Node: "a", State: "on"}, {Node: "b", State: "off"}, {Node: "c", State: "on"}}, Elapsed: 1500 * time.Microsecond, Reverted: true}).Summary(true),
			" (differs: b) after 1.5ms, 3 node(s); the nodes already flipped were reverted"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	rep := &Report{Nodes: []NodeState{{State: "on"}}, Record: Record{By: "ann", Message: "back at 2"}}
	if got := rep.RecordLines(); len(got) != 2 || got[0] != "record: since - by ann: -" || got[1] != "message on the page: back at 2" {
		t.Errorf("record lines %q", got)
	}
	if rep.Nodes[0].State = "off"; rep.RecordLines() != nil {
		t.Error("record lines when no node is on")
	}
}
