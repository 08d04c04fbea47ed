package deploy

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The prepare script hashes with openssl when the host has it, and with
// sha256sum when it does not: both verify the upload.
func TestPrepareScriptHashers(t *testing.T) {
	art := artifact(t, map[string]string{"app.txt": strings.Repeat("v1 ", 3000)})
	b, err := os.ReadFile(art)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	sum := hex.EncodeToString(s[:])
	// A PATH without openssl: links to every other tool the script uses.
	noSSL := t.TempDir()
	for _, tool := range []string{"sh", "mkdir", "readlink", "rm", "mkfifo", "sha256sum", "tee", "tar", "gzip", "cat", "head", "touch", "mv"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("no %s", tool)
		}
		os.Symlink(p, filepath.Join(noSSL, tool))
	}
	for _, tc := range []struct{ name, path string }{{"openssl", os.Getenv("PATH")}, {"sha256sum", noSSL}} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "openssl" {
				if _, err := exec.LookPath("openssl"); err != nil {
					t.Skip("no openssl")
				}
			}
			for _, want := range []string{sum, strings.Repeat("0", 64)} {
				d := filepath.Join(t.TempDir(), "app")
				f, _ := os.Open(art)
				c := exec.Command("/bin/sh", "-c", prepareScript(d, "r1", want, nil, nil, 0))
				c.Env = []string{"PATH=" + tc.path}
				c.Stdin = f
				out, err := c.CombinedOutput()
				f.Close()
				if want == sum {
					if err != nil || !strings.Contains(string(out), "PREPARED") {
						t.Fatalf("good upload: %v\n%s", err, out)
					}
					if _, err := os.Stat(filepath.Join(d, "releases", "r1", "app.txt")); err != nil {
						t.Fatal(err)
					}
				} else if c.ProcessState.ExitCode() != rcChecksum {
					t.Fatalf("wrong sum: exit %d, want %d\n%s", c.ProcessState.ExitCode(), rcChecksum, out)
				}
			}
		})
	}
}
