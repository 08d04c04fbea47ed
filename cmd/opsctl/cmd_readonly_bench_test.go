package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/readonly"
)

// BenchmarkReadonlyFlip times "readonly on" + "readonly off" (one op = both
// flips; ms/flip is half of it), in-process and as the exec'd binary, across N real HAProxy and N real Varnish,
// beside the same flip done by hand with socat and varnishadm, in the same
// run, on the same nodes:
//
//	go test ./cmd/opsctl -run '^$' -bench ReadonlyFlip -benchtime 20x
//
// opsctl per flip: map file rewritten (temp + rename) and "set map" x4 +
// "show map" per LB; vcl.list, vcl.label, vcl.use, vcl.list per cache (off:
// + ban, vcl.discard of the label); all nodes in parallel, HAProxy before
// Varnish (reverse when leaving). The socat+varnishadm baseline is a shell
// loop doing only "set map ... global on|off" per LB and "vcl.use" per
// cache, one after the other, no file, no check, no record, no ban.
func BenchmarkReadonlyFlip(b *testing.B) {
	lab.Require(b, "socat", "varnishadm")
	bin := b.TempDir() + "/opsctl"
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, n := range []int{2, 10} {
		b.Run(fmt.Sprintf("%d+%d", n, n), func(b *testing.B) {
			rl := startReadonlyLab(b, n, n)
			if out, errOut, code := runCLIb(b, "-c", rl.cfg, "readonly", "prepare"); code != 0 {
				b.Fatalf("prepare: exit %d\n%s%s", code, out, errOut)
			}
			perFlip := func(b *testing.B) {
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/2/1000, "ms/flip")
			}
			b.Run("opsctl", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					for _, args := range [][]string{{"on", "--reason", "bench"}, {"off"}} {
						if out, errOut, code := runCLIb(b, append([]string{"-c", rl.cfg, "readonly"}, args...)...); code != 0 {
							b.Fatalf("%s: exit %d\n%s%s", args[0], code, out, errOut)
						}
					}
				}
				perFlip(b)
			})
			b.Run("opsctl-exec", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					for _, args := range [][]string{{"on", "--reason", "bench"}, {"off"}} {
						if out, err := exec.Command(bin, append([]string{"-c", rl.cfg, "readonly"}, args...)...).CombinedOutput(); err != nil {
							b.Fatalf("%s: %v\n%s", args[0], err, out)
						}
					}
				}
				perFlip(b)
			})
			b.Run("library", func(b *testing.B) {
				a := newApp(&IOStreams{})
				a.opts.config = rl.cfg
				defer a.close()
				f, _, err := a.f.ReadonlyFleet()
				if err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					for _, m := range []readonly.Mode{readonly.On, readonly.Off} {
						if _, err := f.Set(context.Background(), m, readonly.Options{By: "bench"}); err != nil {
							b.Fatal(err)
						}
					}
				}
				perFlip(b)
			})
			b.Run("socat+varnishadm", func(b *testing.B) {
				script := func(mode, vcl string) string {
					var s strings.Builder
					s.WriteString("set -e\n")
					if mode == "on" {
						for _, h := range rl.lbs {
							fmt.Fprintf(&s, "echo 'set map %s global on' | socat - UNIX-CONNECT:%s >/dev/null\n", rl.mapFile, h.AdminSock)
						}
					}
					for _, v := range rl.caches {
						fmt.Fprintf(&s, "varnishadm -T %s -S %s vcl.use %s >/dev/null\n", v.AdminAddr, v.SecretFile, vcl)
					}
					if mode == "off" {
						for _, h := range rl.lbs {
							fmt.Fprintf(&s, "echo 'set map %s global off' | socat - UNIX-CONNECT:%s >/dev/null\n", rl.mapFile, h.AdminSock)
						}
					}
					return s.String()
				}
				on, off := script("on", "opsctl_readonly"), script("off", "boot")
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					for _, sc := range []string{on, off} {
						if out, err := exec.Command("sh", "-c", sc).CombinedOutput(); err != nil {
							b.Fatalf("%v\n%s", err, out)
						}
					}
				}
				perFlip(b)
			})
		})
	}
}
