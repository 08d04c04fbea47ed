package lab

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsctl/opsctl/transport"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/crypto/ssh/knownhosts"
)

// SSHDOptions configures a fleet of sshd hosts.
type SSHDOptions struct {
	N      int    // number of hosts (default 1)
	Prefix string // host name prefix (default "host"): host001, host002, ...
	Width  int    // digits in the number (default 3)
	// NoReexec starts sshd with -r (no re-exec per connection): faster
	// logins, used to evaluate the benchmark. Off by default (realistic).
	NoReexec bool
	// ExtraConfig is appended to every sshd_config.
	ExtraConfig string
}

// SSHFleet is a set of real OpenSSH servers on 127.0.0.1, each with its own
// host key, its own port, its own view of /srv, /tmp and /root (a mount
// namespace) and its own processes (a PID namespace: everything a host's
// sessions start dies with the host).
type SSHFleet struct {
	Hosts      []*SSHHost
	ClientKey  string // path of the client's private key (ed25519, no passphrase)
	ClientPub  string // path of the client's public key
	KnownHosts string // path of a strict known_hosts with every host's key
	User       string // login user (root)

	lab *Lab
	dir string // the fleet's keys and known_hosts

	agentMu   sync.Mutex
	agentSock string
	signer    ssh.Signer
}

// SSHHost is one sshd.
type SSHHost struct {
	Name string
	Port int
	// Root is the host's private directory: the host sees Root/srv at
	// /srv, Root/tmp at /tmp and Root/root at /root (its own mount
	// namespace). The lab directory itself stays visible at its usual path.
	Root    string
	Proc    *Proc
	HostKey ssh.PublicKey

	fleet   *SSHFleet
	keyPath string
	cfgPath string
	mu      sync.Mutex
}

// Addr is the host's address as host:port.
func (h *SSHHost) Addr() string { return fmt.Sprintf("127.0.0.1:%d", h.Port) }

// KnownHostsLine is the host's known_hosts line.
func (h *SSHHost) KnownHostsLine() string {
	return knownhosts.Line([]string{h.Addr()}, h.HostKey)
}

// StartSSHD starts opts.N sshd processes in parallel and waits until every
// one accepts connections. It needs root (mount namespaces).
func (l *Lab) StartSSHD(opts SSHDOptions) (*SSHFleet, error) {
	if os.Geteuid() != 0 {
		return nil, ErrNotRoot
	}
	if opts.N <= 0 {
		opts.N = 1
	}
	if opts.Prefix == "" {
		opts.Prefix = "host"
	}
	if opts.Width == 0 {
		opts.Width = 3
	}
	sshd, err := LookPath("sshd")
	if err != nil {
		return nil, err
	}
	if _, err := LookPath("unshare"); err != nil {
		return nil, err
	}
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		return nil, err
	}
	if err := os.MkdirAll("/srv", 0o755); err != nil {
		return nil, err
	}
	// Several fleets may share a lab (different prefixes); each has its
	// own client key, authorized_keys and known_hosts.
	f := &SSHFleet{lab: l, User: "root", dir: l.Path("ssh-" + opts.Prefix)}
	if err := os.Mkdir(f.dir, 0o755); err != nil {
		if os.IsExist(err) {
			return nil, fmt.Errorf("lab: an sshd fleet with prefix %q was already started in this lab", opts.Prefix)
		}
		return nil, err
	}
	if err := f.writeClientKey(); err != nil {
		return nil, err
	}
	ports, err := FreePorts(opts.N)
	if err != nil {
		return nil, err
	}
	for i := 0; i < opts.N; i++ {
		name := fmt.Sprintf("%s%0*d", opts.Prefix, opts.Width, i+1)
		h := &SSHHost{Name: name, Port: ports[i], Root: l.Path("h", name), fleet: f}
		if err := h.prepare(sshd, opts); err != nil {
			return nil, err
		}
		f.Hosts = append(f.Hosts, h)
	}
	errs := make([]error, len(f.Hosts))
	var wg sync.WaitGroup
	for i, h := range f.Hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = h.start(true)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	// After the start: a host may have moved to another port.
	if err := f.WriteKnownHosts(f.KnownHosts); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *SSHFleet) writeClientKey() error {
	f.ClientKey, f.ClientPub, f.KnownHosts = f.path("id_ed25519"), f.path("id_ed25519.pub"), f.path("known_hosts")
	signer, err := writeKeyPair(f.ClientKey, "opsctl-lab-client")
	if err != nil {
		return err
	}
	f.signer = signer
	pub := ssh.MarshalAuthorizedKey(signer.PublicKey())
	if err := os.WriteFile(f.ClientPub, pub, 0o644); err != nil {
		return err
	}
	return os.WriteFile(f.path("authorized_keys"), pub, 0o644)
}

