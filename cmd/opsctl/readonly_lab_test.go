package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

// roBackend is the site behind the caches: GETs answer with a Set-Cookie
// and a per-path counter; every request is counted.
type roBackend struct {
	addr string
	mu   sync.Mutex
	hits map[string]int // "GET /path" -> requests seen
}

func (b *roBackend) count(key string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.hits[key]
}

func startROBackend(t testing.TB, l *lab.Lab) *roBackend {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &roBackend{addr: ln.Addr().String(), hits: map[string]int{}}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		b.mu.Lock()
		b.hits[r.Method+" "+r.URL.Path]++
		n := b.hits[r.Method+" "+r.URL.Path]
		b.mu.Unlock()
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.SetCookie(w, &http.Cookie{Name: "sess", Value: "s" + strconv.Itoa(n), Path: "/"})
		}
		fmt.Fprintf(w, "%s %s #%d\n", r.Method, r.URL.Path, n)
	})}
	go srv.Serve(ln)
	l.OnClose(func() { srv.Close() })
	return b
}

// roLab is nLB HAProxy in front of nCache Varnish in front of one backend,
// configured from "opsctl readonly init" output, and an inventory naming
// them lb1.. and cache1...
type roLab struct {
	lab     *lab.Lab
	backend *roBackend
	lbs     []*lab.HAProxy
	caches  []*lab.Varnish
	cfg     string // inventory path
	probes  bool   // list every LB in readonly.probes
	roYAML  string // the readonly section
	mapFile string
}

func startReadonlyLab(t testing.TB, nLB, nCache int) *roLab {
	t.Helper()
	lab.RequireRoot(t)
	lab.Require(t, "haproxy", "varnishd", "cc")
	l := lab.NewT(t)
	rl := &roLab{lab: l, mapFile: l.Path("ro.map")}
	rl.backend = startROBackend(t, l)
	host, port, _ := net.SplitHostPort(rl.backend.addr)
	p, _ := strconv.Atoi(port)
	siteVCL := lab.DefaultVCL(host, p)
	if err := os.WriteFile(l.Path("site.vcl"), []byte(siteVCL), 0o644); err != nil {
		t.Fatal(err)
	}
	rl.roYAML = fmt.Sprintf("readonly:\n  map_file: %s\n  page_file: %s\n  vcl_file: %s\n  site_vcl_file: %s\n  retry_after: 120\n",
		rl.mapFile, l.Path("ro.html"), l.Path("ro.vcl"), l.Path("site.vcl"))
	rl.cfg = l.Path("opsctl.yaml")
	if err := os.WriteFile(rl.cfg, []byte(rl.roYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	// The HAProxy lines, map file, page and VCL come from readonly init.
	extra := readonlyInitFrontend(t, rl.cfg, l.Dir)

	var err error
	if rl.caches, rl.lbs, err = l.StartSite(nCache, nLB, siteVCL, extra); err != nil {
		t.Fatal(err)
	}
	rl.writeConfig(t, rl.cfg)
	return rl
}

// writeConfig writes the inventory naming every node of the lab.
func (rl *roLab) writeConfig(t testing.TB, path string) {
	t.Helper()
	var b strings.Builder
	b.WriteString(rl.roYAML)
	if rl.probes {
		b.WriteString("  probes:\n")
		for _, h := range rl.lbs {
			fmt.Fprintf(&b, "    - http://127.0.0.1:%d/probe\n", h.FrontendPort)
		}
	}
	b.WriteString(lab.NodesInventoryYAML(rl.lbs, rl.caches))
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runCLIb is runCLI for tests and benchmarks alike.
func runCLIb(t testing.TB, args ...string) (string, string, int) {
	var out, errOut strings.Builder
	code := run(args, &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, TermWide: 80})
	if j, linesOnly := jsonArgs(args); j && linesOnly {
		checkJSONLines(t, args, out.String(), code, code != 0)
	}
	return out.String(), errOut.String(), code
}

type roResp struct {
	status int
	body   string
	hdr    http.Header
}

func roDo(t testing.TB, method, url string) roResp {
	t.Helper()
	var body io.Reader
	if method != http.MethodGet && method != http.MethodHead {
		body = strings.NewReader("x=1")
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Cookie", "sess=logged-in")
	req.Host = "shop.example" // one cache key whichever LB is asked
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return roResp{resp.StatusCode, string(b), resp.Header}
}

func (rl *roLab) url(i int, path string) string {
	return fmt.Sprintf("http://127.0.0.1:%d%s", rl.lbs[i].FrontendPort, path)
}

func readFile(t testing.TB, p string) string {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readonlyInitFrontend runs `opsctl readonly init` with the inventory cfg
// (the map file, page and VCL land in dir) and returns the HAProxy
// frontend lines it wrote, without comments and blank lines, for the
// lab's HAProxy config.
func readonlyInitFrontend(t testing.TB, cfg, dir string) []string {
	t.Helper()
	if out, errOut, code := runCLIb(t, "-c", cfg, "readonly", "init", "--dir", dir); code != 0 {
		t.Fatalf("readonly init: exit %d\n%s%s", code, out, errOut)
	}
	extra, err := lab.FrontendLines(filepath.Join(dir, "haproxy-frontend.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	return extra
}
