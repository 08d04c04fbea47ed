package haproxy

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// HAProxy's own rule for proxy and server names: letters, digits, '-', '_',
// '.' and ':'. Anything else (";", spaces, newlines) could inject commands.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9._:-]+$`)

// ValidateName checks a backend or server name.
func ValidateName(kind, s string) error {
	if !nameRE.MatchString(s) {
		return fmt.Errorf("%s name %q: use letters, digits and ._:- only", kind, s)
	}
	return nil
}

// ParseTarget splits "BACKEND/SERVER" and validates both names.
func ParseTarget(s string) (backend, server string, err error) {
	be, srv, ok := strings.Cut(s, "/")
	if !ok {
		return "", "", fmt.Errorf("%q: want BACKEND/SERVER", s)
	}
	if err := ValidateName("backend", be); err != nil {
		return "", "", err
	}
	if err := ValidateName("server", srv); err != nil {
		return "", "", err
	}
	return be, srv, nil
}

// State is an administrative server state.
type State string

const (
	Ready State = "ready"
	Drain State = "drain"
	Maint State = "maint"
)

// CmdSetServerState builds "set server BE/SRV state STATE".
func CmdSetServerState(be, srv string, st State) (string, error) {
	if err := checkTarget(be, srv); err != nil {
		return "", err
	}
	switch st {
	case Ready, Drain, Maint:
	default:
		return "", fmt.Errorf("server state %q: want ready, drain or maint", st)
	}
	return fmt.Sprintf("set server %s/%s state %s", be, srv, st), nil
}

var weightRE = regexp.MustCompile(`^([0-9]{1,3})(%?)$`)

// CheckWeight validates "N" (0..256) or "N%" (0..100%).
func CheckWeight(w string) error {
	m := weightRE.FindStringSubmatch(w)
	if m == nil {
		return fmt.Errorf("weight %q: want a number 0-256 or a percentage like 50%%", w)
	}
	n, _ := strconv.Atoi(m[1])
	if m[2] == "" && n > 256 {
		return fmt.Errorf("weight %q: absolute weight is 0-256", w)
	}
	if m[2] == "%" && n > 100 {
		return fmt.Errorf("weight %q: a percentage of the initial weight is 0%%-100%%", w)
	}
	return nil
}

// CmdSetWeight builds "set weight BE/SRV W".
func CmdSetWeight(be, srv, w string) (string, error) {
	if err := checkTarget(be, srv); err != nil {
		return "", err
	}
	if err := CheckWeight(w); err != nil {
		return "", err
	}
	return fmt.Sprintf("set weight %s/%s %s", be, srv, w), nil
}

// CmdDisableServer builds "disable server BE/SRV" (= state maint).
func CmdDisableServer(be, srv string) (string, error) {
	if err := checkTarget(be, srv); err != nil {
		return "", err
	}
	return fmt.Sprintf("disable server %s/%s", be, srv), nil
}

// CmdEnableServer builds "enable server BE/SRV" (leaves maintenance).
func CmdEnableServer(be, srv string) (string, error) {
	if err := checkTarget(be, srv); err != nil {
		return "", err
	}
	return fmt.Sprintf("enable server %s/%s", be, srv), nil
}

// CmdServer builds the command of an action on BE/SRV: "ready", "drain"
// and "maint" set the state (CmdSetServerState); "enable" and "disable"
// take it out of and into maintenance (CmdEnableServer, CmdDisableServer).
func CmdServer(action, be, srv string) (string, error) {
	switch action {
	case "enable":
		return CmdEnableServer(be, srv)
	case "disable":
		return CmdDisableServer(be, srv)
	}
	return CmdSetServerState(be, srv, State(action))
}

// CheckRaw validates a raw command line (Fleet.Raw): one line, not empty.
func CheckRaw(line string) error {
	if strings.TrimSpace(line) == "" || strings.ContainsAny(line, "\n\r\x00") {
		return errors.New("raw: want one non-empty command line")
	}
	return nil
}

func checkTarget(be, srv string) error {
	if err := ValidateName("backend", be); err != nil {
		return err
	}
	return ValidateName("server", srv)
}

var mapRefRE = regexp.MustCompile(`^(#[0-9]+|/[A-Za-z0-9._/+@=-]+)$`)

// CheckMapRef validates a map or ACL reference: "#ID" or an absolute file
// path as written in the configuration.
func CheckMapRef(ref string) error {
	if !mapRefRE.MatchString(ref) {
		return fmt.Errorf("map/acl %q: want #ID or the absolute file path used in the config", ref)
	}
	return nil
}

