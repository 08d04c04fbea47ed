package varnish

import (
	"testing"

	"github.com/opsctl/opsctl/fanout"
)

// The words opsctl prints for a status, a VCL list and a change are the
// library's.
func TestWords(t *testing.T) {
	st, words := ChangeStatus(fanout.Result[string]{Status: fanout.OK}, true)
	fst, fwords := ChangeStatus(fanout.Result[string]{Status: fanout.Failed}, false)
	for _, c := range []struct{ got, want string }{
		{NodeStatus{Bans: 3, Pending: 1}.BanCount(), "3 (1 pending)"},
		{NodeStatus{Bans: -1, Pending: -1}.BanCount(), "-"},
		{VCL{Busy: -1}.BusyCount() + VCL{Busy: 2}.BusyCount(), "-2"},
		{VCL{LabelOf: "v42"}.LabelText(), "-> v42"},
		{VCL{Labels: 2}.LabelText(), "<- 2 label(s)"},
		{VCL{}.LabelText(), "-"},
		{st + " " + words, "dry-run would send"},
		{fst + " " + fwords, "failed failed"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
