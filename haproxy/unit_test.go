package haproxy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/outcome"
)

// fakeNode answers every connection with reply (after reading one line).
func fakeNode(t *testing.T, reply func(line string) string) Dialer {
	return func(ctx context.Context) (net.Conn, error) {
		c, s := net.Pipe()
		go func() {
			defer s.Close()
			buf := make([]byte, 4096)
			n, _ := s.Read(buf)
			io.WriteString(s, reply(strings.TrimSuffix(string(buf[:n]), "\n")))
		}()
		return c, nil
	}
}

func TestFramingAndErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, reply string
		do          bool // use Do (silent success) instead of Raw
		want        string
		err         string
	}{
		{"empty success", "\n\n", true, "", ""},
		{"severity error", "\n[3]: No such server.\n\n", true, "", "No such server."},
		{"no trailing empty line", "\n[3]: Empty weight string empty or preceded by garbage\n", true, "", "garbage"},
		{"unknown command is severity 6", "\n[6]: Unknown command, but maybe...\n  help\n\n", false, "", "Unknown command"},
		{"warning is not an error in raw", "\n[4]: port changed\n\n", false, "[4]: port changed\n", ""},
		{"but any output fails Do", "\n[4]: port changed\n\n", true, "", "port changed"},
		{"plain text fails Do", "\nNo such server.\n\n", true, "", "No such server."},
		{"data", "\nName: HAProxy\n\n", false, "Name: HAProxy\n", ""},
		{"closed at once", "", false, "", "connection closed without an answer"},
		{"old haproxy", "Unknown command.\n\n", false, "", "unexpected reply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New("n1", fakeNode(t, func(string) string { return tc.reply }))
			var out string
			var err error
			if tc.do {
				err = c.Do(ctx, "set weight a/b 1")
			} else {
				out, err = c.Raw(ctx, "x")
			}
			if tc.err == "" {
				if err != nil || out != tc.want {
					t.Fatalf("got %q, %v; want %q", out, err, tc.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "haproxy n1: ") {
				t.Fatalf("err %v; want %q", err, tc.err)
			}
		})
	}
}

func TestSendsSeverityFirst(t *testing.T) {
	var got string
	c := New("n1", fakeNode(t, func(l string) string { got = l; return "\n\n" }))
	if err := c.Do(context.Background(), "set server a/b state drain"); err != nil {
		t.Fatal(err)
	}
	if got != "set severity-output number;set server a/b state drain" {
		t.Fatalf("sent %q", got)
	}
}

func TestTimeout(t *testing.T) {
	c := New("n1", func(ctx context.Context) (net.Conn, error) {
		cl, s := net.Pipe()
		go func() { io.Copy(io.Discard, s) }() // never answers
		return cl, nil
	})
	c.Timeout = 100 * time.Millisecond
	start := time.Now()
	_, err := c.Raw(context.Background(), "show info")
	if err == nil || !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
}

