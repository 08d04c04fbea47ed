package transport

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

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
}

func (e *HostKeyError) Error() string {
	hostPort := knownhosts.Normalize(e.Address)
	host, port, _ := net.SplitHostPort(e.Address)
	switch {
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
		return fmt.Sprintf("host key of %s (%s) is not known: the server offered %s %s, which is not in %s. "+
			"Check the fingerprint with the host's admin, then add it (ssh-keyscan -p %s %s >> %s) "+
			"or re-run with --accept-new-host-keys to trust and record it",
			e.Host, hostPort, e.KeyType, e.Fingerprint, e.File, port, host, e.File)
	}
}

// Is makes errors.Is(err, ErrHostKey) true.
func (e *HostKeyError) Is(target error) bool { return target == ErrHostKey }

// knownHosts is one known_hosts file, shared by every connection that uses
// it. Keys accepted on first use are appended under a file lock, so
// concurrent connections (and concurrent opsctl processes) never interleave
// lines.
type knownHosts struct {
	path string

	mu sync.Mutex
	cb ssh.HostKeyCallback // nil until loaded
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
	return nil
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
	var ke *knownhosts.KeyError
	if err := cb(addr, fakeAddr(addr), probeKey); !errors.As(err, &ke) || len(ke.Want) == 0 {
		return nil
	}
	have := map[string]bool{}
	for _, w := range ke.Want {
		have[w.Key.Type()] = true
	}
	var algos []string
	for _, a := range preferredHostKeyAlgos {
		if have[keyTypeOf(a)] {
			algos = append(algos, a)
		}
	}
	return algos
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
	var re *knownhosts.RevokedError
	if errors.As(err, &re) {
		hkErr.Revoked = true
		return hkErr
	}
	var ke *knownhosts.KeyError
	if !errors.As(err, &ke) {
		return err
	}
	if len(ke.Want) > 0 {
		hkErr.Changed, hkErr.Known = true, ke.Want
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
		if errors.As(err, &ke) && len(ke.Want) > 0 {
			unknown.Changed, unknown.Known = true, ke.Want
			return unknown
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
