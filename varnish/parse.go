package varnish

import (
	"fmt"
	"strconv"
	"strings"
)

// VCL is one line of vcl.list.
type VCL struct {
	Status      string `json:"status"`      // active, available, discarded
	State       string `json:"state"`       // auto, cold, warm, label
	Temperature string `json:"temperature"` // init, cold, warm, busy, cooling
	Busy        int    `json:"busy"`        // -1 when unknown (child stopped)
	Name        string `json:"name"`
	// LabelOf is the VCL this label points to (for a label).
	LabelOf string `json:"label_of"`
	// Labels is how many labels point to this VCL.
	Labels int `json:"labels"`
}

// IsLabel reports whether the entry is a label rather than a VCL.
func (v VCL) IsLabel() bool { return v.LabelOf != "" }

// ParseVCLList parses the text of vcl.list, e.g.
//
//	active      auto     warm         0    boot
//	available   auto     warm         0    v2      <-    (1 label)
//	available   label    warm         0    lab1    ->    v2
func ParseVCLList(body string) ([]VCL, error) {
	var out []VCL
	for n, line := range strings.Split(body, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 5 {
			return nil, fmt.Errorf("vcl.list line %d: want at least 5 fields, got %q", n+1, line)
		}
		v := VCL{Status: f[0], State: f[1], Temperature: f[2], Name: f[4]}
		switch v.Status {
		case "active", "available", "discarded":
		default:
			return nil, fmt.Errorf("vcl.list line %d: unknown status %q", n+1, v.Status)
		}
		if f[3] == "-" {
			v.Busy = -1
		} else {
			b, err := strconv.Atoi(f[3])
			if err != nil || b < 0 {
				return nil, fmt.Errorf("vcl.list line %d: bad busy count %q", n+1, f[3])
			}
			v.Busy = b
		}
		rest := f[5:]
		switch {
		case len(rest) == 0:
		case rest[0] == "->" && len(rest) == 2:
			v.LabelOf = rest[1]
		case rest[0] == "<-" && len(rest) == 3 && strings.HasPrefix(rest[1], "("):
			c, err := strconv.Atoi(strings.TrimPrefix(rest[1], "("))
			if err != nil || c < 0 {
				return nil, fmt.Errorf("vcl.list line %d: bad label count in %q", n+1, line)
			}
			v.Labels = c
		default:
			return nil, fmt.Errorf("vcl.list line %d: unexpected %q", n+1, strings.Join(rest, " "))
		}
		out = append(out, v)
	}
	return out, nil
}

// ActiveVCL returns the name of the active VCL in a list ("" if none).
func ActiveVCL(list []VCL) string {
	for _, v := range list {
		if v.Status == "active" {
			return v.Name
		}
	}
	return ""
}

// Ban is one entry of ban.list.
type Ban struct {
	Time      float64 `json:"time"` // Unix seconds
	Refs      int     `json:"refs"`
	Completed bool    `json:"completed"`
	Spec      string  `json:"spec"`
}

// ParseBanList parses the text of ban.list:
//
//	Present bans:
//	1795464609.138457     0 -  req.url == /foo
//	1795464606.151646     0 C
func ParseBanList(body string) ([]Ban, error) {
	lines := strings.Split(body, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "Present bans:" {
		return nil, fmt.Errorf("ban.list: missing %q heading", "Present bans:")
	}
	var out []Ban
	for n, line := range lines[1:] {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			return nil, fmt.Errorf("ban.list line %d: want time, refs and flags, got %q", n+2, line)
		}
		t, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			return nil, fmt.Errorf("ban.list line %d: bad time %q", n+2, f[0])
		}
		refs, err := strconv.Atoi(f[1])
		if err != nil || refs < 0 {
			return nil, fmt.Errorf("ban.list line %d: bad refs %q", n+2, f[1])
		}
		b := Ban{Time: t, Refs: refs}
		switch {
		case f[2] == "C":
			b.Completed = true
		case f[2] == "-":
		case strings.Trim(f[2], "CRO-") == "":
			// newer flag sets (R: req-based, O: obj-based)
			b.Completed = strings.Contains(f[2], "C")
		default:
			return nil, fmt.Errorf("ban.list line %d: bad flags %q", n+2, f[2])
		}
		// The spec is the rest of the line after the flags field.
		b.Spec = strings.TrimSpace(line[fieldEnd(line, 3):])
		out = append(out, b)
	}
	return out, nil
}

// fieldEnd returns the offset just after the n-th blank-separated field.
func fieldEnd(s string, n int) int {
	i := 0
	for k := 0; k < n; k++ {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		for i < len(s) && s[i] != ' ' && s[i] != '\t' {
			i++
		}
	}
	return i
}

// Backend is one line of backend.list.
type Backend struct {
	Name       string `json:"name"`
	Admin      string `json:"admin"`  // healthy, sick, probe, auto, ...
	Probe      string `json:"probe"`  // e.g. "0/0" or "5/5"
	Health     string `json:"health"` // healthy or sick
	LastChange string `json:"last_change"`
}

// ParseBackendList parses the text of backend.list:
//
//	Backend name   Admin      Probe    Health     Last change
//	boot.default   healthy    0/0      healthy    Mon, 23 Nov 2026 20:10:06 GMT
func ParseBackendList(body string) ([]Backend, error) {
	lines := strings.Split(body, "\n")
	if len(lines) == 0 || !strings.HasPrefix(strings.TrimSpace(lines[0]), "Backend name") {
		return nil, fmt.Errorf("backend.list: missing heading")
	}
	var out []Backend
	for n, line := range lines[1:] {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 {
			return nil, fmt.Errorf("backend.list line %d: want name, admin, probe, health, got %q", n+2, line)
		}
		out = append(out, Backend{
			Name: f[0], Admin: f[1], Probe: f[2], Health: f[3],
			LastChange: strings.TrimSpace(line[fieldEnd(line, 4):]),
		})
	}
	return out, nil
}

// ChildState extracts the state from the reply to status
// ("Child in state running" → "running").
func ChildState(body string) (string, error) {
	s := strings.TrimSpace(body)
	const p = "Child in state "
	if !strings.HasPrefix(s, p) || len(strings.Fields(s[len(p):])) != 1 {
		return "", fmt.Errorf("status: unexpected reply %q", truncate(s, 80))
	}
	return strings.TrimSpace(s[len(p):]), nil
}

// Param is the reply to param.show NAME.
type Param struct {
	Name  string `json:"name"`
	Value string `json:"value"` // e.g. "120.000 [seconds] (default)"
	Text  string `json:"text"`  // the whole reply
}

// ParseParam parses the reply to param.show NAME.
func ParseParam(name, body string) (Param, error) {
	p := Param{Name: name, Text: body}
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(t, "Value is: "); ok {
			p.Value = v
			return p, nil
		}
	}
	return p, fmt.Errorf("param.show %s: no %q line in reply", name, "Value is:")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
