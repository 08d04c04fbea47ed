package lab

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// HTTPBackend is a tiny in-process HTTP server on loopback for HAProxy's
// backends. GET /hold blocks until Release is called (to keep a session
// open through HAProxy); every other path answers 200 at once.
type HTTPBackend struct {
	Addr string

	mu   sync.Mutex
	hold chan struct{}
	held int // requests blocked in /hold now
}

// StartHTTPBackend starts an HTTPBackend, stopped at Close.
func (l *Lab) StartHTTPBackend() (*HTTPBackend, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &HTTPBackend{Addr: ln.Addr().String(), hold: make(chan struct{})}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hold" {
			b.mu.Lock()
			ch := b.hold
			b.held++
			b.mu.Unlock()
			select {
			case <-ch:
			case <-r.Context().Done():
			}
			b.mu.Lock()
			b.held--
			b.mu.Unlock()
		}
		io.WriteString(w, "ok\n")
	})}
	go srv.Serve(ln)
	l.OnClose(func() {
		b.Release()
		srv.Close()
	})
	return b, nil
}

// Held is the number of requests blocked in /hold now.
func (b *HTTPBackend) Held() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.held
}

// WaitHeld waits until at least n requests are blocked in /hold, or the
// timeout passes.
func (b *HTTPBackend) WaitHeld(n int, timeout time.Duration) error {
	if err := waitFor(nil, timeout, func() bool { return b.Held() >= n }, fmt.Sprintf("%d held requests", n)); err != nil {
		return fmt.Errorf("%w (%d held)", err, b.Held())
	}
	return nil
}

// Release lets every request blocked in /hold finish.
func (b *HTTPBackend) Release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.hold)
	b.hold = make(chan struct{})
}

// HAProxyBackend is one backend section: servers s01, s02, ... at Addrs.
type HAProxyBackend struct {
	Name  string
	Addrs []string
	Check bool // health checks every 500ms
}

// HAProxyOptions configure StartHAProxy.
type HAProxyOptions struct {
	// Name names the instance's files (default h1, h2, ...).
	Name string
	// Backends; default one backend "app" with 2 servers at an HTTP
	// backend the lab starts. The frontend's default backend is the first;
	// a request header "X-Backend: NAME" picks another.
	Backends []HAProxyBackend
	// AdminTCP adds "stats socket ipv4@127.0.0.1:PORT level admin".
	AdminTCP bool
	// StateFile adds server-state-file + load-server-state-from-file.
	StateFile bool
	// GlobalExtra and FrontendExtra are extra config lines for the global
	// and frontend sections (e.g. a read-only switch driven by a map).
	GlobalExtra, FrontendExtra []string
}

// HAProxy is a running haproxy in master-worker mode.
type HAProxy struct {
	Name         string
	AdminSock    string // unix socket path (level admin)
	AdminTCP     string // host:port, when asked for
	MasterSock   string // master CLI
	FrontendPort int
	Config       string
	StateFile    string // server-state-file path, when asked for
	MapFile      string // used by map(): "http-request set-header X-Map"
	ACLFile      string // used by "acl blocked src -f"
	Proc         *Proc
	HTTP         *HTTPBackend // the backend started by default, if any
}

var haproxySeq struct {
	sync.Mutex
	n map[*Lab]int
}

