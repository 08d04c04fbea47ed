package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

// BenchmarkExecTrue measures the wall time of one `opsctl exec -- true`
// (a built binary, a fresh process each run: connect, authenticate, run,
// exit) on 10, 50 and 100 lab hosts, and of the OpenSSH baseline
// `xargs -P100 ssh ... true` on the same hosts in the same run.
//
//	go test -run '^$' -bench ExecTrue -benchtime 5x ./cmd/opsctl/
//
// OPSCTL_BENCH_NOREEXEC=1 starts the sshds with -r (no re-exec per
// connection) to see what sshd's own start-up costs.
func BenchmarkExecTrue(b *testing.B) {
	lab.RequireRoot(b)
	lab.Require(b, "sshd", "unshare", "ssh", "xargs")
	l := lab.NewT(b)
	f, err := l.StartSSHD(lab.SSHDOptions{N: 100, NoReexec: os.Getenv("OPSCTL_BENCH_NOREEXEC") == "1"})
	if err != nil {
		b.Fatal(err)
	}
	bin := filepath.Join(b.TempDir(), "opsctl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := l.Path("opsctl.yaml")
	if err := os.WriteFile(cfg, []byte(f.InventoryYAML("")), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{10, 50, 100} {
		b.Run(fmt.Sprintf("opsctl/hosts=%d", n), func(b *testing.B) {
			sel := fmt.Sprintf("host[001:%03d]", n)
			for i := 0; i < b.N; i++ {
				out, err := exec.Command(bin, "-c", cfg, "-H", sel, "exec", "--", "true").CombinedOutput()
				if err != nil || !strings.Contains(string(out), fmt.Sprintf("%d ok, 0 failed", n)) {
					b.Fatalf("%v\n%s", err, out)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
		})
		b.Run(fmt.Sprintf("openssh-xargs-P100/hosts=%d", n), func(b *testing.B) {
			var ports strings.Builder
			for _, h := range f.Hosts[:n] {
				fmt.Fprintf(&ports, "%d\n", h.Port)
			}
			for i := 0; i < b.N; i++ {
				cmd := exec.Command("xargs", "-P100", "-I{}", "ssh", "-F", "none", "-i", f.ClientKey,
					"-o", "UserKnownHostsFile="+f.KnownHosts, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
					"-p", "{}", "root@127.0.0.1", "true")
				cmd.Stdin = strings.NewReader(ports.String())
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v\n%s", err, out)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
		})
	}
}
