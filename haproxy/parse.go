package haproxy

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Info is the answer to "show info".
type Info struct {
	Name     string
	Version  string
	Node     string
	Pid      int
	UptimeS  int64
	CurrConn int
	Stopping bool
	// Fields holds every "Key: Value" line.
	Fields map[string]string
}

// ParseInfo parses "show info" output.
func ParseInfo(s string) (*Info, error) {
	in := &Info{Fields: map[string]string{}}
	for i, ln := range strings.Split(s, "\n") {
		if strings.TrimSpace(ln) == "" {
			continue
		}
		k, v, ok := strings.Cut(ln, ":")
		if !ok || k == "" {
			return nil, fmt.Errorf("%w: show info line %d: no \"Key: value\": %q", ErrProtocol, i+1, truncate(ln, 80))
		}
		in.Fields[k] = strings.TrimSpace(v)
	}
	in.Name, in.Version, in.Node = in.Fields["Name"], in.Fields["Version"], in.Fields["node"]
	if in.Name == "" || in.Version == "" {
		return nil, fmt.Errorf("%w: show info: no Name/Version", ErrProtocol)
	}
	var err error
	num := func(k string) int64 {
		v, ok := in.Fields[k]
		if !ok || err != nil {
			return 0
		}
		n, e := strconv.ParseInt(v, 10, 64)
		if e != nil {
			err = fmt.Errorf("%w: show info: %s: not a number: %q", ErrProtocol, k, truncate(v, 40))
		}
		return n
	}
	in.Pid = int(num("Pid"))
	in.UptimeS = num("Uptime_sec")
	in.CurrConn = int(num("CurrConns"))
	in.Stopping = num("Stopping") != 0
	if err != nil {
		return nil, err
	}
	return in, nil
}

// RowType is the kind of a "show stat" row.
type RowType string

const (
	Frontend RowType = "frontend"
	Backend  RowType = "backend"
	Server   RowType = "server"
	Listener RowType = "listener"
)

// StatRow is one row of "show stat". Numbers HAProxy leaves empty are 0;
// Weight is -1 when empty (frontends).
type StatRow struct {
	Proxy       string  `json:"proxy"`
	Name        string  `json:"name"` // server name, or FRONTEND/BACKEND
	Type        RowType `json:"type"`
	Status      string  `json:"status"` // UP, DOWN, DRAIN, MAINT, OPEN, "UP 1/3", ...
	Weight      int     `json:"weight"`
	Active      int     `json:"active"`
	Backup      int     `json:"backup"`
	Scur        int     `json:"scur"`
	Smax        int     `json:"smax"`
	Slim        int     `json:"slim"`
	Stot        int64   `json:"stot"`
	Qcur        int     `json:"qcur"`
	Rate        int     `json:"rate"`
	ReqRate     int     `json:"req_rate"`
	CheckStatus string  `json:"check_status"`
	CheckCode   string  `json:"check_code,omitempty"`
	CheckDesc   string  `json:"check_desc,omitempty"`
	LastChange  int64   `json:"last_change"`
	Addr        string  `json:"addr,omitempty"`
}

// State returns the status without a check-transition suffix ("UP 1/3"
// → "UP"; "no check" stays).
func (r StatRow) State() string {
	s, rest, ok := strings.Cut(r.Status, " ")
	if ok && transitionRE.MatchString(rest) {
		return s
	}
	return r.Status
}

var transitionRE = regexp.MustCompile(`^[0-9]+/[0-9]+$`)