// EscapeArg escapes a map key or value for the CLI: backslash, space, tab
// and ';' are backslash-escaped (HAProxy 2.6 silently drops words after the
// value otherwise). Newlines cannot be sent and are rejected.
func EscapeArg(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("empty map/acl key or value")
	}
	if strings.ContainsAny(s, "\n\r\x00") {
		return "", fmt.Errorf("map/acl key or value %q: newlines are not allowed", truncate(s, 40))
	}
	r := strings.NewReplacer(`\`, `\\`, " ", `\ `, "\t", "\\\t", ";", `\;`)
	return r.Replace(s), nil
}

func mapCmd(verb, ref string, args ...string) (string, error) {
	if err := CheckMapRef(ref); err != nil {
		return "", err
	}
	parts := []string{verb, ref}
	for _, a := range args {
		e, err := EscapeArg(a)
		if err != nil {
			return "", err
		}
		parts = append(parts, e)
	}
	return strings.Join(parts, " "), nil
}

// CmdSetMap builds "set map MAP KEY VALUE" (the key must exist).
func CmdSetMap(m, key, value string) (string, error) { return mapCmd("set map", m, key, value) }

// CmdAddMap builds "add map MAP KEY VALUE".
func CmdAddMap(m, key, value string) (string, error) { return mapCmd("add map", m, key, value) }

// CmdDelMap builds "del map MAP KEY".
func CmdDelMap(m, key string) (string, error) { return mapCmd("del map", m, key) }

// CmdAddACL builds "add acl ACL PATTERN".
func CmdAddACL(acl, pattern string) (string, error) { return mapCmd("add acl", acl, pattern) }

// CmdDelACL builds "del acl ACL PATTERN".
func CmdDelACL(acl, pattern string) (string, error) { return mapCmd("del acl", acl, pattern) }

// ShowInfo runs "show info".
func (c *Client) ShowInfo(ctx context.Context) (*Info, error) {
	out, err := c.query(ctx, "show info")
	if err != nil {
		return nil, err
	}
	in, err := ParseInfo(out)
	if err != nil {
		return nil, &Error{Node: c.Name, Command: "show info", Severity: -1, Err: err}
	}
	return in, nil
}

// ShowStat runs "show stat" and parses every row.
func (c *Client) ShowStat(ctx context.Context) ([]StatRow, error) {
	return c.showStat(ctx, "show stat")
}

// ShowStatBackend returns the server rows of one backend. (HAProxy ignores
// an unknown proxy filter and returns everything; the rows are filtered
// here too.)
func (c *Client) ShowStatBackend(ctx context.Context, be string) ([]StatRow, error) {
	if err := ValidateName("backend", be); err != nil {
		return nil, &Error{Node: c.Name, Command: "show stat", Severity: -1, Msg: err.Error()}
	}
	rows, err := c.showStat(ctx, "show stat "+be+" 4 -1")
	if err != nil {
		return nil, err
	}
	var out []StatRow
	for _, r := range rows {
		if r.Proxy == be && r.Type == Server {
			out = append(out, r)
		}
	}
	return out, nil
}

func (c *Client) showStat(ctx context.Context, cmd string) ([]StatRow, error) {
	out, err := c.query(ctx, cmd)
	if err != nil {
		return nil, err
	}
	rows, err := ParseStat(out)
	if err != nil {
		return nil, &Error{Node: c.Name, Command: cmd, Severity: -1, Err: err}
	}
	return rows, nil
}

// InfoAndStat runs "show info;show stat" on one connection (what status
// needs, in one round trip). The two answers are separated by the empty
// line that ends "show info".
func (c *Client) InfoAndStat(ctx context.Context) (*Info, []StatRow, error) {
	const cmd = "show info;show stat"
	out, err := c.query(ctx, cmd)
	if err != nil {
		return nil, nil, err
	}
	infoText, statText, ok := strings.Cut(out, "\n\n")
	if !ok {
		return nil, nil, &Error{Node: c.Name, Command: cmd, Severity: -1, Err: fmt.Errorf("%w: no empty line after show info", ErrProtocol)}
	}
	info, err := ParseInfo(infoText)
	if err != nil {
		return nil, nil, &Error{Node: c.Name, Command: cmd, Severity: -1, Err: err}
	}
	rows, err := ParseStat(statText)
	if err != nil {
		return nil, nil, &Error{Node: c.Name, Command: cmd, Severity: -1, Err: err}
	}
	return info, rows, nil
}

// ShowServersState runs "show servers state [BACKEND]" (backend "" for all).
func (c *Client) ShowServersState(ctx context.Context, be string) ([]ServerState, error) {
	cmd := "show servers state"
	if be != "" {
		if err := ValidateName("backend", be); err != nil {
			return nil, &Error{Node: c.Name, Command: cmd, Severity: -1, Msg: err.Error()}
		}
		cmd += " " + be
	}
	out, err := c.query(ctx, cmd)
	if err != nil {
		return nil, err
	}
	st, err := ParseServersState(out)
	if err != nil {
		return nil, &Error{Node: c.Name, Command: cmd, Severity: -1, Err: err}
	}
	return st, nil
}

// do builds a command and runs it as a silent-success command.
func (c *Client) do(ctx context.Context, cmd string, err error) error {
	if err != nil {
		return &Error{Node: c.Name, Command: cmd, Severity: -1, Msg: err.Error()}
	}
	return c.Do(ctx, cmd)
}

// SetServerState sets a server's administrative state.
func (c *Client) SetServerState(ctx context.Context, be, srv string, st State) error {
	cmd, err := CmdSetServerState(be, srv, st)
	return c.do(ctx, cmd, err)
}

// SetWeight sets a server's weight: "N" (0..256) or "N%" of its initial weight.
func (c *Client) SetWeight(ctx context.Context, be, srv, w string) error {
	cmd, err := CmdSetWeight(be, srv, w)
	return c.do(ctx, cmd, err)
}

// DisableServer puts a server in maintenance.
func (c *Client) DisableServer(ctx context.Context, be, srv string) error {
	cmd, err := CmdDisableServer(be, srv)
	return c.do(ctx, cmd, err)
}

// EnableServer takes a server out of maintenance.
func (c *Client) EnableServer(ctx context.Context, be, srv string) error {
	cmd, err := CmdEnableServer(be, srv)
	return c.do(ctx, cmd, err)
}

// ShowMap lists a map's entries.
func (c *Client) ShowMap(ctx context.Context, m string) ([]MapEntry, error) {
	return c.showPatterns(ctx, "show map", m, true)
}

// ShowACL lists an ACL's patterns.
func (c *Client) ShowACL(ctx context.Context, acl string) ([]MapEntry, error) {
	return c.showPatterns(ctx, "show acl", acl, false)
}

func (c *Client) showPatterns(ctx context.Context, verb, ref string, withValue bool) ([]MapEntry, error) {
	cmd := verb + " " + ref
	if err := CheckMapRef(ref); err != nil {
		return nil, &Error{Node: c.Name, Command: cmd, Severity: -1, Msg: err.Error()}
	}
	out, err := c.query(ctx, cmd)
	if err != nil {
		return nil, err
	}
	es, err := ParseMap(out, withValue)
	if err != nil {
		return nil, &Error{Node: c.Name, Command: cmd, Severity: -1, Err: err}
	}
	return es, nil
}

// SetMap changes the value of an existing key.
func (c *Client) SetMap(ctx context.Context, m, key, value string) error {
	cmd, err := CmdSetMap(m, key, value)
	return c.do(ctx, cmd, err)
}

// AddMap adds an entry.
func (c *Client) AddMap(ctx context.Context, m, key, value string) error {
	cmd, err := CmdAddMap(m, key, value)
	return c.do(ctx, cmd, err)
}

// DelMap deletes a key.
func (c *Client) DelMap(ctx context.Context, m, key string) error {
	cmd, err := CmdDelMap(m, key)
	return c.do(ctx, cmd, err)
}

// AddACL adds a pattern to an ACL.
func (c *Client) AddACL(ctx context.Context, acl, pattern string) error {
	cmd, err := CmdAddACL(acl, pattern)
	return c.do(ctx, cmd, err)
}

// DelACL deletes a pattern from an ACL.
func (c *Client) DelACL(ctx context.Context, acl, pattern string) error {
	cmd, err := CmdDelACL(acl, pattern)
	return c.do(ctx, cmd, err)
}

// CmdMapAction checks a map or ACL action as the CLI takes it (kind "map"
// or "acl"; args: ACTION REF [KEY [VALUE]]: show REF, set/add REF KEY
// VALUE and del REF KEY for a map; show REF, add/del REF PATTERN for an
// ACL) and builds its command ("" for show, which only reads).
func CmdMapAction(kind string, args []string) (string, error) {
	if len(args) < 2 {
		return "", fmt.Errorf("%s: want ACTION %s", kind, strings.ToUpper(kind))
	}
	verb, ref := args[0], args[1]
	want := map[string]int{"show": 2, "del": 3, "add": 3}
	if kind == "map" {
		want["set"], want["add"] = 4, 4
	}
	n, ok := want[verb]
	if !ok {
		verbs := make([]string, 0, len(want))
		for k := range want {
			verbs = append(verbs, k)
		}
		sort.Strings(verbs)
		return "", fmt.Errorf("%s: unknown action %q (want %s)", kind, verb, strings.Join(verbs, ", "))
	}
	if len(args) != n {
		return "", fmt.Errorf("%s %s: want %d arguments, got %d", kind, verb, n-1, len(args)-1)
	}
	if err := CheckMapRef(ref); err != nil {
		return "", err
	}
	switch kind + " " + verb {
	case "map set":
		return CmdSetMap(ref, args[2], args[3])
	case "map add":
		return CmdAddMap(ref, args[2], args[3])
	case "map del":
		return CmdDelMap(ref, args[2])
	case "acl add":
		return CmdAddACL(ref, args[2])
	case "acl del":
		return CmdDelACL(ref, args[2])
	}
	return "", nil
}