func (f *SSHFleet) path(name string) string { return filepath.Join(f.dir, name) }

// writeKeyPair writes a new ed25519 private key (OpenSSH format, 0600).
func writeKeyPair(path, comment string) (ssh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := ssh.MarshalPrivateKey(priv, comment)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return nil, err
	}
	return ssh.NewSignerFromKey(priv)
}

func (h *SSHHost) prepare(sshd string, opts SSHDOptions) error {
	l := h.fleet.lab
	for _, d := range []string{"srv", "tmp", "root", "etc"} {
		if err := os.MkdirAll(filepath.Join(h.Root, d), 0o755); err != nil {
			return err
		}
	}
	os.Chmod(filepath.Join(h.Root, "tmp"), 0o1777)
	os.Chmod(filepath.Join(h.Root, "root"), 0o700)
	if err := os.WriteFile(filepath.Join(h.Root, "srv", "hostname"), []byte(h.Name+"\n"), 0o644); err != nil {
		return err
	}
	h.keyPath = filepath.Join(h.Root, "etc", "ssh_host_ed25519_key")
	h.cfgPath = filepath.Join(h.Root, "etc", "sshd_config")
	if err := h.newHostKey(); err != nil {
		return err
	}
	cfg := fmt.Sprintf(`# opsctl lab host %s
Port %d
ListenAddress 127.0.0.1
HostKey %s
PidFile none
AuthorizedKeysFile %s
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
MaxStartups 1000:30:1000
MaxSessions 100
MaxAuthTries 20
LoginGraceTime 30
UseDNS no
AllowStreamLocalForwarding yes
AllowTcpForwarding yes
PrintMotd no
PrintLastLog no
Subsystem sftp internal-sftp
%s
`, h.Name, h.Port, h.keyPath, h.fleet.path("authorized_keys"), opts.ExtraConfig)
	if err := os.WriteFile(h.cfgPath, []byte(cfg), 0o644); err != nil {
		return err
	}
	// The mount namespace: /srv, /root and /tmp come from Root. The lab
	// directory usually lives under /tmp, so it is first bound into the
	// host's tmp at the same relative path: sshd (which re-reads its
	// config and keys for every connection) keeps seeing it.
	var script strings.Builder
	script.WriteString("set -e\n")
	if rel, ok := strings.CutPrefix(l.Dir, "/tmp/"); ok {
		inner := filepath.Join(h.Root, "tmp", rel)
		if err := os.MkdirAll(inner, 0o755); err != nil {
			return err
		}
		fmt.Fprintf(&script, "mount --bind %s %s\n", shq(l.Dir), shq(inner))
	}
	fmt.Fprintf(&script, "mount --bind %s /srv\n", shq(filepath.Join(h.Root, "srv")))
	fmt.Fprintf(&script, "mount --bind %s /root\n", shq(filepath.Join(h.Root, "root")))
	fmt.Fprintf(&script, "mount --rbind %s /tmp\n", shq(filepath.Join(h.Root, "tmp")))
	flags := "-D -e"
	if opts.NoReexec {
		flags += " -r"
	}
	fmt.Fprintf(&script, "exec %s %s -f %s\n", shq(sshd), flags, shq(h.cfgPath))
	return os.WriteFile(filepath.Join(h.Root, "etc", "start.sh"), []byte(script.String()), 0o755)
}

