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

// The prepare script hashes with openssl when the host has it, else with
// sha256sum, and decodes the gzip stream with zstd when the host's zstd
// can, else with gzip: every combination verifies the upload, refuses a
// wrong checksum (71) and a broken gzip stream (72).
func TestPrepareScriptTools(t *testing.T) {
	t.Parallel() // its own directories and PATHs (cmd.Env)
	art := artifact(t, map[string]string{"app.txt": strings.Repeat("v1 ", 3000)})
	good, err := os.ReadFile(art)
	if err != nil {
		t.Fatal(err)
	}
	// the same archive with its gzip CRC broken (the data is intact)
	badCRC := append([]byte(nil), good...)
	for i := len(badCRC) - 8; i < len(badCRC)-4; i++ {
		badCRC[i] ^= 0xff
	}
	sumOf := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	// PATHs with links to the tools the script uses, with or without
	// openssl and zstd.
	base := []string{"sh", "mkdir", "rm", "mkfifo", "sha256sum", "tee", "tar", "gzip", "cat", "head", "touch", "mv"}
	mkPath := func(extra ...string) string {
		dir := t.TempDir()
		for _, tool := range append(base, extra...) {
			p, err := exec.LookPath(tool)
			if err != nil {
				t.Skipf("no %s", tool)
			}
			os.Symlink(p, filepath.Join(dir, tool))
		}
		return dir
	}
	for _, tc := range []struct {
		name  string
		tools []string
	}{{"openssl+zstd", []string{"openssl", "zstd"}}, {"openssl+gzip", []string{"openssl"}}, {"sha256sum+zstd", []string{"zstd"}}, {"sha256sum+gzip", nil}} {
		t.Run(tc.name, func(t *testing.T) {
			path := mkPath(tc.tools...)
			for _, c := range []struct {
				name string
				data []byte
				want string
				rc   int
			}{{"good", good, sumOf(good), 0}, {"wrong sum", good, strings.Repeat("0", 64), rcChecksum}, {"gzip crc", badCRC, sumOf(badCRC), rcExtract}} {
				d := filepath.Join(t.TempDir(), "app")
				in := filepath.Join(t.TempDir(), "in")
				os.WriteFile(in, c.data, 0o644)
				f, _ := os.Open(in)
				cmd := exec.Command("/bin/sh", "-c", prepareScript(d, "r1", c.want, nil, nil, 0))
				cmd.Env = []string{"PATH=" + path}
				cmd.Stdin = f
				out, _ := cmd.CombinedOutput()
				f.Close()
				if rc := cmd.ProcessState.ExitCode(); rc != c.rc {
					t.Fatalf("%s: exit %d, want %d\n%s", c.name, rc, c.rc, out)
				}
				_, err := os.Stat(filepath.Join(d, "releases", ".tmp-r1", "app.txt")) // the switch renames it
				if (c.rc == 0) != (err == nil) {
					t.Fatalf("%s: release on disk: %v\n%s", c.name, err, out)
				}
				if ents, _ := os.ReadDir(filepath.Join(d, "releases")); c.rc != 0 && len(ents) != 0 {
					t.Fatalf("%s: left %v", c.name, ents)
				}
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://u:p@127.0.0.1:8080/health":     "http://***@127.0.0.1:8080/health",
		"https://token@example.com/x?y=1":      "https://***@example.com/x?y=1",
		"http://u:p%40ss@{host}:8080/health":   "http://***@{host}:8080/health",
		"http://{host}:8080/health":            "http://{host}:8080/health",
		"http://u:p@{host}":                    "http://***@{host}",
		"http://example.com/path@not-userinfo": "http://example.com/path@not-userinfo",
	} {
		if got := RedactURL(in); got != want || strings.Contains(got, ":p") {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
