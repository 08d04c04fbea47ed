package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// revision is the VCS revision the binary was built from ("" if unknown).
func revision() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return ""
}

// versionString is what `opsctl version` and `opsctl --version` print
// after "opsctl ".
func versionString() string {
	v := version
	if rev := revision(); rev != "" {
		v += " (" + rev + ")"
	}
	return fmt.Sprintf("%s %s/%s %s", v, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print opsctl's version (also: opsctl --version)",
		Args:  nArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.jsonMode() {
				a.emit("opsctl.version", map[string]any{"version": version, "revision": revision(), "go": runtime.Version()})
				return nil
			}
			cmd.Printf("opsctl %s\n", versionString())
			return nil
		},
	}
}
