package haproxy

import (
	"errors"
	"testing"

	"github.com/opsctl/opsctl/fanout"
)

// The words opsctl prints for a status and a change are the library's.
func TestWords(t *testing.T) {
	diff := ServerView{Backend: "app", Server: "web1", Differs: true, Why: "state differs: MAINT/UP"}
	for _, c := range []struct{ got, want string }{
		{NodeStatus{Err: errors.New("refused")}.String(), "FAILED: refused"},
		{NodeStatus{Version: "2.8", UptimeS: 90, StateFile: StateFileCheck{Status: "ok"}}.String(), "HAProxy 2.8, up 1m30s; state file: ok"},
		{diff.String() + diff.Mark(), "app/web1!"},
		{ServerView{}.Mark(), ""},
		{Change{Command: "disable server app/web1", DryRun: true}.Result(fanout.OK, nil), "would send: disable server app/web1"},
		{Change{Command: "x"}.Result(fanout.OK, nil), "ok"},
		{Change{Command: "x"}.Result(fanout.Skipped, errors.New("stopped")), "SKIPPED: stopped"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if d := Differences([]ServerView{diff, {Backend: "app", Server: "web2"}}); len(d) != 1 || d[0] != "app/web1: state differs: MAINT/UP" {
		t.Errorf("differences %q", d)
	}
}
