package transport

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"net"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// HostKeyError is a refused host key: unknown (not in known_hosts) or
// changed (known_hosts has a different key for the host). A changed key is
// never accepted, not even with AcceptNewHostKeys.
type HostKeyError struct {
	Host        string // inventory name
	Address     string // host:port as dialled
	KeyType     string // e.g. ssh-ed25519
	Fingerprint string // SHA256:...
	File        string // the known_hosts file checked
	Changed     bool
	Known       []knownhosts.KnownKey // for a changed key: what the file has
	Revoked     bool
	// Cert is why a host certificate was refused ("" for a plain key);
	// CA is the fingerprint of the key that signed it.
	Cert, CA string
	// HasCA: known_hosts trusts a CA for this host, but the server
	// offered a plain key that is not on file.
	HasCA bool
}

func (e *HostKeyError) Error() string {
	hostPort := knownhosts.Normalize(e.Address)
	host, port, _ := net.SplitHostPort(e.Address)
	switch {
	case e.Cert != "":
		return fmt.Sprintf("host certificate of %s (%s) refused: %s (certificate for %s %s, signed by CA %s; checked against the @cert-authority lines of %s). Refusing to connect",
			e.Host, hostPort, e.Cert, e.KeyType, e.Fingerprint, e.CA, e.File)
	case e.Revoked:
		return fmt.Sprintf("host key %s %s of %s (%s) is marked @revoked in %s; refusing to connect",
			e.KeyType, e.Fingerprint, e.Host, hostPort, e.File)
	case e.Changed:
		var had []string
		for _, k := range e.Known {
			had = append(had, fmt.Sprintf("%s %s (%s:%d)", k.Key.Type(), ssh.FingerprintSHA256(k.Key), k.Filename, k.Line))
		}
		return fmt.Sprintf("HOST KEY CHANGED for %s (%s): the server offered %s %s but known_hosts has %s. "+
			"Someone may be intercepting the connection, or the host was reinstalled. Refusing to connect. "+
			"If the change is expected, check the new fingerprint with the host's admin, then remove the old key "+
			"with: ssh-keygen -R '%s' -f %s",
			e.Host, hostPort, e.KeyType, e.Fingerprint, strings.Join(had, ", "), hostPort, e.File)
	default:
		msg := fmt.Sprintf("host key of %s (%s) is not known: the server offered %s %s, which is not in %s. "+
			"Check the fingerprint with the host's admin, then add it (ssh-keyscan -p %s %s >> %s) "+
			"or re-run with --accept-new-host-keys to trust and record it",
			e.Host, hostPort, e.KeyType, e.Fingerprint, e.File, port, host, e.File)
		if e.HasCA {
			msg += ". (known_hosts has a @cert-authority line for this host, but the server offered a plain key, " +
				"not a certificate signed by it: check HostCertificate in the host's sshd_config)"
		}
		return msg
	}
}

// certProblem says in words why a host certificate was refused.
func certProblem(cert *ssh.Certificate, addr string, err error) string {
	host, _, _ := net.SplitHostPort(addr)
	m := err.Error()
	when := func(t uint64) string {
		if t == ssh.CertTimeInfinity {
			return "forever"
		}
		return time.Unix(int64(t), 0).UTC().Format(time.RFC3339)
	}
	switch {
	case strings.Contains(m, "no authorities for hostname"):
		return fmt.Sprintf("it is signed by a CA that known_hosts does not trust for %s (no matching @cert-authority line)", host)
	case strings.Contains(m, "revoked"):
		return fmt.Sprintf("the certificate (serial %d) or its CA is marked @revoked", cert.Serial)
	case strings.Contains(m, "not in the set of valid principals"):
		return fmt.Sprintf("it was issued for %s, not for %q (the name opsctl dialled)", strings.Join(cert.ValidPrincipals, ","), host)
	case strings.Contains(m, "has expired"):
		return "it expired on " + when(cert.ValidBefore)
	case strings.Contains(m, "not yet valid"):
		return "it is not valid before " + when(cert.ValidAfter)
	case strings.Contains(m, "signature does not verify"):
		return "its signature does not verify (forged or corrupted)"
	}
	return m
}

// Is makes errors.Is(err, ErrHostKey) true.
func (e *HostKeyError) Is(target error) bool { return target == ErrHostKey }

