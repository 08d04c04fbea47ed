package inventory

import (
	"fmt"

	yaml "go.yaml.in/yaml/v3"
)

// Resolved returns the config as opsctl uses it — defaults filled in, empty
// keys left out — as a YAML document. Every value that came from ${VAR}
// is shown as written in the file, never expanded, so printing it can't leak
// a secret. hosts, when not nil, replaces the hosts section (the CLI passes
// the hosts with the address, port and user the SSH settings resolve).
func (c *Config) Resolved(hosts any) (*yaml.Node, error) {
	var n yaml.Node
	if err := n.Encode(c); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	inFile := map[*yaml.Node]bool{}
	if c.root != nil {
		orig := c.root
		if orig.Kind == yaml.DocumentNode && len(orig.Content) > 0 {
			orig = orig.Content[0]
		}
		keepVars(&n, orig, inFile)
	}
	prune(&n, inFile)
	if hosts != nil {
		var h yaml.Node
		if err := h.Encode(hosts); err != nil {
			return nil, err
		}
		setKey(&n, "hosts", &h)
	}
	return &n, nil
}

// keepVars puts back the file's text of every scalar that holds ${VAR},
// walking the encoded config and the parsed file side by side, and marks
// the values the file sets.
func keepVars(enc, orig *yaml.Node, inFile map[*yaml.Node]bool) {
	inFile[enc] = true
	switch {
	case enc.Kind == yaml.ScalarNode && orig.Kind == yaml.ScalarNode:
		if envRE.MatchString(orig.Value) {
			enc.Value, enc.Tag, enc.Style = orig.Value, "!!str", yaml.DoubleQuotedStyle
		}
	case enc.Kind == yaml.MappingNode && orig.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(enc.Content); i += 2 {
			for j := 0; j+1 < len(orig.Content); j += 2 {
				if enc.Content[i].Value == orig.Content[j].Value {
					keepVars(enc.Content[i+1], orig.Content[j+1], inFile)
				}
			}
		}
	case enc.Kind == yaml.SequenceNode && orig.Kind == yaml.SequenceNode:
		for i := range enc.Content {
			if i < len(orig.Content) {
				keepVars(enc.Content[i], orig.Content[i], inFile)
			}
		}
	}
}

// prune drops keys the file does not set whose values are empty: "", 0,
// false, null, [] and {}.
func prune(n *yaml.Node, inFile map[*yaml.Node]bool) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.Value {
		case "", "0", "false", "null", "0s":
			return !inFile[n]
		}
		return false
	case yaml.MappingNode:
		out := n.Content[:0]
		for i := 0; i+1 < len(n.Content); i += 2 {
			if !prune(n.Content[i+1], inFile) {
				out = append(out, n.Content[i], n.Content[i+1])
			}
		}
		n.Content = out
		return len(n.Content) == 0
	case yaml.SequenceNode:
		for _, c := range n.Content {
			prune(c, inFile)
		}
		return len(n.Content) == 0
	}
	return false
}

func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}
