package inventory

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Member is anything a selector can pick: a host, an HAProxy node, a
// Varnish node.
type Member interface {
	MemberName() string
	MemberGroups() []string
}

// Selector is a parsed --hosts value: comma-separated terms, each a name, a
// group, a glob (web*), or a range (web[01:20]); a leading ! excludes.
type Selector struct {
	Raw   string
	terms []term
}

type term struct {
	raw     string
	exclude bool
	names   []string // expanded range, or the single name
	glob    bool
}

var rangeRE = regexp.MustCompile(`^(.*)\[(\d+):(\d+)\](.*)$`)

// ParseSelector parses a --hosts value. The empty selector selects all.
func ParseSelector(s string) (*Selector, error) {
	sel := &Selector{Raw: s}
	if strings.TrimSpace(s) == "" {
		return sel, nil
	}
	for _, raw := range strings.Split(s, ",") {
		t := term{raw: strings.TrimSpace(raw)}
		v := t.raw
		if strings.HasPrefix(v, "!") {
			t.exclude = true
			v = v[1:]
		}
		if v == "" {
			return nil, fmt.Errorf("selector %q: empty term", s)
		}
		if m := rangeRE.FindStringSubmatch(v); m != nil {
			lo, _ := strconv.Atoi(m[2])
			hi, _ := strconv.Atoi(m[3])
			if hi < lo || hi-lo > 100000 {
				return nil, fmt.Errorf("selector %q: bad range [%s:%s]", s, m[2], m[3])
			}
			width := 0
			if len(m[2]) > 1 && m[2][0] == '0' {
				width = len(m[2])
			}
			for i := lo; i <= hi; i++ {
				t.names = append(t.names, fmt.Sprintf("%s%0*d%s", m[1], width, i, m[4]))
			}
		} else {
			if strings.ContainsAny(v, "*?[") {
				if _, err := path.Match(v, ""); err != nil {
					return nil, fmt.Errorf("selector %q: bad pattern %q", s, v)
				}
				t.glob = true
			}
			t.names = []string{v}
		}
		for _, n := range t.names {
			if !t.glob && !ValidName(n) {
				return nil, fmt.Errorf("selector %q: bad name %q (letters, digits and ._- only)", s, n)
			}
		}
		sel.terms = append(sel.terms, t)
	}
	return sel, nil
}

// Select returns the members matched by s, in the members' order. A term
// that matches nothing is an error naming the term; kind ("host", "node")
// is used in that message.
func Select[T Member](s *Selector, members []T, kind string) ([]T, error) {
	if s == nil || len(s.terms) == 0 {
		return members, nil
	}
	include := make([]bool, len(members))
	exclude := make([]bool, len(members))
	anyInclude := false
	for _, t := range s.terms {
		if !t.exclude {
			anyInclude = true
		}
		for _, name := range t.names {
			matched := false
			for i, m := range members {
				if t.matches(name, m) {
					matched = true
					if t.exclude {
						exclude[i] = true
					} else {
						include[i] = true
					}
				}
			}
			if !matched {
				msg := fmt.Sprintf("selector %q: %q matches no %s or group", s.Raw, name, kind)
				if near := Nearest(name, memberNames(members)); near != "" && !t.glob {
					msg += fmt.Sprintf(" (did you mean %q?)", near)
				}
				return nil, &SelectError{Msg: msg, Name: name}
			}
		}
	}
	var out []T
	for i, m := range members {
		if (include[i] || !anyInclude) && !exclude[i] {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("selector %q selects no %s", s.Raw, kind)
	}
	return out, nil
}

// SelectError is a selector term that matched nothing; Name is the term.
type SelectError struct {
	Msg  string
	Name string
}

func (e *SelectError) Error() string { return e.Msg }

// memberNames lists the members' names and groups, each once.
func memberNames[T Member](members []T) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range members {
		for _, n := range append([]string{m.MemberName()}, m.MemberGroups()...) {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func (t term) matches(name string, m Member) bool {
	if t.glob {
		if ok, _ := path.Match(name, m.MemberName()); ok {
			return true
		}
		for _, g := range m.MemberGroups() {
			if ok, _ := path.Match(name, g); ok {
				return true
			}
		}
		return false
	}
	if m.MemberName() == name {
		return true
	}
	for _, g := range m.MemberGroups() {
		if g == name {
			return true
		}
	}
	return false
}

// Everything is what a selector picks across every kind the inventory
// lists: hosts, HAProxy nodes and Varnish nodes.
type Everything struct {
	Hosts   []Host
	HAProxy []HAProxyNode
	Varnish []VarnishNode
}

// SelectEverything applies a --hosts selector to hosts and nodes together:
// each term must match a member of some kind (so "-H lb" lists the load
// balancers); "" selects everything.
func (c *Config) SelectEverything(selector string) (Everything, error) {
	s, err := ParseSelector(selector)
	if err != nil {
		return Everything{}, err
	}
	var all []Member
	for _, h := range c.AllHosts() {
		all = append(all, h)
	}
	for _, n := range c.HAProxy.Nodes {
		all = append(all, n)
	}
	for _, n := range c.Varnish.Nodes {
		all = append(all, n)
	}
	picked, err := Select(s, all, "host, node")
	var out Everything
	for _, m := range picked {
		switch m := m.(type) {
		case Host:
			out.Hosts = append(out.Hosts, m)
		case HAProxyNode:
			out.HAProxy = append(out.HAProxy, m)
		case VarnishNode:
			out.Varnish = append(out.Varnish, m)
		}
	}
	return out, err
}
