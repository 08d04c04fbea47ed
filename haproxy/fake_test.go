package haproxy_test

import (
	"bufio"
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/opsctl/opsctl/haproxy"
)

// fake is a minimal runtime API: backend "app" with s01 and s02.
type fake struct {
	mu      sync.Mutex
	servers []*fakeServer
}

type fakeServer struct {
	name   string
	admin  int // 0 ready, 0x01 maint, 0x08 drain
	weight int
}

func startFake(t *testing.T) *haproxy.Client {
	sock := filepath.Join(t.TempDir(), "f.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	f := &fake{servers: []*fakeServer{{name: "s01", weight: 1}, {name: "s02", weight: 1}}}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	a, _ := haproxy.ParseAddress("unix://" + sock)
	return haproxy.New("fake", a.Dialer())
}

func (f *fake) serve(c net.Conn) {
	defer c.Close()
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	sev := false
	var out strings.Builder
	for _, cmd := range strings.Split(strings.TrimSuffix(line, "\n"), ";") {
		msg := func(n int, s string) string {
			if sev {
				return fmt.Sprintf("[%d]: %s", n, s)
			}
			return s
		}
		w := strings.Fields(cmd)
		switch {
		case cmd == "set severity-output number":
			sev = true
			out.WriteString("\n")
		case cmd == "show info":
			out.WriteString("Name: HAProxy\nVersion: 2.6.12-fake\nPid: 1\nUptime_sec: 1\n\n")
		case len(w) >= 2 && w[0] == "show" && w[1] == "stat":
			out.WriteString("# pxname,svname,qcur,scur,status,weight,type,check_status,\n")
			for _, s := range f.servers {
				st := "UP"
				if s.admin&1 != 0 {
					st = "MAINT"
				} else if s.admin&8 != 0 {
					st = "DRAIN"
				}
				fmt.Fprintf(&out, "app,%s,0,0,%s,%d,2,L4OK,\n", s.name, st, s.weight)
			}
			out.WriteString("app,BACKEND,0,0,UP,2,1,,\n\n")
		case len(w) >= 3 && w[0] == "show" && w[1] == "servers" && w[2] == "state":
			if len(w) > 3 && w[3] != "app" {
				out.WriteString(msg(3, "Can't find backend.\n") + "\n")
				continue
			}
			out.WriteString("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight\n")
			for i, s := range f.servers {
				fmt.Fprintf(&out, "3 app %d %s 127.0.0.1 2 %d %d 1\n", i+1, s.name, s.admin, s.weight)
			}
			out.WriteString("\n")
		case len(w) >= 3 && (w[0] == "set" && (w[1] == "server" || w[1] == "weight") || (w[0] == "disable" || w[0] == "enable") && w[1] == "server"):
			be, name, _ := strings.Cut(w[2], "/")
			var s *fakeServer
			for _, x := range f.servers {
				if x.name == name {
					s = x
				}
			}
			switch {
			case be != "app":
				out.WriteString(msg(3, "No such backend.\n") + "\n")
			case s == nil:
				out.WriteString(msg(3, "No such server.\n") + "\n")
			case w[0] == "disable":
				s.admin |= 1
				out.WriteString("\n")
			case w[0] == "enable":
				s.admin &^= 1
				out.WriteString("\n")
			case w[1] == "weight":
				v := strings.TrimSuffix(w[3], "%")
				n, err := strconv.Atoi(v)
				if err != nil {
					out.WriteString(msg(3, "Empty weight string empty or preceded by garbage") + "\n")
					continue
				}
				if strings.HasSuffix(w[3], "%") {
					n = n / 100 // initial weight 1
				}
				s.weight = n
				out.WriteString("\n")
			case len(w) == 5 && w[3] == "state":
				switch w[4] {
				case "ready":
					s.admin = 0
				case "drain":
					s.admin = 8
				case "maint":
					s.admin = 1
				default:
					out.WriteString(msg(3, "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n") + "\n")
					continue
				}
				out.WriteString("\n")
			default:
				out.WriteString(msg(3, "unsupported by the fake\n") + "\n")
			}
		default:
			out.WriteString(msg(6, "Unknown command, but maybe one of the following ones is a better match:\n  help [<command>]\n") + "\n")
		}
	}
	c.Write([]byte(out.String()))
}