// ParseStat parses "show stat" CSV output.
func ParseStat(s string) ([]StatRow, error) {
	s = strings.TrimLeft(s, "\n")
	if !strings.HasPrefix(s, "# ") {
		return nil, fmt.Errorf("%w: show stat: no \"# pxname,...\" header: %q", ErrProtocol, truncate(firstLine(s), 80))
	}
	r := csv.NewReader(strings.NewReader(s[2:]))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	hdr, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: show stat header: %v", ErrProtocol, err)
	}
	col := map[string]int{}
	for i, h := range hdr {
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	for _, need := range []string{"pxname", "svname", "type", "status"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%w: show stat header has no %q column", ErrProtocol, need)
		}
	}
	var rows []StatRow
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: show stat line %d: %v", ErrProtocol, line, err)
		}
		if len(rec) == 1 && rec[0] == "" {
			continue
		}
		if len(rec) < len(hdr)-1 {
			return nil, fmt.Errorf("%w: show stat line %d: %d fields, header has %d", ErrProtocol, line, len(rec), len(hdr))
		}
		var perr error
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		num := func(k string, def int64) int64 {
			v := get(k)
			if v == "" || perr != nil {
				return def
			}
			n, e := strconv.ParseInt(v, 10, 64)
			if e != nil {
				perr = fmt.Errorf("%w: show stat line %d: %s: not a number: %q", ErrProtocol, line, k, truncate(v, 40))
			}
			return n
		}
		row := StatRow{
			Proxy: get("pxname"), Name: get("svname"), Status: get("status"),
			CheckStatus: get("check_status"), CheckCode: get("check_code"), CheckDesc: get("check_desc"),
			Addr: get("addr"),
		}
		switch get("type") {
		case "0":
			row.Type = Frontend
		case "1":
			row.Type = Backend
		case "2":
			row.Type = Server
		case "3":
			row.Type = Listener
		default:
			return nil, fmt.Errorf("%w: show stat line %d: unknown type %q", ErrProtocol, line, truncate(get("type"), 20))
		}
		row.Weight = int(num("weight", -1))
		row.Active = int(num("act", 0))
		row.Backup = int(num("bck", 0))
		row.Scur = int(num("scur", 0))
		row.Smax = int(num("smax", 0))
		row.Slim = int(num("slim", 0))
		row.Stot = num("stot", 0)
		row.Qcur = int(num("qcur", 0))
		row.Rate = int(num("rate", 0))
		row.ReqRate = int(num("req_rate", 0))
		row.LastChange = num("lastchg", 0)
		if perr != nil {
			return nil, perr
		}
		if row.Proxy == "" || row.Name == "" {
			return nil, fmt.Errorf("%w: show stat line %d: empty proxy or name", ErrProtocol, line)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// Admin state bits of "show servers state" (srv_admin_state).
const (
	AdminForcedMaint   = 0x01
	AdminInheritMaint  = 0x02
	AdminConfigMaint   = 0x04
	AdminForcedDrain   = 0x08
	AdminInheritDrain  = 0x10
	AdminResolverMaint = 0x20
	AdminHostnameMaint = 0x40
)

// ServerState is one row of "show servers state": what a server-state-file
// stores and restores across reloads.
type ServerState struct {
	BackendID  int    `json:"backend_id"`
	Backend    string `json:"backend"`
	ServerID   int    `json:"server_id"`
	Server     string `json:"server"`
	Addr       string `json:"addr"`
	OpState    int    `json:"op_state"`    // 0 stopped, 1 starting, 2 running, 3 stopping
	AdminState int    `json:"admin_state"` // Admin* bits
	UWeight    int    `json:"uweight"`
	IWeight    int    `json:"iweight"`
	Port       int    `json:"port"`
	// Fields has every column by its header name.
	Fields map[string]string `json:"-"`
}

// Admin returns "maint", "drain" or "ready" from the admin state bits.
func (s ServerState) Admin() string {
	switch {
	case s.AdminState&(AdminForcedMaint|AdminInheritMaint|AdminConfigMaint|AdminResolverMaint|AdminHostnameMaint) != 0:
		return "maint"
	case s.AdminState&(AdminForcedDrain|AdminInheritDrain) != 0:
		return "drain"
	}
	return "ready"
}

// ParseServersState parses "show servers state" output (format version 1).
func ParseServersState(s string) ([]ServerState, error) {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "1" {
		return nil, fmt.Errorf("%w: show servers state: want format version 1, got %q", ErrProtocol, truncate(lines[0], 40))
	}
	if len(lines) < 2 || !strings.HasPrefix(lines[1], "# ") {
		return nil, fmt.Errorf("%w: show servers state: no \"# be_id ...\" header", ErrProtocol)
	}
	hdr := strings.Fields(lines[1][2:])
	col := map[string]int{}
	for i, h := range hdr {
		col[h] = i
	}
	for _, need := range []string{"be_id", "be_name", "srv_id", "srv_name", "srv_addr", "srv_op_state", "srv_admin_state", "srv_uweight", "srv_iweight"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%w: show servers state header has no %q column", ErrProtocol, need)
		}
	}
	var out []ServerState
	for i, ln := range lines[2:] {
		if strings.TrimSpace(ln) == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		f := strings.Fields(ln)
		if len(f) < len(hdr) {
			return nil, fmt.Errorf("%w: show servers state line %d: %d fields, header has %d", ErrProtocol, i+3, len(f), len(hdr))
		}
		var perr error
		num := func(k string) int {
			v := f[col[k]]
			n, e := strconv.Atoi(v)
			if e != nil && perr == nil {
				perr = fmt.Errorf("%w: show servers state line %d: %s: not a number: %q", ErrProtocol, i+3, k, truncate(v, 40))
			}
			return n
		}
		st := ServerState{
			BackendID: num("be_id"), Backend: f[col["be_name"]], ServerID: num("srv_id"), Server: f[col["srv_name"]],
			Addr: f[col["srv_addr"]], OpState: num("srv_op_state"), AdminState: num("srv_admin_state"),
			UWeight: num("srv_uweight"), IWeight: num("srv_iweight"), Fields: make(map[string]string, len(hdr)),
		}
		if _, ok := col["srv_port"]; ok {
			st.Port = num("srv_port")
		}
		if perr != nil {
			return nil, perr
		}
		for k, j := range col {
			st.Fields[k] = f[j]
		}
		out = append(out, st)
	}
	return out, nil
}

// MapEntry is one entry of "show map" or "show acl".
type MapEntry struct {
	ID    string `json:"id"`
	Key   string `json:"key"`
	Value string `json:"value,omitempty"`
}

// ParseMap parses "show map <map>" (withValue) or "show acl <acl>" output:
// lines "0xID key [value]".
func ParseMap(s string, withValue bool) ([]MapEntry, error) {
	var out []MapEntry
	for i, ln := range strings.Split(s, "\n") {
		if ln == "" {
			continue
		}
		id, rest, ok := strings.Cut(ln, " ")
		if !ok || !strings.HasPrefix(id, "0x") {
			return nil, fmt.Errorf("%w: map line %d: want \"0xID key value\": %q", ErrProtocol, i+1, truncate(ln, 80))
		}
		e := MapEntry{ID: id, Key: rest}
		if withValue {
			k, v, ok := strings.Cut(rest, " ")
			if !ok {
				return nil, fmt.Errorf("%w: map line %d: no value: %q", ErrProtocol, i+1, truncate(ln, 80))
			}
			e.Key, e.Value = k, v
		}
		out = append(out, e)
	}
	return out, nil
}
