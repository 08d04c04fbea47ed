package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every command that takes positional arguments says what it needs in its
// own words, never cobra's "accepts 1 arg(s), received 0"; every runnable
// leaf checks its arguments.
func TestArgsMessages(t *testing.T) {
	a := newApp(&IOStreams{})
	walk(newRootCmd(a), func(c *cobra.Command) {
		if !c.Runnable() || c.HasSubCommands() || c.Name() == "help" || c.Name() == "completion" || c.Parent() != nil && c.Parent().Name() == "completion" {
			return
		}
		if c.Args == nil {
			t.Errorf("%s: no argument check", c.CommandPath())
			return
		}
		for _, args := range [][]string{nil, {"a", "b", "c", "d", "e"}} {
			err := c.Args(c, args)
			if err == nil {
				continue
			}
			msg := err.Error()
			if strings.Contains(msg, "arg(s)") || !strings.Contains(msg, strings.TrimPrefix(c.CommandPath(), "opsctl ")) {
				t.Errorf("%s %q: %q", c.CommandPath(), args, msg)
			}
		}
	})
}

func TestArgsMessageAndUsageHint(t *testing.T) {
	_, stderr, code := runCLI(t, "", "haproxy", "drain")
	if code != ExitUsage || !strings.Contains(stderr, "haproxy drain needs BACKEND/SERVER, e.g. opsctl haproxy drain app/web01") ||
		!strings.Contains(stderr, "Run 'opsctl haproxy drain --help' for usage.") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
	_, stderr, code = runCLI(t, "", "varnish", "vcl", "load", "v1")
	if code != ExitUsage || !strings.Contains(stderr, "varnish vcl load needs NAME FILE, e.g. opsctl varnish vcl load v42 ./shop.vcl") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
	// a missing environment variable is not a command-line mistake: no hint
	t.Setenv("OPSCTL_MIGRATE_TO", "")
	_, stderr, code = runCLI(t, "", "migrate", "load", "/dev/null")
	if code != ExitUsage || !strings.Contains(stderr, "OPSCTL_MIGRATE_TO") || strings.Contains(stderr, "--help") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
	// an unknown flag is
	_, stderr, _ = runCLI(t, "", "rollback", "--bogus")
	if !strings.Contains(stderr, "Run 'opsctl rollback --help' for usage.") {
		t.Errorf("stderr %q", stderr)
	}
}

func TestVersionFlag(t *testing.T) {
	out1, _, code1 := runCLI(t, "", "--version")
	out2, _, code2 := runCLI(t, "", "version")
	if code1 != 0 || code2 != 0 || out1 != out2 || !strings.HasPrefix(out1, "opsctl ") {
		t.Errorf("--version %d %q; version %d %q", code1, out1, code2, out2)
	}
}
