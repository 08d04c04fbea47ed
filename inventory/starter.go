package inventory

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/kevinburke/ssh_config"
)

// StarterHost is a host for a starter config.
type StarterHost struct {
	Name    string
	Address string
	Port    int
	User    string
}

// Starter returns a commented starter opsctl.yaml that loads as it is: the
// app, ssh, hosts and health sections filled in, every other section shown
// commented out with a pointer to the full reference. hosts become the
// hosts section (two examples when there are none).
func Starter(hosts []StarterHost) []byte {
	var b bytes.Buffer
	b.WriteString(`# opsctl.yaml — written by "opsctl init". Every key is explained in
# docs/configuration.md; "opsctl config" checks this file and shows it resolved.
# Secrets: write ${VAR} and export VAR (quote it inside [ ] or { }).

app:
  name: myapp
  deploy_to: /srv/myapp            # releases/<id>, shared/, current -> releases/<id>
  keep_releases: 5
  shared_paths:                    # linked into every release (a trailing / is a directory)
    - log/

ssh:
  user: deploy                     # hosts may override; your ~/.ssh/config is honoured too
  connect_timeout: 10s
  # jump: bastion                  # an inventory host or [user@]host[:port]

hosts:
`)
	if len(hosts) == 0 {
		hosts = []StarterHost{{Name: "web01", Address: "10.0.0.11"}, {Name: "web02", Address: "10.0.0.12"}}
	}
	for _, h := range hosts {
		fmt.Fprintf(&b, "  - name: %s\n", h.Name)
		if h.Address != "" && h.Address != h.Name {
			fmt.Fprintf(&b, "    address: %s\n", yamlScalar(h.Address))
		}
		if h.Port != 0 && h.Port != 22 {
			fmt.Fprintf(&b, "    port: %d\n", h.Port)
		}
		if h.User != "" {
			fmt.Fprintf(&b, "    user: %s\n", yamlScalar(h.User))
		}
		b.WriteString("    groups:\n      - web\n")
	}
	b.WriteString(`
groups:
  canary:                          # deploy --canary canary, or -H canary
    - ` + hosts[0].Name + `

health:                            # checked on every wave after it switched
  url: http://{host}:8080/health   # {host} = the host's address
  timeout: 5s
  retries: 3

# hooks:                           # run on the host; a failing hook fails that host
#   after_switch:
#     - systemctl reload myapp
#
# haproxy:                         # opsctl haproxy, readonly, deploy --drain
#   nodes:
#     - name: lb1
#       admin: unix:///run/haproxy/admin.sock
#       groups:
#         - lb
#
# varnish:                         # opsctl varnish, readonly
#   nodes:
#     - name: cache1
#       admin: 127.0.0.1:6082
#       secret_file: /etc/varnish/secret
#
# cutover:                         # opsctl migrate cutover (see docs/configuration.md)
#   from: mysql://app@db1/myapp
#   to: postgres://app@pg1/myapp
`)
	return b.Bytes()
}

// yamlScalar quotes s when YAML would read it as something else.
func yamlScalar(s string) string {
	if s == "" || strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`") || strings.TrimSpace(s) != s {
		return strconv.Quote(s)
	}
	return s
}

// SSHConfigHosts lists the concrete hosts of an OpenSSH client config (every
// Host alias without a wildcard or negation), with the HostName, Port and
// User the config gives them, sorted by name. Names opsctl can't use as
// host names are left out.
func SSHConfigHosts(path string) ([]StarterHost, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("ssh config %s: no such file", path)
		}
		return nil, err
	}
	defer f.Close()
	cfg, err := ssh_config.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("ssh config %s: %w", path, err)
	}
	seen := map[string]bool{}
	var out []StarterHost
	for _, h := range cfg.Hosts {
		for _, p := range h.Patterns {
			alias := p.String()
			if strings.ContainsAny(alias, "*?!") || !ValidName(alias) || seen[alias] {
				continue
			}
			seen[alias] = true
			get := func(k string) string { v, _ := cfg.Get(alias, k); return v }
			sh := StarterHost{Name: alias, Address: get("HostName"), User: get("User")}
			sh.Port, _ = strconv.Atoi(get("Port"))
			out = append(out, sh)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// WriteStarter writes the starter (Starter(hosts)) to path, never over an
// existing file unless replace: then the error is os.ErrExist.
func WriteStarter(path string, hosts []StarterHost, replace bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if replace {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(Starter(hosts)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