// knownHosts is one known_hosts file, shared by every connection that uses
// it. Keys accepted on first use are appended under a file lock, so
// concurrent connections (and concurrent opsctl processes) never interleave
// lines.
type knownHosts struct {
	path string

	mu  sync.Mutex
	cb  ssh.HostKeyCallback // nil until loaded
	cas []caLine            // the file's @cert-authority lines
}

// caLine is one @cert-authority line: the host patterns it signs for.
type caLine struct {
	patterns []string
	key      ssh.PublicKey
	line     int
}

func (k *knownHosts) callback() (ssh.HostKeyCallback, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cb == nil {
		if err := k.reloadLocked(); err != nil {
			return nil, err
		}
	}
	return k.cb, nil
}

func (k *knownHosts) reloadLocked() error {
	cb, err := knownhosts.New(k.path)
	if errors.Is(err, os.ErrNotExist) {
		cb, err = knownhosts.New() // no file yet: every host is unknown
	}
	if err != nil {
		return fmt.Errorf("known_hosts %s: %w", k.path, err)
	}
	k.cb = cb
	k.cas = readCALines(k.path)
	return nil
}

// readCALines reads the @cert-authority lines of a known_hosts file
// (knownhosts checks certificates against them, but counts their CA key
// as "the host's key" when the server offers a plain key instead).
func readCALines(path string) []caLine {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []caLine
	for i, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "@cert-authority") {
			continue
		}
		marker, hosts, key, _, _, err := ssh.ParseKnownHosts([]byte(l))
		if err != nil || marker != "cert-authority" {
			continue
		}
		out = append(out, caLine{patterns: hosts, key: key, line: i + 1})
	}
	return out
}

// isCA reports whether a known key (from a *knownhosts.KeyError) is a
// @cert-authority line, not a host key.
func (k *knownHosts) isCA(kk knownhosts.KnownKey) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.isCALocked(kk)
}

func (k *knownHosts) isCALocked(kk knownhosts.KnownKey) bool {
	for _, c := range k.cas {
		if kk.Line == c.line && kk.Filename == k.path {
			return true
		}
	}
	return false
}

// hasCA reports whether a @cert-authority line covers addr.
func (k *knownHosts) hasCA(addr string) bool {
	if _, err := k.callback(); err != nil {
		return false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = addr, "22"
	}
	for _, c := range k.cas {
		if matchHostPatterns(c.patterns, host, port) {
			return true
		}
	}
	return false
}

// matchHostPatterns is OpenSSH's known_hosts pattern list: comma-separated
// patterns with * and ?, "[host]:port" for other ports than 22, and !neg.
func matchHostPatterns(patterns []string, host, port string) bool {
	matched := false
	for _, p := range patterns {
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		ph, pp := p, "22"
		if strings.HasPrefix(p, "[") {
			if h, prt, err := net.SplitHostPort(p); err == nil {
				ph, pp = strings.Trim(h, "[]"), prt
			}
		}
		if pp != port { // as knownhosts does: the port is never a wildcard
			continue
		}
		if ok, _ := path.Match(ph, host); ok {
			if neg {
				return false
			}
			matched = true
		}
	}
	return matched
}

// probeKey is a key no server has; checking it yields the keys on file.
var probeKey = func() ssh.PublicKey {
	pub, _, _ := ed25519.GenerateKey(nil)
	k, _ := ssh.NewPublicKey(pub)
	return k
}()

// algorithms returns the host-key algorithms known_hosts has for addr, in
// our preference order, or nil when it has none (then the defaults apply).
// Offering only those makes the server present a key we can check even
// when it has keys of several types.
func (k *knownHosts) algorithms(addr string) []string {
	cb, err := k.callback()
	if err != nil {
		return nil
	}
	var algos []string
	if k.hasCA(addr) {
		// a certificate is what the fleet's CA vouches for: ask for one
		// first; plain keys on file (if any) after it
		algos = append(algos, certHostKeyAlgos...)
	}
	var ke *knownhosts.KeyError
	if err := cb(addr, fakeAddr(addr), probeKey); !errors.As(err, &ke) || len(ke.Want) == 0 {
		if algos != nil {
			return append(algos, preferredHostKeyAlgos...)
		}
		return nil
	}
	have := map[string]bool{}
	for _, w := range ke.Want {
		if !k.isCA(w) {
			have[w.Key.Type()] = true
		}
	}
	if len(have) == 0 {
		return append(algos, preferredHostKeyAlgos...)
	}
	for _, a := range preferredHostKeyAlgos {
		if have[keyTypeOf(a)] {
			algos = append(algos, a)
		}
	}
	return algos
}