func shq(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (h *SSHHost) newHostKey() error {
	s, err := writeKeyPair(h.keyPath, "opsctl-lab-"+h.Name)
	if err != nil {
		return err
	}
	h.HostKey = s.PublicKey()
	return nil
}

// start starts the host's sshd. When the port was taken meanwhile (other
// programs pick free ports too) and moving is allowed, it retries on
// another port.
func (h *SSHHost) start(mayMove bool) error {
	for attempt := 0; ; attempt++ {
		// Own mount namespace (own /srv, /tmp, /root) and own PID
		// namespace with its own /proc: whatever the host's sessions
		// start (even daemons that setsid away) dies with the host, and
		// ps/pgrep on the host see only its processes.
		cmd := exec.Command("unshare", "--mount", "--pid", "--kill-child", "--mount-proc", "--propagation", "private",
			"sh", filepath.Join(h.Root, "etc", "start.sh"))
		p, err := h.fleet.lab.Start(h.Name, cmd)
		if err != nil {
			return err
		}
		h.mu.Lock()
		h.Proc = p
		h.mu.Unlock()
		err = WaitTCP(h.Addr(), p, 20*time.Second)
		if err == nil {
			return nil
		}
		log := logTail(p.LogPath)
		if mayMove && attempt < 3 && strings.Contains(log, "Address already in use") {
			port, perr := FreePort()
			if perr != nil {
				return perr
			}
			if err := h.setPort(port); err != nil {
				return err
			}
			continue
		}
		return fmt.Errorf("%w\n%s", err, log)
	}
}

func (h *SSHHost) setPort(port int) error {
	b, err := os.ReadFile(h.cfgPath)
	if err != nil {
		return err
	}
	s := strings.Replace(string(b), fmt.Sprintf("\nPort %d\n", h.Port), fmt.Sprintf("\nPort %d\n", port), 1)
	h.Port = port
	return os.WriteFile(h.cfgPath, []byte(s), 0o644)
}

func logTail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 1500 {
		b = b[len(b)-1500:]
	}
	return strings.TrimSpace(string(b))
}

// Kill stops the host's sshd (SIGKILL): the host is "down".
func (h *SSHHost) Kill() {
	h.mu.Lock()
	p := h.Proc
	h.mu.Unlock()
	if p != nil {
		p.Kill()
	}
	// unshare is gone; sshd (the PID namespace's init) may still be on
	// its way out: wait until the port is closed.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", h.Addr(), 100*time.Millisecond)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(5 * time.Millisecond)
	}
}

// Restart kills the host's sshd if it runs and starts it again on the same
// port with the same (or a changed) host key.
func (h *SSHHost) Restart() error {
	h.Kill()
	return h.start(false)
}

// ChangeHostKey gives the host a new host key and restarts it: the fleet's
// known_hosts now has the wrong key for it (a "changed key" host).
func (h *SSHHost) ChangeHostKey() error {
	if err := h.newHostKey(); err != nil {
		return err
	}
	return h.Restart()
}

// Host returns the named host, or nil.
func (f *SSHFleet) Host(name string) *SSHHost {
	for _, h := range f.Hosts {
		if h.Name == name {
			return h
		}
	}
	return nil
}

