package main

import (
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
)

// Benchmarks against the lab's real sshd fleet (see BENCHMARKS.md):
//
//	go test ./cmd/opsctl -run '^$' -bench 'RollbackLab|DeployLab|RollbackWAN' -benchtime 3x -timeout 30m
//
// Each compares opsctl with a naive xargs -P + ssh loop in the same run.

func benchFleet(b testing.TB, n int) (*lab.Lab, *lab.SSHFleet, string) {
	b.Helper()
	lab.Require(b, "ssh", "xargs")
	l, f := lab.StartSSHDT(b, n)
	cfg := l.Path("opsctl.yaml")
	// 100 sshds on the same 2 cores as the client: a burst of 100
	// handshakes can take longer than the lab's 5 s connect timeout there
	// (never on real servers, which each do their own), so the benchmark
	// allows 30 s and measures what the handshakes really cost.
	os.WriteFile(cfg, []byte(benchTimeout(f.InventoryYAML("app:\n  deploy_to: /srv/app\n  keep_releases: 2\n"))), 0o644)
	return l, f, cfg
}

// benchTimeout gives a lab inventory a 30 s connect timeout (see benchFleet).
func benchTimeout(inv string) string {
	return strings.Replace(inv, "connect_timeout: 5s", "connect_timeout: 30s", 1)
}

func benchCLI(b *testing.B, args ...string) {
	b.Helper()
	var t testing.T
	out, errOut, code := runCLI(&t, "", args...)
	if code != 0 {
		b.Fatalf("opsctl %v: exit %d\n%s\n%s", args, code, out, errOut)
	}
}

// xargsSSH runs script on the first n hosts with xargs -P n and ssh (one
// process per host); stdin, when set, is a file fed to every ssh.
func xargsSSH(b testing.TB, f *lab.SSHFleet, n int, script, stdin string) {
	b.Helper()
	var ports strings.Builder
	for _, h := range f.Hosts[:n] {
		fmt.Fprintf(&ports, "%d\n", h.Port)
	}
	ssh := fmt.Sprintf("ssh -F /dev/null -i %s -o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes -o BatchMode=yes -p {} root@127.0.0.1 %s",
		f.ClientKey, f.KnownHosts, shellQuote(script))
	if stdin != "" {
		ssh = "sh -c " + shellQuote(ssh+" < "+stdin)
	}
	cmd := exec.Command("sh", "-c", fmt.Sprintf("xargs -P %d -I{} %s", n, ssh))
	cmd.Stdin = strings.NewReader(ports.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("xargs ssh: %v\n%s", err, out)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func BenchmarkRollbackLab(b *testing.B) {
	// OPSCTL_BENCH_MAX_HOSTS=100 measures the 100-host pair only (a
	// 100-host fleet starts where 200 sshds do not, on a loaded machine)
	sizes := []int{100, 200}
	if os.Getenv("OPSCTL_BENCH_MAX_HOSTS") == "100" {
		sizes = sizes[:1]
	}
	_, f, cfg := benchFleet(b, sizes[len(sizes)-1])
	dir := b.TempDir()
	for _, id := range []string{"r1", "r2"} {
		benchCLI(b, "-c", cfg, "--concurrency", "200", "deploy", "--artifact", writeArtifact(b, dir, id, 0), "--release-id", id)
	}
	for _, n := range sizes {
		sel := fmt.Sprintf("host[001:%03d]", n)
		b.Run(fmt.Sprintf("opsctl-%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchCLI(b, "-c", cfg, "--concurrency", "200", "-H", sel, "rollback", "--to", []string{"r1", "r2"}[i%2])
			}
		})
		b.Run(fmt.Sprintf("xargs-ssh-%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r := []string{"r1", "r2"}[i%2]
				xargsSSH(b, f, n, "ln -s /srv/app/releases/"+r+" /srv/app/.cur.tmp && mv -T /srv/app/.cur.tmp /srv/app/current", "")
			}
		})
	}
}

func BenchmarkDeployLab(b *testing.B) {
	l, f, cfg := benchFleet(b, 100)
	art := benchArtifact(b)
	seq := 0
	for _, n := range []int{10, 50, 100} {
		sel := fmt.Sprintf("host[001:%03d]", n)
		b.Run(fmt.Sprintf("opsctl-%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				seq++
				benchCLI(b, "-c", cfg, "-H", sel, "deploy", "--artifact", art, "--release-id", fmt.Sprintf("b%d", seq))
			}
		})
		b.Run(fmt.Sprintf("xargs-ssh-tar-%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				seq++
				xargsSSH(b, f, n, fmt.Sprintf("mkdir -p /srv/floor/%d && tar -xzf - -C /srv/floor/%d", seq, seq), art)
				b.StopTimer()
				for _, h := range f.Hosts[:n] {
					os.RemoveAll(filepath.Join(h.Root, "srv/floor"))
				}
				b.StartTimer()
			}
		})
	}
	_ = l
}

