package main

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// leafCommands lists the path of every runnable opsctl command in the tree
// (cobra's own help and completion are not opsctl commands).
func leafCommands() [][]string {
	a := newApp(&IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard})
	defer a.close()
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, s := range c.Commands() {
			if s.Name() == "help" || s.Name() == "completion" {
				continue
			}
			p := append(append([]string{}, path...), s.Name())
			if s.Runnable() {
				out = append(out, p)
			}
			walk(s, p)
		}
	}
	walk(newRootCmd(a), nil)
	return out
}

// jsonLines returns the lines of a -o json output whose event is name.
func jsonLines(out, name string) []string {
	var got []string
	for _, ln := range strings.Split(out, "\n") {
		var obj struct {
			Event string `json:"event"`
		}
		if json.Unmarshal([]byte(ln), &obj) == nil && obj.Event == name {
			got = append(got, ln)
		}
	}
	return got
}

// checkJSONLines checks the contract of docs/json.md on one output: one
// JSON object per line, each with "event" (a non-empty string) and "time"
// (RFC 3339, UTC); an "error" event carries "error" and "exit_code".
func checkJSONLines(t *testing.T, args []string, stdout string, code int) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if stdout == "" {
		t.Errorf("%q: exit %d and no JSON line", args, code)
		return
	}
	sawError := false
	for i, ln := range lines {
		var obj map[string]any
		if err := json.Unmarshal([]byte(ln), &obj); err != nil {
			t.Errorf("%q line %d is not one JSON object: %v\n%s", args, i+1, err, ln)
			continue
		}
		ev, _ := obj["event"].(string)
		ts, _ := obj["time"].(string)
		if ev == "" {
			t.Errorf("%q line %d: no \"event\": %s", args, i+1, ln)
		}
		if tm, err := time.Parse(time.RFC3339Nano, ts); err != nil || tm.Location() != time.UTC {
			t.Errorf("%q line %d: \"time\" %q is not RFC 3339 UTC", args, i+1, ts)
		}
		if ev == "error" {
			sawError = true
			if _, ok := obj["error"].(string); !ok {
				t.Errorf("%q line %d: error event without \"error\": %s", args, i+1, ln)
			}
			if c, ok := obj["exit_code"].(float64); !ok || int(c) != code {
				t.Errorf("%q line %d: exit_code %v, exited %d", args, i+1, obj["exit_code"], code)
			}
		}
	}
	if code != 0 && !sawError {
		t.Errorf("%q: exit %d without an error event:\n%s", args, code, stdout)
	}
}

// TestJSONContract: every command of the tree, -o json, prints only lines
// of the contract (docs/json.md): here without an inventory, so each one
// ends in its usage or configuration error, as one JSON line; plus
// version, an unknown command and bad global flags.
func TestJSONContract(t *testing.T) {
	t.Chdir(t.TempDir()) // a command that writes files (init) writes here
	leaves := leafCommands()
	if len(leaves) < 30 {
		t.Fatalf("only %d commands found: %v", len(leaves), leaves)
	}
	cases := [][]string{
		{"-o", "json", "version"},
		{"-o", "json", "nosuchcmd"},
		{"-o", "json", "--bogus", "version"},
		{"-o", "json", "--concurrency", "0", "version"},
		{"-o", "json", "deploy", "--no-such-flag"},
		{"-o", "json", "haproxy", "raw"}, // missing argument
	}
	for _, p := range leaves {
		cases = append(cases, append([]string{"-o", "json", "-c", "/nonexistent/opsctl.yaml"}, p...))
	}
	for _, args := range cases {
		stdout, _, code := runCLI(t, "", args...)
		checkJSONLines(t, args, stdout, code)
	}
}
