package transport

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kevinburke/ssh_config"
)

// resolved is a Target with every setting decided: inventory values first,
// then the OpenSSH client config for the host's alias, then defaults.
type resolved struct {
	name          string
	host          string // address to dial (no port)
	port          int
	user          string
	identityFiles []string // from ssh config, in addition to Options'
	knownHosts    string
	acceptNew     bool
	jumpTarget    *Target
}

func (r *resolved) addr() string { return net.JoinHostPort(r.host, strconv.Itoa(r.port)) }

// key identifies one connection in the pool.
func (r *resolved) key() string {
	k := r.user + "@" + r.addr()
	if r.jumpTarget != nil {
		// the same host reached through another path is another
		// connection
		for j := r.jumpTarget; j != nil; {
			k += " via " + j.User + "@" + j.Name + ":" + strconv.Itoa(j.Port)
			if len(j.Via) == 0 {
				break
			}
			last := j.Via[len(j.Via)-1]
			last.Via = j.Via[:len(j.Via)-1]
			j = &last
		}
	}
	return k
}

// loadSSHConfig reads the OpenSSH client config: path, or ~/.ssh/config
// when path is "" (missing is fine), or nothing when path is "none".
func loadSSHConfig(path string) (*ssh_config.Config, string, error) {
	explicit := path != ""
	if path == "none" {
		return nil, "", nil
	}
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, "", nil
		}
		path = filepath.Join(home, ".ssh", "config")
	}
	path = expandTilde(path)
	f, err := os.Open(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return nil, "", nil
		}
		return nil, path, fmt.Errorf("ssh config %s: %w", path, err)
	}
	defer f.Close()
	cfg, err := ssh_config.Decode(f)
	if err != nil {
		return nil, path, fmt.Errorf("ssh config %s: %w (fix it, or set ssh.config_file: none to ignore it)", path, err)
	}
	return cfg, path, nil
}

func (p *Pool) sshGet(alias, key string) string {
	if p.sshcfg == nil {
		return ""
	}
	v, err := p.sshcfg.Get(alias, key)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(v)
}

func (p *Pool) sshGetAll(alias, key string) []string {
	if p.sshcfg == nil {
		return nil
	}
	v, _ := p.sshcfg.GetAll(alias, key)
	return v
}

// resolve decides a target's address, port, user, keys, known_hosts file
// and jump host.
func (p *Pool) resolve(t Target) (*resolved, error) {
	if t.Name == "" {
		t.Name = t.Address
	}
	if t.Name == "" {
		return nil, fmt.Errorf("target has neither a name nor an address")
	}
	alias := t.Name
	r := &resolved{name: t.Name}

	r.host = t.Address
	if r.host == "" {
		if hn := p.sshGet(alias, "HostName"); hn != "" {
			r.host = strings.ReplaceAll(hn, "%h", alias)
		} else {
			r.host = alias
		}
	}
	r.port = t.Port
	if r.port == 0 {
		r.port = p.opts.Port
	}
	if r.port == 0 {
		if s := p.sshGet(alias, "Port"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 || n > 65535 {
				return nil, fmt.Errorf("ssh config %s: Host %s: bad Port %q", p.sshcfgPath, alias, s)
			}
			r.port = n
		}
	}
	if r.port == 0 {
		r.port = 22
	}
	r.user = t.User
	if r.user == "" {
		r.user = p.opts.User
	}
	if r.user == "" {
		r.user = p.sshGet(alias, "User")
	}
	if r.user == "" {
		r.user = currentUser()
	}
	for _, f := range p.sshGetAll(alias, "IdentityFile") {
		r.identityFiles = append(r.identityFiles, p.expandTokens(f, r))
	}
	r.knownHosts = p.opts.KnownHostsFile
	if r.knownHosts == "" {
		if v := p.sshGet(alias, "UserKnownHostsFile"); v != "" && v != "none" {
			r.knownHosts = p.expandTokens(strings.Fields(v)[0], r)
		}
	}
	if r.knownHosts == "" {
		r.knownHosts = defaultKnownHosts()
	}
	r.knownHosts = expandTilde(r.knownHosts)
	r.acceptNew = p.opts.AcceptNewHostKeys
	switch strings.ToLower(p.sshGet(alias, "StrictHostKeyChecking")) {
	case "accept-new", "no", "off":
		// OpenSSH's "no" would also accept changed keys; opsctl never does.
		r.acceptNew = true
	}
	switch {
	case t.Via != nil:
		r.jumpTarget = chain(t.Via)
	case p.opts.Jump != nil:
		r.jumpTarget = p.opts.Jump
	default:
		if v := p.sshGet(alias, "ProxyJump"); v != "" && !strings.EqualFold(v, "none") {
			// ProxyJump a,b: a is dialled (by its own settings), b through
			// a, then the host through b: every hop of the list is used.
			var hops []Target
			for _, h := range strings.Split(v, ",") {
				jt, err := ParseJump(h)
				if err != nil {
					return nil, fmt.Errorf("ssh config %s: Host %s: ProxyJump: %w", p.sshcfgPath, alias, err)
				}
				hops = append(hops, jt)
			}
			if len(hops) > maxJumpDepth {
				return nil, fmt.Errorf("ssh config %s: Host %s: ProxyJump: %d hops (at most %d)", p.sshcfgPath, alias, len(hops), maxJumpDepth)
			}
			if len(hops) > 1 {
				// the first hop keeps its own config; later hops go
				// through the ones before them
				r.jumpTarget = chain(hops)
			} else {
				r.jumpTarget = &hops[0]
			}
		}
	}
	return r, nil
}

