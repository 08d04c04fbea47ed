package haproxy

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsctl/opsctl/fanout"
)

// The words of a status and a change: what opsctl prints and what a Go
// program can log.

// String is the node's line of a status: "HAProxy VERSION, up UPTIME;
// state file: ...", or "FAILED: ..." when it did not answer.
func (n NodeStatus) String() string {
	if n.Err != nil {
		return fmt.Sprintf("FAILED: %v", n.Err)
	}
	return fmt.Sprintf("HAProxy %s, up %s; state file: %s", n.Version, time.Duration(n.UptimeS)*time.Second, n.StateFile)
}

// String is the server's name, "BACKEND/SERVER".
func (sv ServerView) String() string { return sv.Backend + "/" + sv.Server }

// Mark is "!" when the server differs between nodes, else "".
func (sv ServerView) Mark() string {
	if sv.Differs {
		return "!"
	}
	return ""
}

// Differences are the servers that differ between nodes, each as
// "BACKEND/SERVER: WHY".
func Differences(servers []ServerView) []string {
	var out []string
	for _, sv := range servers {
		if sv.Differs {
			out = append(out, sv.String()+": "+sv.Why)
		}
	}
	return out
}

// Result is a node's change in words: "would send: COMMAND" in a dry run,
// "ok" when it was sent, else its status and error ("FAILED: ...",
// "SKIPPED: ...").
func (c Change) Result(st fanout.Status, err error) string {
	switch {
	case st != fanout.OK:
		return fmt.Sprintf("%s: %v", strings.ToUpper(string(st)), err)
	case c.DryRun:
		return "would send: " + c.Command
	}
	return "ok"
}
