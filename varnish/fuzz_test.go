package varnish

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Replies captured from varnishd 7.1; they seed the fuzzers and are
// written to testdata/fuzz by OPSCTL_WRITE_FUZZ_SEEDS=1 go test -run Seeds.
var (
	seedReplies = []string{
		"107 59      \ndrqfxsvuuhrmagsoisfkkwmtzrixvnme\n\nAuthentication required.\n\n",
		"500 0       \n\n",
		"200 0       \n\n",
		"101 44      \nUnknown request.\nType 'help' for more info.\n\n",
		"106 149     \nMessage from VCC-compiler:\nCannot read file '/nonexist' (No such file or directory)\nRunning VCC-compiler failed, exited with 2\nVCL compilation failed\n",
		"200 19      \nPONG 1795464606 1.0\n",
		"200 22      \nChild in state running\n",
		"99999999999\n",
		"200 5       \nabc",
		"200 -1      \n\n",
	}
	seedVCLLists = []string{
		"active      auto     warm         0    boot\navailable   auto     warm         0    v2      <-    (1 label)\navailable   label    warm         0    lab1    ->    v2\n",
		"active   auto    warm         -    boot\n",
		"discarded   auto     cooling      3    old\n",
		"active auto warm x boot\n",
		"active auto warm 0 boot <- (x label)\n",
	}
	seedBanLists = []string{
		"Present bans:\n1795464609.138457     0 -  req.url == /foo\n1795464606.151646     0 C  \n",
		"Present bans:\n1795464618.553704     0 -  req.url ~ a\"b && req.http.host == example.com\n",
		"Present bans:\n",
		"Present bans:\nx 0 -\n",
		"bans\n",
	}
	seedBackendLists = []string{
		"Backend name   Admin      Probe    Health     Last change\nboot.default   healthy    0/0      healthy    Mon, 23 Nov 2026 20:10:06 GMT\n",
		"Backend name                   Admin      Probe                Last updated\n",
		"Backend name\nshort\n",
	}
	seedArgs = []string{"", "plain", "a b", `q"uote`, `back\slash`, "new\nline", "\x00\x7f\xff", "#comment", "<<EOF", "req.url ~ ^/a b"}
)

func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("OPSCTL_WRITE_FUZZ_SEEDS") != "1" {
		return // set OPSCTL_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz
	}
	write := func(fuzz string, typ string, seeds []string) {
		dir := filepath.Join("testdata", "fuzz", fuzz)
		os.MkdirAll(dir, 0o755)
		for i, s := range seeds {
			v := strconv.Quote(s)
			b := fmt.Sprintf("go test fuzz v1\n%s(%s)\n", typ, v)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed%02d", i)), []byte(b), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("FuzzReadResponse", "[]byte", seedReplies)
	write("FuzzClient", "[]byte", seedReplies)
	write("FuzzParseVCLList", "string", seedVCLLists)
	write("FuzzParseBanList", "string", seedBanLists)
	write("FuzzParseBackendList", "string", seedBackendLists)
	write("FuzzQuoteSplit", "string", seedArgs)
	write("FuzzSplitArgs", "string", seedArgs)
}

func FuzzReadResponse(f *testing.F) {
	for _, s := range seedReplies {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		br := bufio.NewReader(bytes.NewReader(data))
		for i := 0; i < 100; i++ {
			r, err := ReadResponse(br)
			if err != nil {
				return
			}
			if r.Status < 100 || r.Status > 999 || len(r.Body) > MaxBody {
				t.Fatalf("accepted %+v", r)
			}
		}
	})
}

// FuzzClient plays a server that sends arbitrary bytes: Dial and a command
// must end with a result or an error, never a panic or a hang.
func FuzzClient(f *testing.F) {
	for _, s := range seedReplies {
		f.Add([]byte(s))
	}
	f.Add([]byte(seedReplies[0] + "200 0       \n\n" + "200 19      \nPONG 1795464606 1.0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		srv, cli := net.Pipe()
		go func() {
			defer srv.Close()
			go func() { bufio.NewReader(srv).WriteTo(discard{}) }()
			srv.SetWriteDeadline(time.Now().Add(2 * time.Second))
			srv.Write(data)
		}()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		c, err := Dial(ctx, Options{Name: "fz", Dial: func(context.Context) (net.Conn, error) { return cli, nil }, Secret: SecretBytes([]byte("s3cr3t\n"))})
		if err != nil {
			if bytes.Contains([]byte(err.Error()), []byte("s3cr3t")) {
				t.Fatalf("secret in error: %v", err)
			}
			return
		}
		defer c.Close()
		c.Ping(ctx)
		c.VCLList(ctx)
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func FuzzParseVCLList(f *testing.F) {
	for _, s := range seedVCLLists {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseVCLList(s)
		if err != nil {
			return
		}
		for _, v := range l {
			if v.Name == "" || v.Busy < -1 || v.Labels < 0 {
				t.Fatalf("accepted %+v", v)
			}
		}
	})
}

func FuzzParseBanList(f *testing.F) {
	for _, s := range seedBanLists {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseBanList(s)
		if err != nil {
			return
		}
		for _, b := range l {
			if b.Refs < 0 {
				t.Fatalf("accepted %+v", b)
			}
		}
	})
}

func FuzzParseBackendList(f *testing.F) {
	for _, s := range seedBackendLists {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseBackendList(s)
		if err != nil {
			return
		}
		for _, b := range l {
			if b.Name == "" || b.Health == "" {
				t.Fatalf("accepted %+v", b)
			}
		}
	})
}

// FuzzQuoteSplit checks that Quote and SplitArgs are inverses: what the
// client sends is what varnishd's parser gets back.
func FuzzQuoteSplit(f *testing.F) {
	for _, s := range seedArgs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Quote(s)
		if bytes.ContainsAny([]byte(q), "\n\r") {
			t.Fatalf("Quote(%q) = %q contains a line break", s, q)
		}
		got, err := SplitArgs("cmd " + q + " end")
		if err != nil || len(got) != 3 || got[1] != s || got[2] != "end" {
			t.Fatalf("SplitArgs(Quote(%q)=%q) = %q, %v", s, q, got, err)
		}
	})
}

func FuzzSplitArgs(f *testing.F) {
	for _, s := range seedArgs {
		f.Add(s)
		f.Add(Quote(s))
	}
	f.Fuzz(func(t *testing.T, s string) {
		args, err := SplitArgs(s)
		if err != nil {
			return
		}
		// Re-quoting and re-splitting is stable.
		line := ""
		for _, a := range args {
			line += Quote(a) + " "
		}
		again, err := SplitArgs(line)
		if err != nil || len(again) != len(args) {
			t.Fatalf("%q → %q → %q, %v", s, args, again, err)
		}
		for i := range args {
			if args[i] != again[i] {
				t.Fatalf("%q → %q → %q", s, args, again)
			}
		}
	})
}
