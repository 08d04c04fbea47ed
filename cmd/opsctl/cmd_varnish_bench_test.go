package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/varnish"
)

// BenchmarkVarnishStatus compares `opsctl varnish status` across 2 real
// varnishd with varnishadm asking the same nodes, in the same run:
//
//	go test -run XXX -bench VarnishStatus -benchtime 200x ./cmd/opsctl
//
// opsctl reads status, vcl.list and ban.list on both nodes in parallel;
// varnishadm-status-x2 runs `varnishadm -T -S status` once per node, and
// varnishadm-same-info-x2 runs the three commands opsctl needs per node.
func BenchmarkVarnishStatus(b *testing.B) {
	lab.Require(b, "varnishd", "varnishadm", "cc")
	lab.RequireRoot(b)
	l := lab.NewT(b)
	var vs []*lab.Varnish
	for _, name := range []string{"b1", "b2"} {
		v, err := l.StartVarnish(lab.VarnishOptions{Name: name})
		if err != nil {
			b.Fatal(err)
		}
		vs = append(vs, v)
	}
	dir := b.TempDir()
	cfg := filepath.Join(dir, "opsctl.yaml")
	y := "varnish:\n  nodes:\n"
	for _, v := range vs {
		y += "    - {name: " + v.Name + ", admin: '" + v.AdminAddr + "', secret_file: " + v.SecretFile + "}\n"
	}
	os.WriteFile(cfg, []byte(y), 0o644)
	bin := filepath.Join(dir, "opsctl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	adm, _ := lab.LookPath("varnishadm")
	devnull := &IOStreams{In: nil, Out: discardW{}, ErrOut: discardW{}, TermWide: 80}

	b.Run("library", func(b *testing.B) {
		f := &varnish.Fleet{}
		for _, v := range vs {
			f.Nodes = append(f.Nodes, varnish.Node{Name: v.Name, Dial: varnish.TCPDialer(v.AdminAddr), Secret: varnish.SecretFile(v.SecretFile)})
		}
		for i := 0; i < b.N; i++ {
			if _, err := f.Status(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("opsctl-in-process", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if code := run([]string{"-c", cfg, "varnish", "status"}, devnull); code != 0 {
				b.Fatalf("exit %d", code)
			}
		}
	})
	b.Run("opsctl-exec", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if out, err := exec.Command(bin, "-c", cfg, "varnish", "status").CombinedOutput(); err != nil {
				b.Fatalf("%v\n%s", err, out)
			}
		}
	})
	b.Run("varnishadm-status-x2", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, v := range vs {
				if out, err := exec.Command(adm, "-T", v.AdminAddr, "-S", v.SecretFile, "status").CombinedOutput(); err != nil {
					b.Fatalf("%v\n%s", err, out)
				}
			}
		}
	})
	b.Run("varnishadm-same-info-x2", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, v := range vs {
				for _, c := range []string{"status", "vcl.list", "ban.list"} {
					if out, err := exec.Command(adm, "-T", v.AdminAddr, "-S", v.SecretFile, c).CombinedOutput(); err != nil {
						b.Fatalf("%v\n%s", err, out)
					}
				}
			}
		}
	})
}

type discardW struct{}

func (discardW) Write(p []byte) (int, error) { return len(p), nil }