// BenchmarkDeployPaired10 is the 10-host pair of BenchmarkDeployLab with
// the two interleaved: each iteration deploys the 20 MB artifact with
// opsctl, then runs the xargs -P ssh tar floor, so both see the same load
// on this shared machine. It reports both times and their ratio; run it
// with -count N to get one ratio per run:
//
//	go test ./cmd/opsctl -run '^$' -bench DeployPaired10 -benchtime 3x -count 5
func BenchmarkDeployPaired10(b *testing.B) {
	const n = 10
	_, f, cfg := benchFleet(b, n)
	art := benchArtifact(b)
	var opsctl, floor time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		benchCLI(b, "-c", cfg, "deploy", "--artifact", art, "--release-id", fmt.Sprintf("p%d", i))
		opsctl += time.Since(start)
		start = time.Now()
		xargsSSH(b, f, n, fmt.Sprintf("mkdir -p /srv/floor/%d && tar -xzf - -C /srv/floor/%d", i, i), art)
		floor += time.Since(start)
		b.StopTimer()
		for _, h := range f.Hosts {
			os.RemoveAll(filepath.Join(h.Root, "srv/floor"))
		}
		b.StartTimer()
	}
	b.ReportMetric(opsctl.Seconds()/float64(b.N), "opsctl-s/op")
	b.ReportMetric(floor.Seconds()/float64(b.N), "floor-s/op")
	b.ReportMetric(opsctl.Seconds()/floor.Seconds(), "ratio")
}

// benchArtifact writes the benchmark's .tar.gz: 20 MB of random bytes
// (incompressible, so the .tar.gz is about 20 MB too).
func benchArtifact(b *testing.B) string {
	dir := b.TempDir()
	blob := make([]byte, 20<<20)
	rand.Read(blob)
	os.WriteFile(filepath.Join(dir, "blob"), blob, 0o644)
	art := filepath.Join(dir, "app.tar.gz")
	if out, err := exec.Command("tar", "-czf", art, "-C", dir, "blob").CombinedOutput(); err != nil {
		b.Fatalf("%v %s", err, out)
	}
	return art
}

// BenchmarkRollbackWAN rolls back 35 lab hosts, each behind a userspace
// proxy that delays every direction by 25 ms (50 ms RTT), and the same
// xargs -P ssh flip through the same proxies.
func BenchmarkRollbackWAN(b *testing.B) {
	n := 35
	if v, _ := strconv.Atoi(os.Getenv("OPSCTL_WAN_HOSTS")); v > 0 {
		n = v
	}
	l, f, cfg := benchFleet(b, n)
	dir := b.TempDir()
	for _, id := range []string{"r1", "r2"} {
		benchCLI(b, "-c", cfg, "deploy", "--artifact", writeArtifact(b, dir, id, 0), "--release-id", id)
	}
	// The WAN view of the fleet: same hosts, proxied ports.
	wan := &lab.SSHFleet{ClientKey: f.ClientKey, KnownHosts: l.Path("known_hosts.wan"), User: f.User}
	var kh strings.Builder
	for _, h := range f.Hosts {
		addr, err := l.DelayProxy(h.Addr(), 25*time.Millisecond)
		if err != nil {
			b.Fatal(err)
		}
		_, port, _ := net.SplitHostPort(addr)
		p, _ := strconv.Atoi(port)
		wh := &lab.SSHHost{Name: h.Name, Port: p, Root: h.Root, HostKey: h.HostKey}
		wan.Hosts = append(wan.Hosts, wh)
		kh.WriteString(wh.KnownHostsLine() + "\n")
	}
	os.WriteFile(wan.KnownHosts, []byte(kh.String()), 0o644)
	wcfg := l.Path("opsctl-wan.yaml")
	os.WriteFile(wcfg, []byte(wan.InventoryYAML("app:\n  deploy_to: /srv/app\n  keep_releases: 2\n")), 0o644)
	b.Run(fmt.Sprintf("opsctl-%d-50ms", n), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			benchCLI(b, "-c", wcfg, "rollback", "--to", []string{"r1", "r2"}[i%2])
		}
	})
	b.Run(fmt.Sprintf("xargs-ssh-%d-50ms", n), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			r := []string{"r1", "r2"}[i%2]
			xargsSSH(b, wan, n, "ln -s /srv/app/releases/"+r+" /srv/app/.cur.tmp && mv -T /srv/app/.cur.tmp /srv/app/current", "")
		}
	})
}
