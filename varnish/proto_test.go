package varnish

import (
	"bufio"
	"context"
	"errors"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestReadResponse(t *testing.T) {
	for _, tc := range []struct {
		in     string
		status int
		body   string
		err    string
	}{
		{"200 5       \nhello\n", 200, "hello", ""},
		{"107 59      \ndrqfxsvuuhrmagsoisfkkwmtzrixvnme\n\nAuthentication required.\n\n", 107, "drqfxsvuuhrmagsoisfkkwmtzrixvnme\n\nAuthentication required.\n", ""},
		{"200 0       \n\n", 200, "", ""},
		{"", 0, "", "EOF"},
		{"200 5  ", 0, "", "short header"},
		{"200 5       \nhel", 0, "", "body shorter"},
		{"200 5       \nhelloX", 0, "", "not followed by a newline"},
		{"2x0 5       \nhello\n", 0, "", "bad status"},
		{"200 -5      \nhello\n", 0, "", "bad length"},
		{"200 5 5     \nhello\n", 0, "", "bad length"},
		{"200 99999999\n", 0, "", "exceeds"},
		{"200        5\nhello\n", 0, "", "bad length"},
		{"200x5       \nhello\n", 0, "", "bad header"},
		{"099 0       \n\n", 0, "", "bad status"},
	} {
		r, err := ReadResponse(bufio.NewReader(strings.NewReader(tc.in)))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || r.Status != tc.status || r.Body != tc.body {
			t.Errorf("%q: %+v %v", tc.in, r, err)
		}
	}
}

func TestAuthResponse(t *testing.T) {
	// Computed independently: sha256(c "\n" "foo\n" c "\n").
	got := AuthResponse("drqfxsvuuhrmagsoisfkkwmtzrixvnme", []byte("foo\n"))
	if got != "372700517e7176abcd46037e3e0f5b8128622675184bcd0356c482a825b7146e" {
		t.Fatal(got)
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"plain":     "plain",
		"":          `""`,
		"a b":       `"a b"`,
		`a"b`:       `"a\"b"`,
		`a\b`:       `"a\\b"`,
		"l1\nl2\tx": `"l1\nl2\tx"`,
		"\x01\x7f":  `"\x01\x7f"`,
		"#x":        `"#x"`,
		"<<EOF":     `"<<EOF"`,
		"^/img/.*$": "^/img/.*$",
		"ünïcode":   "ünïcode",
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
	if got := CommandLine("ban", "req.url", "~", "a b"); got != `ban req.url ~ "a b"` {
		t.Error(got)
	}
	args, err := SplitArgs(`vcl.inline x "a\"b\n\x41\101" y`)
	if err != nil || !reflect.DeepEqual(args, []string{"vcl.inline", "x", "a\"b\nAA", "y"}) {
		t.Errorf("%q %v", args, err)
	}
	for _, bad := range []string{`"open`, `"a"b`, `a"b`, `"\q"`, `"\x4"`, `"\`} {
		if _, err := SplitArgs(bad); err == nil {
			t.Errorf("SplitArgs(%q) accepted", bad)
		}
	}
}

func TestParsers(t *testing.T) {
	vl, err := ParseVCLList(seedVCLLists[0])
	want := []VCL{
		{Status: "active", State: "auto", Temperature: "warm", Name: "boot"},
		{Status: "available", State: "auto", Temperature: "warm", Name: "v2", Labels: 1},
		{Status: "available", State: "label", Temperature: "warm", Name: "lab1", LabelOf: "v2"},
	}
	if err != nil || !reflect.DeepEqual(vl, want) || ActiveVCL(vl) != "boot" || !vl[2].IsLabel() {
		t.Fatalf("%+v %v", vl, err)
	}
	vl, err = ParseVCLList(seedVCLLists[1])
	if err != nil || vl[0].Busy != -1 {
		t.Fatalf("stopped child: %+v %v", vl, err)
	}
	for _, bad := range seedVCLLists[3:] {
		if _, err := ParseVCLList(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	bl, err := ParseBanList(seedBanLists[0])
	if err != nil || len(bl) != 2 || bl[0].Spec != "req.url == /foo" || bl[0].Completed || !bl[1].Completed || bl[1].Spec != "" || bl[0].Time != 1795464609.138457 {
		t.Fatalf("%+v %v", bl, err)
	}
	for _, bad := range seedBanLists[3:] {
		if _, err := ParseBanList(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	be, err := ParseBackendList(seedBackendLists[0])
	if err != nil || len(be) != 1 || be[0] != (Backend{"boot.default", "healthy", "0/0", "healthy", "Mon, 23 Nov 2026 20:10:06 GMT"}) {
		t.Fatalf("%+v %v", be, err)
	}
	if _, err := ParseBackendList(seedBackendLists[2]); err == nil {
		t.Error("accepted short backend line")
	}
	if s, err := ChildState("Child in state running\n"); err != nil || s != "running" {
		t.Error(s, err)
	}
	if _, err := ChildState("Child is fine"); err == nil {
		t.Error("accepted bad status")
	}
	p, err := ParseParam("default_ttl", "default_ttl\n        Value is: 120.000 [seconds] (default)\n")
	if err != nil || p.Value != "120.000 [seconds] (default)" {
		t.Error(p, err)
	}
}

// A server that sends half a header and then nothing must not hang the
// client: the context deadline ends the wait.
func TestNoHang(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ended := make(chan struct{})
	defer close(ended)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Write([]byte("200 5  "))
		<-ended // silent until the test is over
		c.Close()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = Dial(ctx, Options{Name: "slow", Dial: TCPDialer(ln.Addr().String())})
	var ve *Error
	if !errors.As(err, &ve) || ve.Node != "slow" || ve.Command != "connect" || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("want deadline exceeded, got %v", err)
	}
}

func TestNoSecretConfigured(t *testing.T) {
	srv, cli := net.Pipe()
	go func() {
		srv.Write([]byte("107 59      \ndrqfxsvuuhrmagsoisfkkwmtzrixvnme\n\nAuthentication required.\n\n"))
		srv.Close()
	}()
	_, err := Dial(context.Background(), Options{Name: "n", Dial: func(context.Context) (net.Conn, error) { return cli, nil }})
	if err == nil || !strings.Contains(err.Error(), "no secret is configured") {
		t.Fatal(err)
	}
}
