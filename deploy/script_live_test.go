package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// liveLines names the live release as readlink would, without running
// readlink in the usual case, and falls back to readlink exactly where
// cd -P would name something else.
func TestLiveLinesMatchesReadlink(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	cases := []struct {
		name  string
		setup func(d string)
		want  string
		fast  bool // found with no process at all (PATH empty)
	}{
		{"absolute link", func(d string) { os.Symlink(filepath.Join(d, "releases/r1"), filepath.Join(d, "current")) }, "r1", true},
		{"relative link", func(d string) { os.Symlink("releases/r 2", filepath.Join(d, "current")) }, "r 2", true},
		{"no current", func(d string) {}, "", true},
		{"dangling link", func(d string) { os.Symlink(filepath.Join(d, "releases/gone"), filepath.Join(d, "current")) }, "gone", false},
		{"release is a link", func(d string) {
			other := filepath.Join(d, "elsewhere", "build42")
			os.MkdirAll(other, 0o755)
			os.Symlink(other, filepath.Join(d, "releases/r3"))
			os.Symlink(filepath.Join(d, "releases/r3"), filepath.Join(d, "current"))
		}, "r3", false},
		{"current is a directory", func(d string) { os.Mkdir(filepath.Join(d, "current"), 0o755) }, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := t.TempDir()
			// the deploy directory reached through a link, as /srv/app -> /data/app
			real := filepath.Join(base, "data", "app")
			for _, r := range []string{"r1", "r 2"} {
				os.MkdirAll(filepath.Join(real, "releases", r), 0o755)
			}
			d := filepath.Join(base, "app")
			os.Symlink(real, d)
			c.setup(real)
			script := "d=" + q(d) + "\n" + liveLines("cur", `"$d"`) + `printf '%s|%s' "$cur" "$PWD"`
			cmd := exec.Command(sh, "-c", script)
			if c.fast {
				cmd.Env = []string{"PATH=/nonexistent"}
			}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			got, pwd, _ := strings.Cut(string(out), "|")
			if got != c.want {
				t.Errorf("live release = %q, want %q", got, c.want)
			}
			if c.want != "" && pwd != "/" {
				t.Errorf("working directory left at %q, want /", pwd)
			}
		})
	}
}
