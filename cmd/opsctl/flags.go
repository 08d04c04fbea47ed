package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// deprecatedFlag keeps an old flag name working after a rename (one
// meaning per flag name across commands: docs/cli.md): old sets the same
// value as the new flag, is hidden from --help, and says on stderr (never
// on stdout: JSON consumers read it) that it is deprecated.
func deprecatedFlag(cmd *cobra.Command, old, new string) {
	fs := cmd.Flags()
	nf := fs.Lookup(new)
	if nf == nil {
		panic("deprecatedFlag: no flag --" + new)
	}
	v := &aliasValue{Value: nf.Value, note: fmt.Sprintf("opsctl: --%s is deprecated, use --%s (same meaning)\n", old, new), out: cmd.ErrOrStderr}
	fs.Var(v, old, "deprecated: use --"+new)
	f := fs.Lookup(old)
	f.NoOptDefVal = nf.NoOptDefVal
	f.Hidden = true
	f.Annotations = map[string][]string{"deprecated-alias-of": {new}}
}

type aliasValue struct {
	pflag.Value
	note string
	out  func() io.Writer
	once sync.Once
}

func (v *aliasValue) Set(s string) error {
	v.once.Do(func() { io.WriteString(v.out(), v.note) })
	return v.Value.Set(s)
}

// oneLine checks a free-text flag value: one line of at most max bytes
// (and not empty unless emptyOK).
func oneLine(flag, v string, max int, emptyOK bool) error {
	if (v == "" && !emptyOK) || strings.ContainsAny(v, "\n\r\x00") || len(v) > max {
		if emptyOK {
			return usageError("--%s: one line of at most %d bytes", flag, max)
		}
		return usageError("--%s: one line of at most %d bytes, not empty", flag, max)
	}
	return nil
}

// pgURL fills *to from $OPSCTL_MIGRATE_TO when empty and checks it is a
// postgres:// URL.
func pgURL(to *string) error {
	if *to == "" {
		*to = os.Getenv("OPSCTL_MIGRATE_TO")
	}
	if *to == "" {
		return usageError("--to postgres://... (or $OPSCTL_MIGRATE_TO) is required")
	}
	if !strings.HasPrefix(*to, "postgres://") && !strings.HasPrefix(*to, "postgresql://") {
		return usageError("--to must be a postgres:// URL")
	}
	return nil
}
