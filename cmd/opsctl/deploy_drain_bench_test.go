package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

// BenchmarkDeployDrainLab: deploy time with and without --drain, 12 lab
// hosts (each running the restartable app of TestDeployDrainLab) in 3
// waves behind 2 HAProxy (see BENCHMARKS.md):
//
//	go test ./cmd/opsctl -run '^$' -bench DeployDrainLab -benchtime 3x
func BenchmarkDeployDrainLab(b *testing.B) {
	lab.RequireRoot(b)
	lab.Require(b, "sshd", "unshare", "haproxy")
	l := lab.NewT(b)
	f, err := l.StartSSHD(lab.SSHDOptions{N: 12})
	if err != nil {
		b.Fatal(err)
	}
	var addrs []string
	for _, h := range f.Hosts {
		addrs = append(addrs, startDrainApp(b, l, h).addr)
	}
	var hs []*lab.HAProxy
	for i := 0; i < 2; i++ {
		h, err := l.StartHAProxy(lab.HAProxyOptions{Backends: []lab.HAProxyBackend{{Name: "app", Addrs: addrs, Check: true}}})
		if err != nil {
			b.Fatal(err)
		}
		hs = append(hs, h)
	}
	cfg := l.Path("opsctl.yaml")
	if err := writeFile(cfg, drainLabYAML(f, hs)); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	n := 0
	deploy := func(b *testing.B, extra ...string) {
		n++
		id := fmt.Sprintf("b%03d", n)
		benchCLI(b, append([]string{"-c", cfg, "deploy", "--artifact", writeArtifact(b, dir, id, 0), "--release-id", id, "--batch-size", "4"}, extra...)...)
	}
	deploy(b)
	for _, mode := range []struct {
		name  string
		extra []string
	}{{"no-drain", nil}, {"drain", []string{"--drain"}}} {
		b.Run(mode.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				deploy(b, mode.extra...)
			}
		})
	}
}

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o644) }