var certHostKeyAlgos = []string{
	ssh.CertAlgoED25519v01,
	ssh.CertAlgoECDSA256v01, ssh.CertAlgoECDSA384v01, ssh.CertAlgoECDSA521v01,
	ssh.CertAlgoRSASHA512v01, ssh.CertAlgoRSASHA256v01, ssh.CertAlgoRSAv01,
}

var preferredHostKeyAlgos = []string{
	ssh.KeyAlgoED25519,
	ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521,
	ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA,
	ssh.KeyAlgoSKED25519, ssh.KeyAlgoSKECDSA256,
}

func keyTypeOf(algo string) string {
	switch algo {
	case ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256:
		return ssh.KeyAlgoRSA
	}
	return algo
}

func fakeAddr(addr string) net.Addr {
	if a, err := net.ResolveTCPAddr("tcp", addr); err == nil {
		return a
	}
	return &net.TCPAddr{}
}

// check verifies key for addr. With acceptNew, an unknown key is appended
// to the file; a changed key is always refused.
func (k *knownHosts) check(name, addr string, remote net.Addr, key ssh.PublicKey, acceptNew bool) error {
	cb, err := k.callback()
	if err != nil {
		return err
	}
	err = cb(addr, remote, key)
	if err == nil {
		return nil
	}
	hkErr := &HostKeyError{Host: name, Address: addr, KeyType: key.Type(), Fingerprint: ssh.FingerprintSHA256(key), File: k.path}
	if cert, ok := key.(*ssh.Certificate); ok {
		hkErr.Cert = certProblem(cert, addr, err)
		hkErr.Fingerprint = ssh.FingerprintSHA256(cert.Key)
		hkErr.CA = ssh.FingerprintSHA256(cert.SignatureKey)
		return hkErr
	}
	var re *knownhosts.RevokedError
	if errors.As(err, &re) {
		hkErr.Revoked = true
		return hkErr
	}
	var ke *knownhosts.KeyError
	if !errors.As(err, &ke) {
		return err
	}
	var want []knownhosts.KnownKey
	for _, w := range ke.Want {
		if k.isCA(w) {
			hkErr.HasCA = true // only a CA vouches for this host: not a changed key
			continue
		}
		want = append(want, w)
	}
	if len(want) > 0 {
		hkErr.Changed, hkErr.Known = true, want
		return hkErr
	}
	if !acceptNew {
		return hkErr
	}
	return k.appendKey(name, addr, remote, key, hkErr)
}

// appendKey records key for addr. It takes an exclusive lock on the file,
// re-reads it (another connection or process may have recorded this host
// meanwhile, possibly with a different key), then appends one line.
func (k *knownHosts) appendKey(name, addr string, remote net.Addr, key ssh.PublicKey, unknown *HostKeyError) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(k.path), 0o700); err != nil {
		return fmt.Errorf("known_hosts %s: %w", k.path, err)
	}
	f, err := os.OpenFile(k.path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("known_hosts %s: %w", k.path, err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("known_hosts %s: lock: %w", k.path, err)
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	if err := k.reloadLocked(); err != nil {
		return err
	}
	if err := k.cb(addr, remote, key); err == nil {
		return nil // someone recorded the same key meanwhile
	} else {
		var ke *knownhosts.KeyError
		if errors.As(err, &ke) {
			var want []knownhosts.KnownKey
			for _, w := range ke.Want {
				if !k.isCALocked(w) {
					want = append(want, w)
				}
			}
			if len(want) > 0 {
				unknown.Changed, unknown.Known = true, want
				return unknown
			}
		}
	}
	// Make sure the file ends with a newline before appending.
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, st.Size()-1); err == nil && last[0] != '\n' {
			f.Write([]byte("\n"))
		}
	}
	line := knownhosts.Line([]string{addr}, key) + "\n"
	if _, err := f.Write([]byte(line)); err != nil {
		return fmt.Errorf("known_hosts %s: %w", k.path, err)
	}
	return k.reloadLocked()
}
