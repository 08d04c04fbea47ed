package transport_test

import (
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/transport"
)

func runCmd(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).CombinedOutput()
}

func TestCommandQuotes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"echo", "hello"}, "echo hello"},
		{[]string{"echo", "a b", "it's", "$(rm -rf /)", ""}, `echo 'a b' 'it'"'"'s' '$(rm -rf /)' ''`},
	} {
		if got := transport.Command(tc.args...); got != tc.want {
			t.Errorf("Command(%q) = %s, want %s", tc.args, got, tc.want)
		}
	}
}

func TestParseJump(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want transport.Target
		bad  bool
	}{
		{"bastion", transport.Target{Name: "bastion"}, false},
		{"ops@bastion:2222", transport.Target{Name: "bastion", User: "ops", Port: 2222}, false},
		{"[::1]:22", transport.Target{Name: "::1", Port: 22}, false},
		{"b:x", transport.Target{}, true},
		{"", transport.Target{}, true},
	} {
		got, err := transport.ParseJump(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("ParseJump(%q) = %+v, %v", tc.in, got, err)
		}
	}
}

// The transport is a library: no CLI or progress-bar dependencies.
func TestNoCLIDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, bad := range []string{"github.com/spf13/cobra", "github.com/schollz/progressbar"} {
		if strings.Contains(string(out), bad) {
			t.Errorf("transport depends on %s", bad)
		}
	}
}

func TestBadSSHConfig(t *testing.T) {
	dir := t.TempDir()
	bad := dir + "/config"
	os.WriteFile(bad, []byte("Match\n"), 0o644)
	_, err := transport.NewPool(transport.Options{SSHConfigFile: bad, IdentityFiles: nil})
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("err %v", err)
	}
	if _, err := transport.NewPool(transport.Options{SSHConfigFile: dir + "/missing"}); err == nil {
		t.Fatal("a named but missing ssh config must be an error")
	}
}

// LineWriter passes on whole lines only, each prefixed: a line written in
// pieces comes out once it is complete, a last line without newline on
// Flush, and a huge line without waiting for its end.
func TestLineWriter(t *testing.T) {
	var got []string
	w := &transport.LineWriter{Prefix: "web1 | ", Out: func(s string) { got = append(got, s) }}
	for _, p := range []string{"a\nb", "c\nd\n", "e"} {
		w.Write([]byte(p))
	}
	w.Flush()
	w.Flush() // nothing left: nothing more
	want := []string{"web1 | a\n", "web1 | bc\nweb1 | d\n", "web1 | e\n"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	got = nil
	w.Write([]byte(strings.Repeat("x", 65<<10)))
	if len(got) != 1 || !strings.HasPrefix(got[0], "web1 | xxx") || !strings.HasSuffix(got[0], "x\n") {
		t.Fatalf("a huge line is held back: %d writes", len(got))
	}
}

// CommandLine is ssh's: one argument as is, several quoted one by one.
func TestCommandLine(t *testing.T) {
	if got := transport.CommandLine("df -h | tail -1"); got != "df -h | tail -1" {
		t.Errorf("one argument: %q", got)
	}
	if got := transport.CommandLine("printf", "%s", "a b", "it's"); got != `printf %s 'a b' 'it'"'"'s'` {
		t.Errorf("several: %q", got)
	}
}
