package lab

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"

	"strconv"
	"time"
)

// VarnishOptions configure StartVarnish.
type VarnishOptions struct {
	// Name names the instance ("v1" by default); it is the -n directory and
	// the log name.
	Name string
	// BackendAddr is the backend's host:port for the default VCL
	// (default 127.0.0.1:9, nothing listening: fine for CLI tests).
	BackendAddr string
	// VCL replaces the default VCL source.
	VCL string
	// Secret is the -S file's content (default: 32 random hex bytes and a
	// newline, like varnish's packaging makes).
	Secret []byte
}

// Varnish is a running varnishd.
type Varnish struct {
	Name       string
	AdminAddr  string // the -T address
	SecretFile string // the -S file
	HTTPPort   int
	HTTPAddr   string
	Dir        string // the -n directory
	Proc       *Proc
}

// Stop stops varnishd (manager and child).
func (v *Varnish) Stop() { v.Proc.Stop() }

// DefaultVCL is a minimal VCL 4.1 pointing at addr.
func DefaultVCL(host string, port int) string {
	return fmt.Sprintf("vcl 4.1;\n\nbackend default {\n    .host = %q;\n    .port = \"%d\";\n}\n", host, port)
}

// StartVarnish starts varnishd -F on loopback with a -T admin port and a -S
// secret, and waits until the CLI answers. Running as root, varnishd drops
// the child's privileges to vcache/varnish; the lab directory is 0755 and
// the files it reads are world-readable except the secret (read by the
// manager, which stays root).
func (l *Lab) StartVarnish(o VarnishOptions) (*Varnish, error) {
	bin, err := LookPath("varnishd")
	if err != nil {
		return nil, err
	}
	if o.Name == "" {
		o.Name = "v1"
	}
	ports, err := FreePorts(2)
	if err != nil {
		return nil, err
	}
	v := &Varnish{
		Name:       o.Name,
		AdminAddr:  "127.0.0.1:" + strconv.Itoa(ports[1]),
		HTTPPort:   ports[0],
		HTTPAddr:   "127.0.0.1:" + strconv.Itoa(ports[0]),
		Dir:        l.Path(o.Name),
		SecretFile: l.Path(o.Name + ".secret"),
	}
	if o.Secret == nil {
		b := make([]byte, 16)
		rand.Read(b)
		o.Secret = []byte(hex.EncodeToString(b) + "\n")
	}
	if err := os.WriteFile(v.SecretFile, o.Secret, 0o600); err != nil {
		return nil, err
	}
	if o.VCL == "" {
		host, port := "127.0.0.1", 9
		if o.BackendAddr != "" {
			var ps string
			host, ps, err = net.SplitHostPort(o.BackendAddr)
			if err != nil {
				return nil, err
			}
			port, _ = strconv.Atoi(ps)
		}
		o.VCL = DefaultVCL(host, port)
	}
	vclPath := l.Path(o.Name + ".vcl")
	if err := os.WriteFile(vclPath, []byte(o.VCL), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-F",
		"-n", v.Dir,
		"-a", v.HTTPAddr,
		"-T", v.AdminAddr,
		"-S", v.SecretFile,
		"-f", vclPath,
		"-s", "malloc,16m",
		"-p", "thread_pools=1",
		"-p", "thread_pool_min=5",
		"-p", "thread_pool_max=50",
		"-p", "cli_timeout=30",
	)
	cmd.Dir = l.Dir
	p, err := l.Start("varnishd-"+o.Name, cmd)
	if err != nil {
		return nil, err
	}
	v.Proc = p
	if err := WaitTCP(v.AdminAddr, p, 30*time.Second); err != nil {
		return nil, err
	}
	// The CLI port opens before the child has finished starting; wait for
	// the HTTP listener too so tests see a running child.
	if err := WaitTCP(v.HTTPAddr, p, 30*time.Second); err != nil {
		return nil, err
	}
	return v, nil
}