// WriteKnownHosts writes a known_hosts file with the key of every host
// except those named in omit (they are "unknown" hosts for that file).
func (f *SSHFleet) WriteKnownHosts(path string, omit ...string) error {
	skip := map[string]bool{}
	for _, n := range omit {
		skip[n] = true
	}
	var b strings.Builder
	for _, h := range f.Hosts {
		if !skip[h.Name] {
			b.WriteString(h.KnownHostsLine() + "\n")
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// CA is an SSH certificate authority the lab signs host keys with
// (ssh-keygen -s), as fleets that use host certificates do.
type CA struct {
	Key string        // private key path
	Pub ssh.PublicKey //
}

// NewCA writes a new CA key pair in the fleet's directory.
func (f *SSHFleet) NewCA(name string) (*CA, error) {
	p := f.path(name)
	s, err := writeKeyPair(p, "opsctl-lab-ca-"+name)
	if err != nil {
		return nil, err
	}
	return &CA{Key: p, Pub: s.PublicKey()}, nil
}

// KnownHostsLine is the @cert-authority line trusting the CA for the
// given hosts' addresses ("[127.0.0.1]:port" each: known_hosts patterns
// never wildcard a port).
func (c *CA) KnownHostsLine(hosts ...*SSHHost) string {
	var pats []string
	for _, h := range hosts {
		pats = append(pats, knownhosts.Normalize(h.Addr()))
	}
	return "@cert-authority " + strings.Join(pats, ",") + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(c.Pub)))
}

// SetHostCertificate signs the host's key with ca (ssh-keygen -s ... -h)
// for principals, valid for validity (ssh-keygen -V syntax, e.g. "-5m:+1h"
// or "20200101:20200102"; "" = forever), makes sshd present it
// (HostCertificate) and restarts it on the same port.
func (h *SSHHost) SetHostCertificate(ca *CA, principals []string, validity string) error {
	keygen, err := LookPath("ssh-keygen")
	if err != nil {
		return err
	}
	pub := h.keyPath + ".pub"
	if err := os.WriteFile(pub, ssh.MarshalAuthorizedKey(h.HostKey), 0o644); err != nil {
		return err
	}
	args := []string{"-q", "-s", ca.Key, "-I", h.Name, "-h", "-n", strings.Join(principals, ","), "-z", "1"}
	if validity != "" {
		args = append(args, "-V", validity)
	}
	if out, err := exec.Command(keygen, append(args, pub)...).CombinedOutput(); err != nil {
		return fmt.Errorf("ssh-keygen -s: %v: %s", err, out)
	}
	b, err := os.ReadFile(h.cfgPath)
	if err != nil {
		return err
	}
	line := "HostCertificate " + h.keyPath + "-cert.pub\n"
	if !strings.Contains(string(b), line) {
		if err := os.WriteFile(h.cfgPath, append(b, line...), 0o644); err != nil {
			return err
		}
	}
	return h.Restart()
}

// StartAgent serves an in-process ssh-agent holding the client key on a
// unix socket in the lab directory and returns the socket path (for
// SSH_AUTH_SOCK). It stops when the lab closes.
func (f *SSHFleet) StartAgent() (string, error) {
	f.agentMu.Lock()
	defer f.agentMu.Unlock()
	if f.agentSock != "" {
		return f.agentSock, nil
	}
	b, err := os.ReadFile(f.ClientKey)
	if err != nil {
		return "", err
	}
	raw, err := ssh.ParseRawPrivateKey(b)
	if err != nil {
		return "", err
	}
	kr := agent.NewKeyring()
	if err := kr.Add(agent.AddedKey{PrivateKey: raw, Comment: "opsctl-lab-client"}); err != nil {
		return "", err
	}
	sock := f.path("agent.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return "", err
	}
	f.lab.OnClose(func() { ln.Close() })
	f.agentSock = sock
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				agent.ServeAgent(kr, c)
			}()
		}
	}()
	return sock, nil
}

// InventoryYAML returns an opsctl.yaml for the fleet: the ssh section (user,
// the client key, the strict known_hosts, no agent, no ~/.ssh/config) and
// every host with its port, followed by extra.
func (f *SSHFleet) InventoryYAML(extra string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ssh:\n  user: %s\n  identity_files: [%s]\n  known_hosts: %s\n  agent: false\n  config_file: none\n  connect_timeout: 5s\nhosts:\n",
		f.User, f.ClientKey, f.KnownHosts)
	for _, h := range f.Hosts {
		fmt.Fprintf(&b, "  - {name: %s, address: 127.0.0.1, port: %d}\n", h.Name, h.Port)
	}
	if extra != "" {
		b.WriteString(extra)
		if !strings.HasSuffix(extra, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// TransportOptions are pool options for the fleet: its user, client key and
// strict known_hosts, no agent, no ~/.ssh/config.
func (f *SSHFleet) TransportOptions() transport.Options {
	return transport.Options{
		User:           f.User,
		IdentityFiles:  []string{f.ClientKey},
		KnownHostsFile: f.KnownHosts,
		ConnectTimeout: 5 * time.Second,
		SSHConfigFile:  "none",
	}
}

// Target is the host as a transport target.
func (h *SSHHost) Target() transport.Target {
	return transport.Target{Name: h.Name, Address: "127.0.0.1", Port: h.Port}
}

// StartSSHDT starts a fleet of n sshd hosts for a test or benchmark: it
// skips under -short, requires root, sshd and unshare (failing instead of
// skipping in CI), and stops everything at cleanup.
func StartSSHDT(t testing.TB, n int) (*Lab, *SSHFleet) {
	t.Helper()
	SkipShort(t)
	RequireRoot(t)
	Require(t, "sshd", "unshare")
	l := NewT(t)
	f, err := l.StartSSHD(SSHDOptions{N: n})
	if err != nil {
		t.Fatal(err)
	}
	return l, f
}