// chain turns hops [a, b, c] into the last hop c with Via [a, b] (nil for
// none). The first hop gets a nil Via (its own settings decide how it is
// reached); the others an explicit one.
func chain(hops []Target) *Target {
	if len(hops) == 0 {
		return nil
	}
	last := hops[len(hops)-1]
	if len(hops) > 1 {
		last.Via = append([]Target(nil), hops[:len(hops)-1]...)
	}
	return &last
}

// ParseJump parses a jump host written as [user@]host[:port] (an ssh config
// alias or an address).
func ParseJump(s string) (Target, error) {
	s = strings.TrimSpace(strings.TrimPrefix(s, "ssh://"))
	if s == "" {
		return Target{}, fmt.Errorf("empty jump host")
	}
	var t Target
	if i := strings.LastIndex(s, "@"); i >= 0 {
		t.User, s = s[:i], s[i+1:]
	}
	host := s
	if h, port, err := net.SplitHostPort(s); err == nil {
		n, err := strconv.Atoi(port)
		if err != nil || n <= 0 || n > 65535 {
			return Target{}, fmt.Errorf("jump host %q: bad port %q", s, port)
		}
		host, t.Port = h, n
	}
	if host == "" || strings.ContainsAny(host, " /\t") {
		return Target{}, fmt.Errorf("jump host %q: bad host", s)
	}
	t.Name = host
	return t, nil
}

func (p *Pool) expandTokens(s string, r *resolved) string {
	s = expandTilde(s)
	return strings.NewReplacer("%h", r.host, "%p", strconv.Itoa(r.port), "%r", r.user, "%n", r.name, "%d", homeDir(), "%u", currentUser(), "%%", "%").Replace(s)
}

func expandTilde(p string) string {
	if p == "~" {
		return homeDir()
	}
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(homeDir(), p[2:])
	}
	return p
}

func homeDir() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return "/"
	}
	return h
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "root"
}

func defaultKnownHosts() string { return filepath.Join(homeDir(), ".ssh", "known_hosts") }

// Resolved is a Target with every setting decided (inventory, then the ssh
// config, then defaults): what the pool will dial.
type Resolved struct {
	Name              string
	Address           string // host name or IP, without the port
	Port              int
	User              string
	KnownHostsFile    string
	AcceptNewHostKeys bool
	IdentityFiles     []string // from the ssh config, in addition to Options'
	Jump              *Target  // nil = direct
}

// Resolve returns the settings the pool would use for t, without
// connecting (for `opsctl inventory` and debugging).
func (p *Pool) Resolve(t Target) (Resolved, error) {
	r, err := p.resolve(t)
	if err != nil {
		return Resolved{}, err
	}
	out := Resolved{Name: r.name, Address: r.host, Port: r.port, User: r.user, KnownHostsFile: r.knownHosts,
		AcceptNewHostKeys: r.acceptNew, IdentityFiles: r.identityFiles}
	if r.jumpTarget != nil && !p.isSelf(r, *r.jumpTarget) {
		j := *r.jumpTarget
		out.Jump = &j
	}
	return out, nil
}