func TestParseAddress(t *testing.T) {
	for in, want := range map[string]string{
		"unix:///run/haproxy/admin.sock": "unix:///run/haproxy/admin.sock",
		"tcp://127.0.0.1:9999":           "tcp://127.0.0.1:9999",
		"/run/h.sock":                    "unix:///run/h.sock",
		"tcp://[::1]:9999":               "tcp://[::1]:9999",
	} {
		a, err := ParseAddress(in)
		if err != nil || a.String() != want {
			t.Errorf("%s: %v %v", in, a, err)
		}
	}
	for _, bad := range []string{"", "unix://rel.sock", "tcp://host", "tcp://:99", "tcp://h:0", "tcp://h:99999", "http://x", "admin.sock"} {
		if _, err := ParseAddress(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestCommandBuilders(t *testing.T) {
	good := map[string]func() (string, error){
		"set server be-1/web.01 state drain": func() (string, error) { return CmdSetServerState("be-1", "web.01", Drain) },
		"set weight app/s1 50%":              func() (string, error) { return CmdSetWeight("app", "s1", "50%") },
		"set weight app/s1 256":              func() (string, error) { return CmdSetWeight("app", "s1", "256") },
		`add map /etc/h.map a\ b c\;d\\`:     func() (string, error) { return CmdAddMap("/etc/h.map", "a b", `c;d\`) },
		"del acl #3 10.0.0.1":                func() (string, error) { return CmdDelACL("#3", "10.0.0.1") },
	}
	for want, f := range good {
		if got, err := f(); err != nil || got != want {
			t.Errorf("got %q %v; want %q", got, err, want)
		}
	}
	bad := []func() (string, error){
		func() (string, error) { return CmdSetServerState("a;b", "s", Drain) },
		func() (string, error) { return CmdSetServerState("a", "s x", Drain) },
		func() (string, error) { return CmdSetServerState("a", "s\n", Drain) },
		func() (string, error) { return CmdSetServerState("a", "", Drain) },
		func() (string, error) { return CmdSetServerState("a", "s", "up") },
		func() (string, error) { return CmdSetWeight("a", "s", "257") },
		func() (string, error) { return CmdSetWeight("a", "s", "101%") },
		func() (string, error) { return CmdSetWeight("a", "s", "-1") },
		func() (string, error) { return CmdAddMap("rel.map", "k", "v") },
		func() (string, error) { return CmdAddMap("/m;show", "k", "v") },
		func() (string, error) { return CmdAddMap("/m", "k\nshow info", "v") },
		func() (string, error) { return CmdDelMap("/m", "") },
	}
	for i, f := range bad {
		if got, err := f(); err == nil {
			t.Errorf("bad #%d accepted: %q", i, got)
		}
	}
	if _, _, err := ParseTarget("app"); err == nil {
		t.Error("target without /")
	}
	if be, srv, err := ParseTarget("app/s01"); err != nil || be != "app" || srv != "s01" {
		t.Error("ParseTarget")
	}
}

const statSample = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,\n" +
	"fe,FRONTEND,,,0,2,9985,1,83,217,0,0,0,,,,,OPEN,,,,,,,,,1,2,0,,,,0,0,0,1,,,,0,0,0,0,1,0,,0,1,1,,,0,0,0,0,,,,,,,,,,,,,,,,,,,,,http,,\n" +
	"be,s1,0,0,0,0,,0,0,0,,0,,0,0,0,0,DOWN,0,1,0,1,1,6,17,,1,3,1,,0,,2,0,,0,L4CON,,0,0,0,0,0,0,0,,,,0,0,0,,,,,-1,Connection refused,,0,0,0,0,,,,Layer4 connection problem,,2,3,0,,,,127.0.0.1:18083,,http,,\n" +
	"be,s2,0,0,3,1,,4,83,217,,0,,1,0,3,0,DRAIN,1,1,0,,,18,,,1,3,2,,1,,2,0,,1,,,,0,0,0,0,0,0,,,,0,0,0,,,,,7,,,0,0,0,0,,,,,,,,,,,,127.0.0.1:18082,,http,,\n" +
	"be,BACKEND,0,0,0,1,999,1,83,217,0,0,,1,0,3,0,UP,1,1,0,,0,18,0,,1,3,0,,1,,1,0,,1,,,,0,0,0,0,1,0,,,,1,0,0,0,0,0,0,10,,,0,0,0,0,,,,,,,,,,,,,,http,roundrobin,\n\n"

func TestParseStat(t *testing.T) {
	rows, err := ParseStat(statSample)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0].Type != Frontend || rows[0].Weight != -1 || rows[3].Type != Backend {
		t.Fatalf("%+v", rows)
	}
	s1, s2 := rows[1], rows[2]
	if s1.Status != "DOWN" || s1.CheckStatus != "L4CON" || s1.CheckDesc != "Layer4 connection problem" || s1.Addr != "127.0.0.1:18083" {
		t.Fatalf("s1 %+v", s1)
	}
	if s2.State() != "DRAIN" || s2.Scur != 3 || s2.Weight != 1 || s2.Stot != 4 || s2.LastChange != 18 {
		t.Fatalf("s2 %+v", s2)
	}
	for _, bad := range []string{"", "pxname,svname\n", "# pxname,svname,status\n", "# pxname,svname,type,status\na,b,9,UP\n", "# pxname,svname,type,status,scur\na,b,2,UP,x\n", "# pxname,svname,type,status,scur\na\n"} {
		if _, err := ParseStat(bad); err == nil || !errors.Is(err, ErrProtocol) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestParseInfoAndState(t *testing.T) {
	in, err := ParseInfo("Name: HAProxy\nVersion: 2.6.12\nPid: 42\nUptime_sec: 7\nnode: lb1\n")
	if err != nil || in.Pid != 42 || in.UptimeS != 7 || in.Node != "lb1" {
		t.Fatalf("%+v %v", in, err)
	}
	for _, bad := range []string{"", "garbage\n", "Name: HAProxy\n", "Name: HAProxy\nVersion: 2\nPid: x\n"} {
		if _, err := ParseInfo(bad); err == nil {
			t.Errorf("info %q accepted", bad)
		}
	}
	st, err := ParseServersState("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n3 be 1 s1 127.0.0.1 2 8 1 1 0 8 2 0 6 0 0 0 - 18083 - 0 0 - - 0\n")
	if err != nil || len(st) != 1 || st[0].Admin() != "drain" || st[0].Port != 18083 || st[0].Fields["srv_fqdn"] != "-" {
		t.Fatalf("%+v %v", st, err)
	}
	for _, bad := range []string{"", "2\n", "1\n", "1\n# be_id\n", "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight\n1 b 1 s a x 0 1 1\n", "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight\n1 b\n"} {
		if _, err := ParseServersState(bad); err == nil {
			t.Errorf("state %q accepted", bad)
		}
	}
	es, err := ParseMap("0x55 k1 v 1\n0x56 k2 v2\n", true)
	if err != nil || len(es) != 2 || es[0].Value != "v 1" {
		t.Fatalf("%+v %v", es, err)
	}
	if _, err := ParseMap("k1 v1\n", true); err == nil {
		t.Error("map without id accepted")
	}
}

func FuzzParseStat(f *testing.F) {
	f.Add(statSample)
	f.Add("# pxname,svname,type,status\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ParseStat(s)
		if err != nil && !errors.Is(err, ErrProtocol) {
			t.Fatalf("error without ErrProtocol: %v", err)
		}
		for _, r := range rows {
			_ = r.State()
		}
	})
}

func FuzzParseInfo(f *testing.F) {
	f.Add("Name: HAProxy\nVersion: 2.6.12\nPid: 42\n")
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := ParseInfo(s); err != nil && !errors.Is(err, ErrProtocol) {
			t.Fatal(err)
		}
	})
}

func FuzzParseServersState(f *testing.F) {
	f.Add("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_port\n3 be 1 s1 127.0.0.1 2 8 1 1 80\n")
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseServersState(s)
		if err != nil && !errors.Is(err, ErrProtocol) {
			t.Fatal(err)
		}
		for _, x := range st {
			_ = x.Admin()
		}
	})
}

func FuzzParseMap(f *testing.F) {
	f.Add("0x55 k1 v 1\n0x56 k2 v2\n", true)
	f.Fuzz(func(t *testing.T, s string, v bool) {
		if _, err := ParseMap(s, v); err != nil && !errors.Is(err, ErrProtocol) {
			t.Fatal(err)
		}
	})
}

// FuzzReply feeds raw socket replies through the client's framing and
// error detection.
func FuzzReply(f *testing.F) {
	f.Add("\n\n")
	f.Add("\n[3]: No such server.\n\n")
	f.Add("\n[3]: garbage\n")
	f.Add("\n[6]: Unknown command\n\n")
	f.Add("Unknown command.\n")
	f.Fuzz(func(t *testing.T, reply string) {
		c := New("n", fakeNode(t, func(string) string { return reply }))
		out, err := c.Raw(context.Background(), "show info")
		var he *Error
		if err != nil && !errors.As(err, &he) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if err == nil && strings.HasPrefix(out, "[3]: ") {
			t.Fatalf("error reply accepted: %q", out)
		}
		_ = c.Do(context.Background(), "set weight a/b 1")
	})
}

// TestNoCLIDeps: the library never imports cobra or progressbar.
func TestNoCLIDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, bad := range []string{"github.com/spf13/cobra", "github.com/schollz/progressbar"} {
		if strings.Contains(string(out), bad) {
			t.Errorf("haproxy depends on %s", bad)
		}
	}
}

// TestCLIInputs: the checks a command line's inputs go through (the CLI
// calls them before reading the inventory), and the fleet's raw line in a
// dry run.
func TestCLIInputs(t *testing.T) {
	for _, tc := range []struct{ action, want string }{
		{"ready", "set server app/s1 state ready"},
		{"drain", "set server app/s1 state drain"},
		{"maint", "set server app/s1 state maint"},
		{"enable", "enable server app/s1"},
		{"disable", "disable server app/s1"},
		{"frob", `server state "frob": want ready, drain or maint`},
	} {
		got, err := CmdServer(tc.action, "app", "s1")
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("CmdServer(%s) = %q, want %q", tc.action, got, tc.want)
		}
	}
	for _, line := range []string{"", "  ", "show info\nshutdown", "a\x00"} {
		if err := CheckRaw(line); err == nil {
			t.Errorf("CheckRaw(%q) accepted", line)
		}
	}
	for _, tc := range []struct {
		o  DrainOptions
		ok bool
	}{
		{DrainOptions{Poll: time.Second}, true},
		{DrainOptions{Wait: true, Timeout: time.Minute, Poll: time.Second}, true},
		{DrainOptions{Wait: true, Poll: time.Second}, false},
		{DrainOptions{Timeout: -time.Second, Poll: time.Second}, true}, // no wait: no timeout
		{DrainOptions{Wait: true, Timeout: time.Minute}, false},
	} {
		err := tc.o.Validate()
		var oe *outcome.OptionError
		if (err == nil) != tc.ok || err != nil && !errors.As(err, &oe) {
			t.Errorf("%+v: Validate() = %v", tc.o, err)
		}
	}
	f := &Fleet{DryRun: true, Nodes: []*Node{{Client: New("lb1", nil)}}}
	rs, err := f.Raw(context.Background(), "show pools")
	if err != nil || len(rs) != 1 || rs[0].Value != (Change{Command: "show pools", DryRun: true}) {
		t.Errorf("dry-run Raw = %+v, %v", rs, err)
	}
	if _, err := f.Raw(context.Background(), "a\nb"); err == nil {
		t.Error("Raw took two lines")
	}
	rep := &StatusReport{Servers: []ServerView{{Backend: "app", Server: "s1"}, {Backend: "app", Server: "s2", Differs: true}, {Backend: "db", Server: "s1", Differs: true}}}
	if got := rep.Select(StatusFilter{Backend: "app", Differs: true}); len(got) != 1 || got[0].Server != "s2" {
		t.Errorf("Select(app, differs) = %+v", got)
	}
	if got := len(rep.Select(StatusFilter{})); got != 3 {
		t.Errorf("Select() = %d servers", got)
	}
	var oe *outcome.OptionError
	if err := (StatusFilter{Backend: "a b"}).Validate(); !errors.As(err, &oe) || oe.Option != "backend" {
		t.Errorf("StatusFilter{a b}.Validate() = %v", err)
	}
	if err := (StatusFilter{Backend: "app"}).Validate(); err != nil {
		t.Error(err)
	}
	for c, want := range map[StateFileCheck]string{
		{Status: "ok", Path: "/s", Note: "n"}:     "ok (/s)",
		{Status: "absent", Path: "/s", Note: "n"}: "absent (/s) - n",
		{Status: "missing", Note: "n"}:            "missing - n",
	} {
		if got := c.String(); got != want {
			t.Errorf("%+v: %q, want %q", c, got, want)
		}
	}
}

// TestNodeStatusJSON: a node's status line says version and uptime_ms
// when the node answered, its error (without the node) when it did not.
func TestNodeStatusJSON(t *testing.T) {
	up, _ := json.Marshal(NodeStatus{Node: "lb1", Version: "2.6", UptimeS: 0, StateFile: StateFileCheck{Status: "missing"}})
	down, _ := json.Marshal(NodeStatus{Node: "lb2", Err: &Error{Node: "lb2", Command: "show info", Severity: -1, Msg: "refused"}})
	if string(up) != `{"node":"lb1","ok":true,"state_file":{"status":"missing"},"version":"2.6","uptime_ms":0}` ||
		string(down) != `{"node":"lb2","ok":false,"state_file":{"status":""},"error":"show info: refused"}` {
		t.Errorf("%s\n%s", up, down)
	}
}