// StartHAProxy writes a config and starts "haproxy -W -db -S master.sock -f
// cfg", waiting until the admin socket answers.
func (l *Lab) StartHAProxy(o HAProxyOptions) (*HAProxy, error) {
	bin, err := LookPath("haproxy")
	if err != nil {
		return nil, err
	}
	if o.Name == "" {
		haproxySeq.Lock()
		if haproxySeq.n == nil {
			haproxySeq.n = map[*Lab]int{}
		}
		haproxySeq.n[l]++
		o.Name = fmt.Sprintf("h%d", haproxySeq.n[l])
		haproxySeq.Unlock()
	}
	h := &HAProxy{
		Name:       o.Name,
		AdminSock:  l.Path(o.Name + ".sock"),
		MasterSock: l.Path(o.Name + "-m.sock"),
		Config:     l.Path(o.Name + ".cfg"),
		MapFile:    l.Path(o.Name + ".map"),
		ACLFile:    l.Path(o.Name + ".acl"),
	}
	if len(o.Backends) == 0 {
		hb, err := l.StartHTTPBackend()
		if err != nil {
			return nil, err
		}
		h.HTTP = hb
		o.Backends = []HAProxyBackend{{Name: "app", Addrs: []string{hb.Addr, hb.Addr}, Check: true}}
	}
	ports, err := FreePorts(2)
	if err != nil {
		return nil, err
	}
	h.FrontendPort = ports[0]
	var b strings.Builder
	fmt.Fprintf(&b, "global\n    stats socket %s mode 600 level admin expose-fd listeners\n", h.AdminSock)
	if o.AdminTCP {
		h.AdminTCP = fmt.Sprintf("127.0.0.1:%d", ports[1])
		fmt.Fprintf(&b, "    stats socket ipv4@%s level admin\n", h.AdminTCP)
	}
	if o.StateFile {
		h.StateFile = l.Path(o.Name + ".state")
		fmt.Fprintf(&b, "    server-state-file %s\n", h.StateFile)
	}
	for _, x := range o.GlobalExtra {
		fmt.Fprintf(&b, "    %s\n", x)
	}
	b.WriteString("defaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n    timeout server 60s\n")
	if o.StateFile {
		b.WriteString("    load-server-state-from-file global\n")
	}
	fmt.Fprintf(&b, "frontend fe\n    bind 127.0.0.1:%d\n", h.FrontendPort)
	fmt.Fprintf(&b, "    acl blocked src -f %s\n    http-request deny if blocked\n", h.ACLFile)
	fmt.Fprintf(&b, "    http-request set-header X-Map %%[req.hdr(host),map(%s,none)]\n", h.MapFile)
	for _, x := range o.FrontendExtra {
		fmt.Fprintf(&b, "    %s\n", x)
	}
	b.WriteString("    use_backend %[req.hdr(x-backend)] if { req.hdr(x-backend) -m found }\n")
	fmt.Fprintf(&b, "    default_backend %s\n", o.Backends[0].Name)
	for _, be := range o.Backends {
		fmt.Fprintf(&b, "backend %s\n", be.Name)
		for i, a := range be.Addrs {
			fmt.Fprintf(&b, "    server s%02d %s", i+1, a)
			if be.Check {
				b.WriteString(" check inter 500ms")
			}
			b.WriteString("\n")
		}
	}
	for _, f := range []string{h.MapFile, h.ACLFile} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(h.Config, []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-W", "-db", "-S", h.MasterSock, "-f", h.Config)
	p, err := l.Start("haproxy-"+o.Name, cmd)
	if err != nil {
		return nil, err
	}
	h.Proc = p
	if err := WaitUnix(h.AdminSock, p, 10*time.Second); err != nil {
		return nil, err
	}
	// The master binds its CLI after forking the worker.
	if err := WaitUnix(h.MasterSock, p, 10*time.Second); err != nil {
		return nil, err
	}
	if h.AdminTCP != "" {
		if err := WaitTCP(h.AdminTCP, p, 10*time.Second); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// WorkerPid returns the worker's pid from "show info" on the admin socket.
func (h *HAProxy) WorkerPid() (string, error) {
	out, err := socketQuery("unix", h.AdminSock, "show info")
	if err != nil {
		return "", err
	}
	for _, ln := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(ln, "Pid: "); ok {
			return strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("lab: %s: no Pid in show info", h.Name)
}

// Reload asks the master to reload (new worker, same config file, which
// reads the server-state-file if configured) and waits until the new
// worker answers on the admin socket.
func (h *HAProxy) Reload() error {
	old, err := h.WorkerPid()
	if err != nil {
		return err
	}
	// The master re-executes itself (wait mode) after starting a worker;
	// its CLI refuses connections for a moment then, so retry the dial.
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, err := socketQuery("unix", h.MasterSock, "reload")
		if err == nil {
			break
		}
		if time.Now().After(deadline) || h.Proc.Exited() {
			return fmt.Errorf("lab: %s: reload: %w", h.Name, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for time.Now().Before(deadline) {
		if pid, err := h.WorkerPid(); err == nil && pid != old {
			return nil
		}
		if h.Proc.Exited() {
			return fmt.Errorf("lab: %s exited during reload (log: %s)", h.Name, h.Proc.LogPath)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("lab: %s: reload: worker pid still %s after 15s", h.Name, old)
}

// SaveState writes "show servers state" into the state file (what an
// operator's reload script does before reloading).
func (h *HAProxy) SaveState() error {
	if h.StateFile == "" {
		return fmt.Errorf("lab: %s has no state file", h.Name)
	}
	out, err := socketQuery("unix", h.AdminSock, "show servers state")
	if err != nil {
		return err
	}
	return os.WriteFile(h.StateFile, []byte(out), 0o600)
}

func socketQuery(network, addr, cmd string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return "", err
	}
	defer c.Close()
	dl, _ := ctx.Deadline()
	c.SetDeadline(dl)
	if _, err := io.WriteString(c, cmd+"\n"); err != nil {
		return "", err
	}
	var sb strings.Builder
	sc := bufio.NewScanner(c)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		sb.WriteString(sc.Text())
		sb.WriteByte('\n')
	}
	return sb.String(), sc.Err()
}
