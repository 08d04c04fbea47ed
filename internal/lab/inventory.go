package lab

import (
	"fmt"
	"strings"
)

// NodesInventoryYAML returns the haproxy: and varnish: sections of an opsctl
// inventory naming these lab nodes (groups lb and cache), to append to a
// config as SSHFleet.InventoryYAML does for SSH hosts.
func NodesInventoryYAML(lbs []*HAProxy, caches []*Varnish) string {
	var b strings.Builder
	if len(lbs) > 0 {
		b.WriteString("haproxy:\n  nodes:\n")
		for _, h := range lbs {
			fmt.Fprintf(&b, "    - {name: %s, admin: \"unix://%s\", groups: [lb]}\n", h.Name, h.AdminSock)
		}
	}
	if len(caches) > 0 {
		b.WriteString("varnish:\n  nodes:\n")
		for _, v := range caches {
			fmt.Fprintf(&b, "    - {name: %s, admin: '%s', secret_file: %s, groups: [cache]}\n", v.Name, v.AdminAddr, v.SecretFile)
		}
	}
	return b.String()
}
