package varnish

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeVarnishd speaks the CLI protocol like varnishd 7.1 for the commands
// the client uses. It exists for fast unit tests; the same suite runs
// against the real varnishd (suite_test.go), so it cannot drift unnoticed.
type fakeVarnishd struct {
	secret []byte
	ln     net.Listener

	mu     sync.Mutex
	vcls   []*fakeVCL
	active string
	bans   []string
	child  string // "running" or "stopped" (stop, start)
}

type fakeVCL struct {
	name, labelOf string
}

func startFake(t testing.TB, secret []byte) *fakeVarnishd {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeVarnishd{secret: secret, ln: ln, vcls: []*fakeVCL{{name: "boot"}}, active: "boot", bans: []string{""}, child: "running"}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	return f
}

func (f *fakeVarnishd) addr() string { return f.ln.Addr().String() }

func reply(w *bufio.Writer, status int, body string) {
	fmt.Fprintf(w, "%-3d %-8d\n%s\n", status, len(body), body)
	w.Flush()
}

func (f *fakeVarnishd) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	if f.secret != nil {
		ch := "abcdefghijklmnopqrstuvwxyzabcdef"
		reply(w, StatusAuth, ch+"\n\nAuthentication required.\n")
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if strings.TrimSpace(line) != "auth "+AuthResponse(ch, f.secret) {
			reply(w, StatusClose, "")
			return
		}
	}
	reply(w, StatusOK, "-----------------------------\nVarnish Cache CLI 1.0\n-----------------------------\nLinux,fake\nvarnish-7.1.1 revision fake\n\nType 'help' for command list.\nType 'quit' to close CLI session.\n")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		args, err := SplitArgs(line)
		if err != nil {
			reply(w, StatusSyntax, "Syntax Error: "+err.Error()+"\n")
			continue
		}
		if len(args) == 0 {
			continue
		}
		if args[0] == "quit" {
			reply(w, StatusClose, "Closing CLI connection")
			return
		}
		st, body := f.exec(args)
		reply(w, st, body)
	}
}

func (f *fakeVarnishd) find(name string) *fakeVCL {
	for _, v := range f.vcls {
		if v.name == name {
			return v
		}
	}
	return nil
}

func (f *fakeVarnishd) exec(a []string) (int, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := func(want int) bool { return len(a)-1 == want }
	switch a[0] {
	case "ping":
		return StatusOK, fmt.Sprintf("PONG %d 1.0", time.Now().Unix())
	case "status":
		return StatusOK, "Child in state " + f.child
	case "stop", "start":
		want := map[string]string{"stop": "stopped", "start": "running"}[a[0]]
		if f.child == want {
			return StatusCant, "Child in state " + f.child
		}
		f.child = want
		return StatusOK, ""
	case "vcl.list":
		var b strings.Builder
		for _, v := range f.vcls {
			st := "available"
			if v.name == f.active {
				st = "active"
			}
			state, extra := "auto", ""
			if v.labelOf != "" {
				state, extra = "label", "    ->    "+v.labelOf
			} else if c := f.labels(v.name); c > 0 {
				extra = fmt.Sprintf("    <-    (%d label)", c)
			}
			fmt.Fprintf(&b, "%-10s  %-6s   warm         0    %s%s\n", st, state, v.name, extra)
		}
		return StatusOK, b.String()
	case "vcl.inline", "vcl.load":
		if !n(2) {
			return StatusTooFew, "Too few parameters\n"
		}
		if f.find(a[1]) != nil {
			return StatusParam, fmt.Sprintf("Already a VCL named %s", a[1])
		}
		src := a[2]
		if a[0] == "vcl.load" {
			b, err := os.ReadFile(a[2])
			if err != nil {
				return StatusParam, fmt.Sprintf("Message from VCC-compiler:\nCannot read file '%s' (%v)\nRunning VCC-compiler failed, exited with 2\nVCL compilation failed", a[2], err)
			}
			src = string(b)
		}
		if !strings.HasPrefix(src, "vcl 4.") || strings.Contains(src, "nonsense") {
			return StatusParam, "Message from VCC-compiler:\nSyntax error\nRunning VCC-compiler failed, exited with 2\nVCL compilation failed"
		}
		f.vcls = append(f.vcls, &fakeVCL{name: a[1]})
		return StatusOK, ""
	case "vcl.use":
		if !n(1) {
			return StatusTooFew, "Too few parameters\n"
		}
		if f.find(a[1]) == nil {
			return StatusParam, fmt.Sprintf("No VCL named %s known\n", a[1])
		}
		f.active = a[1]
		return StatusOK, fmt.Sprintf("VCL '%s' now active", a[1])
	case "vcl.label":
		if !n(2) {
			return StatusTooFew, "Too few parameters\n"
		}
		if f.find(a[2]) == nil {
			return StatusParam, fmt.Sprintf("No VCL named %s known\n", a[2])
		}
		if l := f.find(a[1]); l != nil {
			l.labelOf = a[2]
		} else {
			f.vcls = append(f.vcls, &fakeVCL{name: a[1], labelOf: a[2]})
		}
		return StatusOK, ""
	case "vcl.discard":
		if !n(1) {
			return StatusTooFew, "Too few parameters\n"
		}
		v := f.find(a[1])
		switch {
		case v == nil:
			return StatusParam, fmt.Sprintf("No VCL name matches %s\n", a[1])
		case f.active == a[1]:
			return StatusCant, fmt.Sprintf("Cannot discard active VCL program %s\n", a[1])
		case f.labels(a[1]) > 0:
			return StatusCant, fmt.Sprintf("Cannot discard labeled VCL program %s:\n", a[1])
		}
		for i, x := range f.vcls {
			if x == v {
				f.vcls = append(f.vcls[:i], f.vcls[i+1:]...)
				break
			}
		}
		return StatusOK, ""
	case "ban":
		if len(a) < 4 || (len(a)-4)%4 != 0 {
			return StatusParam, "Wrong number of arguments"
		}
		if !strings.HasPrefix(a[1], "req.") && !strings.HasPrefix(a[1], "obj.") || a[1] == "req.nosuch" {
			return StatusParam, fmt.Sprintf("Unknown or unsupported field \"%s\"", a[1])
		}
		f.bans = append([]string{strings.Join(a[1:], " ")}, f.bans...)
		return StatusOK, ""
	case "ban.list":
		var b strings.Builder
		b.WriteString("Present bans:\n")
		for i, s := range f.bans {
			flag := "-"
			if s == "" {
				flag = "C"
			}
			fmt.Fprintf(&b, "%.6f     0 %s  %s\n", float64(1795464600+len(f.bans)-i), flag, s)
		}
		return StatusOK, b.String()
	case "param.show":
		if !n(1) {
			return StatusTooFew, "Too few parameters\n"
		}
		if a[1] != "default_ttl" {
			return StatusParam, fmt.Sprintf("Unknown parameter \"%s\".", a[1])
		}
		return StatusOK, "default_ttl\n        Value is: 120.000 [seconds] (default)\n        Minimum is: 0.000\n"
	case "backend.list":
		return StatusOK, "Backend name   Admin      Probe    Health     Last change\nboot.default   healthy    0/0      healthy    Mon, 23 Nov 2026 20:10:06 GMT\n"
	}
	return StatusUnknown, "Unknown request.\nType 'help' for more info.\n"
}

func (f *fakeVarnishd) labels(name string) int {
	c := 0
	for _, v := range f.vcls {
		if v.labelOf == name {
			c++
		}
	}
	return c
}
