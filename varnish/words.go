package varnish

import (
	"fmt"

	"github.com/opsctl/opsctl/fanout"
)

// The words of a status, a VCL list and a change: what opsctl prints and
// what a Go program can log.

// BanCount is the node's ban list in words, "N (M pending)", or "-" when
// the child is not running.
func (s NodeStatus) BanCount() string {
	if s.Bans < 0 {
		return "-"
	}
	return fmt.Sprintf("%d (%d pending)", s.Bans, s.Pending)
}

// BusyCount is the VCL's busy count, or "-" when unknown.
func (v VCL) BusyCount() string {
	if v.Busy < 0 {
		return "-"
	}
	return fmt.Sprint(v.Busy)
}

// LabelText is the VCL's labels in words: "-> VCL" for a label, "<- N
// label(s)" for a VCL labels point to, else "-".
func (v VCL) LabelText() string {
	switch {
	case v.LabelOf != "":
		return "-> " + v.LabelOf
	case v.Labels > 0:
		return fmt.Sprintf("<- %d label(s)", v.Labels)
	}
	return "-"
}

// ChangeStatus is a node's change (r: the command sent) as a status and
// words: the fanout status both, or in a dry run (dry) "would send" and
// "dry-run" when the node would get it.
func ChangeStatus(r fanout.Result[string], dry bool) (status, words string) {
	status, words = string(r.Status), string(r.Status)
	if dry {
		words = "would send"
		if r.Status == fanout.OK && r.Err == nil {
			status = "dry-run"
		}
	}
	return status, words
}
