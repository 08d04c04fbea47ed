package lab

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// StatsDDir is where Etsy's statsd is installed (scripts/setup puts it
// there with npm); OPSCTL_STATSD_DIR overrides it.
func StatsDDir() string {
	if d := os.Getenv("OPSCTL_STATSD_DIR"); d != "" {
		return d
	}
	return "/opt/opsctl-lab"
}

// StatsD is a running statsd daemon.
type StatsD struct {
	Addr     string // UDP host:port for metrics
	MgmtAddr string // TCP admin interface ("counters", "timers", "health")
	Proc     *Proc
}

// RequireStatsD skips (or fails in CI) when statsd or node is missing.
func RequireStatsD(t interface {
	Helper()
	Skip(...any)
	Fatalf(string, ...any)
}) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(StatsDDir(), "node_modules/statsd/stats.js")); err != nil {
		msg := "statsd not installed in " + StatsDDir() + " (run scripts/setup, or set OPSCTL_STATSD_DIR)"
		if InCI() {
			t.Fatalf("CI=true forbids skipping: %s", msg)
		}
		t.Skip(msg)
	}
}

// StartStatsD runs Etsy's statsd (node) on free loopback ports, flushing
// every flush (default 500ms) to the carbon line receiver carbonAddr
// ("" flushes nowhere: the console backend is not used either).
func (l *Lab) StartStatsD(carbonAddr string, flush time.Duration) (*StatsD, error) {
	node, err := LookPath("node")
	if err != nil {
		return nil, err
	}
	js := filepath.Join(StatsDDir(), "node_modules/statsd/stats.js")
	if _, err := os.Stat(js); err != nil {
		return nil, fmt.Errorf("lab: statsd: %w (run scripts/setup, or set OPSCTL_STATSD_DIR)", err)
	}
	if flush == 0 {
		flush = 500 * time.Millisecond
	}
	ports, err := FreePorts(2)
	if err != nil {
		return nil, err
	}
	var backends, graphite string
	if carbonAddr != "" {
		h, p, err := net.SplitHostPort(carbonAddr)
		if err != nil {
			return nil, err
		}
		backends = `"./backends/graphite"`
		graphite = fmt.Sprintf("graphiteHost: %q, graphitePort: %s, graphite: { legacyNamespace: true },", h, p)
	}
	cfg := fmt.Sprintf("{ address: \"127.0.0.1\", port: %d, mgmt_address: \"127.0.0.1\", mgmt_port: %d, flushInterval: %d, %s backends: [%s] }\n",
		ports[0], ports[1], flush.Milliseconds(), graphite, backends)
	path := l.Path("statsd.js")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(node, js, path)
	cmd.Dir = filepath.Dir(js)
	p, err := l.Start("statsd", cmd)
	if err != nil {
		return nil, err
	}
	s := &StatsD{Addr: "127.0.0.1:" + strconv.Itoa(ports[0]), MgmtAddr: "127.0.0.1:" + strconv.Itoa(ports[1]), Proc: p}
	if err := WaitTCP(s.MgmtAddr, p, 30*time.Second); err != nil {
		return nil, err
	}
	return s, nil
}

// Admin sends one command to the management interface ("counters",
// "timers", "gauges", "health") and returns the answer up to "END".
func (s *StatsD) Admin(cmd string) (string, error) {
	c, err := net.DialTimeout("tcp", s.MgmtAddr, 2*time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := fmt.Fprintf(c, "%s\n", cmd); err != nil {
		return "", err
	}
	var b strings.Builder
	sc := bufio.NewScanner(c)
	for sc.Scan() {
		line := sc.Text()
		if line == "END" {
			return b.String(), nil
		}
		b.WriteString(line + "\n")
		if cmd == "health" {
			return b.String(), nil
		}
	}
	return b.String(), sc.Err()
}

func dialTCP(addr string) (net.Conn, error) { return net.DialTimeout("tcp", addr, 2*time.Second) }
