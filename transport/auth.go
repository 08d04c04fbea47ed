package transport

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// authenticator holds the agent connection and the parsed identity files.
type authenticator struct {
	agent     agent.ExtendedAgent
	agentConn net.Conn
	agentSock string
	agentErr  string
	explicit  []ssh.Signer // Options.IdentityFiles (or the defaults)
	files     []string

	mu    sync.Mutex
	cache map[string]ssh.Signer // ssh config IdentityFiles, loaded on demand
}

func newAuthenticator(opts Options) (*authenticator, error) {
	a := &authenticator{cache: map[string]ssh.Signer{}}
	if opts.UseAgent {
		if sock := os.Getenv("SSH_AUTH_SOCK"); sock != "" {
			// Like OpenSSH, a dead agent is not fatal: the identity
			// files may do; the auth error mentions it.
			conn, err := net.Dial("unix", sock)
			if err != nil {
				a.agentErr = fmt.Sprintf("ssh-agent at SSH_AUTH_SOCK=%s unusable: %v", sock, unwrapOpError(err))
			} else {
				a.agentConn, a.agentSock = conn, sock
				a.agent = agent.NewClient(conn)
			}
		}
	}
	files := opts.IdentityFiles
	for _, f := range files {
		f = expandTilde(f)
		s, err := loadKey(f)
		if err != nil {
			a.close()
			return nil, err
		}
		a.explicit = append(a.explicit, s)
		a.files = append(a.files, f)
	}
	if len(files) == 0 && a.agent == nil {
		// Like OpenSSH: the default keys, when present.
		for _, n := range []string{"id_ed25519", "id_ecdsa", "id_rsa"} {
			f := filepath.Join(homeDir(), ".ssh", n)
			if _, err := os.Stat(f); err != nil {
				continue
			}
			if s, err := loadKey(f); err == nil {
				a.explicit = append(a.explicit, s)
				a.files = append(a.files, f)
			}
		}
	}
	return a, nil
}

// ErrEncryptedKey is returned for an identity file protected by a
// passphrase: opsctl never prompts; load such keys into ssh-agent.
var ErrEncryptedKey = errors.New("identity file is encrypted")

func loadKey(path string) (ssh.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("identity file %s: %w", path, errors.Unwrap(err))
	}
	s, err := ssh.ParsePrivateKey(b)
	if err != nil {
		var pm *ssh.PassphraseMissingError
		if errors.As(err, &pm) {
			return nil, fmt.Errorf("identity file %s: %w with a passphrase; opsctl does not prompt: add it to ssh-agent (ssh-add %s) and set ssh.agent: true", path, ErrEncryptedKey, path)
		}
		return nil, fmt.Errorf("identity file %s: %w", path, err)
	}
	return s, nil
}

// signersFor returns the signer callback for one host: agent keys first,
// then the configured identity files, then the host's IdentityFile lines
// from the ssh config (missing ones are skipped, as OpenSSH does).
func (a *authenticator) signersFor(r *resolved) (func() ([]ssh.Signer, error), error) {
	var extra []ssh.Signer
	for _, f := range r.identityFiles {
		a.mu.Lock()
		s, ok := a.cache[f]
		a.mu.Unlock()
		if !ok {
			var err error
			s, err = loadKey(f)
			if err != nil {
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				if errors.Is(err, ErrEncryptedKey) && a.agent != nil {
					continue // the agent may hold it
				}
				return nil, err
			}
			a.mu.Lock()
			a.cache[f] = s
			a.mu.Unlock()
		}
		extra = append(extra, s)
	}
	if a.agent == nil && len(a.explicit) == 0 && len(extra) == 0 {
		msg := "no SSH key to log in with: set ssh.identity_files, or run ssh-agent (SSH_AUTH_SOCK) with ssh.agent: true"
		if a.agentErr != "" {
			msg += " (" + a.agentErr + ")"
		}
		return nil, errors.New(msg)
	}
	return func() ([]ssh.Signer, error) {
		var out []ssh.Signer
		if a.agent != nil {
			s, err := a.agent.Signers()
			if err == nil {
				out = append(out, s...)
			}
		}
		out = append(out, a.explicit...)
		return append(out, extra...), nil
	}, nil
}

func (a *authenticator) describe(r *resolved) string {
	var parts []string
	if a.agent != nil {
		parts = append(parts, "ssh-agent "+a.agentSock)
	} else if a.agentErr != "" {
		parts = append(parts, a.agentErr)
	}
	parts = append(parts, a.files...)
	parts = append(parts, r.identityFiles...)
	if len(parts) == 0 {
		return "no keys"
	}
	return "tried " + strings.Join(parts, ", ")
}

func (a *authenticator) close() {
	if a.agentConn != nil {
		a.agentConn.Close()
	}
}
