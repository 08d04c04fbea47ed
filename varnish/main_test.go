package varnish

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

// The integration tests share two varnishd started once for the package:
// VCL compilation makes each start cost about a second.
var shared struct {
	once    sync.Once
	lab     *lab.Lab
	nodes   []*lab.Varnish
	backend string
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.lab != nil {
		shared.lab.Close()
		os.RemoveAll(shared.lab.Dir)
	}
	os.Exit(code)
}

// labNodes returns the two shared varnishd, starting them on first use.
func labNodes(t testing.TB) []*lab.Varnish {
	t.Helper()
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "varnishd", "cc")
	shared.once.Do(func() {
		l, err := lab.New("")
		if err != nil {
			shared.err = err
			return
		}
		shared.lab = l
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			shared.err = err
			return
		}
		shared.backend = ln.Addr().String()
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "hello %s\n", r.URL.Path)
		})}
		go srv.Serve(ln)
		l.OnClose(func() { srv.Close() })
		type res struct {
			v   *lab.Varnish
			err error
		}
		ch := make([]chan res, 2)
		for i := range ch {
			ch[i] = make(chan res, 1)
			go func(i int) {
				v, err := l.StartVarnish(lab.VarnishOptions{Name: fmt.Sprintf("v%d", i+1), BackendAddr: shared.backend})
				ch[i] <- res{v, err}
			}(i)
		}
		for i := range ch {
			r := <-ch[i]
			if r.err != nil && shared.err == nil {
				shared.err = r.err
			}
			shared.nodes = append(shared.nodes, r.v)
		}
	})
	if shared.err != nil {
		if shared.lab != nil {
			shared.lab.DumpLogs(t)
		}
		t.Fatalf("lab: %v", shared.err)
	}
	return shared.nodes
}

func nodeOf(v *lab.Varnish) Node {
	return Node{Name: v.Name, Dial: TCPDialer(v.AdminAddr), Secret: SecretFile(v.SecretFile)}
}

// labVCL is a small VCL pointing at the test backend.
func labVCL(host, port string) string {
	return "vcl 4.1;\n\nbackend default {\n    .host = \"" + host + "\";\n    .port = \"" + port + "\";\n}\n"
}
